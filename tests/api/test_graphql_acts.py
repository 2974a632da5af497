"""Acts partner systems need through /graphql alone: the object directory and objects without a code (004 §23),
the credit standard, industry risk rules and credit facts (§29–30, §34), exemption with guidance (000 §12), the
receiving side of a transfer (002 §五.6), and the department's own cases and decisions.

Each act: the happy path as a user would do it, a userError that writes nothing, and another department or the
public (not found, FORBIDDEN, or nothing). Each new list costs the same statements whatever its length.
"""
from __future__ import annotations

import contextlib
from datetime import date

import pytest
from sqlmodel import func, select
from strawberry import relay

from models import CaseTransfer, CreditFact, CreditStandard, EnforcementCase, RiskRule, UncodedObject
from supervision import accounts, credit, grading, penalties, risk
from supervision.actors import SYSTEM
from tests.conftest import TODAY, _clean, actor_of, build_world, count_statements, gql
from tests.supervision.penalty_fixtures import decide, open_case, setup_enforcement


def ok(body: dict) -> dict:
    assert "errors" not in body, body
    return body["data"]


def forbidden(body: dict) -> None:
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def rows(engine, model) -> int:
    from models.db import new_session
    with contextlib.closing(new_session(engine)) as s:
        return s.exec(select(func.count()).select_from(model)).one()


# --- 检查对象名录库 (§23) ------------------------------------------------------------------------------

ADD_OBJECT = """mutation($input: AddUncodedObjectInput!) { addUncodedObject(input: $input) {
  uncodedObject { id name address objectKey responsibleEntity { uscc } } userErrors { field code message } } }"""
DIRECTORY = """query($filter: DirectoryFilterInput, $first: Int, $after: String) {
  objectDirectory(filter: $filter, first: $first, after: $after) {
    edges { cursor node { entity { uscc name entityType registeringDepartment { code } } creditGrade riskLevel keyFocus
      uncodedObjects { id name objectKey responsibleEntity { uscc } } } }
    pageInfo { hasNextPage endCursor } } }"""


def _directory(client, token, **variables):
    return ok(gql(client, DIRECTORY, variables, token))["objectDirectory"]


def test_a_department_adds_an_object_without_a_code_and_finds_it_in_its_directory__004_s23(client, world):
    """Given the market department's remit, when it adds a stall without a credit code for the restaurant, then its
    directory lists the restaurant with the stall, the plan filters narrow it, and pages follow the cursor."""
    scj = world.keys["T-SCJ"]
    added = ok(gql(client, ADD_OBJECT, {"input": {"name": "张江夜市第3号摊位", "address": "张江路100号",
                                                  "responsibleUscc": world.entities["restaurant"], "idempotencyKey": "o-1"}},
                   scj))["addUncodedObject"]
    assert added["userErrors"] == []
    obj = added["uncodedObject"]
    assert obj["responsibleEntity"]["uscc"] == world.entities["restaurant"] and obj["objectKey"].startswith("O")
    again = ok(gql(client, ADD_OBJECT, {"input": {"name": "张江夜市第3号摊位", "address": "张江路100号",
                                                  "responsibleUscc": world.entities["restaurant"], "idempotencyKey": "o-1"}},
                   scj))["addUncodedObject"]
    assert again["uncodedObject"]["id"] == obj["id"] and rows(world.engine, UncodedObject) == 1

    everything = _directory(client, scj, first=100)["edges"]
    by_uscc = {e["node"]["entity"]["uscc"]: e["node"] for e in everything}
    assert world.entities["restaurant"] in by_uscc
    assert [o["id"] for o in by_uscc[world.entities["restaurant"]]["uncodedObjects"]] == [obj["id"]]
    assert all(not n["uncodedObjects"] for u, n in by_uscc.items() if u != world.entities["restaurant"])

    barbers = _directory(client, scj, filter={"entityType": "INDIVIDUAL_BUSINESS"})["edges"]
    assert world.entities["barber"] in by_uscc
    assert [e["node"]["entity"]["uscc"] for e in barbers] == [world.entities["barber"]]
    assert _directory(client, scj, filter={"creditGrades": ["A"]})["edges"] == []  # nobody graded yet
    assert _directory(client, scj, filter={"region": "110000"})["edges"] == []

    seen, after = [], None
    while True:
        p = _directory(client, scj, first=2, after=after)
        seen += [e["node"]["entity"]["uscc"] for e in p["edges"]]
        if not p["pageInfo"]["hasNextPage"]:
            break
        after = p["pageInfo"]["endCursor"]
    assert seen == [e["node"]["entity"]["uscc"] for e in everything]


