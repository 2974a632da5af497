"""The seed's 双随机、一公开 rows (§19–27): each supervising department that approves permits publishes a random
inspection item per permit item (through the acts, once), and has held a plan last year and one this year over
the holders of that permit in its directory (filter permitItemCode, ratio 5%). Each plan is committed and drawn
as inspections.take_snapshot / commit_plan / draw_plan would: the snapshot is the department's directory with
its inclusion probabilities and inspector pool (avoiding last cycle's objects), the seed's hash is published
and the seed revealed, and the draw is draws.draw itself, so `verify_plan` re-runs it. Drawn objects become
tasks with their results (most 未发现问题, some findings — a credit fact; an entity not found at its address is
put on the 经营异常名录), and each complete result is disclosed in the feed (一公开, §27)."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from models.enums import (CreditFactKind, EntityStatus, FactSeverity, FactState, InspectionTaskStatus, ItemResultValue,
                          KeyFocusMode, ListKind, PermitStatus, PlanKind, PlanStatus, ResponsibilityRule)

from . import bulk, disclosure, draws, inspections, ratings, seed
from .actors import ActorKind, department_actor
from .clock import CST
from .demo.generate import PERMIT_STATUSES  # the items the generated entities hold permits of
from .responsibility import approving_department_id
from .seed_disclosures import add_disclosure, authority
from .seed_penalties import list_abnormal

NAME = "inspections"
RATIO = "0.05"
TEAM = inspections.MIN_TEAM
HELD = {PermitStatus.GRANTED.value, PermitStatus.CHANGED.value}
OUTCOMES = [(0.90, ItemResultValue.COMPLIANT), (0.96, ItemResultValue.PROBLEMS_FOUND),
            (0.98, ItemResultValue.NOT_FOUND_AT_ADDRESS), (1.0, ItemResultValue.NOT_OPERATING)]
FINDINGS = ["经营场所条件与许可时不一致，已责令限期整改", "从业人员健康证明过期，已责令限期整改",
            "未按规定建立进货查验记录，已责令限期整改", "许可证件未在经营场所显著位置公示，已当场整改"]
NOT_FOUND = ("通过登记的住所或者经营场所无法联系", "《企业经营异常名录管理暂行办法》第四条第（四）项")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), CST)


def _windows(today: date) -> list[tuple[int, date, date]]:
    """Last year's autumn check and this year's spring one (or the two before, early in a year)."""
    y = today.year if today >= date(today.year, 8, 1) else today.year - 1
    return [(y - 1, date(y - 1, 9, 1), date(y - 1, 10, 31)), (y, date(y, 4, 1), date(y, 5, 31))]


def _setup(session, actor, ctx: seed.SeedContext) -> None:
    """Each department with certified inspectors keeps a random inspection item per permit item it approves (§20),
    published for the plans' first year; a plan per year, alternating over those items."""
    inspectors = ctx.state["inspectors"]
    by_dept: dict[int, list] = {}
    for item in sorted(ctx.items.values(), key=lambda i: i.id):
        if item.status not in PERMIT_STATUSES:
            continue
        issuer = approving_department_id(item)
        if issuer is not None and len(inspectors.get(issuer, [])) >= TEAM:
            by_dept.setdefault(issuer, []).append(item)
    windows = _windows(ctx.today)
    specs = []
    for dept_id, items in sorted(by_dept.items()):
        dept = ctx.by_id[dept_id]
        act = department_actor(ActorKind.SYSTEM, seed.SEED_ACTOR_IDENT, f"{dept.name}（批量数据）", dept)
        published = inspections.published_random_items(session, dept_id)
        missing = [i for i in items if f"SJ-{i.code}" not in published]
        for i in missing:
            inspections.save_inspection_item(
                session=session, actor=act, code=f"SJ-{i.code}", name=f"{i.name}持证经营情况检查",
                legal_basis=i.legal_basis, content=f"许可条件保持、许可事项范围内经营、证照公示（{i.name}）",
                method="现场检查", request_id="seed")
        if missing:
            year = windows[0][0]
            inspections.publish_list(session=session, actor=act, year=year, kind=ListKind.RANDOM_ITEMS.value,
                                     title=f"{year}年度随机抽查事项清单", request_id="seed", today=date(year, 1, 15))
            published = inspections.published_random_items(session, dept_id)
        for n, (year, start, end) in enumerate(windows):
            item = items[n % len(items)]
            specs.append({"dept": dept_id, "item": item, "check": published[f"SJ-{item.code}"], "year": year,
                          "start": start, "end": end})
    session.flush()
    specs.sort(key=lambda s: (s["year"], s["dept"]))
    dirs: list[dict] = [{} for _ in specs]
    by_item: dict[int, list[tuple[int, dict]]] = {}
    for spec, found in zip(specs, dirs):
        by_item.setdefault(spec["item"].id, []).append((spec["dept"], found))
    ctx.state[NAME] = {"specs": specs, "dirs": dirs, "by_item": by_item}


