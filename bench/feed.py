"""Disclosure feed: pull the whole `disclosureFeed` in pages, as a credit portal does, next to its floor.

In the harness, on its database (made by `jianguan seed`)::

    python -m bench --only feed [--feed-records N]

When that database's feed is empty, N feed rows (default 100,000; penalty records of realistic
size) are loaded for the run and removed afterwards. Standalone, on a throwaway PostgreSQL database
whose schema is dropped and rebuilt by the migrations and N rows loaded with COPY::

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_feed python -m bench.feed --records 1000000

Either way the feed is read three ways, each from its start:

1. pages through `api.graphql.disclosures.feed_page`, the code path of the `disclosureFeed` resolver
   (the SQL keyset read and the GraphQL objects);
2. pages through the HTTP endpoint /graphql (full GraphQL execution and JSON), as a portal does;
3. the floor: the same rows with one hand-written SQL statement (a server-side cursor on PostgreSQL),
   serialised with orjson.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date, datetime, timezone

import orjson
import sqlalchemy as sa

from . import Result, register
from .env import Env, count_statements, gql

SNAPSHOT = {
    "kind": "PENALTY", "status": "PUBLIC", "version": 1, "decidedOn": "2026-11-16",
    "publishedAt": "2026-11-16T08:00:00+00:00", "publicUntil": "2027-11-16",
    "fields": {
        "counterpartName": "上海味道餐饮管理有限公司", "counterpartCategory": "法人及非法人组织",
        "counterpartCode1": "91310115MA00000011", "legalRepresentative": "张三", "legalRepresentativeIdType": "身份证",
        "legalRepresentativeIdNumber": "310*************34", "decisionNumber": "沪浦市监罚〔2026〕1号",
        "violationType": "经营超过保质期的食品", "violationFacts": "当事人于2026年10月在其经营场所销售超过保质期的预包装食品，货值金额人民币1200元。",
        "legalBasis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", "penaltyCategories": ["警告", "罚款"],
        "penaltyContent": "警告；罚款人民币5000.00元", "fineAmount": "5000.00", "confiscatedAmount": None,
        "licenceSuspendedOrRevoked": None, "decisionDate": "2026-11-16", "validUntil": "2099-12-31",
        "publicityUntil": "2027-11-16", "authority": "上海市浦东新区市场监督管理局", "authorityUscc": "11310115MB0000011X",
        "sourceUnit": "上海市浦东新区市场监督管理局", "sourceUnitUscc": "11310115MB0000011X", "remarks": None,
    },
}
FEED_QUERY = """query($after: String, $first: Int!) { disclosureFeed(after: $after, first: $first) {
  hasNextPage endCursor changes { cursor event kind disclosureId at record { id version uscc decidedOn publicUntil
  penalty { counterpartName counterpartCode1 decisionNumber violationType legalBasis penaltyCategories penaltyContent
  fineAmount decisionDate authority authorityUscc } standardRecord } } } }"""


NOW = datetime(2026, 11, 16, tzinfo=timezone.utc)
DISCLOSURES = 1000  # the loaded changes cycle over this many records


def fresh_database(engine) -> tuple[int, int, str]:
    """A throwaway database rebuilt through the migrations, with one department and one entity:
    (department id, entity id, the entity's credit code)."""
    import migrations
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrations.upgrade(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO department (id, code, name, level, region, kinds) VALUES "
                             "(1, 'B-SCJ', '市场监督管理局', 'DISTRICT', '310115', '[\"ENFORCEMENT\"]')"))
        conn.execute(sa.text(
            "INSERT INTO market_entity (id, uscc, uscc_as_entered, name, entity_type, legal_representative, address, region, "
            "industry_code, business_scope, established_on, status, registering_department_id, created_at, updated_at) VALUES "
            "(1, '91310115MA00000011', '91310115MA00000011', '上海味道餐饮管理有限公司', 'COMPANY', '张三', '上海', '310115', "
            "'H6210', '餐饮服务', '2024-03-01', 'ACTIVE', 1, :t, :t)"), {"t": NOW})
    return 1, 1, "91310115MA00000011"


def feed_size(engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.text("SELECT count(*) FROM disclosure_change")).scalar_one()


