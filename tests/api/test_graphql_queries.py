"""Reading through /graphql: lookups, filters, keyset pagination, limits, global IDs, the viewer,
access explanations, audit records, error masking and the HTTP door itself."""
from __future__ import annotations

import asyncio
import contextlib
from datetime import date

import pytest
from strawberry import relay

from api.graphql import queries as queries_module
from supervision import entities as entities_mod, permits as permits_mod
from tests.conftest import TODAY, actor_of, count_statements, gql, make_uscc

ANON = "anonymous"
PUBLIC_KEY = "public"
DEPARTMENTS = ["T-SCJ", "T-WJW", "T-JYJ", "T-SPJ", "T-WLJ", "T-MZJ", "T-SYJ", "T-DCS", "T-FGW", "T-DSJ"]
ACTORS = [ANON, PUBLIC_KEY, *DEPARTMENTS]
WORLD_ORDER = ["restaurant", "barber", "school", "pharmacy", "plain"]


def token(world, actor: str) -> str | None:
    return None if actor == ANON else world.keys[actor]


def only_error(body: dict) -> dict:
    assert len(body.get("errors") or []) == 1, body
    return body["errors"][0]


@pytest.fixture
def varied(world):
    """Three more entities, registered by T-SCJ, differing in region, industry, type, name and status."""
    with contextlib.closing(world.session()) as s:
        reg = actor_of(s, "T-SCJ")

        def register(label, n, kind, name, region, industry, address):
            e = entities_mod.register_entity(
                session=s, actor=reg, uscc=make_uscc(n, kind), name=name,
                entity_type="INDIVIDUAL_BUSINESS" if kind == "2" else "COMPANY", legal_representative="王五",
                address=address, region=region, industry_code=industry, business_scope="一般项目：咨询服务。",
                established_on=date(2023, 1, 5), today=TODAY)
            world.entities[label] = e.uscc

        register("cafe", 11, "2", "静安区南京西路咖啡馆", "310106", "H6241", "上海市静安区南京西路1号")
        register("tech", 12, "1", "上海A_B科技有限公司", "310115", "I6510", "上海市浦东新区祖冲之路12号")
        register("closed", 13, "1", "上海旧日贸易有限公司", "310115", "F5191", "上海市浦东新区东方路13号")
        entities_mod.change_entity_status(session=s, actor=reg, uscc=world.entities["closed"], status="REVOKED",
                                          reason="吊销营业执照")
        s.commit()
    return world


LIST = "query($f: EntityFilter, $first: Int, $after: String) { entities(filter: $f, first: $first, after: $after) { edges { node { uscc } } } }"


def listed(client, world, f: dict | None, actor: str = ANON) -> list[str]:
    body = gql(client, LIST, {"f": f, "first": 100}, token(world, actor))
    assert "errors" not in body, body
    labels = {v: k for k, v in world.entities.items()}
    return [labels[e["node"]["uscc"]] for e in body["data"]["entities"]["edges"]]


# --- entity(uscc:) -----------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", [
    lambda c: c.lower(),
    lambda c: f"{c[:6]} {c[6:12]} {c[12:]}",
    lambda c: f"{c[:2]}-{c[2:8]}-{c[8:]}",
    lambda c: f"  {c.lower()}\t",
    lambda c: "".join(chr(ord(ch) + 0xFEE0) for ch in c),  # full-width, as typed with a Chinese IME
], ids=["lower", "spaces", "hyphens", "padded", "full-width"])
def test_entity_is_found_by_its_code_however_it_is_written__004_s5(client, world, spelling):
    """§5: every record is matched to an entity by its credit code, so formatting must not matter."""
    code = world.entities["barber"]

    body = gql(client, "query($u: String!) { entity(uscc: $u) { uscc name } }", {"u": spelling(code)})

    assert body == {"data": {"entity": {"uscc": code, "name": "浦东新区张江理发店"}}}


@pytest.mark.parametrize("code", [make_uscc(77), "not a code", ""])
def test_unknown_entity_is_null_without_error(client, world, code):
    assert gql(client, "query($u: String!) { entity(uscc: $u) { uscc } }", {"u": code}) == {"data": {"entity": None}}


# --- entities(filter:) -------------------------------------------------------------------------

