"""Credit re-evaluation benchmark (target: every entity of a 1,000,000-entity city in < 5 min).

    python -m bench --only credit                    # on the harness's database
    python -m bench.credit --entities 100000         # on a database of its own

On the harness's database: credit facts for one entity in five (added once, ~1.5 facts each:
penalties, findings, honours… spread over six years) and the default standard (published once
by the credit department), then `reevaluate_all` — what `jianguan credit reevaluate` runs — twice:
the first run over entities without current grades (or as they are), the second replacing
every current grade, as a nightly job does. The floor: the same rows written by one
hand-written INSERT … SELECT (a copy of the current evaluations, rolled back).

Standalone: bulk-inserts N entities with credit facts into DATABASE_URL (it must be empty or be
reset with --reset on PostgreSQL); default a temporary SQLite file.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlmodel import select

import migrations
from models import CreditFact, Department, MarketEntity
from models.db import make_engine, new_session
from supervision import credit, grading
from supervision.actors import ActorKind, department_actor
from supervision.uscc import with_check_character

from . import Result, register

TODAY = date(2026, 11, 23)
KINDS = [("PENALTY", "MINOR"), ("PENALTY", "ORDINARY"), ("PENALTY", "SERIOUS"), ("TRACKING_FINDING", "MINOR"),
         ("SPOT_CHECK", "ORDINARY"), ("HONOUR", None), ("COMMITMENT_KEPT", None), ("THIRD_PARTY_RATING", "ORDINARY")]


def populate(engine, n: int, facts_per_entity: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        dept_id = conn.execute(sa.insert(Department).values(code="B-FGW", name="基准测试区发展和改革委员会（兼登记）",
                                                            level="DISTRICT", region="310115",
                                                            kinds=["CREDIT", "REGISTRATION"])).inserted_primary_key[0]
        chunk = 10_000
        facts = 0
        for start in range(0, n, chunk):
            rows = [dict(uscc=with_check_character(f"91310115MB{i:07d}"), uscc_as_entered=f"91310115MB{i:07d}",
                         name=f"基准测试{i}号有限公司", entity_type="COMPANY", legal_representative="张三",
                         address=f"上海市浦东新区基准路{i}号", region="310115", industry_code="H6210",
                         business_scope="一般项目：技术服务。", established_on=date(2020, 1, 1), status="ACTIVE",
                         registering_department_id=dept_id, created_at=now, updated_at=now)
                    for i in range(start, min(start + chunk, n))]
            conn.execute(sa.insert(MarketEntity), rows)
            ids = [r[0] for r in conn.execute(sa.select(MarketEntity.id).where(MarketEntity.id > 0)
                                              .order_by(MarketEntity.id).offset(start).limit(chunk))]
            frows = []
            for e in ids:
                for _ in range(int(facts_per_entity) + (1 if rng.random() < facts_per_entity % 1 else 0)):
                    kind, sev = rng.choice(KINDS)
                    frows.append(dict(entity_id=e, kind=kind, severity=sev, source_department_id=dept_id,
                                      occurred_on=date(rng.randint(2021, 2026), rng.randint(1, 11), rng.randint(1, 28)),
                                      summary="基准测试记录", public=True, state="ACTIVE", created_at=now))
            if frows:
                conn.execute(sa.insert(CreditFact), frows)
            facts += len(frows)
    return facts


CREDIT_DEPARTMENT = "PD-FGW"


def _prepare(s, actor) -> int:
    """Once per database: facts for one entity in five, and the default standard. Returns the facts added."""
    from supervision import bulk
    added = 0
    if s.exec(select(CreditFact.id).where(CreditFact.source_type == "bench").limit(1)).first() is None:
        now = datetime.now(timezone.utc)
        ids = s.exec(select(MarketEntity.id).where(MarketEntity.id % 5 == 0).order_by(MarketEntity.id)).all()
        rows = []
        for e in ids:
            for k in range(1 + (e // 5) % 2):
                kind, sev = KINDS[(e * 7 + k) % len(KINDS)]
                rows.append(dict(entity_id=e, kind=kind, severity=sev, source_department_id=actor.department_id,
                                 occurred_on=date(2021, 1, 1) + timedelta(days=(e * 13 + k * 101) % 2150),
                                 source_type="bench", summary="基准测试记录", public=True, state="ACTIVE", created_at=now))
        for i in range(0, len(rows), 50_000):
            bulk.write_rows(s, CreditFact.__tablename__, rows[i:i + 50_000])
        added = len(rows)
    if credit.current_standard(s) is None:
        credit.publish_credit_standard(session=s, actor=actor, name="基准测试标准", data=grading.DEFAULT_STANDARD)
    s.commit()
    return added


FLOOR = """INSERT INTO credit_evaluation (entity_id, standard_version, score, grade, contributions, evaluated_on,
                                         current, created_at)
