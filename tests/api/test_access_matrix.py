"""The authorization matrix over HTTP: every kind of actor × every act × in / out of remit.

Who reads which entity's non-public file follows 谁审批、谁监管，谁主管、谁监管 (000 §(四);
001 §一.(一).2): the approving department (rule 1), under 审管分离 the competent department and
the central approval bureau (rule 2), for a delegated item the department it was delegated to
(rule 5), and the registering department. Oversight (督查) reads everything. Reading what one may
not see answers as if it did not exist; being refused an act is a top-level FORBIDDEN error.
"""
from __future__ import annotations

import contextlib
import copy

import pytest
import sqlalchemy as sa
from strawberry import relay

import models
from supervision import accounts, catalogue
from supervision.actors import SYSTEM
from tests.conftest import CATALOGUE, gql, make_uscc

ANON = "anonymous"
PUBLIC_KEY = "public"
DEPARTMENTS = ["T-SCJ", "T-WJW", "T-JYJ", "T-SPJ", "T-WLJ", "T-MZJ", "T-SYJ", "T-DCS", "T-FGW", "T-DSJ"]
ACTORS = [ANON, PUBLIC_KEY, *DEPARTMENTS]

ENTITIES = ["restaurant", "barber", "school", "pharmacy", "plain"]
PHONES = {"restaurant": "021-58880001", "barber": "021-58880002", "school": "021-58880003",
          "pharmacy": "021-58880004", "plain": "021-58880005"}
NUMBERS = {"food": "JY23101150000001", "hygiene": "沪卫公字2024第0001号", "school": "教民131011570000001号",
           "drug": "沪AA0210001"}
PERMITS_OF = {"restaurant": ["food"], "barber": ["hygiene"], "school": ["school"], "pharmacy": ["drug"], "plain": []}

# Who reads which entity's file: T-SCJ registered all five; T-DCS is oversight. Each other reader
# was told of the registration (双告知, §9) and holds the entity's permit.
FILE_READERS = {
    "restaurant": {"T-SCJ", "T-DCS"},  # FOOD approved by T-SCJ (rule 1)
    "barber": {"T-SCJ", "T-WJW", "T-DCS"},  # HYGIENE approved by T-WJW (rule 1)
    "school": {"T-SCJ", "T-SPJ", "T-JYJ", "T-DCS"},  # SCHOOL 审管分离 (rule 2)
    "pharmacy": {"T-SCJ", "T-DCS"},  # DRUG delegated from city T-SYJ to T-SCJ (rule 5)
    "plain": {"T-SCJ", "T-DCS"},  # no permit: the registrar only
}
READ_TABLE = [(actor, label, actor in FILE_READERS[label]) for actor in ACTORS for label in ENTITIES]
PERMITS_SEEN = {a: {p for label in ENTITIES if a in FILE_READERS[label] for p in PERMITS_OF[label]} for a in ACTORS}


def token(world, actor: str) -> str | None:
    return None if actor == ANON else world.keys[actor]


def permit_gid(pk: int) -> str:
    return relay.to_base64("Permit", pk)


def counts(world) -> dict[str, int]:
    """Rows of every table, read in a fresh session (not one opened before the request)."""
    with contextlib.closing(world.session()) as s:
        return {t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in models.metadata.sorted_tables}


def only_error(body: dict) -> dict:
    assert len(body.get("errors") or []) == 1, body
    return body["errors"][0]


ENTITY_FILE = """
query($uscc: String!) {
  entity(uscc: $uscc) {
    uscc name entityType legalRepresentative address region status businessScope
    registeringDepartment { code }
    contactPhone viewerCanReadFile
    permits(first: 10) { edges { node { number } } pageInfo { hasNextPage } }
  }
}"""


