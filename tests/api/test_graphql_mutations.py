"""Writing through /graphql: registerEntity, recordPermit, changePermitStatus — their userErrors,
the audit record each success appends, that a refused input writes nothing, and idempotency keys."""
from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from strawberry import relay

import models
from supervision import accounts, entities as entities_mod
from supervision.actors import SYSTEM
from supervision.uscc import with_check_character
from tests.conftest import actor_of, gql, make_uscc

def counts(world) -> dict[str, int]:
    """Rows of every table, read in a fresh session (not one opened before the request)."""
    with contextlib.closing(world.session()) as s:
        return {t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in models.metadata.sorted_tables}


def grew(before: dict, after: dict) -> dict:
    return {t: after[t] - before[t] for t in after if after[t] != before[t]}


def errors_of(payload: dict) -> list[tuple]:
    return [(tuple(e["field"]) if e["field"] else None, e["code"]) for e in payload["userErrors"]]


def permit_gid(pk: int) -> str:
    return relay.to_base64("Permit", pk)


REGISTER = """
mutation($input: RegisterEntityInput!) {
  registerEntity(input: $input) {
    entity { id uscc name entityType region establishedOn contactPhone viewerCanReadFile registeringDepartment { code } }
    userErrors { field code message }
  }
}"""


def register_input(uscc: str | None = None, **over) -> dict:
    data = {"uscc": make_uscc(900) if uscc is None else uscc, "name": "上海新登记企业管理有限公司", "entityType": "COMPANY",
            "legalRepresentative": "李四", "address": "上海市浦东新区世纪大道100号", "region": "310115",
            "industryCode": "L7212", "businessScope": "一般项目：企业管理咨询。", "establishedOn": "2025-06-01",
            "contactPhone": "021-66660000"}
    return {**data, **over}


def register(client, world, inp: dict, tok: str | None = None) -> dict:
    body = gql(client, REGISTER, {"input": inp}, tok or world.keys["T-SCJ"])
    assert "errors" not in body, body
    return body["data"]["registerEntity"]


# --- registerEntity ----------------------------------------------------------------------------

def test_register_entity_records_it_audits_it_and_opens_its_file_to_the_registrar__004_s5(client, world):
    """Given the district's registration bureau, when it registers an entity, then the entity is
    answered, the act is in the audit log under the request id, and the bureau reads the file."""
    before = counts(world)
    r = client.post("/graphql", json={"query": REGISTER, "variables": {"input": register_input()}},
                    headers={"Authorization": f"Bearer {world.keys['T-SCJ']}", "X-Request-Id": "reg-0001"})

    payload = r.json()["data"]["registerEntity"]
    assert payload["userErrors"] == []
    assert {k: v for k, v in payload["entity"].items() if k != "id"} == {
        "uscc": make_uscc(900), "name": "上海新登记企业管理有限公司", "entityType": "COMPANY", "region": "310115",
        "establishedOn": "2025-06-01", "contactPhone": "021-66660000", "viewerCanReadFile": True,
        "registeringDepartment": {"code": "T-SCJ"}}
    assert grew(before, counts(world))["market_entity"] == 1
    audit = gql(client, '{ auditRecords(targetId: "%s") { edges { node { act requestId department { code } } } } }'
                % make_uscc(900), token=world.keys["T-SCJ"])["data"]["auditRecords"]["edges"]
    assert [(a["node"]["act"], a["node"]["requestId"], a["node"]["department"]["code"]) for a in audit] == [
        ("entity.register", "reg-0001", "T-SCJ"), ("entity.notify", "reg-0001", "T-SCJ")]
    assert grew(before, counts(world))["audit_record"] == 2
    public = gql(client, '{ entity(uscc: "%s") { name contactPhone } }' % make_uscc(900))
    assert public["data"]["entity"] == {"name": "上海新登记企业管理有限公司", "contactPhone": None}