@pytest.mark.parametrize("f, expected", [
    ({"nameContains": "理发"}, ["barber"]),
    ({"nameContains": " 咖啡 "}, ["cafe"]),
    ({"nameContains": "_"}, ["tech"]),  # a literal underscore, not a LIKE wildcard
    ({"nameContains": "%"}, []),
    ({"region": "310106"}, ["cafe"]),
    ({"region": "310115"}, WORLD_ORDER + ["tech", "closed"]),
    ({"industryCode": "H62"}, WORLD_ORDER + ["cafe"]),
    ({"industryCode": "h6241"}, ["cafe"]),
    ({"industryCode": "I"}, ["tech"]),
    ({"industryCode": "%"}, []),  # a literal percent sign, not a LIKE wildcard: no code starts with it
    ({"status": "REVOKED"}, ["closed"]),
    ({"status": "ACTIVE"}, WORLD_ORDER + ["cafe", "tech"]),
    ({"entityType": "INDIVIDUAL_BUSINESS"}, ["barber", "cafe"]),
    ({"addressContains": "静安区"}, ["cafe"]),
    ({"addressContains": "张江路"}, WORLD_ORDER),
    ({"region": "310115", "entityType": "COMPANY", "status": "ACTIVE", "nameContains": "有限公司"},
     ["restaurant", "school", "pharmacy", "plain", "tech"]),
    ({}, WORLD_ORDER + ["cafe", "tech", "closed"]),
], ids=lambda v: str(v) if not isinstance(v, list) else "")
def test_entities_are_searchable_by_name_industry_type_address__002_s6_3(client, varied, f, expected):
    """一户一档: searchable by name, industry, type and address (002 §六.3)."""
    assert listed(client, varied, f) == expected


@pytest.mark.parametrize("actor, expected", [
    (ANON, []),
    (PUBLIC_KEY, []),
    ("T-WJW", ["barber"]),
    ("T-JYJ", ["school"]),
    ("T-SYJ", []),
    ("T-FGW", []),
    ("T-SCJ", WORLD_ORDER + ["cafe", "tech", "closed"]),
    ("T-DCS", WORLD_ORDER + ["cafe", "tech", "closed"]),
])
def test_entities_in_my_remit(client, varied, actor, expected):
    assert listed(client, varied, {"inMyRemit": True}, actor) == expected
    assert listed(client, varied, {"inMyRemit": False}, actor) == WORLD_ORDER + ["cafe", "tech", "closed"]


# --- permits(filter:) and an entity's permits ------------------------------------------------------

PERMITS = "query($f: PermitFilter) { permits(filter: $f) { edges { node { number } } } }"
NUMBERS = {"food": "JY23101150000001", "hygiene": "沪卫公字2024第0001号", "school": "教民131011570000001号",
           "drug": "沪AA0210001"}


@pytest.mark.parametrize("f, expected", [
    ({"itemCode": "SCHOOL"}, ["school"]),
    ({"itemCode": " DRUG "}, ["drug"]),
    ({"issuingDepartmentCode": "T-SCJ"}, ["food", "drug"]),
    ({"issuingDepartmentCode": "t-wjw"}, ["hygiene"]),
    ({"issuingDepartmentCode": "NOPE"}, []),
    ({"status": "GRANTED"}, ["food", "hygiene", "school", "drug"]),
    ({"status": "REVOKED"}, []),
    ({"uscc": "91310115ma0000001y"}, ["food"]),
    ({"uscc": "91310115MA0000001Y", "itemCode": "FOOD", "issuingDepartmentCode": "T-SCJ"}, ["food"]),
    ({"uscc": "91310115MA0000001Y", "itemCode": "HYGIENE"}, []),
])
def test_permits_filter_for_oversight(client, world, f, expected):
    body = gql(client, PERMITS, {"f": f}, world.keys["T-DCS"])

    assert "errors" not in body, body
    assert [e["node"]["number"] for e in body["data"]["permits"]["edges"]] == [NUMBERS[p] for p in expected]


