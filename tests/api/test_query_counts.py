"""No N+1: a list query's number of SQL statements does not grow with the number of rows.

Each query is measured on the five-entity district, then the district grows to 100 entities with
permits of the same items (recorded through the domain functions, by the same departments) and the
same query is measured again. The key lookup adds a constant, the same in both measurements.
Each measurement follows one unmeasured run of the same query: the first request after a catalogue
change reads the departments and items into the worker's cache (tests/api/test_catalogue_cache.py
counts that cold request), and the counts compared here are those of the requests after it.
"""
from __future__ import annotations

import contextlib
from datetime import date

import pytest
from strawberry import relay

from supervision import entities as entities_mod, permits as permits_mod
from tests.conftest import COMMITMENT, TODAY, actor_of, count_statements, gql, make_uscc

ACTORS = ["T-SCJ", "T-WJW", "T-JYJ", "T-DCS", "public", "anonymous"]

ENTITIES = """
query {
  entities(first: 100) { edges { node {
    uscc contactPhone viewerCanReadFile registeringDepartment { name }
    permits(first: 10) { edges { node {
      number item { name approvingDepartment { name } } issuingDepartment { name }
    } } }
  } } }
}"""

PERMITS = """
query {
  permits(first: 100) { edges { node {
    number status
    entity { uscc name contactPhone viewerCanReadFile registeringDepartment { name } }
    item { code approvingDepartment { name } competentDepartment { name } delegatedTo { name } }
    issuingDepartment { name }
  } } }
}"""

NODES = """
query($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on MarketEntity { uscc contactPhone viewerCanReadFile registeringDepartment { name }
                          permits(first: 5) { edges { node { number item { code } } } } }
    ... on Permit { number item { code approvingDepartment { name } } issuingDepartment { name } }
  }
}"""


def grow(world, total: int = 100) -> None:
    """Register entities up to `total` in the district's own pattern: in turn a scope calling for FOOD,
    HYGIENE, SCHOOL or DRUG (with the commitment, §8) and that one permit, recorded by the department
    that approves the item, or a scope calling for none and no permit."""
    with contextlib.closing(world.session()) as s:
        approvers = {"FOOD": actor_of(s, "T-SCJ"), "HYGIENE": actor_of(s, "T-WJW"), "SCHOOL": actor_of(s, "T-SPJ"),
                     "DRUG": actor_of(s, "T-SCJ")}
        cycle = ["FOOD", "HYGIENE", "SCHOOL", "DRUG", None]
        scopes = {"FOOD": "许可项目：餐饮服务。", "HYGIENE": "许可项目：理发服务。", "SCHOOL": "许可项目：民办教育。",
                  "DRUG": "许可项目：药品零售。", None: "一般项目：技术服务。"}
        for i in range(total - len(world.entities)):
            item = cycle[i % len(cycle)]
            e = entities_mod.register_entity(
                session=s, actor=approvers["FOOD"], uscc=make_uscc(1000 + i), name=f"上海增长{i}号有限公司",
                entity_type="COMPANY", legal_representative="周七", address=f"上海市浦东新区川沙路{i}号",
                region="310115", industry_code="H6210", business_scope=scopes[item], commitment=COMMITMENT,
                established_on=date(2024, 1, 2), contact_phone=f"021-6000{i:04d}", today=TODAY)
            world.entities[f"grown{i}"] = e.uscc
            if item:
                p = permits_mod.record_permit(session=s, actor=approvers[item], uscc=e.uscc, item_code=item,
                                              number=f"{item}-2025-{i:05d}", decision_date=date(2025, 2, 3),
                                              valid_to=date(2030, 2, 2), today=TODAY)
                world.permits[f"grown{i}"] = p.id
        s.commit()


def measure(client, db, world, actor: str, query: str, variables: dict | None = None) -> tuple[int, dict]:
    tok = None if actor == "anonymous" else world.keys[actor]
    gql(client, query, variables, tok)  # warm: the catalogue is cached
    with count_statements(db) as counter:
        body = gql(client, query, variables, tok)
    assert "errors" not in body, body
    return counter.count, body


def visible_permits(body: dict) -> int:
    return sum(len(e["node"]["permits"]["edges"]) for e in body["data"]["entities"]["edges"])


@pytest.mark.parametrize("actor", ACTORS)
def test_entities_list_statement_count_does_not_grow_with_rows(client, db, world, actor):
    small, small_body = measure(client, db, world, actor, ENTITIES)
    grow(world)

    big, big_body = measure(client, db, world, actor, ENTITIES)

    assert len(small_body["data"]["entities"]["edges"]) == 5
    assert len(big_body["data"]["entities"]["edges"]) == 100
    if actor not in ("public", "anonymous"):
        assert visible_permits(big_body) > visible_permits(small_body)
    assert big == small, f"{small} statements for 5 entities, {big} for 100"
    assert small <= 4  # key (+ department, catalogue version), entities, file access, permits


@pytest.mark.parametrize("actor", ACTORS)
def test_permits_list_statement_count_does_not_grow_with_rows(client, db, world, actor):
    small, small_body = measure(client, db, world, actor, PERMITS)
    grow(world)

    big, big_body = measure(client, db, world, actor, PERMITS)

    if actor in ("T-SCJ", "T-DCS"):
        assert len(small_body["data"]["permits"]["edges"]) == 4
        assert len(big_body["data"]["permits"]["edges"]) == 80
    assert big == small, f"{small} statements for the small district, {big} for the large one"
    assert small <= 4


@pytest.mark.parametrize("actor", ACTORS)
def test_nodes_statement_count_does_not_grow_with_ids(client, db, world, actor):
    def ids(n_entities: int, n_permits: int) -> list[str]:
        return ([relay.to_base64("MarketEntity", i) for i in range(1, n_entities + 1)]
                + [relay.to_base64("Permit", i) for i in range(1, n_permits + 1)])

    small, small_body = measure(client, db, world, actor, NODES, {"ids": ids(5, 4)})
    grow(world)

    big, big_body = measure(client, db, world, actor, NODES, {"ids": ids(50, 50)})

    assert len(big_body["data"]["nodes"]) == 100
    if actor == "T-DCS":
        assert all(n is not None for n in big_body["data"]["nodes"])
    assert big == small, f"{small} statements for 9 ids, {big} for 100"
    assert small <= 5


def test_nested_permit_pages_share_one_statement(client, db, world):
    """Asking for each entity's permits with the same page arguments loads them together, once,
    and each entity's page still stops at its own `first`."""
    grow(world)
    with contextlib.closing(world.session()) as s:
        permits_mod.record_permit(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["restaurant"],
                                  item_code="HYGIENE", number="沪卫公字2025第9999号", decision_date=date(2025, 2, 3),
                                  today=TODAY)
        s.commit()

    with count_statements(db) as counter:
        body = gql(client, "{ entities(first: 100) { edges { node { uscc permits(first: 1) { edges { node { number } } "
                           "pageInfo { hasNextPage } } } } } }", token=world.keys["T-DCS"])

    assert len([s for s in counter.statements if "FROM permit" in s]) == 1
    pages = {e["node"]["uscc"]: e["node"]["permits"] for e in body["data"]["entities"]["edges"]}
    assert sum(len(p["edges"]) for p in pages.values()) == 4 + 76  # the entities holding a permit
    more = [uscc for uscc, p in pages.items() if p["pageInfo"]["hasNextPage"]]
    assert more == [world.entities["restaurant"]]
    assert pages[world.entities["restaurant"]]["edges"] == [{"node": {"number": "JY23101150000001"}}]