def test_register_entity_stores_the_normalised_code(client, world):
    code = make_uscc(901)

    payload = register(client, world, register_input(f" {code[:9].lower()}-{code[9:].lower()} "))

    assert payload["userErrors"] == [] and payload["entity"]["uscc"] == code


@pytest.mark.parametrize("first17", ["N2310115MA1K3X8A2", "Y1310115MA1K3X8A2", "A1310115MA1K3X8A2", "52310115MA1K3X8A2"],
                         ids=["N-agriculture", "Y-other", "A-military", "5-civil-affairs"])
def test_codes_of_other_registering_authorities_are_accepted__gb32100(client, world, first17):
    """GB 32100-2015: the registering authority (position 1) may be a letter; such codes are valid."""
    code = with_check_character(first17)

    payload = register(client, world, register_input(code, entityType="FARMER_COOPERATIVE"))

    assert payload["userErrors"] == [] and payload["entity"]["uscc"] == code


def _bad_check(code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:17] + alphabet[(alphabet.index(code[17]) + 1) % len(alphabet)]


@pytest.mark.parametrize("uscc", [
    _bad_check(make_uscc(900)),
    make_uscc(900)[:17],
    make_uscc(900) + "1",
    "91310115MA1K3X8AI" + "0",
    "91310115MA1K3X8AO" + "0",
    "91310115MA1K3X8AZ" + "0",
    "91310115MA1K3X8AS" + "0",
    "91310115MA1K3X8AV" + "0",
    with_check_character("9131A115MA1K3X8A2"),  # positions 3–8 must be a region code
    with_check_character("94310115MA1K3X8A2"),  # authority 9 registers no type 4
    "",
], ids=["check-character", "17-chars", "19-chars", "letter-I", "letter-O", "letter-Z", "letter-S", "letter-V",
        "region-part", "authority-type", "empty"])
def test_invalid_credit_code_is_refused_and_nothing_written__gb32100(client, world, uscc):
    before = counts(world)

    payload = register(client, world, register_input(uscc))

    assert payload["entity"] is None
    assert errors_of(payload) == [(("input", "uscc"), "INVALID_USCC")]
    assert payload["userErrors"][0]["message"]
    assert counts(world) == before


@pytest.mark.parametrize("spelling", [lambda c: c, str.lower, lambda c: f"{c[:8]} {c[8:]}", lambda c: f"{c[:2]}-{c[2:]}"],
                         ids=["same", "lower", "spaced", "hyphen"])
def test_duplicate_credit_code_is_refused_however_written__004_s5(client, world, spelling):
    before = counts(world)

    payload = register(client, world, register_input(spelling(world.entities["restaurant"])))

    assert payload["entity"] is None
    assert errors_of(payload) == [(("input", "uscc"), "DUPLICATE_USCC")]
    assert world.entities["restaurant"] in payload["userErrors"][0]["message"]
    assert counts(world) == before


@pytest.mark.parametrize("region", ["999999", "31011", "3101150", "abcdef", "", "000000"])
def test_invalid_region_is_refused(client, world, region):
    before = counts(world)

    payload = register(client, world, register_input(region=region))

    assert errors_of(payload) == [(("input", "region"), "INVALID_REGION")]
    assert counts(world) == before


@pytest.mark.parametrize("established", ["2099-01-01", "1900-05-04"], ids=["future", "before-1949"])
def test_implausible_establishment_date_is_refused(client, world, established):
    before = counts(world)

    payload = register(client, world, register_input(establishedOn=established))

    assert errors_of(payload) == [(("input", "establishedOn"), "INVALID_DATE")]
    assert counts(world) == before