# --- reading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("actor, label, reads_file", READ_TABLE)
def test_entity_file_is_read_only_within_remit__000_s4_001_s1_1_2(client, world, actor, label, reads_file):
    """Given the district, when an actor reads an entity, then the public part always answers and
    the non-public part (phone, permits) only for a responsible department; out of remit it is
    null or empty, with no error that would hint at it."""
    body = gql(client, ENTITY_FILE, {"uscc": world.entities[label]}, token(world, actor))

    assert "errors" not in body
    e = body["data"]["entity"]
    assert e["uscc"] == world.entities[label] and e["name"] and e["legalRepresentative"] == "张三"
    assert e["status"] == "ACTIVE" and e["businessScope"] and e["registeringDepartment"]["code"] == "T-SCJ"
    assert e["viewerCanReadFile"] is reads_file
    assert e["contactPhone"] == (PHONES[label] if reads_file else None)
    numbers = [edge["node"]["number"] for edge in e["permits"]["edges"]]
    assert numbers == ([NUMBERS[p] for p in PERMITS_OF[label]] if reads_file else [])
    assert e["permits"]["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("actor", ACTORS)
def test_entity_list_shows_every_entity_but_files_only_within_remit(client, world, actor):
    body = gql(client, "{ entities(first: 100) { edges { node { uscc contactPhone permits { edges { node { number } } } } } } }",
               token=token(world, actor))

    assert "errors" not in body
    rows = {e["node"]["uscc"]: e["node"] for e in body["data"]["entities"]["edges"]}
    assert set(rows) == {world.entities[label] for label in ENTITIES}
    phones = {label for label in ENTITIES if rows[world.entities[label]]["contactPhone"] is not None}
    assert phones == {label for label in ENTITIES if actor in FILE_READERS[label]}
    numbers = {edge["node"]["number"] for r in rows.values() for edge in r["permits"]["edges"]}
    assert numbers == {NUMBERS[p] for p in PERMITS_SEEN[actor]}


@pytest.mark.parametrize("actor", ACTORS)
def test_entities_in_my_remit_lists_exactly_the_supervised_entities(client, world, actor):
    body = gql(client, "{ entities(first: 100, filter: {inMyRemit: true}) { edges { node { uscc } } } }",
               token=token(world, actor))

    got = {e["node"]["uscc"] for e in body["data"]["entities"]["edges"]}
    assert got == {world.entities[label] for label in ENTITIES if actor in FILE_READERS[label]}


@pytest.mark.parametrize("actor", ACTORS)
def test_permits_list_never_leaks_a_row(client, world, actor):
    """The root `permits` list holds exactly the permits of the actor's entities: not one more."""
    body = gql(client, "{ permits(first: 100) { edges { node { number entity { uscc } } } pageInfo { hasNextPage } } }",
               token=token(world, actor))

    assert "errors" not in body
    got = {e["node"]["number"] for e in body["data"]["permits"]["edges"]}
    assert got == {NUMBERS[p] for p in PERMITS_SEEN[actor]}
    assert body["data"]["permits"]["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("actor", ACTORS)
def test_permits_filtered_by_an_out_of_remit_entity_is_empty(client, world, actor):
    body = gql(client, '{ permits(filter: {uscc: "%s"}) { edges { node { number } } } }' % world.entities["barber"],
               token=token(world, actor))

    got = [e["node"]["number"] for e in body["data"]["permits"]["edges"]]
    assert got == ([NUMBERS["hygiene"]] if actor in FILE_READERS["barber"] else [])


@pytest.mark.parametrize("actor, permit", [(a, p) for a in ACTORS for p in NUMBERS])
def test_node_of_a_permit_out_of_remit_is_null_like_a_missing_one(client, world, actor, permit):
    query = "query($id: ID!) { node(id: $id) { id ... on Permit { number } } }"

    body = gql(client, query, {"id": permit_gid(world.permits[permit])}, token(world, actor))
    missing = gql(client, query, {"id": permit_gid(999_999)}, token(world, actor))

    assert missing == {"data": {"node": None}}
    if permit in PERMITS_SEEN[actor]:
        assert body == {"data": {"node": {"id": permit_gid(world.permits[permit]), "number": NUMBERS[permit]}}}
    else:
        assert body == missing


@pytest.mark.parametrize("actor", ACTORS)
def test_nodes_of_permits_returns_only_visible_ones_in_order(client, world, actor):
    ids = [permit_gid(world.permits[p]) for p in NUMBERS]

    body = gql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Permit { number } } }", {"ids": ids},
               token(world, actor))

    expected = [{"number": NUMBERS[p]} if p in PERMITS_SEEN[actor] else None for p in NUMBERS]
    assert body == {"data": {"nodes": expected}}