def load(engine, n: int, *, department_id: int, entity_id: int, uscc: str, disclosures: int = DISCLOSURES) -> list[int]:
    """Append n feed rows, changes of `disclosures` new penalty records of one entity (COPY on PostgreSQL).
    Returns the ids of the records written."""
    from models import Disclosure, DisclosureChange
    fields = dict(SNAPSHOT["fields"], counterpartCode1=uscc)
    with engine.begin() as conn:
        base = conn.execute(sa.text("SELECT coalesce(max(source_id), 0) FROM disclosure WHERE kind = 'PENALTY'")).scalar()
        record = {"kind": "PENALTY", "entity_id": entity_id, "uscc": uscc, "department_id": department_id,
                  "decided_on": date(2026, 11, 16), "due_on": date(2026, 11, 25), "published_at": NOW,
                  "status": "PUBLIC", "public_until": date(2027, 11, 16), "severity": "ORDINARY", "fields": fields,
                  "missing": [], "version": 1, "updated_at": NOW}
        postgresql = engine.dialect.name == "postgresql"
        if postgresql:
            with conn.connection.dbapi_connection.cursor() as cur:
                with cur.copy("COPY disclosure (kind, source_id, entity_id, uscc, department_id, decided_on, due_on, "
                              "published_at, status, public_until, severity, fields, missing, version, updated_at) "
                              "FROM STDIN") as cp:
                    text = json.dumps(fields, ensure_ascii=False)
                    for i in range(1, disclosures + 1):
                        cp.write_row(("PENALTY", base + i, entity_id, uscc, department_id, record["decided_on"],
                                      record["due_on"], NOW, "PUBLIC", record["public_until"], "ORDINARY", text, "[]",
                                      1, NOW))
        else:
            conn.execute(sa.insert(Disclosure.__table__), [dict(record, source_id=base + i)
                                                           for i in range(1, disclosures + 1)])
        ids = conn.execute(sa.text("SELECT id FROM disclosure WHERE kind = 'PENALTY' AND source_id > :b ORDER BY id"),
                           {"b": base}).scalars().all()
        snapshots = [dict(SNAPSHOT, id=did, uscc=uscc, fields=fields) for did in ids]
        if postgresql:
            with conn.connection.dbapi_connection.cursor() as cur:
                with cur.copy("COPY disclosure_change (disclosure_id, kind, event, at, record) FROM STDIN") as cp:
                    texts = [json.dumps(snap, ensure_ascii=False) for snap in snapshots]
                    for i in range(n):
                        cp.write_row((ids[i % len(ids)], "PENALTY", "PUBLISHED", NOW, texts[i % len(ids)]))
            conn.execute(sa.text("ANALYZE disclosure_change"))
        else:
            for start in range(0, n, 10_000):
                conn.execute(sa.insert(DisclosureChange.__table__), [
                    {"disclosure_id": ids[i % len(ids)], "kind": "PENALTY", "event": "PUBLISHED", "at": NOW,
                     "record": snapshots[i % len(ids)]} for i in range(start, min(n, start + 10_000))])
    return ids