def test_an_entitys_permits_page_by_cursor_and_filter_by_status(client, world):
    """The restaurant holds two permits; they page one at a time and filter by status."""
    with contextlib.closing(world.session()) as s:
        p = permits_mod.record_permit(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["restaurant"],
                                      item_code="HYGIENE", number="沪卫公字2025第0002号", decision_date=date(2025, 1, 2),
                                      today=TODAY)
        permits_mod.change_permit_status(session=s, actor=actor_of(s, "T-WJW"), permit_id=p.id, status="REVOKED",
                                         reason="以欺骗手段取得许可")
        s.commit()
    query = ("query($after: String, $status: PermitStatus) { entity(uscc: \"%s\") { permits(first: 1, after: $after, status: $status) {"
             " edges { node { number status } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }") % world.entities["restaurant"]

    first = gql(client, query, {}, world.keys["T-SCJ"])["data"]["entity"]["permits"]
    second = gql(client, query, {"after": first["pageInfo"]["endCursor"]}, world.keys["T-SCJ"])["data"]["entity"]["permits"]
    revoked = gql(client, query, {"status": "REVOKED"}, world.keys["T-SCJ"])["data"]["entity"]["permits"]

    assert first["edges"] == [{"node": {"number": "JY23101150000001", "status": "GRANTED"}}]
    assert (first["pageInfo"]["hasNextPage"], first["pageInfo"]["hasPreviousPage"]) == (True, False)
    assert second["edges"] == [{"node": {"number": "沪卫公字2025第0002号", "status": "REVOKED"}}]
    assert (second["pageInfo"]["hasNextPage"], second["pageInfo"]["hasPreviousPage"]) == (False, True)
    assert [e["node"]["number"] for e in revoked["edges"]] == ["沪卫公字2025第0002号"]


# --- keyset pagination -------------------------------------------------------------------------

PAGE = ("query($first: Int, $after: String, $f: EntityFilter) { entities(first: $first, after: $after, filter: $f) {"
        " edges { cursor node { uscc } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }")


def walk(client, world, f=None, first=2):
    seen, pages, after = [], [], None
    while True:
        conn = gql(client, PAGE, {"first": first, "after": after, "f": f})["data"]["entities"]
        pages.append(conn)
        seen += [e["node"]["uscc"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = conn["pageInfo"]["endCursor"]
        assert len(pages) < 20


def test_pagination_walks_every_entity_exactly_once_in_order(client, varied):
    seen, pages = walk(client, varied)

    all_in_order = [varied.entities[k] for k in WORLD_ORDER + ["cafe", "tech", "closed"]]
    assert seen == all_in_order
    assert [len(p["edges"]) for p in pages] == [2, 2, 2, 2]
    assert [p["pageInfo"]["hasNextPage"] for p in pages] == [True, True, True, False]
    assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True, True]
    for p in pages:
        assert p["pageInfo"]["startCursor"] == p["edges"][0]["cursor"]
        assert p["pageInfo"]["endCursor"] == p["edges"][-1]["cursor"]


def test_pagination_of_a_filtered_list(client, varied):
    seen, pages = walk(client, varied, {"region": "310115", "status": "ACTIVE"}, first=3)

    assert seen == [varied.entities[k] for k in WORLD_ORDER + ["tech"]]
    assert [p["pageInfo"]["hasNextPage"] for p in pages] == [True, False]


def test_pagination_resumes_after_new_rows_without_repeating(client, varied):
    """Keyset, not offset: a row registered between two pages does not shift the next page."""
    first = gql(client, PAGE, {"first": 3})["data"]["entities"]
    with contextlib.closing(varied.session()) as s:
        entities_mod.register_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=make_uscc(50), name="上海新开张有限公司",
                                     entity_type="COMPANY", legal_representative="赵六", address="上海市浦东新区1号",
                                     region="310115", industry_code="L7212", business_scope="咨询", today=TODAY,
                                     established_on=date(2025, 1, 1))
        s.commit()

    second = gql(client, PAGE, {"first": 100, "after": first["pageInfo"]["endCursor"]})["data"]["entities"]

    got = [e["node"]["uscc"] for e in first["edges"] + second["edges"]]
    assert got == [varied.entities[k] for k in WORLD_ORDER + ["cafe", "tech", "closed"]] + [make_uscc(50)]


def test_page_of_zero_says_whether_more_exist(client, world):
    conn = gql(client, PAGE, {"first": 0})["data"]["entities"]
    assert conn["edges"] == [] and conn["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("query", [
    '{ entities(after: "%s") { edges { node { uscc } } } }',
    '{ permits(after: "%s") { edges { node { number } } } }',
    '{ departments(after: "%s") { edges { node { code } } } }',
    '{ entity(uscc: "91310115MA0000001Y") { permits(after: "%s") { edges { node { number } } } } }',
])
@pytest.mark.parametrize("cursor", ["zzz", "!!!", "azE6YWJj"], ids=["garbage", "punctuation", "k1-not-a-number"])
def test_invalid_cursor_is_a_coded_error(client, world, query, cursor):
    body = gql(client, query % cursor, token=world.keys["T-SCJ"])

    err = only_error(body)
    assert err["extensions"]["code"] == "INVALID_CURSOR"
    assert cursor in err["message"]


