"""双随机 draw: 5% of a city's directory (target < 2 s at 1,000,000 entities).

Two ways to run it:

    python -m bench --only draw                      # a real plan on the harness's database
    python -m bench.draw --entities 1000000          # the pure draw on a directory built in memory

On the harness's database the registering department (PD-SCJGJ, whose directory is every active
entity) plans a 5% draw with teams of two out of 200 certified inspectors (created once, with a
published item list); each run is a new plan, committed and drawn through the domain acts, so
the database side is measured too: reading the directory and the ratings, storing the snapshot,
writing the tasks with their department rows and routing rows.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from . import Result, register

DEPARTMENT = "PD-SCJGJ"
INSPECTORS = 200
ITEM = "BENCH-01"


def build(n: int, inspectors: int, rng: random.Random) -> tuple[list[str], list[tuple], list[dict]]:
    """A directory in memory: keys in order, (grade, risk, key focus) per object, one pool avoiding 50 objects each."""
    from supervision import ratings
    grades = list(ratings.GRADES) + [None]
    risks = list(ratings.RISK_LEVELS) + [None]
    keys = [f"91310115MA{i:08d}" for i in range(n)]
    marks = [(rng.choice(grades), rng.choice(risks), rng.random() < 0.01) for _ in range(n)]
    pool = [{"id": 1000 + j, "avoid": rng.sample(keys, 50)} for j in range(inspectors)]
    return keys, marks, [{"department": "BENCH", "inspectors": pool}]


def pure_draw(keys: list[str], marks: list[tuple], pools: list[dict], ratio: Decimal, seed: str) -> dict:
    """Time each step the platform runs on an in-memory directory; seconds per step."""
    from supervision import draws
    table = draws.default_table()
    t0 = time.perf_counter()
    index: dict[tuple, int] = {}
    class_of = [index.setdefault(m, len(index)) for m in marks]
    counts = [0] * len(index)
    for c in class_of:
        counts[c] += 1
    ps = draws.class_millionths([draws.weight(table, g, r) for g, r, _ in index], [f for *_, f in index], counts,
                                ratio * len(keys))
    classes = [{"grade": g, "risk": r, "keyFocus": f, "p": p} for (g, r, f), p in zip(index, ps)]
    t1 = time.perf_counter()
    snap = draws.compact_snapshot(plan={"id": 1, "teamSize": 2}, keys=keys, entity_ids=list(range(1, len(keys) + 1)),
                                  class_of=class_of, classes=classes, uncoded={}, pools=pools)
    text = draws.canonical(snap)
    digest = draws.sha256_hex(text)
    t2 = time.perf_counter()
    result = draws.draw(snap, seed)
    t3 = time.perf_counter()
    check = draws.verify(snapshot_text=text, seed=seed, snapshot_hash=digest, seed_hash=draws.sha256_hex(seed),
                         result=result.as_dict())
    t4 = time.perf_counter()
    assert check.matches
    return {"probabilities": t1 - t0, "snapshot": t2 - t1, "draw": t3 - t2, "verify": t4 - t3,
            "megabytes": len(text.encode()) / 1e6, "selected": len(result.selected), "teams": len(result.teams)}


def department_actor_of(session, code: str):
    """The department itself acting (as a system job of that department does)."""
    from supervision import accounts
    from supervision.actors import ActorKind, department_actor
    dept = accounts.find_department(session, code)
    return department_actor(ActorKind.SYSTEM, f"system:bench-{code.lower()}", dept.name, dept)


def _prepare(session) -> None:
    """Once per database: certified inspectors and a published random-item list for the department."""
    from models import StaffUser
    from sqlmodel import func, select
    from supervision import accounts, inspections
    from supervision.actors import SYSTEM
    dept = accounts.find_department(session, DEPARTMENT)
    have = session.exec(select(func.count()).select_from(StaffUser).where(StaffUser.department_id == dept.id,
                                                                          StaffUser.username.like("bench-insp-%"))).one()
    if have < INSPECTORS:
        digest = accounts.hash_password("bench-inspector-password")
        for j in range(have, INSPECTORS):
            accounts.create_staff(session=session, actor=SYSTEM, username=f"bench-insp-{j:03d}", display_name=f"检查员{j}",
                                  password=None, password_hash=digest, department_code=DEPARTMENT, roles=["INSPECTOR"],
                                  certificate_no=f"沪执基准{j:03d}")
    actor = department_actor_of(session, DEPARTMENT)
    if ITEM not in inspections.published_random_items(session, dept.id):
        inspections.save_inspection_item(session=session, actor=actor, code=ITEM, name="企业公示信息情况",
                                         legal_basis="《企业信息公示暂行条例》", content="年报公示信息", method="书面检查")
        inspections.publish_list(session=session, actor=actor, year=date.today().year, kind="RANDOM_ITEMS",
                                 title="随机抽查事项清单（基准测试）")
    session.commit()


@register("draw", order=70)
def draw_bench(env) -> list[Result]:
    """A 5% plan over the department's whole directory: commit (snapshot) and draw through the acts, then verify."""
    import orjson
    from models import InspectionDraw
    from models.db import new_session
    from sqlmodel import select
    from supervision import draws, inspections

    s = new_session(env.engine)
    try:
        _prepare(s)
        actor = department_actor_of(s, DEPARTMENT)
        today = date.today()
        plan = inspections.create_plan(session=s, actor=actor, name=f"基准测试抽查 {time.strftime('%Y-%m-%d %H:%M')}",
                                       year=today.year, item_codes=[ITEM], check_start=today,
                                       check_end=today + timedelta(days=30), team_size=2, ratio="0.05", today=today)
        s.commit()
        t0 = time.perf_counter()
        inspections.commit_plan(session=s, actor=actor, plan_id=plan.id)
        s.commit()
        t1 = time.perf_counter()
        inspections.draw_plan(session=s, actor=actor, plan_id=plan.id)
        s.commit()
        t2 = time.perf_counter()
        v = inspections.verify_plan(s, plan.id)
        t3 = time.perf_counter()
        inspections.take_snapshot(s, plan)  # what the commit spent reading and building, again without writing
        t4 = time.perf_counter()
        d = s.exec(select(InspectionDraw).where(InspectionDraw.plan_id == plan.id)).one()
        seed, text, tasks = d.seed, d.snapshot, len(d.result["teams"])
        assert v.matches, v.message
    finally:
        s.close()
    snap = orjson.loads(text)
    t5 = time.perf_counter()
    result = draws.draw(snap, seed)  # the draw alone, on the snapshot the plan committed
    t6 = time.perf_counter()
    objects = len(snap["objects"]["key"])
    assert len(result.teams) == tasks
    pure = pure_draw(*build(objects, INSPECTORS, random.Random(20261123)), Decimal("0.05"), "bench-seed")
    pure_total = pure["probabilities"] + pure["snapshot"] + pure["draw"]
    return [
        Result("draw: probabilities + snapshot + SHA-256 + draw (in memory)", pure_total, "s", target="< 2 s",
               note=f"probabilities {pure['probabilities']:.2f} s, snapshot + hash {pure['snapshot']:.2f} s "
                    f"({pure['megabytes']:.1f} MB), draw {pure['draw']:.2f} s; {pure['selected']:,} drawn of {objects:,}"),
        Result("draw: the draw of the committed plan (snapshot → objects and teams)", t6 - t5, "s", target="< 2 s",
               note=f"{objects:,} objects in {len(snap['classes'])} classes, {tasks:,} tasks, {v.algorithm}"),
        Result("draw: commit_plan (directory and ratings read, snapshot, hashes, stored)", t1 - t0, "s",
               note=f"reading the directory and building the snapshot alone: {t4 - t3:.2f} s; "
                    f"snapshot {len(text.encode()) / 1e6:.1f} MB"),
        Result("draw: draw_plan (draw, tasks, department rows, routing rows)", t2 - t1, "s",
               note=f"{tasks:,} tasks and {2 * tasks:,} rows more" + (", by COPY" if env.postgresql else "")),
        Result("draw: verify_plan (read, hash, re-draw, compare)", t3 - t2, "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="the pure draw on an in-memory directory")
    p.add_argument("--entities", type=int, default=1_000_000)
    p.add_argument("--ratio", default="0.05")
    p.add_argument("--inspectors", type=int, default=INSPECTORS)
    p.add_argument("--seed", default="bench-seed")
    args = p.parse_args(argv)
    out = pure_draw(*build(args.entities, args.inspectors, random.Random(20261123)), Decimal(args.ratio), args.seed)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
