"""一户一档: one entity's file by credit code, and a page of entities with nested permits."""
from __future__ import annotations

import time

import orjson

from . import Result, Timings, register
from .env import Env, count_statements, gql

VIEWER = "PD-SCJGJ"  # the registering department: responsible for every entity it registered

ENTITY_FILE = """
query EntityFile($uscc: String!) {
  entity(uscc: $uscc) {
    uscc name entityType legalRepresentative address status establishedOn contactPhone
    registeringDepartment { code name }
    permits(first: 20) { edges { node { number status decisionDate validTo item { code name } issuingDepartment { name } } } }
    notifications { role ackDue acknowledgedAt department { name } }
    inspections(first: 5) { edges { node { objectKey status resultsDue checkedOn summary plan { name } } } }
    disclosures(first: 5) { edges { node { kind status version decidedOn publicUntil } } }
  }
}"""

ENTITY_FILE_FLOOR = """
SELECT json_build_object(
  'uscc', e.uscc, 'name', e.name, 'entityType', e.entity_type, 'legalRepresentative', e.legal_representative,
  'address', e.address, 'status', e.status, 'establishedOn', e.established_on, 'contactPhone', e.contact_phone,
  'registeringDepartment', (SELECT json_build_object('code', d.code, 'name', d.name) FROM department d
                            WHERE d.id = e.registering_department_id),
  'permits', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'number', p.number, 'status', p.status, 'decisionDate', p.decision_date, 'validTo', p.valid_to,
        'item', json_build_object('code', i.code, 'name', i.name), 'issuingDepartment', json_build_object('name', d.name)
      )) ORDER BY p.id), '[]'::json)
      FROM (SELECT * FROM permit WHERE entity_id = e.id ORDER BY id LIMIT 20) p
      JOIN permit_item i ON i.id = p.item_id JOIN department d ON d.id = p.issuing_department_id)),
  'notifications', (SELECT coalesce(json_agg(json_build_object('role', n.role, 'ackDue', n.ack_due,
        'acknowledgedAt', n.acknowledged_at, 'department', json_build_object('name', d.name)) ORDER BY n.id), '[]'::json)
      FROM notification n JOIN department d ON d.id = n.department_id WHERE n.entity_id = e.id),
  'inspections', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'objectKey', t.object_key, 'status', t.status, 'resultsDue', t.results_due, 'checkedOn', t.checked_on,
        'summary', t.summary, 'plan', json_build_object('name', pl.name))) ORDER BY t.id DESC), '[]'::json)
      FROM (SELECT * FROM inspection_task WHERE entity_id = e.id AND EXISTS (
              SELECT 1 FROM task_department td WHERE td.task_id = inspection_task.id AND td.department_id = %s)
            ORDER BY id DESC LIMIT 5) t JOIN inspection_plan pl ON pl.id = t.plan_id)),
  'disclosures', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'kind', x.kind, 'status', x.status, 'version', x.version, 'decidedOn', x.decided_on,
        'publicUntil', x.public_until)) ORDER BY x.id DESC), '[]'::json)
      FROM (SELECT * FROM disclosure WHERE uscc = e.uscc AND status = 'PUBLIC'
              AND (public_until IS NULL OR public_until >= current_date) ORDER BY id DESC LIMIT 5) x)))
FROM market_entity e
WHERE e.uscc = %s AND EXISTS (SELECT 1 FROM entity_assignment a WHERE a.entity_id = e.id AND a.department_id = %s)
"""

ENTITIES_PAGE = """
query Page($first: Int!) {
  entities(first: $first) {
    edges { cursor node { uscc name status permits(first: 5) { edges { node { number status item { code } } } } } }
    pageInfo { endCursor hasNextPage }
  }
}"""

ENTITIES_PAGE_FLOOR = """
SELECT coalesce(json_agg(json_build_object('node', json_build_object('uscc', e.uscc, 'name', e.name, 'status', e.status,
  'permits', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object(
      'number', p.number, 'status', p.status, 'item', json_build_object('code', i.code))) ORDER BY p.id), '[]'::json)
    FROM (SELECT * FROM permit WHERE entity_id = e.id
          AND EXISTS (SELECT 1 FROM entity_assignment a WHERE a.entity_id = e.id AND a.department_id = %s)
          ORDER BY id LIMIT 5) p JOIN permit_item i ON i.id = p.item_id)))) ORDER BY e.id), '[]'::json)
FROM (SELECT * FROM market_entity ORDER BY id LIMIT %s) e
"""