# --- limits before execution -------------------------------------------------------------------

@pytest.mark.parametrize("query, field", [
    ("{ entities(first: 101) { edges { node { uscc } } } }", "entities"),
    ("{ permits(first: 1000) { edges { node { number } } } }", "permits"),
    ('{ entity(uscc: "91310115MA0000001Y") { permits(first: 101) { edges { node { number } } } } }', "permits"),
])
def test_page_size_over_100_is_refused_before_execution(client, world, query, field):
    body = gql(client, query, token=world.keys["T-SCJ"])

    assert body["data"] is None
    err = only_error(body)
    assert err["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert err["extensions"]["field"] == field and err["extensions"]["limit"] == 100


def test_page_size_from_a_variable_is_refused_too(client, world):
    body = gql(client, "query($n: Int) { entities(first: $n) { edges { node { uscc } } } }", {"n": 500})

    assert body["data"] is None and only_error(body)["extensions"]["value"] == 500


DEEP = ("{ entities(first: 100) { edges { node { permits(first: 100) { edges { node { entity {"
        " permits(first: 100) { edges { node { number } } } } } } } } } } }")


def test_node_count_refusal_names_the_count(client, db, world):
    """100 + 100×100 + 100×100×100 = 1,010,100 possible nodes, over the 500,000 limit: refused unexecuted."""
    with count_statements(db) as counter:
        body = gql(client, DEEP, token=world.keys["T-DCS"])

    assert body["data"] is None
    assert not [s for s in counter.statements if "market_entity" in s or "FROM permit" in s]  # only the key lookup ran
    err = only_error(body)
    assert err["message"] == "Query would return up to 1,010,100 nodes; the limit is 500,000."
    assert err["extensions"] == {"code": "MAX_NODE_LIMIT_EXCEEDED", "nodeCount": 1_010_100, "limit": 500_000}


def test_a_query_under_the_node_limit_runs(client, world):
    body = gql(client, "{ entities(first: 100) { edges { node { permits(first: 100) { edges { node { number } } } } } } }",
               token=world.keys["T-DCS"])

    assert "errors" not in body
    assert sum(len(e["node"]["permits"]["edges"]) for e in body["data"]["entities"]["edges"]) == 4


def test_the_schema_counts_nodes_with_a_configured_limit(session, world):
    """build_schema(QueryLimits(max_nodes=1000)): entities(first: 10) with permits(first: 100) is
    10 + 10×100 = 1,010 possible nodes, refused; with permits(first: 99) it is 1,000 and runs."""
    from api.context import Context
    from api.graphql.limits import QueryLimits
    from api.graphql.schema import build_schema

    schema = build_schema(QueryLimits(max_nodes=1000))
    ctx = Context(session=session, actor=world.actor("T-DCS"))
    query = "query($n: Int) { entities(first: 10) { edges { node { permits(first: $n) { edges { node { number } } } } } } }"

    refused = asyncio.run(schema.execute(query, variable_values={"n": 100}, context_value=ctx))
    allowed = asyncio.run(schema.execute(query, variable_values={"n": 99},
                                         context_value=Context(session=session, actor=world.actor("T-DCS"))))

    assert refused.data is None
    assert refused.errors[0].message == "Query would return up to 1,010 nodes; the limit is 1,000."
    assert refused.errors[0].extensions == {"code": "MAX_NODE_LIMIT_EXCEEDED", "nodeCount": 1010, "limit": 1000}
    assert allowed.errors is None and len(allowed.data["entities"]["edges"]) == 5


TOO_DEEP = ("{ entities(first: 1) { edges { node { permits(first: 1) { edges { node { entity { permits(first: 1) {"
            " edges { node { entity { permits(first: 1) { edges { node { number } } } } } } } } } } } } } } }")


def test_too_deep_query_is_refused(client, world):
    body = gql(client, TOO_DEEP, token=world.keys["T-DCS"])

    assert body["data"] is None
    assert only_error(body)["extensions"] == {"code": "MAX_DEPTH_EXCEEDED", "limit": 12}


def test_too_many_aliases_are_refused(client, world):
    query = "{ " + " ".join(f"a{i}: viewer {{ kind }}" for i in range(31)) + " }"

    body = gql(client, query)

    assert body["data"] is None
    assert only_error(body)["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"


def test_too_many_tokens_are_refused(client):
    query = "{ " + "viewer { kind } " * 1300 + "}"  # 4 tokens per repetition: over 5,000

    body = gql(client, query)

    assert body["data"] is None
    assert only_error(body)["extensions"] == {"code": "MAX_TOKENS_EXCEEDED", "limit": 5000}


def test_limits_from_the_settings_are_enforced(db, world):
    """GRAPHQL_MAX_DEPTH and friends (api/settings.py) are the operator's knobs: a depth of 4 set
    there refuses a query of depth 6 that the default limit of 12 would let through."""
    from starlette.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(database_url=str(db.url), secret_key="t" * 40, environment="test", max_depth=4,
                              max_aliases=2), engine=db)
    with TestClient(app) as c:
        deep = gql(c, "{ entities(first: 1) { edges { node { permits(first: 1) { edges { node { number } } } } } } }",
                   token=world.keys["T-DCS"])
        aliased = gql(c, "{ a: viewer { kind } b: viewer { kind } c: viewer { kind } }")

    assert deep["data"] is None and only_error(deep)["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
    assert aliased["data"] is None and only_error(aliased)["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"


# --- departments, catalogue, global IDs --------------------------------------------------------

@pytest.mark.parametrize("kind, codes", [
    ("APPROVAL", ["T-SCJ", "T-WJW", "T-JYJ", "T-SPJ", "T-SYJ"]),
    ("COMPETENT", ["T-WJW", "T-JYJ", "T-WLJ", "T-MZJ", "T-SYJ"]),
    ("REGISTRATION", ["T-SCJ"]),
    ("OVERSIGHT", ["T-DCS"]),
    ("CREDIT", ["T-FGW"]),
    ("JUDICIAL", []),
    (None, DEPARTMENTS),
])
def test_departments_by_kind(client, world, kind, codes):
    body = gql(client, "query($k: DepartmentKind) { departments(kind: $k) { edges { node { code kinds } } } }", {"k": kind})

    nodes = [e["node"] for e in body["data"]["departments"]["edges"]]
    assert [n["code"] for n in nodes] == codes
    assert all(kind in n["kinds"] for n in nodes if kind)


ITEMS = "query($f: PermitItemFilter) { permitItems(filter: $f) { edges { node { code } } } }"


@pytest.mark.parametrize("f, codes", [
    ({"status": "DELEGATED"}, ["DRUG"]),
    ({"status": "SEPARATED"}, ["SCHOOL"]),
    ({"highRisk": True}, ["SCHOOL", "ELDER"]),
    ({"highRisk": False}, ["FOOD", "HYGIENE", "KTV", "DRUG"]),
    ({"departmentCode": "T-SCJ"}, ["FOOD", "DRUG"]),  # approving FOOD, delegated DRUG
    ({"departmentCode": "t-jyj"}, ["SCHOOL"]),  # competent of SCHOOL
    ({"departmentCode": "T-SYJ"}, ["DRUG"]),
    ({"departmentCode": "NOPE"}, []),
    ({"nameContains": "卫生"}, ["HYGIENE"]),
    ({"mode": "PRE_REGISTRATION"}, []),
    ({"mode": "POST_REGISTRATION", "highRisk": True, "status": "FILING"}, ["ELDER"]),
    (None, ["FOOD", "HYGIENE", "SCHOOL", "KTV", "ELDER", "DRUG"]),
])
def test_permit_items_filter(client, world, f, codes):
    body = gql(client, ITEMS, {"f": f})
    assert [e["node"]["code"] for e in body["data"]["permitItems"]["edges"]] == codes


def test_permit_item_shows_who_approves_supervises_and_was_delegated_to(client, world):
    body = gql(client, '{ permitItems(filter: {status: DELEGATED}) { edges { node { code status legalBasis timeLimitDays '
                       'approvingDepartment { code } competentDepartment { code } delegatedTo { code level } } } } }')

    node = body["data"]["permitItems"]["edges"][0]["node"]
    assert node == {"code": "DRUG", "status": "DELEGATED", "legalBasis": "《中华人民共和国药品管理法》第五十一条",
                    "timeLimitDays": 15, "approvingDepartment": {"code": "T-SYJ"},
                    "competentDepartment": {"code": "T-SYJ"}, "delegatedTo": {"code": "T-SCJ", "level": "DISTRICT"}}


@pytest.mark.parametrize("list_query, fragment, key", [
    ("{ departments(first: 3) { edges { node { id code } } } }", "... on Department { code }", "code"),
    ("{ permitItems(first: 3) { edges { node { id code } } } }", "... on PermitItem { code }", "code"),
    ("{ entities(first: 3) { edges { node { id uscc } } } }", "... on MarketEntity { uscc }", "uscc"),
])
def test_global_ids_round_trip_through_node(client, world, list_query, fragment, key):
    body = gql(client, list_query)
    field = next(iter(body["data"]))
    listed_nodes = [e["node"] for e in body["data"][field]["edges"]]

    for n in listed_nodes:
        got = gql(client, "query($id: ID!) { node(id: $id) { id %s } }" % fragment, {"id": n["id"]})
        assert got == {"data": {"node": {"id": n["id"], key: n[key]}}}
    many = gql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [n["id"] for n in reversed(listed_nodes)]})
    assert [n["id"] for n in many["data"]["nodes"]] == [n["id"] for n in reversed(listed_nodes)]


def test_node_of_an_entity_shows_public_fields_to_the_public_only(client, world):
    gid = relay.to_base64("MarketEntity", 2)

    public = gql(client, "query($id: ID!) { node(id: $id) { ... on MarketEntity { uscc contactPhone } } }", {"id": gid})
    own = gql(client, "query($id: ID!) { node(id: $id) { ... on MarketEntity { uscc contactPhone } } }", {"id": gid},
              world.keys["T-WJW"])

    assert public["data"]["node"] == {"uscc": world.entities["barber"], "contactPhone": None}
    assert own["data"]["node"] == {"uscc": world.entities["barber"], "contactPhone": "021-58880002"}


@pytest.mark.parametrize("gid", [relay.to_base64("Department", 999), relay.to_base64("PermitItem", 999),
                                 relay.to_base64("MarketEntity", 999), relay.to_base64("AuditRecord", 999)])
def test_node_of_a_missing_object_is_null(client, world, gid):
    assert gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid}, world.keys["T-DCS"]) == {"data": {"node": None}}


