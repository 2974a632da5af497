"""Credit standing through /graphql (seeds/004 §29–31, §36; 002 §五.5; 001 §3.2; 000 §7; 003 §14).

The credit department grades; a department responsible for the entity sees the grade, others and
the public do not; list membership is public and reaches an unrelated department in the answer of
its own act (一处失信，处处受限); a repair filed by a partner key and accepted restores the grade;
the entity list with its standing costs the same number of statements whatever its length.
"""
from __future__ import annotations

import contextlib
from datetime import date

import pytest
from sqlmodel import select

from models import CreditEvaluation, MarketEntity
from models.db import new_session
from supervision import credit, grading
from tests.conftest import TODAY, actor_of, build_world, count_statements, gql

STANDING = """query($uscc: String!) { entity(uscc: $uscc) { name creditStanding {
  grade riskLevel listFlags jointMeasures { code matter means implementingDepartment { code } } } } }"""
LIST = """mutation($in: ListEntityInput!) { listEntity(input: $in) { listEntry { id listKind reason }
  userErrors { field code message } } }"""
EVALUATE = """mutation($uscc: String!) { evaluateCredit(input: {uscc: $uscc}) {
  evaluation { grade score standardVersion contributions { indicator points factIds } } userErrors { code } } }"""


def setup_credit(world):
    with contextlib.closing(world.session()) as s:
        fgw = actor_of(s, "T-FGW")
        credit.publish_credit_standard(session=s, actor=fgw, name="测试区企业信用评估标准", data=grading.DEFAULT_STANDARD, today=TODAY)
        credit.save_joint_measure(session=s, actor=fgw, code="JM-PERMIT", kind="PUNISHMENT", matter="从严审查行政许可",
                                  target="严重违法失信主体", target_list="SERIOUS_VIOLATION",
                                  means="不适用告知承诺制，加强现场核查", implementing_department_code="T-WJW",
                                  legal_basis="《国务院关于建立完善守信联合激励和失信联合惩戒制度的意见》", acts=["PERMIT"])
        s.commit()


def ok(body):
    assert "errors" not in body, body
    return body["data"]


def list_restaurant(client, world):
    return ok(gql(client, LIST, {"in": {"uscc": world.entities["restaurant"], "listKind": "SERIOUS_VIOLATION",
                                        "reason": "提供虚假材料取得许可", "basis": "《严重违法失信名单管理办法》第二条",
                                        "listedOn": "2025-01-02"}}, world.keys["T-SCJ"]))["listEntity"]["listEntry"]


def test_a_listed_entitys_flag_and_measures_come_back_in_an_unrelated_departments_permit_answer__002_s5_5(client, world):
    """一处失信，处处受限: T-WJW records a hygiene permit for an entity T-SCJ listed; the answer carries the flag."""
    setup_credit(world)
    list_restaurant(client, world)
    d = ok(gql(client, """mutation($in: RecordPermitInput!) { recordPermit(input: $in) {
      permit { number } creditAlerts { listFlags jointMeasures { code acts } } userErrors { code } } }""",
               {"in": {"uscc": world.entities["restaurant"], "itemCode": "HYGIENE", "number": "沪卫公字2025第0009号",
                       "decisionDate": "2025-02-01"}}, world.keys["T-WJW"]))["recordPermit"]
    assert d["creditAlerts"] == {"listFlags": ["SERIOUS_VIOLATION"], "jointMeasures": [{"code": "JM-PERMIT", "acts": ["PERMIT"]}]}
    clean = ok(gql(client, """mutation($id: ID!) { changePermitStatus(input: {permitId: $id, status: EXPIRED}) {
      creditAlerts { listFlags jointMeasures { code } } } }""",
                   {"id": f"{_gid('Permit', world.permits['hygiene'])}"}, world.keys["T-WJW"]))["changePermitStatus"]
    assert clean["creditAlerts"] == {"listFlags": [], "jointMeasures": []}


def _gid(type_name, pk):
    from strawberry import relay
    return str(relay.GlobalID(type_name, str(pk)))