def test_every_problem_of_the_input_is_reported_at_once(client, world):
    before = counts(world)

    payload = register(client, world, register_input(
        _bad_check(make_uscc(900)), name="  ", region="12", industryCode="hello", establishedOn="2099-12-31",
        address="沪" * 301, contactPhone="1" * 40))

    assert payload["entity"] is None
    assert sorted(errors_of(payload)) == sorted([
        (("input", "uscc"), "INVALID_USCC"), (("input", "name"), "REQUIRED"), (("input", "region"), "INVALID_REGION"),
        (("input", "industryCode"), "INVALID_VALUE"), (("input", "establishedOn"), "INVALID_DATE"),
        (("input", "address"), "TOO_LONG"), (("input", "contactPhone"), "TOO_LONG")])
    assert all(e["message"] for e in payload["userErrors"])
    assert counts(world) == before


def test_duplicate_and_other_errors_together(client, world):
    payload = register(client, world, register_input(world.entities["plain"].lower(), region="000000"))

    assert sorted(errors_of(payload)) == [(("input", "region"), "INVALID_REGION"), (("input", "uscc"), "DUPLICATE_USCC")]


# --- recordPermit ------------------------------------------------------------------------------

RECORD = """
mutation($input: RecordPermitInput!) {
  recordPermit(input: $input) {
    permit { id number decisionDate validFrom validTo status item { code } entity { uscc } issuingDepartment { code } }
    userErrors { field code message }
  }
}"""


def record_input(world, item="HYGIENE", label="plain", **over) -> dict:
    return {"uscc": world.entities[label], "itemCode": item, "number": "沪卫公字2025第0099号",
            "decisionDate": "2025-03-03", "validTo": "2029-03-02", **over}


def record(client, world, inp: dict, dept: str = "T-WJW") -> dict:
    body = gql(client, RECORD, {"input": inp}, world.keys[dept])
    assert "errors" not in body, body
    return body["data"]["recordPermit"]


def test_record_permit_happy_path__004_s12(client, world):
    """§12: the approval department feeds back the permit; it is recorded, audited and supervised by it."""
    before = counts(world)

    payload = record(client, world, record_input(world))

    assert payload["userErrors"] == []
    p = payload["permit"]
    assert {k: v for k, v in p.items() if k != "id"} == {
        "number": "沪卫公字2025第0099号", "decisionDate": "2025-03-03", "validFrom": "2025-03-03",
        "validTo": "2029-03-02", "status": "GRANTED", "item": {"code": "HYGIENE"},
        "entity": {"uscc": world.entities["plain"]}, "issuingDepartment": {"code": "T-WJW"}}
    assert grew(before, counts(world)) == {"permit": 1, "audit_record": 1, "entity_assignment": 1, "disclosure": 1}
    audit = gql(client, '{ auditRecords(act: "permit.record") { edges { node { targetType targetId } } } }',
                token=world.keys["T-WJW"])["data"]["auditRecords"]["edges"]
    assert {"targetType": "Permit", "targetId": str(relay.from_base64(p["id"])[1])} in [a["node"] for a in audit]
    seen = gql(client, '{ entity(uscc: "%s") { contactPhone } }' % world.entities["plain"], token=world.keys["T-WJW"])
    assert seen["data"]["entity"]["contactPhone"] == "021-58880005"


def test_same_number_under_another_item_is_allowed(client, world):
    payload = record(client, world, record_input(world, number="JY23101150000001"))

    assert payload["userErrors"] == [] and payload["permit"]["number"] == "JY23101150000001"


@pytest.mark.parametrize("number", ["JY23101150000001", "  JY23101150000001 "])
def test_duplicate_permit_number_under_the_same_item_is_refused(client, world, number):
    before = counts(world)

    payload = record(client, world, record_input(world, "FOOD", number=number), "T-SCJ")

    assert payload["permit"] is None
    assert errors_of(payload) == [(("input", "number"), "DUPLICATE_PERMIT_NUMBER")]
    assert counts(world) == before