def test_a_bad_object_writes_nothing_and_an_entity_outside_the_remit_is_not_found__004_s23(client, world):
    scj = world.keys["T-SCJ"]
    blank = ok(gql(client, ADD_OBJECT, {"input": {"name": " ", "responsibleUscc": world.entities["restaurant"]}},
                   scj))["addUncodedObject"]
    assert blank["uncodedObject"] is None
    assert [(e["field"], e["code"]) for e in blank["userErrors"]] == [(["input", "name"], "REQUIRED")]
    outside = ok(gql(client, ADD_OBJECT, {"input": {"name": "摊位", "responsibleUscc": world.entities["restaurant"]}},
                     world.keys["T-MZJ"]))["addUncodedObject"]
    assert [(e["field"], e["code"]) for e in outside["userErrors"]] == [(["input", "responsibleUscc"], "NOT_FOUND")]
    assert rows(world.engine, UncodedObject) == 0


def test_another_department_and_the_public_see_nothing_of_a_directory__004_s23(client, world):
    obj = ok(gql(client, ADD_OBJECT, {"input": {"name": "摊位", "responsibleUscc": world.entities["restaurant"]}},
                 world.keys["T-SCJ"]))["addUncodedObject"]["uncodedObject"]
    forbidden(gql(client, ADD_OBJECT, {"input": {"name": "摊位", "responsibleUscc": world.entities["restaurant"]}},
                  world.keys["public"]))
    assert rows(world.engine, UncodedObject) == 1
    assert _directory(client, world.keys["public"])["edges"] == []
    assert _directory(client, None)["edges"] == []
    others = _directory(client, world.keys["T-MZJ"], first=100)["edges"]
    assert all(not e["node"]["uncodedObjects"] for e in others)
    node = """query($id: ID!) { node(id: $id) { id } }"""
    assert ok(gql(client, node, {"id": obj["id"]}, world.keys["T-MZJ"]))["node"] is None
    assert ok(gql(client, node, {"id": obj["id"]}, world.keys["public"]))["node"] is None
    assert ok(gql(client, node, {"id": obj["id"]}, world.keys["T-SCJ"]))["node"]["id"] == obj["id"]


def test_directory_filters_by_combined_risk_level_and_current_grade__004_s36_s37(client, world):
    """The highest current level counts (从严监管，风险就高不就低): an entity assessed LOW by one department and HIGH
    by another is HIGH, and answers to a HIGH filter only."""
    with contextlib.closing(world.session()) as s:
        for dept in ("T-SCJ", "T-WJW"):
            risk.define_risk_rule(session=s, actor=actor_of(s, dept), code=f"{dept}-R", name="餐饮业风险评估规则",
                                  industry_code="H6210", subject="本部门", scope="辖区企业", method="资料审查",
                                  indicators=["投诉"], report_use="确定抽查比例")

        def assess(label, dept, level):
            risk.record_risk_assessment(session=s, actor=actor_of(s, dept), uscc=world.entities[label],
                                        rule_code=f"{dept}-R", trigger="LAW", level=level, reason="年度评估", process="资料审查",
                                        indicators_method="指标", result=level, measures="无", assessed_on=TODAY, today=TODAY)
        assess("restaurant", "T-SCJ", "LOW")
        assess("restaurant", "T-WJW", "HIGH")
        assess("plain", "T-SCJ", "MEDIUM")
        fgw = actor_of(s, "T-FGW")
        credit.publish_credit_standard(session=s, actor=fgw, name="标准", data=grading.DEFAULT_STANDARD, today=TODAY)
        grade = credit.evaluate_credit(session=s, actor=fgw, uscc=world.entities["plain"], today=TODAY).grade
        s.commit()
    scj = world.keys["T-SCJ"]

    def found(**f):
        return {e["node"]["entity"]["uscc"]: (e["node"]["riskLevel"], e["node"]["creditGrade"])
                for e in _directory(client, scj, filter=f, first=100)["edges"]}
    r, p = world.entities["restaurant"], world.entities["plain"]
    assert found(riskLevels=["LOW"]) == {}
    assert found(riskLevels=["HIGH"]) == {r: ("HIGH", None)}
    assert found(riskLevels=["MEDIUM", "HIGH"]) == {r: ("HIGH", None), p: ("MEDIUM", grade)}
    assert found(creditGrades=[grade]) == {p: ("MEDIUM", grade)}
    assert found(creditGrades=[grade], riskLevels=["HIGH"]) == {}