@pytest.mark.parametrize("bad_id", ["garbage", "not base64!", "TWFya2V0RW50aXR5"], ids=["garbage", "punctuation", "no-colon"])
def test_a_malformed_global_id_is_the_clients_mistake_not_an_internal_error(client, world, bad_id):
    """A mistyped ID is bad input: it answers null (as a missing object does) or names the problem
    with a code; it is not reported as the server's unexpected failure."""
    body = gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": bad_id}, world.keys["T-DCS"])

    assert body["data"] is None or body["data"]["node"] is None
    for err in body.get("errors", []):
        assert err["extensions"]["code"] != "INTERNAL_ERROR", err
        assert err["message"] != "Unexpected error."


def test_nodes_mixes_types_keeps_order_and_answers_unknown_types_with_null(client, world):
    ids = [relay.to_base64("Permit", world.permits["food"]), relay.to_base64("Department", 1),
           relay.to_base64("NoSuchType", 1), relay.to_base64("MarketEntity", 1), relay.to_base64("Permit", 999_999)]

    body = gql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }", {"ids": ids}, world.keys["T-SCJ"])

    assert body == {"data": {"nodes": [{"__typename": "Permit"}, {"__typename": "Department"}, None,
                                       {"__typename": "MarketEntity"}, None]}}


