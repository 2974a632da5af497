"""GraphQL: a partner key records a penalty; the public sees it in the feed, masked; a revocation is an
update; expiry leaves public view and is a feed event (§39–41, 000 §17)."""
from __future__ import annotations

from datetime import date

import pytest

from supervision import disclosure
from supervision.actors import SYSTEM
from supervision.uscc import with_check_character
from tests.conftest import count_statements, gql
from tests.supervision.penalty_fixtures import setup_enforcement

OPEN = """mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id status remitRule }
  userErrors { field code message } } }"""
DECIDE = """mutation($input: DecidePenaltyInput!) { decidePenalty(input: $input) { decision { id number fineAmount major }
  userErrors { field code message } } }"""
CHANGE = """mutation($input: ChangePenaltyInput!) { changePenalty(input: $input) { decision { id status }
  userErrors { field code message } } }"""
FEED = """query($after: String, $first: Int!) { disclosureFeed(after: $after, first: $first) {
  hasNextPage endCursor changes { cursor event kind disclosureId
    record { id version uscc penalty { counterpartName legalRepresentativeIdNumber fineAmount penaltyCategories
      decisionNumber remarks publicityUntil } permit { permitNumber currentStatus } standardRecord } } } }"""


@pytest.fixture
def enf(db):
    return setup_enforcement(db)


def _case(client, w, token, number="沪市监案〔2026〕1号", item="FOOD"):
    return gql(client, OPEN, {"input": {"uscc": w.entities["barber"], "itemCode": item, "number": number,
                                        "openedOn": "2026-11-02", "violationType": "经营超过保质期的食品"}}, token)


def _decide(client, case_id, token, **kw):
    inp = {"caseId": case_id, "number": "沪市监罚〔2026〕1号", "decidedOn": "2026-11-16", "measures": ["FINE"],
           "fineAmount": "5000.00", "legalBasis": "《食品安全法》第一百二十四条", "facts": "经营超过保质期的食品",
           "legalRepresentativeIdNumber": "310115199001011234", **kw}
    return gql(client, DECIDE, {"input": inp}, token)


def _pull(client, after=None, token=None):
    out = []
    while True:
        page = gql(client, FEED, {"after": after, "first": 3}, token)["data"]["disclosureFeed"]
        out += page["changes"]
        after = page["endCursor"]
        if not page["hasNextPage"]:
            return out, after


def test_partner_records_penalty_public_sees_it_masked_revocation_updates_expiry_removes__004_s39_s41(client, enf):
    k = enf.keys["T-SCJ"]
    _, cursor = _pull(client)  # the portal has loaded everything so far (no key needed)
    case = _case(client, enf, k)["data"]["openCase"]
    assert case["userErrors"] == [] and case["case"]["remitRule"] == "APPROVED"
    d = _decide(client, case["case"]["id"], k, idempotencyKey="pen-1")["data"]["decidePenalty"]
    assert d["userErrors"] == [] and d["decision"]["fineAmount"] == "5000.00"
    again = _decide(client, case["case"]["id"], k, idempotencyKey="pen-1")["data"]["decidePenalty"]
    assert again["decision"]["id"] == d["decision"]["id"]  # a retry does not act twice

    changes, cursor = _pull(client, cursor)
    assert [(c["event"], c["kind"]) for c in changes] == [("PUBLISHED", "PENALTY")]
    rec = changes[0]["record"]
    assert rec["penalty"]["legalRepresentativeIdNumber"] == "310*************34"
    assert rec["penalty"]["fineAmount"] == "5000.00" and rec["penalty"]["penaltyCategories"] == ["罚款"]
    assert rec["standardRecord"]["罚款金额（万元）"] == "0.500000"
    assert rec["standardRecord"]["行政处罚决定书文号"] == "沪市监罚〔2026〕1号"

    r = gql(client, CHANGE, {"input": {"decisionId": d["decision"]["id"], "status": "REVOKED", "reason": "复议撤销"}}, k)
    assert r["data"]["changePenalty"]["userErrors"] == []
    changes, cursor = _pull(client, cursor)
    assert [c["event"] for c in changes] == ["UPDATED"] and changes[0]["record"]["version"] == 2
    assert "撤销" in changes[0]["record"]["penalty"]["remarks"]

    with enf.session() as s:
        assert disclosure.expire_due(session=s, actor=SYSTEM, today=date(2027, 11, 17)) == 1
        s.commit()
    changes, _ = _pull(client, cursor)
    assert [(c["event"], c["record"]) for c in changes] == [("EXPIRED", None)]
    assert changes[0]["disclosureId"] == rec["id"]
    q = gql(client, "query($u: String!) { disclosures(uscc: $u, kind: PENALTY) { edges { node { id } } } }",
            {"u": enf.entities["barber"]})
    assert q["data"]["disclosures"]["edges"] == []


