"""Rule 6 (DOMAIN.md; 000 §(四)): an approval obtained by a false or broken commitment (告知承诺) is
investigated by the department that approved it; a substantiated breach revokes the permit."""
from __future__ import annotations

import contextlib
from datetime import date

import pytest
from sqlmodel import func, select

from models import AuditRecord, Department, EntityAssignment, Investigation, Permit
from supervision import entities, investigations, permits
from strawberry import relay

from supervision.errors import DomainError, ErrorCode, Forbidden, NotFound, ValidationErrors
from supervision.responsibility import explain_access
from tests.conftest import TODAY, actor_of, gql


@pytest.fixture
def s(world):
    with contextlib.closing(world.session()) as session:
        yield session


def grant_on_commitment(s, world, uscc_label="restaurant", item="HYGIENE", dept="T-WJW", number="沪卫公字2026第0099号") -> Permit:
    p = permits.record_permit(session=s, actor=actor_of(s, dept), uscc=world.entities[uscc_label], item_code=item,
                              number=number, decision_date=date(2026, 9, 1), by_commitment=True, today=TODAY)
    s.commit()
    return p


def dept_id(s, code):
    return s.exec(select(Department.id).where(Department.code == code)).one()


def report(s, permit_id, by="T-SCJ", breach="FALSE", facts="承诺已具备消毒设施，现场核查无消毒间", found_on=date(2026, 11, 2)):
    return investigations.report_commitment_breach(session=s, actor=actor_of(s, by), permit_id=permit_id, breach=breach,
                                                   found_on=found_on, facts=facts, today=TODAY)


def count(s, model):
    return s.exec(select(func.count()).select_from(model)).one()


def test_only_items_under_notice_and_commitment_are_granted_on_a_commitment(s, world):
    with pytest.raises(ValidationErrors) as e:
        permits.record_permit(session=s, actor=actor_of(s, "T-SPJ"), uscc=world.entities["school"], item_code="SCHOOL",
                              number="教民131011570000099号", decision_date=date(2026, 9, 1), by_commitment=True, today=TODAY)
    assert [(x.code, x.field) for x in e.value.errors] == [(ErrorCode.COMMITMENT_NOT_ALLOWED, "byCommitment")]
    s.rollback()
    assert s.exec(select(Permit).where(Permit.number == "教民131011570000099号")).first() is None
    assert grant_on_commitment(s, world).by_commitment is True


def test_a_false_commitment_found_by_another_department_is_investigated_by_the_approver__rule_6(s, world):
    permit = grant_on_commitment(s, world)
    inv = report(s, permit.id, by="T-SCJ")
    s.commit()
    assert inv.department_id == dept_id(s, "T-WJW")  # the approving department investigates
    assert inv.found_by_department_id == dept_id(s, "T-SCJ")
    assert (inv.kind, inv.breach, inv.permit_id, inv.status) == ("COMMITMENT_BREACH", "FALSE", permit.id, "OPEN")
    assert "消毒间" in inv.reason and permit.number in inv.reason
    routed = s.exec(select(EntityAssignment).where(EntityAssignment.source_kind == "investigation",
                                                   EntityAssignment.source_id == inv.id)).all()
    assert [(a.department_id, a.rule) for a in routed] == [(dept_id(s, "T-WJW"), "COMMITMENT_BREACH")]
    entity = entities.find_by_uscc(s, world.entities["restaurant"])
    why = explain_access(s, actor_of(s, "T-WJW"), entity)
    assert any(r.rule == "COMMITMENT_BREACH" and "虚假承诺或违反承诺" in r.description for r in why.reasons)
    act = s.exec(select(AuditRecord).where(AuditRecord.act == "investigation.commitment_breach")).one()
    assert act.target_id == str(inv.id)


def test_a_department_outside_the_entitys_remit_cannot_report_and_learns_nothing__rule_6(s, world):
    permit = grant_on_commitment(s, world)
    with pytest.raises(NotFound) as e:
        report(s, permit.id, by="T-JYJ")
    with pytest.raises(NotFound) as missing:
        report(s, 999_999, by="T-JYJ")
    assert e.value.message == missing.value.message  # same answer as for a permit that does not exist
    assert count(s, Investigation) == 0