def test_nodes_refuses_more_than_100_ids(client, world):
    ids = [relay.to_base64("MarketEntity", i) for i in range(1, 102)]

    body = gql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})

    assert only_error(body)["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert "101" in only_error(body)["message"]


def test_node_of_an_audit_record_follows_the_audit_rule(client, world):
    """A department reads its own audit records by id; another department's record is null."""
    own = gql(client, '{ auditRecords(act: "permit.record") { edges { node { id } } } }', token=world.keys["T-WJW"])
    gid = own["data"]["auditRecords"]["edges"][0]["node"]["id"]
    query = "query($id: ID!) { node(id: $id) { ... on AuditRecord { act } } }"

    assert gql(client, query, {"id": gid}, world.keys["T-WJW"])["data"]["node"] == {"act": "permit.record"}
    assert gql(client, query, {"id": gid}, world.keys["T-DCS"])["data"]["node"] == {"act": "permit.record"}
    assert gql(client, query, {"id": gid}, world.keys["T-JYJ"])["data"]["node"] is None
    assert gql(client, query, {"id": gid})["data"]["node"] is None


# --- viewer ------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor", ACTORS)
def test_viewer_says_who_is_asking(client, world, actor):
    body = gql(client, "{ viewer { kind label roles department { code name } } }", token=token(world, actor))

    v = body["data"]["viewer"]
    assert v["roles"] == []
    if actor == ANON:
        assert v == {"kind": "PUBLIC", "label": "公众", "roles": [], "department": None}
    elif actor == PUBLIC_KEY:
        assert v["kind"] == "KEY" and v["department"] is None and "portal" in v["label"]
    else:
        assert v["kind"] == "KEY" and v["department"]["code"] == actor
        assert v["department"]["name"] in v["label"]


# --- explainAccess -----------------------------------------------------------------------------

EXPLAIN = """query($u: String!) { explainAccess(uscc: $u) { entity { uscc } canReadPublic canReadFile summary
  reasons { rule description sourceKind sourceId itemCode department { code name } } } }"""


def test_explain_access_gives_rule_department_and_item__001_s1_1_2(client, world):
    """审管分离: the approval bureau is told which rules, items and records let it read the school:
    the registration pushed to it (§9) and the permit it granted."""
    body = gql(client, EXPLAIN, {"u": world.entities["school"].lower()}, world.keys["T-SPJ"])

    ex = body["data"]["explainAccess"]
    assert ex["entity"]["uscc"] == world.entities["school"]
    assert ex["canReadFile"] is True and "监管职责" in ex["summary"]
    pushed, *rest = ex["reasons"]
    assert (pushed["rule"], pushed["sourceKind"], pushed["department"]["code"]) == ("ROUTED", "notification", "T-SPJ")
    assert "推送" in pushed["description"]
    assert rest == [{
        "rule": "SEPARATED_APPROVAL",
        "description": "审管分离：本部门集中审批“民办学校办学许可”，与行业主管部门双向信息互通",
        "sourceKind": "permit", "sourceId": world.permits["school"], "itemCode": "SCHOOL",
        "department": {"code": "T-SPJ", "name": "测试区行政审批局"}}]


def test_explain_access_for_the_registering_department(client, world):
    ex = gql(client, EXPLAIN, {"u": world.entities["plain"]}, world.keys["T-SCJ"])["data"]["explainAccess"]

    assert [(r["rule"], r["sourceKind"], r["itemCode"], r["department"]["name"]) for r in ex["reasons"]] == [
        ("REGISTERED", "registration", None, "测试区市场监督管理局")]
    assert ex["reasons"][0]["description"] == "本部门是该主体的登记机关"


def test_explain_access_out_of_remit_and_public(client, world):
    out = gql(client, EXPLAIN, {"u": world.entities["restaurant"]}, world.keys["T-FGW"])["data"]["explainAccess"]
    public = gql(client, EXPLAIN, {"u": world.entities["restaurant"]})["data"]["explainAccess"]

    assert (out["canReadPublic"], out["canReadFile"], out["reasons"]) == (True, False, [])
    assert "没有监管职责" in out["summary"]
    assert (public["canReadPublic"], public["canReadFile"], public["reasons"]) == (True, False, [])
    assert "公众" in public["summary"]


def test_explain_access_of_an_unknown_entity_is_null(client, world):
    assert gql(client, EXPLAIN, {"u": make_uscc(4242)}, world.keys["T-DCS"]) == {"data": {"explainAccess": None}}


# --- auditRecords ------------------------------------------------------------------------------

AUDIT = ("query($act: String, $t: String, $after: String) { auditRecords(act: $act, targetId: $t, first: 100, after: $after) {"
         " edges { node { act actor actorLabel targetType targetId hash prevHash department { code } } }"
         " pageInfo { hasNextPage endCursor } } }")


def test_audit_records_are_searchable_by_act_and_target__002_s5_3_3(client, world):
    """可检索: the registering department finds its registration of the barber by act and target."""
    barber = world.entities["barber"]

    own = gql(client, AUDIT, {"act": "entity.register", "t": barber}, world.keys["T-SCJ"])["data"]["auditRecords"]["edges"]
    other = gql(client, AUDIT, {"act": "entity.register", "t": barber}, world.keys["T-WJW"])["data"]["auditRecords"]["edges"]
    overseen = gql(client, AUDIT, {"act": "permit.record"}, world.keys["T-DCS"])["data"]["auditRecords"]["edges"]

    assert [(e["node"]["act"], e["node"]["targetType"], e["node"]["targetId"], e["node"]["department"]["code"])
            for e in own] == [("entity.register", "MarketEntity", barber, "T-SCJ")]
    assert other == []
    assert sorted(e["node"]["department"]["code"] for e in overseen) == ["T-SCJ", "T-SCJ", "T-SPJ", "T-WJW"]


def test_audit_records_seen_by_oversight_form_one_chain__002_s5_3_3(client, world):
    """可追溯: each record carries the hash of the one before it."""
    nodes, after = [], None
    while True:
        conn = gql(client, AUDIT, {"after": after}, world.keys["T-DCS"])["data"]["auditRecords"]
        nodes += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]

    assert nodes[0]["prevHash"] == "0" * 64
    assert all(b["prevHash"] == a["hash"] for a, b in zip(nodes, nodes[1:]))
    assert len({n["hash"] for n in nodes}) == len(nodes) > 30


