"""Disclosure feed benchmark: pull an N-change feed in pages, as a credit portal does.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_feed python -m bench.feed --records 1000000

The database is a throwaway one: its schema is dropped and rebuilt by the migrations. N feed rows
(penalty snapshots of realistic size) are loaded with COPY, then read three ways:

1. pages of --page through `api.graphql.disclosures.feed_page`, the code path of the `disclosureFeed`
   resolver (the SQL keyset read and the GraphQL objects);
2. pages through the HTTP endpoint /graphql (full GraphQL execution and JSON), for --http-records rows;
3. the floor: the same rows with one hand-written SQL statement (server-side cursor), serialised with orjson.

Prints records/second for each and the ratio to the floor.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date, datetime, timezone

import sqlalchemy as sa

import migrations
from models.db import make_engine, new_session

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


def load(engine, n: int, disclosures: int = 1000) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrations.upgrade(engine.url.render_as_string(hide_password=False))
    now = datetime(2026, 11, 16, tzinfo=timezone.utc)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO department (id, code, name, level, region, kinds) VALUES "
                             "(1, 'B-SCJ', '市场监督管理局', 'DISTRICT', '310115', '[\"ENFORCEMENT\"]')"))
        conn.execute(sa.text(
            "INSERT INTO market_entity (id, uscc, uscc_as_entered, name, entity_type, legal_representative, address, region, "
            "industry_code, business_scope, established_on, status, registering_department_id, created_at, updated_at) VALUES "
            "(1, '91310115MA00000011', '91310115MA00000011', '上海味道餐饮管理有限公司', 'COMPANY', '张三', '上海', '310115', "
            "'H6210', '餐饮服务', '2024-03-01', 'ACTIVE', 1, :t, :t)"), {"t": now})
        raw = conn.connection.dbapi_connection
        with raw.cursor() as cur:
            with cur.copy("COPY disclosure (kind, source_id, entity_id, uscc, department_id, decided_on, due_on, published_at, "
                          "status, public_until, severity, fields, missing, version, updated_at) FROM STDIN") as cp:
                fields = json.dumps(SNAPSHOT["fields"], ensure_ascii=False)
                for i in range(1, disclosures + 1):
                    cp.write_row(("PENALTY", i, 1, "91310115MA00000011", 1, date(2026, 11, 16), date(2026, 11, 25), now,
                                  "PUBLIC", date(2027, 11, 16), "ORDINARY", fields, "[]", 1, now))
            with cur.copy("COPY disclosure_change (disclosure_id, kind, event, at, record) FROM STDIN") as cp:
                for i in range(n):
                    did = i % disclosures + 1
                    snap = dict(SNAPSHOT, id=did, uscc="91310115MA00000011")
                    cp.write_row((did, "PENALTY", "PUBLISHED", now, json.dumps(snap, ensure_ascii=False)))
        conn.execute(sa.text("ANALYZE disclosure_change"))


def pull_resolver_path(engine, page: int) -> int:
    from api.graphql.disclosures import feed_page
    n, cursor = 0, None
    with new_session(engine) as s:
        while True:
            p = feed_page(s, after=cursor, first=page)
            s.rollback()
            n += len(p.changes)
            cursor = p.end_cursor
            if not p.has_next_page:
                return n


def pull_http(engine, page: int, limit: int) -> int:
    from starlette.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    app = create_app(Settings(database_url=str(engine.url), secret_key="b" * 40, environment="test"), engine=engine)
    n, cursor = 0, None
    with TestClient(app) as client:
        while n < limit:
            r = client.post("/graphql", json={"query": FEED_QUERY, "variables": {"after": cursor, "first": page}})
            data = r.json()["data"]["disclosureFeed"]
            n += len(data["changes"])
            cursor = data["endCursor"]
            if not data["hasNextPage"]:
                break
    return n


def pull_raw(engine) -> int:
    import orjson
    n = 0
    raw = engine.raw_connection()
    try:
        with raw.dbapi_connection.cursor(name="feed_floor") as cur:
            cur.itersize = 5000
            cur.execute("SELECT seq, disclosure_id, kind, event, at, record FROM disclosure_change ORDER BY seq")
            for seq, did, kind, event, at, record in cur:
                orjson.dumps({"seq": seq, "disclosureId": did, "kind": kind, "event": event, "at": at, "record": record})
                n += 1
        raw.rollback()
    finally:
        raw.close()
    return n


def timed(label: str, fn, *args) -> float:
    t = time.perf_counter()
    n = fn(*args)
    dt = time.perf_counter() - t
    rate = n / dt if dt else float("inf")
    print(f"{label:<48} {n:>9} records {dt:8.2f} s {rate:12,.0f} records/s")
    return rate


def main() -> None:
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
        load(engine, args.records)
        print(f"loaded {args.records} feed rows with COPY in {time.perf_counter() - t:.1f} s")
    floor = timed("raw SQL, one statement, orjson (floor)", pull_raw, engine)
    resolver = timed(f"disclosureFeed resolver path, pages of {args.page}", pull_resolver_path, engine, args.page)
    http = timed(f"HTTP /graphql, pages of {args.page}", pull_http, engine, args.page, args.http_records)
    print(f"ratio resolver path / floor: {resolver / floor:.2f}; HTTP / floor: {http / floor:.2f}")


if __name__ == "__main__":
    main()