EXPLAIN = """
query($uscc: String!) {
  explainAccess(uscc: $uscc) {
    canReadPublic canReadFile summary
    reasons { rule itemCode sourceKind department { code } }
  }
}"""


@pytest.mark.parametrize("actor, label, reads_file", READ_TABLE)
def test_explain_access_agrees_with_what_is_shown(client, world, actor, label, reads_file):
    """Every "may X read Z" answer is explainable: the rule and the record, for the asker's department."""
    body = gql(client, EXPLAIN, {"uscc": world.entities[label]}, token(world, actor))

    ex = body["data"]["explainAccess"]
    assert ex["canReadPublic"] is True
    assert ex["canReadFile"] is reads_file
    departments = {r["department"]["code"] for r in ex["reasons"]}
    if actor == "T-DCS":
        assert departments == FILE_READERS[label] - {"T-DCS"}
    elif reads_file:
        assert departments == {actor}
    else:
        assert ex["reasons"] == []


@pytest.mark.parametrize("actor, expected", [
    ("T-SCJ", [("REGISTERED", None, "registration")]),
    ("T-JYJ", [("ROUTED", None, "notification"), ("SEPARATED_COMPETENT", "SCHOOL", "permit")]),
    ("T-SPJ", [("ROUTED", None, "notification"), ("SEPARATED_APPROVAL", "SCHOOL", "permit")]),
])
def test_explain_access_names_the_rule_of_separated_approval__001_s1_1_2(client, world, actor, expected):
    """审管分离: both sides were told of the registration (§9) and both keep the school after the permit."""
    body = gql(client, EXPLAIN, {"uscc": world.entities["school"]}, token(world, actor))

    got = [(r["rule"], r["itemCode"], r["sourceKind"]) for r in body["data"]["explainAccess"]["reasons"]]
    assert got == expected


def test_explain_access_pharmacy_is_supervised_where_the_approval_was_delegated__001_s1_1_2(client, world):
    district = gql(client, EXPLAIN, {"uscc": world.entities["pharmacy"]}, world.keys["T-SCJ"])["data"]["explainAccess"]
    city = gql(client, EXPLAIN, {"uscc": world.entities["pharmacy"]}, world.keys["T-SYJ"])["data"]["explainAccess"]

    assert ("DELEGATED", "DRUG") in [(r["rule"], r["itemCode"]) for r in district["reasons"]]
    assert city["canReadFile"] is False and city["reasons"] == []


def _audit_ids(client, tok) -> list[dict]:
    out, after = [], None
    while True:
        body = gql(client, "query($after: String) { auditRecords(first: 100, after: $after) { edges { node { act department { code } } } "
                           "pageInfo { hasNextPage endCursor } } }", {"after": after}, tok)
        conn = body["data"]["auditRecords"]
        out += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return out
        after = conn["pageInfo"]["endCursor"]


OWN_AUDIT = {  # what each department did while the district was built
    "T-SCJ": ["entity.register", "entity.notify"] * 5 + ["permit.record"] * 2,
    "T-WJW": ["permit.record"], "T-SPJ": ["permit.record"],
}