@pytest.mark.parametrize("over, field", [
    ({"validTo": "2025-03-01"}, "validTo"),  # before validFrom (= the decision date)
    ({"validTo": "2025-03-03"}, "validTo"),  # the same day: nothing is valid
    ({"validFrom": "2025-06-01", "validTo": "2025-05-01"}, "validTo"),
    ({"validFrom": "2025-03-02"}, "validFrom"),  # valid before it was decided
    ({"decisionDate": "2099-01-01", "validTo": None}, "decisionDate"),  # decided in the future
])
def test_inconsistent_permit_dates_are_refused(client, world, over, field):
    before = counts(world)

    payload = record(client, world, record_input(world, **over))

    assert payload["permit"] is None
    assert errors_of(payload) == [(("input", field), "INVALID_DATE")]
    assert counts(world) == before


def test_permit_for_an_unknown_item_or_entity_is_not_found(client, world):
    before = counts(world)

    no_item = record(client, world, record_input(world, "NO-SUCH-ITEM"))
    no_entity = record(client, world, {**record_input(world), "uscc": make_uscc(4321)})

    assert errors_of(no_item) == [(("input", "itemCode"), "NOT_FOUND")]
    assert errors_of(no_entity) == [(("input", "uscc"), "NOT_FOUND")]
    assert counts(world) == before


@pytest.mark.parametrize("status", ["REVOKED", "CANCELLED", "MOVED_OUT"])
def test_no_permit_for_an_entity_that_is_no_longer_active(client, world, status):
    with contextlib.closing(world.session()) as s:
        entities_mod.change_entity_status(session=s, actor=actor_of(s, "T-SCJ"), uscc=world.entities["plain"],
                                          status=status, reason="依法吊销、注销或迁出")
        s.commit()
    before = counts(world)

    payload = record(client, world, record_input(world))

    assert payload["permit"] is None
    assert errors_of(payload) == [(("input", "uscc"), "ENTITY_NOT_ACTIVE")]
    assert counts(world) == before


def test_several_permit_errors_at_once(client, world):
    payload = record(client, world, record_input(world, number=" ", decisionDate="2099-01-01", validTo="2098-01-01"))

    assert sorted(errors_of(payload)) == [(("input", "decisionDate"), "INVALID_DATE"), (("input", "number"), "REQUIRED")]


# --- changePermitStatus ------------------------------------------------------------------------

CHANGE = """
mutation($input: ChangePermitStatusInput!) {
  changePermitStatus(input: $input) { permit { id number status statusReason } userErrors { field code message } }
}"""


def change(client, world, permit: str, status: str, reason: str | None = None, dept: str = "T-WJW", **extra) -> dict:
    gid = permit if "=" in permit or permit not in world.permits else permit_gid(world.permits[permit])
    body = gql(client, CHANGE, {"input": {"permitId": gid, "status": status, "reason": reason, **extra}}, world.keys[dept])
    assert "errors" not in body, body
    return body["data"]["changePermitStatus"]


def test_revoking_a_permit_with_a_reason__004_s39(client, world):
    """§39–41: a revocation changes the record the same way a decision made it; it is audited."""
    before = counts(world)

    payload = change(client, world, "hygiene", "REVOKED", "以欺骗手段取得许可")

    assert payload["userErrors"] == []
    assert payload["permit"] == {"id": permit_gid(world.permits["hygiene"]), "number": "沪卫公字2024第0001号",
                                 "status": "REVOKED", "statusReason": "以欺骗手段取得许可"}
    assert grew(before, counts(world)) == {"audit_record": 1}
    acts = gql(client, '{ auditRecords(act: "permit.status") { edges { node { targetId department { code } } } } }',
               token=world.keys["T-DCS"])["data"]["auditRecords"]["edges"]
    assert [a["node"] for a in acts] == [{"targetId": str(world.permits["hygiene"]), "department": {"code": "T-WJW"}}]


def test_a_revoked_permit_cannot_be_granted_again(client, world):
    change(client, world, "hygiene", "REVOKED", "以欺骗手段取得许可")
    before = counts(world)

    payload = change(client, world, "hygiene", "GRANTED", "恢复")

    assert payload["permit"] is None
    assert errors_of(payload) == [(("input", "status"), "INVALID_STATUS_TRANSITION")]
    assert counts(world) == before
    status = gql(client, "query($id: ID!) { node(id: $id) { ... on Permit { status } } }",
                 {"id": permit_gid(world.permits["hygiene"])}, world.keys["T-WJW"])
    assert status["data"]["node"]["status"] == "REVOKED"