def test_object_directory_statement_count_does_not_grow_with_rows__004_s23(client, db):
    counts = []
    for extra in (0, 12):
        _clean(db)
        w = build_world(db, extra_entities=extra)
        for label in ("restaurant", "extra0" if extra else "plain"):
            body = gql(client, ADD_OBJECT, {"input": {"name": f"{label}摊位", "responsibleUscc": w.entities[label]}},
                       w.keys["T-SCJ"])
            assert ok(body)["addUncodedObject"]["userErrors"] == []
        with count_statements(db) as counter:
            edges = _directory(client, w.keys["T-SCJ"], first=100)["edges"]
        assert len(edges) >= 5 + extra
        counts.append(counter.count)
    assert counts[0] == counts[1]


# --- 信用评估标准、行业风险评估规则、公共信用信息 (§29–30, §34) ------------------------------------------

PUBLISH_STANDARD = """mutation($input: PublishCreditStandardInput!) { publishCreditStandard(input: $input) {
  standard { version name data publishedOn } userErrors { field code message } } }"""
SAVE_RULE = """mutation($input: SaveRiskRuleInput!) { saveRiskRule(input: $input) {
  rule { id code industryCode levels department { code } } userErrors { field code message } } }"""
RECORD_FACT = """mutation($input: RecordCreditFactInput!) { recordCreditFact(input: $input) {
  fact { id kind severity summary public department { code } entity { uscc } } userErrors { field code message } } }"""
RULE = {"code": "WJW-GGCS", "name": "公共场所卫生风险评估规则", "industryCode": "O80", "subject": "区卫生健康委员会",
        "scope": "辖区公共场所经营者", "method": "现场检查与资料审查", "indicators": ["卫生许可", "从业人员健康证明"],
        "reportUse": "按风险等级确定抽查比例", "levels": ["LOW", "MEDIUM", "HIGH"]}


def test_the_credit_department_publishes_a_standard_from_json__004_s29(client, world):
    body = ok(gql(client, PUBLISH_STANDARD, {"input": {"name": "测试区企业信用评估标准", "data": grading.DEFAULT_STANDARD,
                                                       "idempotencyKey": "std-1"}}, world.keys["T-FGW"]))
    std = body["publishCreditStandard"]
    assert std["userErrors"] == [] and std["standard"]["version"] == 1
    assert std["standard"]["data"] == grading.DEFAULT_STANDARD
    bad = ok(gql(client, PUBLISH_STANDARD, {"input": {"name": "有误的标准", "data": {"grades": [{"grade": "A", "minScore": 90}],
                                                                               "indicators": []}}},
                 world.keys["T-FGW"]))["publishCreditStandard"]
    assert bad["standard"] is None and [(e["field"], e["code"]) for e in bad["userErrors"]] == [(["input", "data"], "INVALID_VALUE")]
    assert rows(world.engine, CreditStandard) == 1


@pytest.mark.parametrize("who", ["T-SCJ", "T-DCS", "public"])
def test_only_the_credit_department_publishes_a_standard__004_s29(client, world, who):
    forbidden(gql(client, PUBLISH_STANDARD, {"input": {"name": "标准", "data": grading.DEFAULT_STANDARD}}, world.keys[who]))
    assert rows(world.engine, CreditStandard) == 0


