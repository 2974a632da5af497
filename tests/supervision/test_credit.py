"""企业公共信用评估 and its consequences (seeds/004 §29–31; 002 §五.5; 001 §3.2; 000 §7; 003 §14):
grading as a pure function, only the credit department grades, dishonesty lists seen by every
department, joint measures, and credit repair that ends a record's effect."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from models import AuditRecord, CreditEvaluation, CreditFact, ListEntry, MarketEntity, RepairRequest
from supervision import credit, grading, ratings
from supervision.errors import ErrorCode, Forbidden, ValidationErrors
from supervision.uscc import with_check_character
from tests.conftest import TODAY, actor_of

STANDARD = grading.parse_standard(1, grading.DEFAULT_STANDARD)


def F(i, kind, on, severity=None, state="ACTIVE"):
    return grading.Fact(i, kind, severity, on, state)


# --- the pure grade ------------------------------------------------------------------------------

def test_grade_is_a_pure_function_of_standard_facts_and_today__004_s29():
    """§29: the same standard, records and day give the same score, grade and explanation."""
    facts = [F(1, "PENALTY", date(2025, 6, 1), "ORDINARY"), F(2, "HONOUR", date(2025, 1, 1))]
    a = grading.grade(STANDARD, facts, TODAY)
    assert a == grading.grade(STANDARD, list(reversed(facts)), TODAY)
    assert (a.score, a.grade) == (97, "A")
    assert [(c.indicator, c.points, c.fact_ids) for c in a.contributions] == [("PENALTY_ORDINARY", -8, (1,)), ("HONOUR", 5, (2,))]


def test_penalties_leave_the_window_after_the_standards_years__004_s29():
    facts = [F(1, "PENALTY", date(2023, 11, 23), "SERIOUS"), F(2, "PENALTY", date(2023, 11, 24), "SERIOUS")]
    e = grading.grade(STANDARD, facts, TODAY)
    assert [(c.indicator, c.fact_ids) for c in e.contributions] == [("PENALTY_SERIOUS", (2,))]
    assert (e.score, e.grade) == (80, "B")


def test_serious_violation_listing_caps_the_grade_and_repaired_facts_count_for_nothing__004_s29():
    listed = F(1, "SERIOUS_VIOLATION", date(2026, 1, 1), "SERIOUS")
    honours = [F(i, "HONOUR", date(2026, 1, i)) for i in range(2, 6)]
    e = grading.grade(STANDARD, [listed, *honours], TODAY)
    assert e.grade == "D" and e.score == 70  # 100 - 40 + 2 honours counted at most
    assert grading.grade(STANDARD, [F(1, "SERIOUS_VIOLATION", date(2026, 1, 1), "SERIOUS", "REPAIRED")], TODAY).grade == "A"
    assert grading.grade(STANDARD, [F(1, "PENALTY", date(2026, 12, 1), "SERIOUS")], TODAY).score == 100  # future


def test_grades_are_configured_by_the_standard_version__004_s30():
    data = {**grading.DEFAULT_STANDARD, "grades": [{"grade": "守信", "minScore": 95}, {"grade": "一般", "minScore": 0}],
            "indicators": [{**i, "maxGrade": "一般"} if i.get("maxGrade") else i for i in grading.DEFAULT_STANDARD["indicators"]]}
    std = grading.parse_standard(2, data)
    assert grading.grade(std, [F(1, "PENALTY", date(2026, 1, 1), "ORDINARY")], TODAY).grade == "一般"
    with pytest.raises(ValueError):
        grading.parse_standard(3, {**data, "grades": [{"grade": "A", "minScore": 0}, {"grade": "B", "minScore": 10}]})


# --- acts on the small world ---------------------------------------------------------------------

@pytest.fixture
def s(world):
    session = world.session()
    credit.publish_credit_standard(session=session, actor=actor_of(session, "T-FGW"), name="测试区企业信用评估标准",
                                   data=grading.DEFAULT_STANDARD, today=TODAY)
    session.commit()
    yield session
    session.rollback()
    session.close()


def entity(session, world, label):
    return session.exec(select(MarketEntity).where(MarketEntity.uscc == world.entities[label])).one()


def penalty(session, e, severity="ORDINARY", on=date(2026, 3, 1), dept="T-SCJ", source_id=1):
    return credit.record_credit_fact(session=session, actor=actor_of(session, dept), entity_id=e.id, kind="PENALTY",
                                     severity=severity, occurred_on=on, summary="未按规定公示食品经营许可证",
                                     source_type="penalty", source_id=source_id, today=TODAY)


def test_the_credit_department_grades_with_the_standard_version_and_explanation__004_s29(s, world):
    e = entity(s, world, "restaurant")
    penalty(s, e)
    ev = credit.evaluate_credit(session=s, actor=actor_of(s, "T-FGW"), uscc=e.uscc, today=TODAY)
    assert (ev.standard_version, ev.score, ev.grade, ev.evaluated_on) == (1, 92, "A", TODAY)
    assert ev.contributions[0]["indicator"] == "PENALTY_ORDINARY"
    assert ratings.credit_grades(s, [e.id]) == {e.id: "A"}
    assert s.exec(select(AuditRecord).where(AuditRecord.act == "credit.evaluate")).one().department_id == actor_of(s, "T-FGW").department_id


@pytest.mark.parametrize("dept", ["T-SCJ", "T-WJW", "T-DCS"])
def test_a_department_other_than_credit_cannot_grade__004_s30(s, world, dept):
    """§30: other departments supply data; only the credit department evaluates."""
    with pytest.raises(Forbidden):
        credit.evaluate_credit(session=s, actor=actor_of(s, dept), uscc=world.entities["plain"], today=TODAY)
    with pytest.raises(Forbidden):
        credit.reevaluate_all(session=s, actor=actor_of(s, dept), today=TODAY)
    assert s.exec(select(CreditEvaluation)).all() == []


def test_a_source_record_feeds_one_fact_however_often_it_is_sent__004_s30(s, world):
    e = entity(s, world, "restaurant")
    assert penalty(s, e).id == penalty(s, e).id
    assert len(s.exec(select(CreditFact)).all()) == 1
    with pytest.raises(ValidationErrors) as err:
        credit.record_credit_fact(session=s, actor=actor_of(s, "T-SCJ"), entity_id=e.id, kind="SERIOUS_VIOLATION",
                                  occurred_on=TODAY, summary="x", today=TODAY)
    assert err.value.errors[0].code == ErrorCode.INVALID_VALUE


def test_batch_reevaluation_grades_every_active_entity_and_keeps_history__004_s29(s, world):
    fgw = actor_of(s, "T-FGW")
    e = entity(s, world, "school")
    credit.evaluate_credit(session=s, actor=fgw, uscc=e.uscc, today=TODAY)
    penalty(s, e, severity="SERIOUS")
    run = credit.reevaluate_all(session=s, actor=fgw, today=TODAY, batch_size=2)
    assert (run.entities, run.by_grade) == (5, {"A": 4, "B": 1})
    assert ratings.credit_grades(s, [e.id]) == {e.id: "B"}
    assert [r.current for r in s.exec(select(CreditEvaluation).where(CreditEvaluation.entity_id == e.id)
                                      .order_by(CreditEvaluation.id))] == [False, True]


KINDS = [("PENALTY", "SERIOUS"), ("PENALTY", "ORDINARY"), ("PENALTY", "MINOR"), ("HONOUR", None),
         ("TRACKING_FINDING", "MINOR"), ("COMMITMENT_KEPT", None), ("SPOT_CHECK", "ORDINARY")]


def _evaluations(session, current=True):
    rows = session.exec(select(CreditEvaluation).where(CreditEvaluation.current.is_(current))).all()
    return sorted((r.entity_id, r.standard_version, r.score, r.grade, r.contributions, r.evaluated_on) for r in rows)


def test_set_based_reevaluation_writes_the_rows_grading_entity_by_entity_writes__004_s29(s, world):
    """The batch writes defaults by INSERT … SELECT and the rest in bulk: the grades, scores and explanations are
    those of the entity-by-entity path, entities no longer active keep their grade, and one audit record names it."""
    fgw = actor_of(s, "T-FGW")
    base = entity(s, world, "plain")
    copied = {c: getattr(base, c) for c in ("name", "entity_type", "legal_representative", "address", "region",
                                            "industry_code", "business_scope", "established_on",
                                            "registering_department_id")}
    extra = [MarketEntity(**{**copied,
                             "uscc": with_check_character(f"91310115MT{i:07d}"), "uscc_as_entered": f"91310115MT{i:07d}",
                             "status": "CANCELLED" if i % 9 == 4 else "ACTIVE"}) for i in range(24)]
    s.add_all(extra)
    s.flush()
    cancelled = [e for e in extra if e.status == "CANCELLED"]
    credit.evaluate_credit(session=s, actor=fgw, uscc=cancelled[0].uscc, today=TODAY)  # graded before it closed
    for i, e in enumerate(extra[::2]):  # half with facts: in and out of the window, withdrawn, in the future
        for j in range(1 + i % 3):
            kind, sev = KINDS[(i + j) % len(KINDS)]
            s.add(CreditFact(entity_id=e.id, kind=kind, severity=sev, source_department_id=fgw.department_id,
                             occurred_on=date(2022 + (i + j) % 6, 1 + j, 10), summary="测试记录", public=True,
                             state="WITHDRAWN" if (i + j) % 5 == 3 else "ACTIVE"))
    for e, n in ((extra[2], 2), (extra[6], 6)):  # grades B … D
        s.add_all(CreditFact(entity_id=e.id, kind="PENALTY", severity="SERIOUS", source_department_id=fgw.department_id,
                             occurred_on=date(2026, 1 + k, 3), summary="测试记录", public=True) for k in range(n))
    s.flush()
    active = sorted(e.id for e in s.exec(select(MarketEntity).where(MarketEntity.status == "ACTIVE")))
    credit._evaluate_batch(s, credit.current_standard(s), active, TODAY)  # the entity-by-entity rows
    by_entity = _evaluations(s)
    assert any(r[4] for r in by_entity) and any(not r[4] for r in by_entity)  # both kinds of entity are present
    assert len({r[3] for r in by_entity}) >= 3

    run = credit.reevaluate_all(session=s, actor=fgw, today=TODAY, batch_size=4)
    s.commit()
    new = _evaluations(s)
    assert [r for r in new if r[0] in active] == [r for r in by_entity if r[0] in active]
    assert [r for r in new if r[0] not in active] == [r for r in by_entity if r[0] not in active] != []
    assert run.entities == len(active) and sum(run.by_grade.values()) == len(active)
    assert run.by_grade == dict(Counter(r[3] for r in by_entity if r[0] in active))
    closed = [r for r in _evaluations(s, current=False) if r[0] in active]
    assert closed == [r for r in by_entity if r[0] in active]  # the entity-by-entity rows are history now
    assert len(s.exec(select(AuditRecord).where(AuditRecord.act == "credit.reevaluate")).all()) == 1


def test_an_investigation_of_unlicensed_operation_counts_as_a_broken_commitment__004_s17_s29(s, world):
    """§17: tracking results are usable for credit; the entity had signed the 承诺书 (§8)."""
    from models import Investigation
    e = entity(s, world, "restaurant")
    scj = actor_of(s, "T-SCJ")
    s.add(Investigation(entity_id=e.id, department_id=scj.department_id, found_by_department_id=scj.department_id,
                        reason="未取得许可即开展经营", created_at=datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc)))
    s.flush()
    ev = credit.evaluate_credit(session=s, actor=actor_of(s, "T-FGW"), uscc=e.uscc, today=TODAY)
    assert [c["indicator"] for c in ev.contributions] == ["BROKEN_COMMITMENT"]
    assert credit.sync_derived_facts(s, [e.id]) == 0  # derived once


# --- lists and 一处失信，处处受限 -------------------------------------------------------------------

def test_listing_is_recorded_with_reason_basis_department_and_flags_the_entity__002_s5_5(s, world):
    e = entity(s, world, "barber")
    entry = credit.list_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, list_kind="ABNORMAL_OPERATION",
                               reason="通过登记的住所无法联系", basis="《企业经营异常名录管理暂行办法》第四条",
                               listed_on=date(2026, 10, 1), today=TODAY)
    assert ratings.dishonesty_flags(s, [e.id, 999]) == {e.id: ["ABNORMAL_OPERATION"]}
    with pytest.raises(ValidationErrors) as err:
        credit.list_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, list_kind="ABNORMAL_OPERATION",
                           reason="再次", basis="同上", listed_on=TODAY, today=TODAY)
    assert err.value.errors[0].code == ErrorCode.DUPLICATE
    with pytest.raises(Forbidden):
        credit.remove_from_list(session=s, actor=actor_of(s, "T-WJW"), entry_id=entry.id, reason="x", removed_on=TODAY, today=TODAY)
    credit.remove_from_list(session=s, actor=actor_of(s, "T-SCJ"), entry_id=entry.id, reason="已依法办理住所变更登记",
                            removed_on=TODAY, today=TODAY)
    assert ratings.dishonesty_flags(s, [e.id]) == {}
    assert s.get(CreditFact, entry.fact_id).state == "ENDED"


def test_only_the_market_supervision_department_lists__001_s3_2(s, world):
    with pytest.raises(Forbidden):
        credit.list_entity(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["barber"],
                           list_kind="SERIOUS_VIOLATION", reason="x", basis="y", listed_on=TODAY, today=TODAY)


def test_joint_measures_apply_by_list_and_act__004_s31(s, world):
    fgw = actor_of(s, "T-FGW")
    m = credit.save_joint_measure(session=s, actor=fgw, code="JM-01", kind="PUNISHMENT", matter="限制行政许可",
                                  target="列入严重违法失信名单的市场主体", means="审慎审查，不适用告知承诺",
                                  implementing_department_code="T-WJW", legal_basis="国发〔2016〕33号",
                                  acts=["PERMIT"], target_list="SERIOUS_VIOLATION")
    assert credit.measures_for([m], ["SERIOUS_VIOLATION"], None, "PERMIT") == [m]
    assert credit.measures_for([m], ["SERIOUS_VIOLATION"], None, "DRAW") == []
    assert credit.measures_for([m], ["ABNORMAL_OPERATION"], "A", "PERMIT") == []
    with pytest.raises(Forbidden):
        credit.save_joint_measure(session=s, actor=actor_of(s, "T-SCJ"), code="JM-02", kind="PUNISHMENT", matter="x",
                                  target="x", means="x", implementing_department_code="T-SCJ", legal_basis="x",
                                  acts=["PERMIT"], target_list="SERIOUS_VIOLATION")


# --- repair ------------------------------------------------------------------------------------------

def test_accepted_repair_ends_the_records_effect_on_grade_list_and_public_view__000_s7_003_s14(s, world):
    fgw = actor_of(s, "T-FGW")
    e = entity(s, world, "pharmacy")
    entry = credit.list_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, list_kind="SERIOUS_VIOLATION",
                               reason="提供虚假材料取得许可", basis="《严重违法失信名单管理办法》第二条",
                               listed_on=date(2026, 9, 1), today=TODAY)
    assert credit.evaluate_credit(session=s, actor=fgw, uscc=e.uscc, today=TODAY).grade == "D"
    req = credit.file_repair_request(session=s, actor=actor_of(s, "T-SCJ"), fact_id=entry.fact_id, kind="REPAIR",
                                     reason="已纠正失信行为并作出信用承诺", today=TODAY)
    assert req.due == date(2026, 12, 14) and req.department_id == actor_of(s, "T-SCJ").department_id  # 15 working days
    with pytest.raises(Forbidden):
        credit.decide_repair_request(session=s, actor=fgw, repair_id=req.id, accept=True, reason="x", today=TODAY)
    credit.decide_repair_request(session=s, actor=actor_of(s, "T-SCJ"), repair_id=req.id, accept=True,
                                 reason="符合修复条件", today=TODAY)
    fact = s.get(CreditFact, entry.fact_id)
    assert (fact.state, fact.public) == ("REPAIRED", False)
    assert s.get(ListEntry, entry.id).removed_on == TODAY
    assert ratings.credit_grades(s, [e.id]) == {e.id: "A"} and ratings.dishonesty_flags(s, [e.id]) == {}
    assert [r.act for r in s.exec(select(AuditRecord).where(AuditRecord.act.like("credit.repair.%")).order_by(AuditRecord.id))] == [
        "credit.repair.file", "credit.repair.decide"]


def test_a_rejected_objection_leaves_the_record_and_a_second_decision_is_refused__003_s14(s, world):
    e = entity(s, world, "restaurant")
    fact = penalty(s, e)
    req = credit.file_repair_request(session=s, actor=actor_of(s, "T-SCJ"), fact_id=fact.id, kind="OBJECTION",
                                     reason="处罚对象有误", today=TODAY)
    assert req.due == date(2026, 11, 30)  # 5 working days
    credit.decide_repair_request(session=s, actor=actor_of(s, "T-SCJ"), repair_id=req.id, accept=False,
                                 reason="经核查，记录无误", today=TODAY)
    assert s.get(CreditFact, fact.id).state == "ACTIVE"
    with pytest.raises(ValidationErrors):
        credit.decide_repair_request(session=s, actor=actor_of(s, "T-SCJ"), repair_id=req.id, accept=True,
                                     reason="x", today=TODAY)
    assert s.get(RepairRequest, req.id).status == "REJECTED"


def test_a_competent_department_cannot_file_for_an_entity__000_s7(s, world):
    from supervision.actors import ActorKind
    e = entity(s, world, "restaurant")
    fact = penalty(s, e)
    staff = actor_of(s, "T-WJW", ActorKind.STAFF)
    with pytest.raises(Forbidden):
        credit.file_repair_request(session=s, actor=staff, fact_id=fact.id, kind="REPAIR", reason="x", today=TODAY)


def test_an_undecided_objection_past_its_limit_is_overdue_for_oversight_and_a_late_decision_stays_on_record__000_s7(s, world):
    """000 §7 / 003 §14: the department decides within the standard's limit (5 working days for an objection);
    OVERSIGHT sees it overdue by working days, and once decided late it is listed as done late."""
    from models.enums import OverdueKind
    from supervision import oversight
    e = entity(s, world, "barber")
    fact = penalty(s, e, source_id=9)
    req = credit.file_repair_request(session=s, actor=actor_of(s, "T-SCJ"), fact_id=fact.id, kind="OBJECTION",
                                     reason="处罚对象有误", today=TODAY)  # due 30 November
    dcs = actor_of(s, "T-DCS")
    kind = OverdueKind.CREDIT_REPAIR
    assert oversight.overdue(s, dcs, kind=kind, today=date(2026, 11, 30)) == []
    [late] = oversight.overdue(s, dcs, kind=kind, today=date(2026, 12, 2))
    assert (late.subject_id, late.department_id, late.working_days_overdue) == (req.id, actor_of(s, "T-SCJ").department_id, 2)
    assert oversight.overdue_counts(s, dcs, today=date(2026, 12, 2))[(late.department_id, kind)] == 1
    assert oversight.overdue(s, actor_of(s, "T-WJW"), kind=kind, today=date(2026, 12, 2)) == []
    credit.decide_repair_request(session=s, actor=actor_of(s, "T-SCJ"), repair_id=req.id, accept=False,
                                 reason="经核查，记录无误", today=date(2026, 12, 2))
    assert oversight.overdue(s, dcs, kind=kind, today=date(2026, 12, 3)) == []
    [done] = oversight.overdue(s, dcs, kind=kind, completed=True)
    assert (done.subject_id, done.completed_on, done.working_days_overdue) == (req.id, date(2026, 12, 2), 2)