def test_grades_are_seen_in_remit_and_list_membership_by_everyone__004_s29_002_s5_5(client, world):
    setup_credit(world)
    list_restaurant(client, world)
    ev = ok(gql(client, EVALUATE, {"uscc": world.entities["restaurant"]}, world.keys["T-FGW"]))["evaluateCredit"]
    assert (ev["evaluation"]["grade"], ev["evaluation"]["standardVersion"]) == ("D", 1)
    assert ev["evaluation"]["contributions"][0]["indicator"] == "SERIOUS_LIST"
    seen = {}
    for who in ("T-FGW", "T-SCJ", "T-WJW", "T-DCS", "public"):
        seen[who] = ok(gql(client, STANDING, {"uscc": world.entities["restaurant"]}, world.keys[who]))["entity"]["creditStanding"]
    assert {k: v["grade"] for k, v in seen.items()} == {"T-FGW": "D", "T-SCJ": "D", "T-WJW": None, "T-DCS": "D", "public": None}
    assert all(v["listFlags"] == ["SERIOUS_VIOLATION"] for v in seen.values())
    public_list = ok(gql(client, "{ dishonestyList { edges { node { listKind entity { name } department { code } } } } }",
                         token=world.keys["public"]))["dishonestyList"]["edges"]
    assert [(e["node"]["listKind"], e["node"]["department"]["code"]) for e in public_list] == [("SERIOUS_VIOLATION", "T-SCJ")]
    evals = ok(gql(client, "{ creditEvaluations { edges { node { grade } } } }", token=world.keys["T-WJW"]))
    assert evals["creditEvaluations"]["edges"] == []


@pytest.mark.parametrize("who", ["T-SCJ", "T-WJW", "T-DCS", "public"])
def test_a_department_other_than_credit_is_refused_grading_and_nothing_is_written__004_s30(client, world, who):
    setup_credit(world)
    body = gql(client, EVALUATE, {"uscc": world.entities["plain"]}, world.keys[who])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    with contextlib.closing(world.session()) as s:
        assert s.exec(select(CreditEvaluation)).all() == []


def test_a_repair_filed_by_a_partner_key_and_accepted_restores_the_grade__000_s7_003_s14(client, world):
    setup_credit(world)
    list_restaurant(client, world)
    ok(gql(client, EVALUATE, {"uscc": world.entities["restaurant"]}, world.keys["T-FGW"]))
    facts = ok(gql(client, "query($u: String!) { creditFacts(uscc: $u) { edges { node { id kind state } } } }",
                   {"u": world.entities["restaurant"]}, world.keys["public"]))["creditFacts"]["edges"]
    assert [f["node"]["kind"] for f in facts] == ["SERIOUS_VIOLATION"]
    filed = ok(gql(client, """mutation($in: FileCreditRepairInput!) { fileCreditRepair(input: $in) {
      repairRequest { id status department { code } } userErrors { code } } }""",
                   {"in": {"factId": facts[0]["node"]["id"], "kind": "REPAIR", "reason": "已纠正并作出信用承诺"}},
                   world.keys["public"]))["fileCreditRepair"]["repairRequest"]
    assert (filed["status"], filed["department"]["code"]) == ("PENDING", "T-SCJ")
    decided = ok(gql(client, """mutation($id: ID!) { decideCreditRepair(input: {repairId: $id, accept: true, reason: "符合修复条件"}) {
      repairRequest { status } userErrors { code } } }""", {"id": filed["id"]}, world.keys["T-SCJ"]))
    assert decided["decideCreditRepair"]["repairRequest"]["status"] == "ACCEPTED"
    after = ok(gql(client, STANDING, {"uscc": world.entities["restaurant"]}, world.keys["T-SCJ"]))["entity"]["creditStanding"]
    assert (after["grade"], after["listFlags"], after["jointMeasures"]) == ("A", [], [])
    public_facts = ok(gql(client, "query($u: String!) { creditFacts(uscc: $u) { edges { node { id } } } }",
                          {"u": world.entities["restaurant"]}, world.keys["public"]))["creditFacts"]["edges"]
    assert public_facts == []