@pytest.mark.parametrize("actor", ACTORS)
def test_audit_records_oversight_all_department_own_public_none__002_s5_3_3(client, world, actor):
    records = _audit_ids(client, token(world, actor))

    if actor == "T-DCS":
        assert len(records) == counts(world)["audit_record"]
        assert {r["act"] for r in records} >= {"entity.register", "permit.record", "api_key.create", "permit_item.create"}
    elif actor in (ANON, PUBLIC_KEY):
        assert records == []
    else:
        assert sorted(r["act"] for r in records) == sorted(OWN_AUDIT.get(actor, []))
        assert all(r["department"]["code"] == actor for r in records)


# --- registerEntity ----------------------------------------------------------------------------

REGISTER = """
mutation($input: RegisterEntityInput!) {
  registerEntity(input: $input) { entity { uscc contactPhone viewerCanReadFile } userErrors { field code message } }
}"""


def register_input(n: int = 900, **over) -> dict:
    data = {"uscc": make_uscc(n), "name": "上海新登记企业管理有限公司", "entityType": "COMPANY",
            "legalRepresentative": "李四", "address": "上海市浦东新区世纪大道100号", "region": "310115",
            "industryCode": "L7212", "businessScope": "一般项目：企业管理咨询。", "establishedOn": "2025-06-01",
            "contactPhone": "021-66660000"}
    return {**data, **over}


@pytest.mark.parametrize("actor", ACTORS)
def test_only_a_registration_department_registers_an_entity(client, world, actor):
    """登记: only REGISTRATION departments record new entities; anyone else is refused with FORBIDDEN
    and nothing is written."""
    before = counts(world)

    body = gql(client, REGISTER, {"input": register_input()}, token(world, actor))

    if actor == "T-SCJ":
        assert body["data"]["registerEntity"] == {
            "entity": {"uscc": make_uscc(900), "contactPhone": "021-66660000", "viewerCanReadFile": True},
            "userErrors": []}
        after = counts(world)
        assert after["market_entity"] == before["market_entity"] + 1
        assert after["audit_record"] == before["audit_record"] + 2  # entity.register and entity.notify (§6–9)
    else:
        assert body["data"] == {"registerEntity": None}
        err = only_error(body)
        assert err["extensions"]["code"] == "FORBIDDEN" and err["path"] == ["registerEntity"]
        assert counts(world) == before


# --- recordPermit ------------------------------------------------------------------------------

RECORD = """
mutation($input: RecordPermitInput!) {
  recordPermit(input: $input) { permit { number issuingDepartment { code } item { code } } userErrors { field code message } }
}"""
APPROVER_NOW = {"FOOD": "T-SCJ", "HYGIENE": "T-WJW", "SCHOOL": "T-SPJ", "DRUG": "T-SCJ"}


def record_outcome(actor: str, item: str) -> str:
    if item in ("KTV", "ELDER"):
        return "ITEM_NOT_PERMITTABLE"
    return "OK" if APPROVER_NOW[item] == actor else "FORBIDDEN"


RECORD_TABLE = (
    [(a, i, record_outcome(a, i)) for a in ACTORS for i in APPROVER_NOW]
    + [(a, i, record_outcome(a, i)) for a in DEPARTMENTS for i in ("KTV", "ELDER")]
)


def record_input(world, item: str, label: str = "plain", number: str | None = None, **over) -> dict:
    return {"uscc": world.entities[label], "itemCode": item, "number": number or f"M-{item}-0001",
            "decisionDate": "2025-01-10", "validTo": "2030-01-09", **over}


@pytest.mark.parametrize("actor, item, outcome", RECORD_TABLE)
def test_record_permit_only_by_the_department_that_approves_the_item_now__000_s4_001_s1_1_2(
        client, world, actor, item, outcome):
    """谁审批、谁监管: a permit is recorded by the item's approving department (for a delegated item,
    the department it was delegated to; for 审管分离, the approval bureau). Cancelled and filing
    items take no permits. A refusal writes nothing."""
    before = counts(world)

    body = gql(client, RECORD, {"input": record_input(world, item)}, token(world, actor))

    if outcome == "OK":
        payload = body["data"]["recordPermit"]
        assert payload["userErrors"] == []
        assert payload["permit"] == {"number": f"M-{item}-0001", "issuingDepartment": {"code": actor}, "item": {"code": item}}
        after = counts(world)
        assert after["permit"] == before["permit"] + 1 and after["audit_record"] == before["audit_record"] + 1
    elif outcome == "FORBIDDEN":
        assert body["data"] == {"recordPermit": None}
        assert only_error(body)["extensions"]["code"] == "FORBIDDEN"
        assert counts(world) == before
    else:
        payload = body["data"]["recordPermit"]
        assert payload["permit"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "itemCode"], outcome)]
        assert counts(world) == before