def test_a_permit_granted_without_commitment_is_not_a_commitment_case_and_bad_input_writes_nothing(s, world):
    permit = grant_on_commitment(s, world)
    with pytest.raises(ValidationErrors) as e:
        report(s, world.permits["food"])
    assert [x.code for x in e.value.errors] == [ErrorCode.NOT_BY_COMMITMENT]
    with pytest.raises(ValidationErrors) as e:
        report(s, permit.id, breach="LATE", facts=" ", found_on=date(2026, 8, 1))
    assert sorted(x.field for x in e.value.errors) == ["breach", "facts", "foundOn"]
    with pytest.raises(ValidationErrors) as e:
        report(s, permit.id, found_on=date(2026, 8, 1))  # before the decision
    assert [(x.code, x.field) for x in e.value.errors] == [(ErrorCode.INVALID_DATE, "foundOn")]
    s.rollback()
    assert count(s, Investigation) == 0


def test_one_open_investigation_per_permit(s, world):
    permit = grant_on_commitment(s, world)
    report(s, permit.id)
    s.commit()
    with pytest.raises(DomainError) as e:
        report(s, permit.id, by="T-WJW", breach="BROKEN")
    assert e.value.code == ErrorCode.ALREADY_DONE


def test_a_substantiated_breach_revokes_the_permit_and_only_the_approver_closes__rule_6(s, world):
    permit = grant_on_commitment(s, world)
    inv = report(s, permit.id)
    s.commit()
    with pytest.raises(Forbidden):
        investigations.close_investigation(session=s, actor=actor_of(s, "T-SCJ"), investigation_id=inv.id,
                                           outcome="SUBSTANTIATED", conclusion="查实")
    with pytest.raises(NotFound):
        investigations.close_investigation(session=s, actor=actor_of(s, "T-JYJ"), investigation_id=inv.id,
                                           outcome="SUBSTANTIATED", conclusion="查实")
    closed = investigations.close_investigation(session=s, actor=actor_of(s, "T-WJW"), investigation_id=inv.id,
                                                outcome="SUBSTANTIATED", conclusion="经现场核查，承诺的消毒设施不存在")
    s.commit()
    s.refresh(permit)
    assert (closed.status, closed.outcome) == ("CLOSED", "SUBSTANTIATED") and closed.closed_at is not None
    assert permit.status == "REVOKED" and "撤销许可" in permit.status_reason and "虚假承诺" in permit.status_reason
    acts = s.exec(select(AuditRecord.act).order_by(AuditRecord.id.desc()).limit(2)).all()
    assert acts == ["investigation.close", "permit.status"]
    with pytest.raises(ValidationErrors) as e:
        investigations.close_investigation(session=s, actor=actor_of(s, "T-WJW"), investigation_id=inv.id,
                                           outcome="UNFOUNDED", conclusion="再次办结")
    assert [x.code for x in e.value.errors] == [ErrorCode.ALREADY_DONE]


def test_an_unfounded_report_leaves_the_permit_in_force(s, world):
    permit = grant_on_commitment(s, world)
    inv = report(s, permit.id, breach="BROKEN")
    investigations.close_investigation(session=s, actor=actor_of(s, "T-WJW"), investigation_id=inv.id,
                                       outcome="UNFOUNDED", conclusion="已按承诺整改到位")
    s.commit()
    s.refresh(permit)
    assert permit.status == "GRANTED"


REPORT = """mutation($input: ReportCommitmentBreachInput!) { reportCommitmentBreach(input: $input) {
  investigation { id kind breach status department { code } foundBy { code } permit { number status byCommitment } }
  userErrors { field code message } } }"""
CLOSE = """mutation($input: CloseInvestigationInput!) { closeInvestigation(input: $input) {
  investigation { status outcome conclusion permit { status statusReason } } userErrors { field code message } } }"""