@pytest.mark.parametrize("status", ["REVOKED", "CANCELLED", "CHANGED"])
@pytest.mark.parametrize("reason", [None, "", "   "], ids=["none", "empty", "blank"])
def test_revoking_cancelling_or_changing_needs_a_reason(client, world, status, reason):
    before = counts(world)

    payload = change(client, world, "hygiene", status, reason)

    assert errors_of(payload) == [(("input", "reason"), "REQUIRED")]
    assert counts(world) == before


def test_expiry_needs_no_reason_and_changes_may_follow_changes(client, world):
    assert change(client, world, "hygiene", "CHANGED", "经营场所变更")["permit"]["status"] == "CHANGED"
    assert change(client, world, "hygiene", "CHANGED", "负责人变更")["permit"]["statusReason"] == "负责人变更"
    assert change(client, world, "hygiene", "EXPIRED")["permit"]["status"] == "EXPIRED"
    assert errors_of(change(client, world, "hygiene", "CHANGED", "再变更")) == [(("input", "status"), "INVALID_STATUS_TRANSITION")]


@pytest.mark.parametrize("gid", [relay.to_base64("MarketEntity", 2), relay.to_base64("Department", 2),
                                 relay.to_base64("Permit", 999_999), relay.to_base64("Permit", "abc")],
                         ids=["entity-id", "department-id", "missing", "not-a-number"])
def test_change_of_something_that_is_not_a_permit_is_not_found(client, world, gid):
    before = counts(world)

    payload = change(client, world, gid, "REVOKED", "测试")

    assert payload["permit"] is None
    assert errors_of(payload) == [(("input", "permitId"), "NOT_FOUND")]
    assert counts(world) == before


def test_a_malformed_permit_id_is_the_clients_error(client, world):
    """A mistyped global ID is answered with a coded error naming it, not as an internal error."""
    before = counts(world)

    body = gql(client, CHANGE, {"input": {"permitId": "garbage", "status": "REVOKED", "reason": "测试"}}, world.keys["T-WJW"])

    assert body["data"] == {"changePermitStatus": None}
    err = only_code_error(body)
    assert err["extensions"]["code"] == "INVALID_ID" and "garbage" in err["message"]
    assert counts(world) == before


def only_code_error(body: dict) -> dict:
    assert len(body.get("errors") or []) == 1, body
    return body["errors"][0]


def test_a_refused_mutation_does_not_hide_the_result_of_one_done_in_the_same_request(client, world):
    """Mutations of one request run in turn and each commits on its own. When the second is refused
    (FORBIDDEN), the caller must still learn that the first one was done: its payload stays in `data`."""
    query = """mutation($a: RecordPermitInput!, $b: RecordPermitInput!) {
      a: recordPermit(input: $a) { permit { number } userErrors { code } }
      b: recordPermit(input: $b) { permit { number } userErrors { code } } }"""
    before = counts(world)

    body = gql(client, query, {"a": record_input(world, "HYGIENE", number="A-1"), "b": record_input(world, "FOOD", number="B-1")},
               world.keys["T-WJW"])

    assert grew(before, counts(world))["permit"] == 1  # the first one was recorded
    assert only_code(body) == "FORBIDDEN"
    assert body["data"] is not None and body["data"]["a"] == {"permit": {"number": "A-1"}, "userErrors": []}


def only_code(body: dict) -> str:
    assert len(body.get("errors") or []) == 1, body
    return body["errors"][0]["extensions"]["code"]


# --- idempotency keys --------------------------------------------------------------------------