def test_delegated_item_is_recorded_by_the_district_not_the_city__001_s1_1_2(client, world):
    """下放: DRUG moved from the city bureau T-SYJ to the district T-SCJ; the city may no longer decide."""
    city = gql(client, RECORD, {"input": record_input(world, "DRUG", number="沪AA0210099")}, world.keys["T-SYJ"])
    district = gql(client, RECORD, {"input": record_input(world, "DRUG", number="沪AA0210099")}, world.keys["T-SCJ"])

    assert only_error(city)["extensions"]["code"] == "FORBIDDEN"
    assert district["data"]["recordPermit"]["permit"]["issuingDepartment"] == {"code": "T-SCJ"}
    # and the city still does not supervise the entity
    e = gql(client, ENTITY_FILE, {"uscc": world.entities["plain"]}, world.keys["T-SYJ"])["data"]["entity"]
    assert e["viewerCanReadFile"] is False and e["permits"]["edges"] == []


def test_separated_item_is_recorded_by_the_approval_bureau_and_supervised_by_the_competent__001_s1_1_2(client, world):
    """审管分离: T-SPJ decides, T-JYJ may not; once decided, both read the entity's file (信息双向沟通)."""
    competent = gql(client, RECORD, {"input": record_input(world, "SCHOOL", "restaurant")}, world.keys["T-JYJ"])
    assert only_error(competent)["extensions"]["code"] == "FORBIDDEN"
    before = gql(client, ENTITY_FILE, {"uscc": world.entities["restaurant"]}, world.keys["T-JYJ"])["data"]["entity"]
    assert before["viewerCanReadFile"] is False

    bureau = gql(client, RECORD, {"input": record_input(world, "SCHOOL", "restaurant")}, world.keys["T-SPJ"])

    assert bureau["data"]["recordPermit"]["userErrors"] == []
    for dept in ("T-JYJ", "T-SPJ"):
        e = gql(client, ENTITY_FILE, {"uscc": world.entities["restaurant"]}, world.keys[dept])["data"]["entity"]
        assert e["viewerCanReadFile"] is True and e["contactPhone"] == PHONES["restaurant"]
        assert [x["node"]["number"] for x in e["permits"]["edges"]] == [NUMBERS["food"], "M-SCHOOL-0001"]


def test_recording_a_permit_brings_the_entity_into_the_approvers_remit__000_s4(client, world):
    """谁审批、谁监管: after T-WJW grants a hygiene permit to the restaurant, it supervises the restaurant."""
    before = gql(client, ENTITY_FILE, {"uscc": world.entities["restaurant"]}, world.keys["T-WJW"])["data"]["entity"]

    gql(client, RECORD, {"input": record_input(world, "HYGIENE", "restaurant")}, world.keys["T-WJW"])

    after = gql(client, ENTITY_FILE, {"uscc": world.entities["restaurant"]}, world.keys["T-WJW"])["data"]["entity"]
    assert before["contactPhone"] is None and after["contactPhone"] == PHONES["restaurant"]
    assert [x["node"]["number"] for x in after["permits"]["edges"]] == [NUMBERS["food"], "M-HYGIENE-0001"]


# --- changePermitStatus ------------------------------------------------------------------------