SELECT entity_id, standard_version, score, grade, contributions, evaluated_on, :no, created_at
FROM credit_evaluation WHERE current = :yes AND evaluated_on = :today AND standard_version = :version"""


@register("credit", order=60)
def credit_bench(env) -> list[Result]:
    """reevaluate_all over every active entity, twice, against one INSERT … SELECT of the same rows."""
    from bench.draw import department_actor_of
    s = new_session(env.engine)
    try:
        actor = department_actor_of(s, CREDIT_DEPARTMENT)
        added = _prepare(s, actor)
        facts = s.exec(select(sa.func.count()).select_from(CreditFact).where(CreditFact.state == "ACTIVE")).one()
        today = date.today()
        runs = []
        for _ in range(2):
            t0 = time.perf_counter()
            run = credit.reevaluate_all(session=s, actor=actor, today=today)
            s.commit()
            runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        floor_rows = s.execute(sa.text(FLOOR), {"no": False, "yes": True, "today": today,
                                                "version": run.standard_version}).rowcount
        floor = time.perf_counter() - t0
        s.rollback()
    finally:
        s.close()
    assert floor_rows == run.entities, (floor_rows, run.entities)
    grades = ", ".join(f"{g} {n:,}" for g, n in sorted(run.by_grade.items()))
    note = f"{run.entities:,} entities, {facts:,} active facts" + (f" ({added:,} added)" if added else "") + f"; {grades}"
    return [
        Result("credit: re-evaluation, first run", runs[0], "s", floor, "< 300 s", note=note),
        Result("credit: re-evaluation, replacing every current grade", runs[1], "s", floor, "< 300 s",
               note=f"{run.entities / runs[1]:,.0f} entities/s; floor: the same rows by one INSERT … SELECT"),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.credit", description=__doc__.splitlines()[0])
    p.add_argument("--entities", type=int, default=100_000)
    p.add_argument("--facts-per-entity", type=float, default=1.5)
    p.add_argument("--batch", type=int, default=credit.BATCH)
    p.add_argument("--reset", action="store_true", help="PostgreSQL: drop and recreate the public schema first")
    args = p.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="bench-credit-"), "bench.db")
    engine = make_engine(url)
    if args.reset and engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrations.upgrade(url)
    t0 = time.perf_counter()
    facts = populate(engine, args.entities, args.facts_per_entity)
    t1 = time.perf_counter()
    print(f"database: {engine.dialect.name}; inserted {args.entities} entities and {facts} credit facts in {t1 - t0:.1f}s")
    s = new_session(engine)
    try:
        dept = s.exec(select(Department).where(Department.code == "B-FGW")).one()
        actor = department_actor(ActorKind.SYSTEM, "system:bench", dept.name, dept)
        credit.publish_credit_standard(session=s, actor=actor, name="基准测试标准", data=grading.DEFAULT_STANDARD, today=TODAY)
        s.commit()
        t2 = time.perf_counter()
        run = credit.reevaluate_all(session=s, actor=actor, today=TODAY, batch_size=args.batch)
        s.commit()
        t3 = time.perf_counter()
        # A second run also replaces every current evaluation (the steady state of a nightly job).
        credit.reevaluate_all(session=s, actor=actor, today=TODAY, batch_size=args.batch)
        s.commit()
        t4 = time.perf_counter()
    finally:
        s.close()
        engine.dispose()
    grades = ", ".join(f"{g} {n}" for g, n in sorted(run.by_grade.items()))
    print(f"first re-evaluation: {run.entities} entities in {t3 - t2:.1f}s = {run.entities / (t3 - t2):,.0f} entities/s ({grades})")
    print(f"second re-evaluation (replacing current grades): {t4 - t3:.1f}s = {run.entities / (t4 - t3):,.0f} entities/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