@pytest.mark.parametrize("actor", [ANON, PUBLIC_KEY])
def test_audit_records_are_closed_to_the_public(client, world, actor):
    body = gql(client, AUDIT, {}, token(world, actor))
    assert "errors" not in body and body["data"]["auditRecords"]["edges"] == []


# --- errors and the HTTP door ------------------------------------------------------------------

def test_internal_errors_are_masked(client, world, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("secret: password=hunter2")

    monkeypatch.setattr(queries_module, "explain_access", boom)

    r = client.post("/graphql", json={"query": '{ explainAccess(uscc: "%s") { canReadFile } }' % world.entities["plain"]},
                    headers={"Authorization": f"Bearer {world.keys['T-SCJ']}"})

    assert r.status_code == 200
    err = only_error(r.json())
    assert err["message"] == "Unexpected error." and err["extensions"] == {"code": "INTERNAL_ERROR"}
    assert "secret" not in r.text and "hunter2" not in r.text and "RuntimeError" not in r.text
    assert "hunter2" in caplog.text  # the operator still sees it in the log


def test_internal_error_in_one_field_leaves_the_others(client, world, monkeypatch):
    monkeypatch.setattr(queries_module, "explain_access", lambda *a, **k: 1 / 0)

    body = gql(client, '{ viewer { kind } explainAccess(uscc: "%s") { canReadFile } }' % world.entities["plain"])

    assert body["data"] == {"viewer": {"kind": "PUBLIC"}, "explainAccess": None}
    assert only_error(body)["message"] == "Unexpected error."


def test_graphiql_page_for_a_browser(client):
    r = client.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml"})

    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "graphiql" in r.text.lower()


def test_get_without_html_is_refused(client):
    r = client.get("/graphql", params={"query": "{ viewer { kind } }"}, headers={"Accept": "application/json"})

    assert r.status_code == 405
    assert r.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_post_with_another_content_type_is_415(client, content_type):
    r = client.post("/graphql", content=b'{"query": "{ viewer { kind } }"}', headers={"Content-Type": content_type})

    assert r.status_code == 415
    assert r.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_post_with_json_charset_is_accepted(client):
    r = client.post("/graphql", content='{"query": "{ viewer { kind } }"}'.encode(),
                    headers={"Content-Type": "application/json; charset=utf-8"})

    assert r.status_code == 200 and r.json() == {"data": {"viewer": {"kind": "PUBLIC"}}}


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"variables": {}}', b'{"query": 5}', b'{"query": "{ viewer { kind } }", "variables": [1]}'])
def test_malformed_body_is_400(client, raw):
    r = client.post("/graphql", content=raw, headers={"Content-Type": "application/json"})

    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_oversized_body_is_413(client):
    r = client.post("/graphql", json={"query": "{ viewer { kind } }", "variables": {"pad": "x" * 1_100_000}})

    assert r.status_code == 413


def test_request_id_is_echoed(client, world):
    r = client.post("/graphql", json={"query": "{ viewer { kind } }"}, headers={"X-Request-Id": "req-abc-123"})

    assert r.headers["x-request-id"] == "req-abc-123"
    assert r.headers["x-request-id"] != client.post("/graphql", json={"query": "{ viewer { kind } }"}).headers["x-request-id"]