def test_a_competent_department_defines_its_industrys_risk_rule__004_s34(client, world):
    wjw = world.keys["T-WJW"]
    saved = ok(gql(client, SAVE_RULE, {"input": RULE}, wjw))["saveRiskRule"]
    assert saved["userErrors"] == []
    assert saved["rule"]["levels"] == ["LOW", "MEDIUM", "HIGH"] and saved["rule"]["department"]["code"] == "T-WJW"
    listed = ok(gql(client, "{ riskRules { edges { node { code } } } }"))["riskRules"]["edges"]
    assert [e["node"]["code"] for e in listed] == ["WJW-GGCS"]  # the rules are public
    dup = ok(gql(client, SAVE_RULE, {"input": {**RULE, "levels": ["HIGH", "LOW"]}}, wjw))["saveRiskRule"]
    assert dup["rule"] is None
    assert sorted((e["field"][-1], e["code"]) for e in dup["userErrors"]) == [("code", "DUPLICATE"), ("levels", "INVALID_VALUE")]
    assert rows(world.engine, RiskRule) == 1


@pytest.mark.parametrize("who", ["T-FGW", "T-DCS", "public"])
def test_only_approval_and_competent_departments_define_risk_rules__004_s32_s34(client, world, who):
    forbidden(gql(client, SAVE_RULE, {"input": RULE}, world.keys[who]))
    assert rows(world.engine, RiskRule) == 0


def test_a_department_supplies_a_credit_fact_from_its_own_record__004_s30(client, world):
    fact = ok(gql(client, RECORD_FACT, {"input": {"uscc": world.entities["barber"], "kind": "HONOUR",
                                                  "occurredOn": "2026-01-15", "summary": "获评区卫生先进单位",
                                                  "idempotencyKey": "f-1"}}, world.keys["T-WJW"]))["recordCreditFact"]
    assert fact["userErrors"] == []
    assert fact["fact"]["department"]["code"] == "T-WJW" and fact["fact"]["entity"]["uscc"] == world.entities["barber"]
    q = """query($u: String!) { creditFacts(uscc: $u) { edges { node { id kind } } } }"""
    public = ok(gql(client, q, {"u": world.entities["barber"]}))["creditFacts"]["edges"]
    assert [e["node"]["id"] for e in public] == [fact["fact"]["id"]]  # a public fact in effect

    bad = ok(gql(client, RECORD_FACT, {"input": {"uscc": world.entities["barber"], "kind": "PENALTY",
                                                 "occurredOn": "2026-01-15", "summary": "罚款"}},
                 world.keys["T-WJW"]))["recordCreditFact"]
    assert bad["fact"] is None and [(e["field"], e["code"]) for e in bad["userErrors"]] == [(["input", "severity"], "REQUIRED")]
    listing = ok(gql(client, RECORD_FACT, {"input": {"uscc": world.entities["barber"], "kind": "SERIOUS_VIOLATION",
                                                     "occurredOn": "2026-01-15", "summary": "列入"}},
                     world.keys["T-WJW"]))["recordCreditFact"]
    assert [e["code"] for e in listing["userErrors"]] == ["INVALID_VALUE"]  # lists only through listEntity
    unknown = ok(gql(client, RECORD_FACT, {"input": {"uscc": "91310115000000000X", "kind": "HONOUR",
                                                     "occurredOn": "2026-01-15", "summary": "x"}},
                     world.keys["T-WJW"]))["recordCreditFact"]
    assert [e["code"] for e in unknown["userErrors"]] == ["NOT_FOUND"]
    assert rows(world.engine, CreditFact) == 1


def test_the_public_supplies_no_credit_fact__004_s30(client, world):
    forbidden(gql(client, RECORD_FACT, {"input": {"uscc": world.entities["barber"], "kind": "HONOUR",
                                                  "occurredOn": "2026-01-15", "summary": "x"}}, world.keys["public"]))
    assert rows(world.engine, CreditFact) == 0


# --- 免予处罚、行刑衔接、本部门案件和处罚决定 (000 §12; 002 §五.6) --------------------------------------------

EXEMPT = """mutation($input: ExemptCaseInput!) { exemptCase(input: $input) { case { id status guidance }
  userErrors { field code message } } }"""
UPDATE_TRANSFER = """mutation($input: UpdateCaseTransferInput!) { updateCaseTransfer(input: $input) {
  transfer { id status note fromDepartment { code } toDepartment { code } } userErrors { field code message } } }"""
