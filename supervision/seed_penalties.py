"""The seed's enforcement and credit rows: cases (立案) against a few per cent of active entities, most decided
with a penalty (a major one after its legal review, 000 §17), some exempted under the 免罚清单, a few transferred
to public security; each decision's 双公示 record and feed change (§39–41) and its credit fact (§29); and the
经营异常名录 entries of entities that did not publish their annual report (some since removed), each with the
credit fact list_entity writes. Remit, majority, publicity periods, fields and texts come from
supervision/penalties.py, disclosure.py and credit.py."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from sqlmodel import select

from models import ExemptionRule
from models.enums import (CaseStatus, CreditFactKind, DecisionStatus, DepartmentKind, DisclosureKind, DishonestyList,
                          EntityStatus, FactSeverity, FactState, PenaltyMeasure, PenaltySeverity, TransferStatus)

from . import disclosure, penalties, seed
from .clock import CST
from .seed_disclosures import add_disclosure, authority

NAME = "penalties"
CASE_RATE = 0.03  # entities with a case
ABNORMAL_RATE = 0.02  # entities listed for not publishing an annual report
ANNUAL_REPORT = ("未按照《企业信息公示暂行条例》规定的期限公示年度报告", "《企业经营异常名录管理暂行办法》第四条第（一）项")
CENT = Decimal("0.01")
REMOVAL = "已补报未报年份的年度报告并公示，申请移出经营异常名录"
GENERAL = [  # cases without a permit item: the registration bureau's own remit (ENFORCEMENT_ROUTED)
    ("虚假宣传", "《中华人民共和国反不正当竞争法》第二十条", "当事人在经营场所宣传资料中对商品的性能、功能作虚假的商业宣传"),
    ("未按规定明码标价", "《明码标价和禁止价格欺诈规定》第二十一条", "当事人销售商品未按规定标明价格"),
    ("发布违法广告", "《中华人民共和国广告法》第五十八条", "当事人在网店页面发布含有“最佳”“第一”等用语的广告"),
    ("销售不合格产品", "《中华人民共和国产品质量法》第四十九条", "经抽样检验，当事人销售的产品不符合强制性国家标准"),
]
PERMITTED = [  # cases under a permit item: its enforcement department or a department rules 1–5 name
    ("超出许可范围从事经营活动", "现场检查发现当事人超出许可证载明的项目从事经营活动"),
    ("未按许可条件从事经营活动", "现场检查发现当事人经营场所条件与许可时不一致，未按规定办理变更"),
    ("未按规定公示许可证件", "当事人未在经营场所显著位置公示许可证件"),
]


def _setup(session, actor, ctx: seed.SeedContext) -> None:
    from .demo.penalties import EXEMPTIONS
    have = set(session.exec(select(ExemptionRule.code)).all())
    for code, name, basis in EXEMPTIONS:  # the 免罚清单 the exempted cases cite
        if code not in have:
            penalties.add_exemption_rule(session=session, actor=actor, code=code, name=name, legal_basis=basis,
                                         request_id="seed")
    session.flush()
    judicial = sorted(d.id for d in ctx.departments.values() if DepartmentKind.JUDICIAL.value in d.kinds)
    ctx.state[NAME] = {"settings": penalties.load_settings(session), "judicial": judicial[:1],
                       "exemptions": [(r.code, r.name) for r in session.exec(
                           select(ExemptionRule).where(ExemptionRule.active.is_(True)).order_by(ExemptionRule.id)).all()]}
    ctx.state.setdefault("abnormal", set())


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), CST)


def _yuan(n: int) -> Decimal:
    return Decimal(n).quantize(CENT)  # as the decision stores it (Numeric(16, 2))


def _measures(rng, ctx, dept_id: int, licence: str | None) -> tuple[list[str], Decimal | None, Decimal | None]:
    roll = rng.random()
    if roll < 0.3:
        return [PenaltyMeasure.WARNING.value], None, None
    if roll < 0.85:
        return [PenaltyMeasure.FINE.value], _yuan(rng.randint(20, 500) * 100), None
    if roll < 0.95 or dept_id not in ctx.state.get("reviewers", {}):
        return ([PenaltyMeasure.FINE.value, PenaltyMeasure.CONFISCATE_GAINS.value], _yuan(rng.randint(50, 800) * 100),
                _yuan(rng.randint(10, 300) * 100))
    if licence:  # major: revoke the licence (法制审核 first)
        return [PenaltyMeasure.REVOKE_LICENCE.value, PenaltyMeasure.FINE.value], _yuan(rng.randint(50, 200) * 1000), None
    return [PenaltyMeasure.FINE.value], _yuan(rng.randint(100, 500) * 1000), None


@seed.register(NAME, ["enforcement_case", "legal_review", "penalty_decision", "case_transfer", "credit_fact",
                      "list_entry"], setup=_setup)
def cases_and_lists(ctx: seed.SeedContext, chunk: seed.Chunk) -> None:
    rng, state = ctx.rng_for(NAME), ctx.state[NAME]
    permits: dict[int, list[dict]] = {}
    for p in chunk.rows.get("permit", []):
        permits.setdefault(p["entity_id"], []).append(p)
    for e in chunk.rows.get("market_entity", []):
        if e["status"] != EntityStatus.ACTIVE.value:
            continue
        first = max(e["established_on"] + timedelta(days=30), ctx.today - timedelta(days=3 * 365))
        if rng.random() < CASE_RATE and first < ctx.today - timedelta(days=15):
            _case(ctx, chunk, rng, state, e, permits.get(e["id"], []), first)
        if rng.random() < ABNORMAL_RATE:
            years = [y for y in range(e["established_on"].year + 1, ctx.today.year + 1) if date(y, 7, 1) <= ctx.today]
            if years:
                listed = date(rng.choice(years), 7, 1)
                removed = listed + timedelta(days=rng.randint(30, 240)) if rng.random() >= 0.7 else None  # 30%
                list_abnormal(ctx, chunk, e["id"], listed, *ANNUAL_REPORT,
                              removed_on=removed if removed and removed <= ctx.today else None)


def list_abnormal(ctx, chunk, entity_id: int, listed_on: date, reason: str, basis: str, *,
                  removed_on: date | None = None) -> None:
    """credit.list_entity by the registration bureau: the listing fact and the entry; with removed_on, since
    removed (移出, credit.remove_from_list: the fact ENDED). An entity on the list is not listed again."""
    listed = ctx.state.setdefault("abnormal", set())
    if entity_id in listed:
        return
    if removed_on is None:
        listed.add(entity_id)
    fid, lid = ctx.ids("credit_fact"), ctx.ids("list_entry")
    chunk.add("credit_fact", dict(
        id=fid, entity_id=entity_id, kind=CreditFactKind.ABNORMAL_OPERATION.value, severity=FactSeverity.ORDINARY.value,
        source_department_id=ctx.registrar.id, occurred_on=listed_on, source_type="list_entry", source_id=lid,
        summary=reason, public=True, state=(FactState.ENDED if removed_on else FactState.ACTIVE).value,
        ended_on=removed_on, created_at=_at(listed_on, 10)))
    chunk.add("list_entry", dict(
        id=lid, entity_id=entity_id, list_kind=DishonestyList.ABNORMAL_OPERATION.value, reason=reason, basis=basis,
        department_id=ctx.registrar.id, listed_on=listed_on, fact_id=fid, removed_on=removed_on,
        removal_reason=REMOVAL if removed_on else None, removed_by_department_id=ctx.registrar.id if removed_on else None,
        created_at=_at(listed_on, 10)))


def _case(ctx, chunk, rng, state, e: dict, held: list[dict], first: date) -> None:
    permit = rng.choice(held) if held and rng.random() < 0.7 else None
    if permit is not None:  # penalties.enforcement_remit, in the order it tries
        item = ctx.item_by_id[permit["item_id"]]
        if item.enforcement_department_id:
            dept_id, remit = item.enforcement_department_id, "ENFORCEMENT_NAMED"
        else:
            dept_id, remit = ctx.responsible(item)[0]
        violation, facts = rng.choice(PERMITTED)
        basis, licence = item.legal_basis, f"{item.name} {permit['number']}"
    else:
        item, dept_id, remit, licence = None, ctx.registrar.id, "ENFORCEMENT_ROUTED", None
        violation, basis, facts = rng.choice(GENERAL)
    opened = first + timedelta(days=rng.randint(0, (ctx.today - timedelta(days=15) - first).days))
    cid = ctx.ids("enforcement_case")
    dept = ctx.by_id[dept_id]
    case = dict(id=cid, number=f"{dept.code}案〔{opened.year}〕{cid}号", entity_id=e["id"], department_id=dept_id,
                item_id=item.id if item else None, remit_rule=remit, opened_on=opened, violation_type=violation,
                exemption_code=None, touches_safety=False, findings=facts, status=CaseStatus.OPEN.value, guidance=None,
                created_at=_at(opened, 9))
    chunk.add("enforcement_case", case)
    roll = rng.random()
    if roll < 0.07 and state["exemptions"] and item is None:  # 免罚清单: a first minor violation, guidance instead
        code, name = rng.choice(state["exemptions"])
        case.update(exemption_code=code, violation_type=name[:200], status=CaseStatus.EXEMPTED.value,
                    guidance="责令当事人立即改正，予以行政指导；依据免罚清单，首次轻微违法且及时改正，不予行政处罚")
        return
    if roll < 0.09 and state["judicial"]:  # 行刑衔接
        case["status"] = CaseStatus.TRANSFERRED.value
        on = opened + timedelta(days=5)
        chunk.add("case_transfer", dict(
            id=ctx.ids("case_transfer"), case_id=cid, from_department_id=dept_id, to_department_id=state["judicial"][0],
            transferred_on=on, reason="涉案金额较大，涉嫌犯罪，依法移送公安机关", status=(
                TransferStatus.ACCEPTED if on + timedelta(days=20) <= ctx.today else TransferStatus.TRANSFERRED).value,
            note=None, updated_at=_at(min(on + timedelta(days=20), ctx.today), 10)))
        return
    decided = opened + timedelta(days=rng.randint(10, 60))
    if decided > ctx.today:
        return  # still being handled
    ms, fine, confiscated = _measures(rng, ctx, dept_id, licence if item else None)
    licence_v = licence if PenaltyMeasure.REVOKE_LICENCE.value in ms else None
    settings = state["settings"]
    major = penalties.is_major(settings, ms, fine, confiscated)
    severity = (PenaltySeverity.SERIOUS if major else PenaltySeverity.ORDINARY).value
    review_id = None
    if major:  # 000 §17: the department's legal reviewer approves first
        review_id = ctx.ids("legal_review")
        chunk.add("legal_review", dict(id=review_id, case_id=cid, reviewer_id=ctx.state["reviewers"][dept_id],
                                       approved=True, opinion="事实清楚，证据确凿，适用依据正确，程序合法，处罚适当，同意作出处罚决定",
                                       reviewed_at=_at(decided - timedelta(days=2), 10)))
    did = ctx.ids("penalty_decision")
    made = _at(decided, 15)
    decision = SimpleNamespace(
        id=did, case_id=cid, entity_id=e["id"], department_id=dept_id, number=f"{dept.code}罚〔{decided.year}〕{did}号",
        decided_on=decided, measures=ms, fine_amount=fine, confiscated_amount=confiscated, licence=licence_v,
        legal_basis=basis, facts=facts, content=penalties._default_content(ms, fine, confiscated, licence_v),
        severity=severity, valid_until=disclosure.LONG_TERM, major=major, legal_review_id=review_id,
        status=DecisionStatus.EFFECTIVE.value, status_reason=None, created_at=made, updated_at=made)
    chunk.add("penalty_decision", dict(vars(decision)))
    case["status"] = CaseStatus.DECIDED.value
    until = ctx.memo(("publicity", decided, severity), lambda: disclosure.publicity_until(
        decided, settings.publicity_months[severity]))
    name, code = authority(ctx, dept_id)
    fields = penalties.penalty_fields(
        entity=SimpleNamespace(name=e["name"], uscc=e["uscc"], entity_type=e["entity_type"],
                               legal_representative=e["legal_representative"]),
        decision=decision, violation_type=violation, authority=name, authority_uscc=code, publicity_until=until)
    add_disclosure(ctx, chunk, kind=DisclosureKind.PENALTY, source_id=did, entity_id=e["id"], uscc=e["uscc"],
                   department_id=dept_id, decided_on=decided, fields=fields, published_at=made, public_until=until,
                   severity=severity)
    chunk.add("credit_fact", dict(  # a penalty is public credit information (§29)
        id=ctx.ids("credit_fact"), entity_id=e["id"], kind=CreditFactKind.PENALTY.value, severity=severity,
        source_department_id=dept_id, occurred_on=decided, source_type="penalty", source_id=did,
        summary=f"{decision.number}：{violation}", public=True, state=FactState.ACTIVE.value, ended_on=None,
        created_at=made))