@seed.register(NAME, ["inspection_plan", "inspection_draw", "inspection_task", "task_department", "item_result",
                      "credit_fact", "list_entry", "disclosure", "disclosure_change", "entity_assignment"],
               setup=_setup, finish=lambda ctx, chunk: plans(ctx, chunk))  # plans: below
def directories(ctx: seed.SeedContext, chunk: seed.Chunk) -> None:
    """Collect each plan's directory (inspections.directory_clauses with permitItemCode): active entities routed to
    the department that hold the item's permit."""
    state = ctx.state[NAME]
    if not state["specs"]:
        return
    routed = {(a["entity_id"], a["department_id"]) for a in chunk.rows.get("entity_assignment", [])}
    entities = {e["id"]: e for e in chunk.rows.get("market_entity", [])}
    for p in chunk.rows.get("permit", []):
        e = entities[p["entity_id"]]
        if p["status"] not in HELD or e["status"] != EntityStatus.ACTIVE.value:
            continue
        for dept_id, found in state["by_item"].get(p["item_id"], ()):
            if (e["id"], dept_id) in routed:
                found[e["id"]] = (e["uscc"], e["name"])


def plans(ctx: seed.SeedContext, chunk: seed.Chunk) -> None:
    rng, state = ctx.rng_for(NAME), ctx.state[NAME]
    table = {str(k): str(v) for k, v in draws.default_table(ratings.GRADES, ratings.RISK_LEVELS).items()}
    weight = draws.weight(table, None, None)  # the seed grades no entity and marks no key-focus object
    last_cycle: list[tuple[int, dict[int, set[str]]]] = []  # (year, inspector -> objects) of plans drawn so far
    for spec, found in zip(state["specs"], state["dirs"]):
        if not found:
            continue  # an empty directory: commit_plan refuses the plan
        dept, item, check = ctx.by_id[spec["dept"]], spec["item"], spec["check"]
        pid = ctx.ids("inspection_plan")
        name = f"{spec['year']}年度{item.name}持证经营双随机抽查"
        committed, drawn = _at(spec["start"] - timedelta(days=10), 10), _at(spec["start"] - timedelta(days=7), 10)
        results_due = ctx.working_days(spec["end"], inspections.RESULT_WORKING_DAYS).due
        filters = {"permitItemCode": item.code}
        ids = sorted(found)
        target = Decimal(RATIO) * len(ids)
        probs = draws.inclusion_probabilities([weight] * len(ids), [False] * len(ids), target)
        staff = ctx.state["inspectors"][dept.id]
        avoid: dict[int, set[str]] = {}
        for year, pairs in last_cycle:  # inspections._last_cycle_pairs
            if year >= spec["year"] - 1:
                for sid in staff:
                    avoid.setdefault(sid, set()).update(pairs.get(sid, ()))
        snap = draws.build_snapshot(
            plan={"id": pid, "name": name, "department": dept.code, "kind": PlanKind.SINGLE.value, "teamSize": TEAM,
                  "ratio": RATIO, "count": None, "expected": str(target), "keyFocus": KeyFocusMode.ALWAYS.value,
                  "keyFocusWeight": "2", "table": table, "items": {dept.code: [check["code"]]}, "filters": filters},
            objects=[{"key": found[i][0], "entityId": i, "uscc": found[i][0], "uncodedObjectId": None, "grade": None,
                      "risk": None, "keyFocus": False, "p": p} for i, p in zip(ids, probs)],
            pools=[{"department": dept.code, "inspectors": [{"id": s, "avoid": sorted(avoid.get(s, ()))} for s in staff]}])
        text = draws.canonical(snap)
        secret = hashlib.sha256(f"jianguan-seed:{ctx.seed}:plan:{pid}".encode()).hexdigest()
        result = draws.draw(snap, secret).as_dict()
        result_text = draws.canonical(result)
        chunk.add("inspection_plan", dict(
            id=pid, department_id=dept.id, name=name, year=spec["year"], kind=PlanKind.SINGLE.value,
            item_ids=[check["itemId"]], filters=filters, ratio=RATIO, target_count=None, team_size=TEAM,
            check_start=spec["start"], check_end=spec["end"], results_due=results_due, probability_table=table,
            key_focus=KeyFocusMode.ALWAYS.value, key_focus_weight="2", status=PlanStatus.DRAWN.value,
            seed_hash=draws.sha256_hex(secret), snapshot_hash=draws.sha256_hex(text), committed_at=committed,
            drawn_at=drawn, created_at=committed - timedelta(days=4)))
        chunk.add("inspection_draw", dict(
            id=ctx.ids("inspection_draw"), plan_id=pid, snapshot=text, snapshot_hash=draws.sha256_hex(text),
            seed=secret, seed_hash=draws.sha256_hex(secret), result=bulk.Json(result_text),
            result_hash=draws.sha256_hex(result_text), seed_revealed=True))
        pairs: dict[int, set[str]] = {}
        by_key = draws.objects_by_key(snap, list(result["teams"]))
        window = (spec["end"] - spec["start"]).days
        authority_name, authority_code = authority(ctx, dept.id)
        for key, team in result["teams"].items():
            o = by_key[key]
            for sid in team:
                pairs.setdefault(sid, set()).add(key)
            tid = ctx.ids("inspection_task")
            task = dict(id=tid, plan_id=pid, entity_id=o["entityId"], uncoded_object_id=None, object_key=key,
                        inspector_ids=team, status=InspectionTaskStatus.OPEN.value, results_due=results_due,
                        checked_on=None, summary=None, published_at=None, created_at=drawn)
            chunk.add("task_department", dict(id=ctx.ids("task_department"), task_id=tid, department_id=dept.id))
            chunk.add("entity_assignment", dict(
                entity_id=o["entityId"], department_id=dept.id, rule=ResponsibilityRule.ROUTED.value,
                source_kind="draw_task", source_id=tid, item_id=None, created_at=drawn))
            day = spec["start"] + timedelta(days=rng.randint(0, window))
            if rng.random() < 0.04 or day > ctx.today:  # a few results not yet recorded (overdue after results_due)
                chunk.add("inspection_task", task)
                continue
            roll = rng.random()
            res = next(v for p, v in OUTCOMES if roll < p)
            text_v = rng.choice(FINDINGS) if res == ItemResultValue.PROBLEMS_FOUND else ""
            recorded = _at(day, 17)
            rid = ctx.ids("item_result")
            chunk.add("item_result", dict(
                id=rid, task_id=tid, item_id=check["itemId"], department_id=dept.id, result=res.value,
                description=text_v, checked_on=day, recorded_by=seed.SEED_ACTOR_IDENT, investigation_id=None,
                created_at=recorded))
            task.update(status=InspectionTaskStatus.DONE.value, checked_on=day, summary=res.value, published_at=recorded)
            chunk.add("inspection_task", task)
            uscc, entity_name = found[o["entityId"]]
            if res == ItemResultValue.PROBLEMS_FOUND:  # a finding is public credit information (§27, §29)
                chunk.add("credit_fact", dict(
                    id=ctx.ids("credit_fact"), entity_id=o["entityId"], kind=CreditFactKind.SPOT_CHECK.value,
                    severity=FactSeverity.ORDINARY.value, source_department_id=dept.id, occurred_on=day,
                    source_type="item_result", source_id=rid,
                    summary=f"“{name}”随机抽查“{check['name']}”发现问题：{text_v}", public=True,
                    state=FactState.ACTIVE.value, ended_on=None, created_at=recorded))
            elif res == ItemResultValue.NOT_FOUND_AT_ADDRESS and day + timedelta(days=10) <= ctx.today:
                list_abnormal(ctx, chunk, o["entityId"], day + timedelta(days=10), *NOT_FOUND)
            fields = disclosure.spot_check_fields(
                object_name=entity_name, uscc=uscc, plan_name=name, item_names=[check["name"]], checked_on=day,
                result=res.value, authority=authority_name, authority_uscc=authority_code)
            add_disclosure(ctx, chunk, kind=disclosure.DisclosureKind.SPOT_CHECK, source_id=tid,
                           entity_id=o["entityId"], uscc=uscc, department_id=dept.id, decided_on=day, fields=fields,
                           published_at=recorded)
        last_cycle.append((spec["year"], pairs))