CASES = """query($first: Int, $after: String, $status: CaseStatus) { cases(first: $first, after: $after, status: $status) {
  edges { node { id number status entity { uscc } } } pageInfo { hasNextPage endCursor } } }"""
DECISIONS = """query($first: Int, $after: String) { penaltyDecisions(first: $first, after: $after) {
  edges { node { id number fineAmount status } } pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture
def enf(db):
    w = setup_enforcement(db)
    with w.session() as s:
        w.keys["T-GAJ"] = accounts.create_api_key(session=s, actor=SYSTEM, name="T-GAJ", department_code="T-GAJ").token
        s.commit()
    return w


def _case_status(engine, case_id: int) -> str:
    from models.db import new_session
    with contextlib.closing(new_session(engine)) as s:
        return s.get(EnforcementCase, case_id).status


def test_a_first_minor_violation_on_the_list_is_closed_with_guidance__000_s12(client, enf):
    with enf.session() as s:
        listed = open_case(s, enf, exemption_code="MJ-01", violation_type="未按规定公示营业执照")
        plain = open_case(s, enf, number="沪市监案〔2026〕2号")
        s.commit()
        listed_id, plain_id = listed.id, plain.id
    scj = enf.keys["T-SCJ"]
    done = ok(gql(client, EXEMPT, {"input": {"caseId": gid("EnforcementCase", listed_id), "guidance": "已指导当事人当场改正",
                                             "idempotencyKey": "ex-1"}}, scj))["exemptCase"]
    assert done["userErrors"] == [] and done["case"]["status"] == "EXEMPTED"
    assert done["case"]["guidance"] == "已指导当事人当场改正"

    refused = ok(gql(client, EXEMPT, {"input": {"caseId": gid("EnforcementCase", plain_id), "guidance": "指导"}},
                     scj))["exemptCase"]
    assert refused["case"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "caseId"], "INVALID_VALUE")]
    assert _case_status(enf.engine, plain_id) == "OPEN"
    blank = ok(gql(client, EXEMPT, {"input": {"caseId": gid("EnforcementCase", plain_id), "guidance": ""}}, scj))["exemptCase"]
    assert "REQUIRED" in [e["code"] for e in blank["userErrors"]]


@pytest.mark.parametrize("who", ["T-WJW", "T-DCS", "public"])
def test_another_departments_case_cannot_be_exempted__000_s12(client, enf, who):
    with enf.session() as s:
        case_id = open_case(s, enf, exemption_code="MJ-01", violation_type="未按规定公示营业执照").id
        s.commit()
    body = ok(gql(client, EXEMPT, {"input": {"caseId": gid("EnforcementCase", case_id), "guidance": "指导"}},
                  enf.keys[who]))["exemptCase"]
    assert [e["code"] for e in body["userErrors"]] == ["NOT_FOUND"]
    assert _case_status(enf.engine, case_id) == "OPEN"


def _transfer(enf) -> int:
    with enf.session() as s:
        case = open_case(s, enf)
        t = penalties.transfer_case(session=s, actor=actor_of(s, "T-SCJ"), case_id=case.id, to_department_code="T-GAJ",
                                    reason="涉嫌生产销售伪劣产品罪", transferred_on=date(2026, 11, 10), today=TODAY)
        s.commit()
        return t.id


def test_public_security_records_acceptance_and_judgment_and_the_department_sees_it__002_s5_6(client, enf):
    tid = gid("CaseTransfer", _transfer(enf))
    gaj = enf.keys["T-GAJ"]
    accepted = ok(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "ACCEPTED", "idempotencyKey": "t-1"}},
                      gaj))["updateCaseTransfer"]
    assert accepted["userErrors"] == [] and accepted["transfer"]["status"] == "ACCEPTED"
    judged = ok(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "JUDGED", "note": "已判决"}},
                    gaj))["updateCaseTransfer"]
    assert judged["transfer"]["status"] == "JUDGED"
    q = "{ caseTransfers { edges { node { id status note toDepartment { code } } } } }"
    for side in ("T-SCJ", "T-GAJ"):
        edges = ok(gql(client, q, token=enf.keys[side]))["caseTransfers"]["edges"]
        assert [(e["node"]["id"], e["node"]["status"], e["node"]["note"]) for e in edges] == [(tid, "JUDGED", "已判决")]


def test_a_bad_transfer_status_writes_nothing__002_s5_6(client, enf):
    tid = gid("CaseTransfer", _transfer(enf))
    gaj = enf.keys["T-GAJ"]
    jump = ok(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "JUDGED"}}, gaj))["updateCaseTransfer"]
    assert [(e["field"], e["code"]) for e in jump["userErrors"]] == [(["input", "status"], "INVALID_STATUS_TRANSITION")]
    bare = ok(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "RETURNED"}}, gaj))["updateCaseTransfer"]
    assert [(e["field"], e["code"]) for e in bare["userErrors"]] == [(["input", "note"], "REQUIRED")]
    with enf.session() as s:
        assert s.exec(select(CaseTransfer.status)).all() == ["TRANSFERRED"]


def test_only_the_receiving_side_updates_a_transfer__002_s5_6(client, enf):
    tid = gid("CaseTransfer", _transfer(enf))
    forbidden(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "ACCEPTED"}}, enf.keys["T-SCJ"]))
    for who in ("T-WJW", "public"):
        body = ok(gql(client, UPDATE_TRANSFER, {"input": {"transferId": tid, "status": "ACCEPTED"}},
                      enf.keys[who]))["updateCaseTransfer"]
        assert [e["code"] for e in body["userErrors"]] == ["NOT_FOUND"]
    with enf.session() as s:
        assert s.exec(select(CaseTransfer.status)).all() == ["TRANSFERRED"]


def test_cases_and_decisions_are_the_departments_own_and_oversight_sees_all(client, enf):
    with enf.session() as s:
        case = open_case(s, enf)
        decision = decide(s, case)
        open_case(s, enf, number="沪市监案〔2026〕2号")
        s.commit()
        case_id, decision_id = case.id, decision.id
    mine = ok(gql(client, CASES, {"first": 1}, enf.keys["T-SCJ"]))["cases"]
    assert [e["node"]["id"] for e in mine["edges"]] == [gid("EnforcementCase", case_id)] and mine["pageInfo"]["hasNextPage"]
    rest = ok(gql(client, CASES, {"after": mine["pageInfo"]["endCursor"]}, enf.keys["T-SCJ"]))["cases"]
    assert [e["node"]["number"] for e in rest["edges"]] == ["沪市监案〔2026〕2号"] and not rest["pageInfo"]["hasNextPage"]
    opened = ok(gql(client, CASES, {"status": "OPEN"}, enf.keys["T-SCJ"]))["cases"]["edges"]
    assert [e["node"]["number"] for e in opened] == ["沪市监案〔2026〕2号"]
    decisions = ok(gql(client, DECISIONS, {}, enf.keys["T-SCJ"]))["penaltyDecisions"]["edges"]
    assert [e["node"]["id"] for e in decisions] == [gid("PenaltyDecision", decision_id)]
    assert len(ok(gql(client, CASES, {}, enf.keys["T-DCS"]))["cases"]["edges"]) == 2
    assert len(ok(gql(client, DECISIONS, {}, enf.keys["T-DCS"]))["penaltyDecisions"]["edges"]) == 1
    for who in ("T-WJW", "public"):
        assert ok(gql(client, CASES, {}, enf.keys[who]))["cases"]["edges"] == []
        assert ok(gql(client, DECISIONS, {}, enf.keys[who]))["penaltyDecisions"]["edges"] == []
    assert ok(gql(client, CASES, {}))["cases"]["edges"] == []


@pytest.mark.parametrize("query,key", [(CASES, "cases"), (DECISIONS, "penaltyDecisions")])
def test_case_and_decision_lists_statement_count_does_not_grow_with_rows(client, db, query, key):
    counts = []
    for n in (1, 6):
        _clean(db)
        w = setup_enforcement(db)
        with w.session() as s:
            for i in range(n):
                decide(s, open_case(s, w, number=f"沪市监案〔2026〕{i + 1}号"), number=f"沪市监罚〔2026〕{i + 1}号")
            s.commit()
        with count_statements(db) as counter:
            edges = ok(gql(client, query, {"first": 50}, w.keys["T-SCJ"]))[key]["edges"]
        assert len(edges) == n
        counts.append(counter.count)
    assert counts[0] == counts[1]
