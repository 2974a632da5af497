"""Credit re-evaluation benchmark: `python -m bench.credit --entities 100000`.

Bulk-inserts N entities with credit facts (not through the per-entity domain path), publishes the
default standard, and times `reevaluate_all` — the set-based batch the CLI's `jianguan credit
reevaluate` runs. Database from DATABASE_URL (it must be empty or be reset with --reset on
PostgreSQL); default a temporary SQLite file.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlmodel import select

import migrations
from models import CreditFact, Department, MarketEntity
from models.db import make_engine, new_session
from supervision import credit, grading
from supervision.actors import ActorKind, department_actor
from supervision.uscc import with_check_character

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