CHANGE = """
mutation($input: ChangePermitStatusInput!) {
  changePermitStatus(input: $input) { permit { number status statusReason } userErrors { field code message } }
}"""
DECIDERS = {"food": "T-SCJ", "hygiene": "T-WJW", "school": "T-SPJ", "drug": "T-SCJ"}


def change_outcome(actor: str, permit: str) -> str:
    if DECIDERS[permit] == actor:
        return "OK"
    if permit in PERMITS_SEEN[actor]:
        return "FORBIDDEN"  # in remit, but not the deciding department
    return "NOT_FOUND"  # out of remit: as if the permit did not exist


CHANGE_TABLE = [(a, p, change_outcome(a, p)) for a in ACTORS for p in DECIDERS]


@pytest.mark.parametrize("actor, permit, outcome", CHANGE_TABLE)
def test_change_permit_status_by_the_deciding_department_only(client, world, actor, permit, outcome):
    before = counts(world)
    variables = {"input": {"permitId": permit_gid(world.permits[permit]), "status": "REVOKED", "reason": "以欺骗手段取得许可"}}

    body = gql(client, CHANGE, variables, token(world, actor))

    if outcome == "OK":
        assert body["data"]["changePermitStatus"] == {
            "permit": {"number": NUMBERS[permit], "status": "REVOKED", "statusReason": "以欺骗手段取得许可"},
            "userErrors": []}
        assert counts(world)["audit_record"] == before["audit_record"] + 1
        return
    if outcome == "FORBIDDEN":
        assert body["data"] == {"changePermitStatus": None}
        assert only_error(body)["extensions"]["code"] == "FORBIDDEN"
    else:
        missing = gql(client, CHANGE, {"input": {**variables["input"], "permitId": permit_gid(999_999)}}, token(world, actor))
        assert "errors" not in body
        assert body == missing
        assert [(e["field"], e["code"]) for e in body["data"]["changePermitStatus"]["userErrors"]] == [
            (["input", "permitId"], "NOT_FOUND")]
    assert counts(world) == before
    status = gql(client, "query($id: ID!) { node(id: $id) { ... on Permit { status } } }",
                 {"id": permit_gid(world.permits[permit])}, world.keys["T-DCS"])
    assert status["data"]["node"]["status"] == "GRANTED"


# --- authentication ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["jg_nosuchkey_secret", "not-a-key", "jg_", "jg_abc"])
def test_an_unknown_or_malformed_key_is_unauthenticated(client, world, bad):
    body = gql(client, "{ viewer { kind } }", token=bad, expect_status=401)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in body or body["data"] is None


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_unauthenticated(client, world):
    prefix = world.keys["T-SCJ"].split("_")[1]

    body = gql(client, "{ viewer { kind } }", token=f"jg_{prefix}_wrongsecret", expect_status=401)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_revoked_key_is_refused(client, world):
    tok = world.keys["T-DCS"]
    assert gql(client, "{ viewer { kind } }", token=tok)["data"]["viewer"]["kind"] == "KEY"
    with contextlib.closing(world.session()) as s:
        accounts.revoke_api_key(session=s, actor=SYSTEM, prefix=tok.split("_")[1])
        s.commit()

    body = gql(client, "{ entities { edges { node { contactPhone } } } }", token=tok, expect_status=401)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_non_bearer_authorization_is_unauthenticated(client, world):
    r = client.post("/graphql", json={"query": "{ viewer { kind } }"}, headers={"Authorization": f"Basic {world.keys['T-SCJ']}"})

    assert r.status_code == 401 and r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- the catalogue moves supervision -----------------------------------------------------------

def _import(world, data) -> None:
    with contextlib.closing(world.session()) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=data)
        s.commit()


def _reads(client, world, label: str, tok: str) -> dict:
    return gql(client, ENTITY_FILE, {"uscc": world.entities[label]}, tok)["data"]["entity"]