def remove(engine, disclosure_ids: list[int]) -> None:
    """Remove what `load` wrote, so later runs and other benchmarks see the database as it was."""
    with engine.begin() as conn:
        for start in range(0, len(disclosure_ids), 1000):
            chunk = disclosure_ids[start:start + 1000]
            stmt = sa.text("DELETE FROM disclosure_change WHERE disclosure_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True))
            conn.execute(stmt, {"ids": chunk})
            conn.execute(sa.text("DELETE FROM disclosure WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": chunk})


def pull_resolver_path(engine, page: int) -> int:
    from api.graphql.disclosures import feed_page
    from models.db import new_session
    n, cursor = 0, None
    with new_session(engine) as s:
        while True:
            p = feed_page(s, after=cursor, first=page)
            s.rollback()
            n += len(p.changes)
            cursor = p.end_cursor
            if not p.has_next_page:
                return n


async def pull_http(client, page: int, limit: int | None = None) -> int:
    """Pages through /graphql until the feed (or `limit` records) is read; the portal's side parses with orjson."""
    n, cursor = 0, None
    while limit is None or n < limit:
        r = await client.post("/graphql", json={"query": FEED_QUERY, "variables": {"after": cursor, "first": page}})
        r.raise_for_status()
        body = orjson.loads(r.content)
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        data = body["data"]["disclosureFeed"]
        n += len(data["changes"])
        cursor = data["endCursor"]
        if not data["hasNextPage"]:
            break
    return n


def pull_raw(env: Env) -> int:
    """The floor: every row by one SELECT (server-side cursor on PostgreSQL), each serialised with orjson."""
    sql = "SELECT seq, disclosure_id, kind, event, at, record FROM disclosure_change ORDER BY seq"
    n = 0
    conn = env.raw_connection()
    try:
        if env.postgresql:
            with conn.transaction(), conn.cursor(name="feed_floor") as cur:
                cur.itersize = 5000
                cur.execute(sql)
                for seq, did, kind, event, at, record in cur:
                    orjson.dumps({"seq": seq, "disclosureId": did, "kind": kind, "event": event, "at": at,
                                  "record": record})
                    n += 1
        else:
            for seq, did, kind, event, at, record in conn.execute(sql):
                orjson.dumps({"seq": seq, "disclosureId": did, "kind": kind, "event": event, "at": at,
                              "record": json.loads(record) if record else None})
                n += 1
    finally:
        conn.close()
    return n


def timed(fn, *args) -> tuple[int, float, float]:
    """(records, seconds, CPU seconds of this process: on a shared machine the steadier figure)."""
    t, c = time.perf_counter(), time.process_time()
    n = fn(*args)
    return n, time.perf_counter() - t, time.process_time() - c


def statements_per_page(env: Env, page: int) -> int:
    async def one():
        async with env.client() as client:
            await gql(client, FEED_QUERY, {"after": None, "first": page})  # warm
            with count_statements(env.engine) as c:
                await gql(client, FEED_QUERY, {"after": None, "first": page})
            return c["n"]
    return env.run(one())


def measure(env: Env, page: int, http_limit: int | None = None) -> dict[str, tuple[int, float, float]]:
    """`timed` figures of the floor, the resolver path and HTTP, each reading from the start of the feed."""
    async def http():
        async with env.app.router.lifespan_context(env.app), env.client() as client:  # start up as a server does
            return await pull_http(client, page, http_limit)
    return {"floor": timed(pull_raw, env), "resolver": timed(pull_resolver_path, env.engine, page),
            "http": timed(lambda: env.run(http()))}


@register("feed", order=30)
def feed(env: Env) -> list[Result]:
    """The whole feed of the harness database in pages of 500 (loading --feed-records rows if it is empty)."""
    page = 500
    loaded: list[int] = []
    if feed_size(env.engine) == 0:
        with env.engine.connect() as c:
            entity_id, uscc, department_id = c.execute(sa.text(
                "SELECT id, uscc, registering_department_id FROM market_entity ORDER BY id LIMIT 1")).one()
        loaded = load(env.engine, env.options.get("feed_records") or 100_000, department_id=department_id,
                      entity_id=entity_id, uscc=uscc)
    try:
        m = measure(env, page)
        stmts = statements_per_page(env, page)
    finally:
        if loaded:
            remove(env.engine, loaded)
    rate = {k: n / s if s else 0.0 for k, (n, s, _cpu) in m.items()}
    note = f"{m['http'][0]:,} records" + (" (loaded for the run)" if loaded else "")
    return [
        Result(f"feed over HTTP /graphql, pages of {page}", rate["http"], "records/s", rate["floor"], "≤ 2× floor",
               note, higher_is_better=True),
        Result(f"feed resolver path (feed_page), pages of {page}", rate["resolver"], "records/s", rate["floor"],
               note=f"{m['resolver'][0]:,} records", higher_is_better=True),
        Result("feed: SQL statements per page", stmts, "stmts", 1, note="the keyset read, whatever the page size"),
    ]


def main() -> None:
    from api.app import create_app
    from api.settings import Settings
    from models.db import make_engine

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--page", type=int, default=500)
    ap.add_argument("--http-records", type=int, default=50_000)
    ap.add_argument("--no-load", action="store_true", help="reuse the rows of the previous run")
    args = ap.parse_args()
    url = os.environ["DATABASE_URL"]
    engine = make_engine(url)
    if engine.dialect.name != "postgresql":
        raise SystemExit("the benchmark targets PostgreSQL (COPY, server-side cursor)")
    if not args.no_load:
        t = time.perf_counter()
        department_id, entity_id, uscc = fresh_database(engine)
        load(engine, args.records, department_id=department_id, entity_id=entity_id, uscc=uscc)
        print(f"loaded {args.records} feed rows with COPY in {time.perf_counter() - t:.1f} s")
    app = create_app(Settings(database_url=url, secret_key="b" * 40, environment="production"), engine=engine)
    env = Env(database_url=url, engine=engine, app=app, entities=1)
    m = measure(env, args.page, args.http_records)
    labels = {"floor": "raw SQL, one statement, orjson (floor)",
              "resolver": f"disclosureFeed resolver path, pages of {args.page}",
              "http": f"HTTP /graphql, pages of {args.page}"}
    rate = {}
    for key, (n, s, cpu) in m.items():
        rate[key] = n / s if s else float("inf")
        print(f"{labels[key]:<48} {n:>9} records {s:8.2f} s {rate[key]:12,.0f} records/s "
              f"(this process's CPU: {cpu / n * 1e6 if n else 0:,.0f} µs/record)")
    print(f"ratio floor / resolver path: {rate['floor'] / rate['resolver']:.2f}×; floor / HTTP: "
          f"{rate['floor'] / rate['http']:.2f}×")


if __name__ == "__main__":
    main()