def _floor(cur, sql: str, params) -> bytes:
    cur.execute(sql, params)
    return orjson.dumps({"data": cur.fetchone()[0]})


@register("entity_file", order=10)
def entity_file(env: Env) -> list[Result]:
    """entity(uscc:) with permits, pushes, the latest inspections and public records, by a department key that
    may read the file."""
    token = env.token(VIEWER)
    dept = env.department_id(VIEWER)
    usccs = env.sample_usccs()
    api, floor = Timings(), Timings()
    conn = env.raw_connection() if env.postgresql else None

    stmts = {}

    async def go():
        async with env.client() as client:
            await gql(client, ENTITY_FILE, {"uscc": usccs[1]}, token)  # the worker caches the catalogue
            with count_statements(env.engine) as c:
                await gql(client, ENTITY_FILE, {"uscc": usccs[0]}, token)
            stmts["n"] = c["n"]
            for i in range(env.iterations + 20):
                u = usccs[i % len(usccs)]
                t0 = time.perf_counter()
                body = await gql(client, ENTITY_FILE, {"uscc": u}, token)
                t1 = time.perf_counter()
                assert body["data"]["entity"]["permits"]["edges"], u
                if conn is not None:
                    with conn.cursor() as cur:
                        t2 = time.perf_counter()
                        _floor(cur, ENTITY_FILE_FLOOR, (dept, u, dept))
                        t3 = time.perf_counter()
                if i >= 20:  # warm-up excluded
                    api.add(t1 - t0)
                    if conn is not None:
                        floor.add(t3 - t2)
    env.run(go())
    if conn is not None:
        conn.close()
    has_floor = bool(floor.samples)
    return [
        Result("entity file: median", api.median_ms, "ms", floor.median_ms if has_floor else None, "≤ 3× floor"),
        Result("entity file: p99", api.p99_ms, "ms", floor.p99_ms if has_floor else None, "≤ 3× floor"),
        Result("entity file: SQL statements per request", stmts["n"], "stmts", 1,
               note="key + department + catalogue version, entity + file access, permits, pushes, inspections, "
                    "public records (catalogue cached)"),
    ]


@register("entities_page", order=20)
def entities_page(env: Env) -> list[Result]:
    """entities(first: 100) with nested permits: latency, and SQL statements per request at 10 and 100."""
    token = env.token(VIEWER)
    dept = env.department_id(VIEWER)
    api, floor = Timings(), Timings()
    counts = {}
    conn = env.raw_connection() if env.postgresql else None

    async def go():
        async with env.client() as client:
            await gql(client, ENTITIES_PAGE, {"first": 10}, token)  # the worker caches the catalogue
            for first in (10, 100):
                with count_statements(env.engine) as c:
                    body = await gql(client, ENTITIES_PAGE, {"first": first}, token)
                assert len(body["data"]["entities"]["edges"]) == min(first, env.entities)
                counts[first] = c["n"]
            for i in range(max(env.iterations // 5, 20) + 5):
                t0 = time.perf_counter()
                await gql(client, ENTITIES_PAGE, {"first": 100}, token)
                t1 = time.perf_counter()
                if conn is not None:
                    with conn.cursor() as cur:
                        t2 = time.perf_counter()
                        _floor(cur, ENTITIES_PAGE_FLOOR, (dept, 100))
                        t3 = time.perf_counter()
                if i >= 5:
                    api.add(t1 - t0)
                    if conn is not None:
                        floor.add(t3 - t2)
    env.run(go())
    if conn is not None:
        conn.close()
    has_floor = bool(floor.samples)
    return [
        Result("entities(first: 100) + permits: median", api.median_ms, "ms", floor.median_ms if has_floor else None),
        Result("entities(first: 100) + permits: p99", api.p99_ms, "ms", floor.p99_ms if has_floor else None),
        Result("SQL statements per request, first: 10", counts[10], "stmts", 1, "same at 10 and 100"),
        Result("SQL statements per request, first: 100", counts[100], "stmts", 1, "same at 10 and 100",
               note="ok" if counts[10] == counts[100] else "GROWS with page size"),
    ]