def test_the_same_key_and_input_registers_once(client, world):
    """A partner system that retries after a timeout must not register the entity twice."""
    before = counts(world)
    inp = register_input(idempotencyKey="sys-a-0001")

    first = register(client, world, inp)
    second = register(client, world, inp)

    assert first["userErrors"] == [] and second == first
    assert grew(before, counts(world))["market_entity"] == 1
    assert grew(before, counts(world))["idempotency_record"] == 1
    assert [e["node"]["act"] for e in gql(client, '{ auditRecords(act: "entity.register") { edges { node { act } } } }',
                                          token=world.keys["T-SCJ"])["data"]["auditRecords"]["edges"]] == ["entity.register"] * 6


def test_the_same_key_with_another_input_is_refused(client, world):
    register(client, world, register_input(idempotencyKey="sys-a-0002"))
    before = counts(world)

    payload = register(client, world, register_input(make_uscc(902), idempotencyKey="sys-a-0002"))

    assert payload["entity"] is None
    assert errors_of(payload) == [(("input", "idempotencyKey"), "IDEMPOTENCY_KEY_REUSED")]
    assert counts(world) == before


def test_the_same_key_for_another_mutation_is_refused(client, world):
    register(client, world, register_input(idempotencyKey="sys-a-0003"))

    payload = record(client, world, record_input(world, "FOOD", number="JY-IDEM-1", idempotencyKey="sys-a-0003"), "T-SCJ")

    assert errors_of(payload) == [(("input", "idempotencyKey"), "IDEMPOTENCY_KEY_REUSED")]


def test_the_same_key_of_another_actor_is_independent(client, world):
    with contextlib.closing(world.session()) as s:
        other = accounts.create_api_key(session=s, actor=SYSTEM, name="second system", department_code="T-SCJ").token
        s.commit()

    mine = register(client, world, register_input(idempotencyKey="shared-key"))
    theirs = register(client, world, register_input(make_uscc(903), idempotencyKey="shared-key"), other)

    assert mine["userErrors"] == [] and theirs["userErrors"] == []
    assert (mine["entity"]["uscc"], theirs["entity"]["uscc"]) == (make_uscc(900), make_uscc(903))


def test_a_key_whose_first_try_was_refused_can_be_retried_with_corrected_input(client, world):
    bad = register(client, world, register_input(region="000000", idempotencyKey="sys-a-0004"))
    good = register(client, world, register_input(idempotencyKey="sys-a-0004"))

    assert errors_of(bad) == [(("input", "region"), "INVALID_REGION")]
    assert good["userErrors"] == [] and good["entity"]["uscc"] == make_uscc(900)


def test_record_permit_retried_with_its_key_records_once(client, world):
    before = counts(world)
    inp = record_input(world, idempotencyKey="wjw-permit-1")

    first = record(client, world, inp)
    second = record(client, world, inp)

    assert first["userErrors"] == [] and second == first
    assert grew(before, counts(world))["permit"] == 1


def test_change_permit_status_retried_with_its_key_answers_the_first_result(client, world):
    """Without the key, a second REVOKED would be an invalid transition; with it, the retry gets the first answer."""
    first = change(client, world, "hygiene", "REVOKED", "以欺骗手段取得许可", idempotencyKey="wjw-revoke-1")
    before = counts(world)

    second = change(client, world, "hygiene", "REVOKED", "以欺骗手段取得许可", idempotencyKey="wjw-revoke-1")

    assert second == first and first["permit"]["status"] == "REVOKED"
    assert counts(world) == before


def test_a_long_idempotency_key_never_causes_an_internal_error(client, world):
    """A partner may send a long key (e.g. a concatenated request path); it is either accepted or
    refused as a userError, never answered with an unexpected error."""
    body = gql(client, REGISTER, {"input": register_input(idempotencyKey="k" * 200)}, world.keys["T-SCJ"])

    assert "errors" not in body, body
    payload = body["data"]["registerEntity"]
    assert payload["userErrors"] == [] or errors_of(payload) == [(("input", "idempotencyKey"), "TOO_LONG")]