def test_out_of_remit_department_is_forbidden_and_major_decision_needs_legal_review__000_s17(client, enf):
    r = _case(client, enf, enf.keys["T-WJW"])
    assert r["data"] is None or r["data"]["openCase"] is None
    assert r["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    case_id = _case(client, enf, enf.keys["T-SCJ"])["data"]["openCase"]["case"]["id"]
    big = _decide(client, case_id, enf.keys["T-SCJ"], fineAmount="200000")["data"]["decidePenalty"]
    assert big["decision"] is None
    assert [(e["code"], e["field"]) for e in big["userErrors"]] == [("LEGAL_REVIEW_REQUIRED", ["input", "caseId"])]
    other = _decide(client, case_id, enf.keys["T-WJW"])["data"]["decidePenalty"]
    assert other["userErrors"][0]["code"] == "NOT_FOUND"  # another department's case does not exist for it


def test_public_disclosures_by_code_kind_and_date_do_not_grow_statements_with_rows(client, enf):
    q = """query($k: DisclosureKind, $f: Date) { disclosures(kind: $k, decidedFrom: $f, first: 50) {
      edges { node { id uscc permit { permitNumber authority } } } } }"""
    first = gql(client, q, {"k": "PERMIT", "f": "2024-01-01"})["data"]["disclosures"]["edges"]
    assert len(first) == 3  # the school's authority has no credit code yet: held, not public
    with count_statements(enf.engine) as few:
        gql(client, q, {"k": "PERMIT"})
    with enf.session() as s:
        disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code="T-SPJ",
                                              uscc=with_check_character("11310115MB0000044"))
        s.commit()
    with count_statements(enf.engine) as more:
        rows = gql(client, q, {"k": "PERMIT"})["data"]["disclosures"]["edges"]
    assert len(rows) == 4 and more.count == few.count
    feed = """{ disclosureFeed(first: 100) { changes { record { id penalty { fineAmount } } } } }"""
    with count_statements(enf.engine) as f:
        gql(client, feed)
    assert f.count == few.count  # one statement for the page, whatever its length


def test_a_malformed_feed_cursor_is_an_error(client, enf):
    r = gql(client, "{ disclosureFeed(after: \"bm9wZQ\", first: 5) { endCursor } }")
    assert r["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


ENTITY_DISCLOSURES = """query($uscc: String!, $first: Int, $after: String, $kind: DisclosureKind) { entity(uscc: $uscc) {
  disclosures(first: $first, after: $after, kind: $kind) { edges { node { kind uscc penalty { decisionNumber }
    permit { permitNumber } } } pageInfo { hasNextPage endCursor } } } }"""


def test_an_entity_file_carries_its_public_records_newest_first_by_kind_for_anyone__004_s39(client, enf):
    """Given a permit record and then a penalty on the barber, its file shows the penalty first, then the permit,
    a page at a time, to anyone (public records); the kind filter keeps one kind; another entity's are not mixed in."""
    k = enf.keys["T-SCJ"]
    barber = enf.entities["barber"]
    before = gql(client, ENTITY_DISCLOSURES, {"uscc": barber, "first": 10})["data"]["entity"]["disclosures"]["edges"]
    permits = [e["node"] for e in before]
    assert permits and all(n["kind"] == "PERMIT" and n["uscc"] == barber for n in permits)
    case = _case(client, enf, k)["data"]["openCase"]
    assert _decide(client, case["case"]["id"], k)["data"]["decidePenalty"]["userErrors"] == []
    page1 = gql(client, ENTITY_DISCLOSURES, {"uscc": barber, "first": 1})["data"]["entity"]["disclosures"]
    assert [e["node"]["penalty"]["decisionNumber"] for e in page1["edges"]] == ["沪市监罚〔2026〕1号"]
    assert page1["pageInfo"]["hasNextPage"] is True
    rest = gql(client, ENTITY_DISCLOSURES, {"uscc": barber, "first": 10, "after": page1["pageInfo"]["endCursor"]},
               k)["data"]["entity"]["disclosures"]
    assert [e["node"] for e in rest["edges"]] == permits and rest["pageInfo"]["hasNextPage"] is False
    only = gql(client, ENTITY_DISCLOSURES, {"uscc": barber, "first": 10, "kind": "PENALTY"})["data"]["entity"]["disclosures"]
    assert [e["node"]["kind"] for e in only["edges"]] == ["PENALTY"]


def test_disclosures_of_a_page_of_entities_take_the_same_statements_for_2_or_20_entities(client, enf):
    q = """query($n: Int) { entities(first: $n) { edges { node { uscc disclosures(first: 3) { edges { node { id } } } } } } }"""
    with count_statements(enf.engine) as few:
        small = gql(client, q, {"n": 2})["data"]["entities"]["edges"]
    with count_statements(enf.engine) as many:
        large = gql(client, q, {"n": 20})["data"]["entities"]["edges"]
    assert len(small) == 2 and len(large) > 2
    assert sum(len(e["node"]["disclosures"]["edges"]) for e in large) >= 3
    assert many.count == few.count