def test_partners_report_and_close_a_commitment_case_through_graphql__rule_6(client, world, s):
    permit = grant_on_commitment(s, world)
    gid = str(relay.GlobalID("Permit", str(permit.id)))
    base = {"permitId": gid, "breach": "FALSE", "foundOn": "2026-11-02", "facts": "现场无消毒间"}
    outsider = gql(client, REPORT, {"input": base}, token=world.keys["T-JYJ"])["data"]["reportCommitmentBreach"]
    assert outsider["investigation"] is None and [e["code"] for e in outsider["userErrors"]] == ["NOT_FOUND"]
    bad = gql(client, REPORT, {"input": {**base, "facts": ""}}, token=world.keys["T-SCJ"])["data"]["reportCommitmentBreach"]
    assert bad["investigation"] is None and [(e["field"], e["code"]) for e in bad["userErrors"]] == [(["input", "facts"], "REQUIRED")]
    ok = gql(client, REPORT, {"input": base}, token=world.keys["T-SCJ"])["data"]["reportCommitmentBreach"]
    assert ok["userErrors"] == []
    inv = ok["investigation"]
    assert (inv["kind"], inv["breach"], inv["status"], inv["department"]["code"], inv["foundBy"]["code"]) == \
        ("COMMITMENT_BREACH", "FALSE", "OPEN", "T-WJW", "T-SCJ")
    assert inv["permit"] == {"number": permit.number, "status": "GRANTED", "byCommitment": True}
    done = gql(client, CLOSE, {"input": {"investigationId": inv["id"], "outcome": "SUBSTANTIATED", "conclusion": "查实"}},
               token=world.keys["T-WJW"])["data"]["closeInvestigation"]
    assert done["userErrors"] == []
    assert done["investigation"]["outcome"] == "SUBSTANTIATED" and done["investigation"]["permit"]["status"] == "REVOKED"
    listed = gql(client, "{ investigations { edges { node { kind status } } } }", token=world.keys["T-WJW"])
    assert listed["data"]["investigations"]["edges"] == [{"node": {"kind": "COMMITMENT_BREACH", "status": "CLOSED"}}]
    assert gql(client, "{ investigations { edges { node { id } } } }", token=world.keys["T-JYJ"])["data"]["investigations"]["edges"] == []


def test_a_commitment_breach_counts_for_credit_only_once_substantiated__rule_6_004_s29(s, world):
    """An open report is an allegation: no credit fact. Substantiated, it is a broken commitment (§29);
    a report closed as unfounded never counts."""
    from supervision import clock, credit, grading
    today = clock.today()  # the reports are stamped with the real time; grade as of the real date
    credit.publish_credit_standard(session=s, actor=actor_of(s, "T-FGW"), name="测试区企业信用评估标准",
                                   data=grading.DEFAULT_STANDARD, today=TODAY)
    fgw = actor_of(s, "T-FGW")
    upheld = grant_on_commitment(s, world)
    dismissed = grant_on_commitment(s, world, uscc_label="barber", number="沪卫公字2026第0100号")
    a, b = report(s, upheld.id), report(s, dismissed.id, breach="BROKEN")
    for label in ("restaurant", "barber"):
        ev = credit.evaluate_credit(session=s, actor=fgw, uscc=world.entities[label], today=today)
        assert ev.contributions == []
    investigations.close_investigation(session=s, actor=actor_of(s, "T-WJW"), investigation_id=a.id,
                                       outcome="SUBSTANTIATED", conclusion="查实")
    investigations.close_investigation(session=s, actor=actor_of(s, "T-WJW"), investigation_id=b.id,
                                       outcome="UNFOUNDED", conclusion="查无实据")
    upheld_ev = credit.evaluate_credit(session=s, actor=fgw, uscc=world.entities["restaurant"], today=today)
    dismissed_ev = credit.evaluate_credit(session=s, actor=fgw, uscc=world.entities["barber"], today=today)
    assert [c["indicator"] for c in upheld_ev.contributions] == ["BROKEN_COMMITMENT"]
    assert dismissed_ev.contributions == []