def test_cancelling_an_item_moves_supervision_to_the_competent_department__001_s1_1_2(client, world):
    """取消审批 (rule 3): when HYGIENE is cancelled (with 文旅 named competent), supervision of every
    HYGIENE permit moves from the former approver T-WJW to the competent department.

    The restaurant's hygiene permit is T-WJW's only link to it, so T-WJW loses the restaurant. The
    barber was also pushed to T-WJW at registration (双告知, §9): that record still routes it there."""
    gql(client, RECORD, {"input": record_input(world, "HYGIENE", "restaurant")}, world.keys["T-WJW"])
    assert _reads(client, world, "restaurant", world.keys["T-WJW"])["viewerCanReadFile"] is True
    data = copy.deepcopy(CATALOGUE)
    next(i for i in data["permitItems"] if i["code"] == "HYGIENE").update(status="CANCELLED", competentDepartment="T-WLJ")

    _import(world, data)

    old = _reads(client, world, "restaurant", world.keys["T-WJW"])
    assert (old["viewerCanReadFile"], old["contactPhone"], old["permits"]["edges"]) == (False, None, [])
    for label, numbers in (("restaurant", [NUMBERS["food"], "M-HYGIENE-0001"]), ("barber", [NUMBERS["hygiene"]])):
        new = _reads(client, world, label, world.keys["T-WLJ"])
        assert (new["viewerCanReadFile"], new["contactPhone"]) == (True, PHONES[label])
        assert [e["node"]["number"] for e in new["permits"]["edges"]] == numbers
        why = gql(client, EXPLAIN, {"uscc": world.entities[label]}, world.keys["T-WLJ"])["data"]["explainAccess"]
        assert [(r["rule"], r["itemCode"]) for r in why["reasons"]] == [("CANCELLED_COMPETENT", "HYGIENE")]
    barber = gql(client, EXPLAIN, {"uscc": world.entities["barber"]}, world.keys["T-WJW"])["data"]["explainAccess"]
    assert [(r["rule"], r["sourceKind"]) for r in barber["reasons"]] == [("ROUTED", "notification")]
    # and nobody records a HYGIENE permit any more
    refused = gql(client, RECORD, {"input": record_input(world, "HYGIENE", number="M-HYGIENE-0002")}, world.keys["T-WJW"])
    assert [e["code"] for e in refused["data"]["recordPermit"]["userErrors"]] == ["ITEM_NOT_PERMITTABLE"]


def test_delegating_an_item_moves_supervision_down__001_s1_1_2(client, world):
    """下放 (rule 5): when HYGIENE is delegated from the district T-WJW to a street office, supervision
    of its permits follows the delegation: the street office supervises and decides, T-WJW neither."""
    gql(client, RECORD, {"input": record_input(world, "HYGIENE", "restaurant")}, world.keys["T-WJW"])
    data = copy.deepcopy(CATALOGUE)
    data["departments"].append({"code": "T-JZ", "name": "测试街道办事处", "level": "STREET", "region": "310115",
                                "kinds": ["APPROVAL", "STREET"]})
    next(i for i in data["permitItems"] if i["code"] == "HYGIENE").update(status="DELEGATED", delegatedTo="T-JZ")
    _import(world, data)
    with contextlib.closing(world.session()) as s:
        street = accounts.create_api_key(session=s, actor=SYSTEM, name="street", department_code="T-JZ").token
        s.commit()

    assert _reads(client, world, "restaurant", world.keys["T-WJW"])["viewerCanReadFile"] is False
    for label in ("restaurant", "barber"):
        new = _reads(client, world, label, street)
        assert new["viewerCanReadFile"] is True and new["contactPhone"] == PHONES[label]
    new_permit = record_input(world, "HYGIENE", number="M-HYGIENE-0002")
    assert only_error(gql(client, RECORD, {"input": new_permit}, world.keys["T-WJW"]))["extensions"]["code"] == "FORBIDDEN"
    ok = gql(client, RECORD, {"input": new_permit}, street)
    assert ok["data"]["recordPermit"]["permit"]["issuingDepartment"] == {"code": "T-JZ"}