def test_a_risk_assessment_with_a_level_outside_the_industrys_is_a_user_error__004_s36(client, world):
    from supervision import risk
    with contextlib.closing(world.session()) as s:
        risk.define_risk_rule(session=s, actor=actor_of(s, "T-WJW"), code="R-HYG", name="公共场所卫生风险评估",
                              industry_code="H62", subject="区卫健委", scope="理发店", method="现场检查",
                              indicators=["消毒记录"], report_use="调整抽查比例", levels=["LOW", "HIGH"])
        s.commit()
    q = """mutation($in: RecordRiskAssessmentInput!) { recordRiskAssessment(input: $in) {
      assessment { level thirdParty } userErrors { field code } } }"""
    base = {"uscc": world.entities["barber"], "ruleCode": "R-HYG", "trigger": "MONITORING", "reason": "投诉",
            "process": "现场检查", "indicatorsMethod": "逐项打分", "result": "高风险", "measures": "责令整改",
            "assessedOn": "2025-03-01", "thirdParty": "某评估公司"}
    bad = ok(gql(client, q, {"in": {**base, "level": "MEDIUM"}}, world.keys["T-WJW"]))["recordRiskAssessment"]
    assert bad == {"assessment": None, "userErrors": [{"field": ["input", "level"], "code": "INVALID_VALUE"}]}
    good = ok(gql(client, q, {"in": {**base, "level": "HIGH"}}, world.keys["T-WJW"]))["recordRiskAssessment"]
    assert good["assessment"] == {"level": "HIGH", "thirdParty": "某评估公司"}
    lvl = ok(gql(client, STANDING, {"uscc": world.entities["barber"]}, world.keys["T-WJW"]))["entity"]["creditStanding"]
    assert lvl["riskLevel"] == "HIGH"


ENTITIES = "{ entities(first: 100) { edges { node { uscc creditStanding { grade riskLevel listFlags jointMeasures { code implementingDepartment { code } } } } } } }"


def _grade_all(engine):
    with contextlib.closing(new_session(engine)) as s:
        credit.reevaluate_all(session=s, actor=actor_of(s, "T-FGW"), today=TODAY)
        for uscc in list(s.exec(select(MarketEntity.uscc).order_by(MarketEntity.id)).all())[::2]:
            credit.list_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=uscc, list_kind="SERIOUS_VIOLATION",
                               reason="x", basis="y", listed_on=date(2025, 1, 2), today=TODAY)
        s.commit()


@pytest.mark.parametrize("who", ["T-FGW", "T-SCJ", "public"])
def test_entity_standing_statement_count_does_not_grow_with_rows(client, db, who):
    counts = []
    for extra in (0, 12):
        from tests.conftest import _clean
        _clean(db)
        w = build_world(db, extra_entities=extra)
        setup_credit(w)
        _grade_all(db)
        with count_statements(db) as counter:
            body = gql(client, ENTITIES, token=w.keys[who])
        data = ok(body)["entities"]["edges"]
        assert len(data) == 5 + extra
        assert any(e["node"]["creditStanding"]["jointMeasures"] for e in data)
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_a_registration_change_answers_with_the_flag_and_the_measures_for_that_act__002_s5_5(client, world):
    """一处失信，处处受限: the registering department revoking a listed entity sees the flag and the measures that
    apply to a registration change; only the registering department may change the status."""
    setup_credit(world)
    with contextlib.closing(world.session()) as s:
        credit.save_joint_measure(session=s, actor=actor_of(s, "T-FGW"), code="JM-REG", kind="PUNISHMENT",
                                  matter="限制变更登记", target="严重违法失信主体", target_list="SERIOUS_VIOLATION",
                                  means="法定代表人变更等登记事项从严审核", implementing_department_code="T-SCJ",
                                  legal_basis="《严重违法失信名单管理办法》", acts=["REGISTRATION_CHANGE"])
        s.commit()
    list_restaurant(client, world)
    change = """mutation($in: ChangeEntityStatusInput!) { changeEntityStatus(input: $in) { entity { status }
      creditAlerts { listFlags jointMeasures { code } } userErrors { field code } } }"""
    body = {"in": {"uscc": world.entities["restaurant"], "status": "REVOKED", "reason": "提供虚假材料取得登记"}}
    refused = gql(client, change, body, world.keys["T-WJW"])
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    d = ok(gql(client, change, body, world.keys["T-SCJ"]))["changeEntityStatus"]
    assert d["entity"] == {"status": "REVOKED"} and d["userErrors"] == []
    assert d["creditAlerts"] == {"listFlags": ["SERIOUS_VIOLATION"], "jointMeasures": [{"code": "JM-REG"}]}
