"""双跟踪 and the permit side of 双反馈 (seeds/004 §12–18, §42): tracking inspections by two staff,
investigations of unlicensed operation, applications and their statutory time limits, permits that
close tracking, city-level permits entered by the district, and pre-registration approvals."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import (AuditRecord, Department, Investigation, PermitApplication, PreApproval,
                    TrackingInspection, TrackingTask)
from supervision import accounts, catalogue, permits, tracking
from supervision.actors import SYSTEM
from supervision.errors import DomainError, ErrorCode, Forbidden, NotFound, ValidationErrors
from tests.conftest import actor_of
from tests.supervision.test_notices import at, build_district, count, pushes, reads_file, register, with_item_changes

STAFF = {"T-SCJ": ["scj-wang", "scj-li", "scj-zhao"], "T-SPJ": ["spj-chen", "spj-liu"], "T-WJW": ["wjw-sun", "wjw-zhou"]}


@pytest.fixture
def district(session):
    build_district(session)
    for code, names in STAFF.items():
        for name in names:
            accounts.create_staff(session=session, actor=SYSTEM, username=name, display_name=name, password="x" * 12,
                                  department_code=code, roles=["INSPECTOR"], certificate_no=f"沪{name}")
    session.commit()
    return session


def task_of(session, entity, code: str) -> TrackingTask:
    dept = session.exec(select(Department).where(Department.code == code)).one()
    return session.exec(select(TrackingTask).where(TrackingTask.entity_id == entity.id,
                                                   TrackingTask.department_id == dept.id)).one()


def inspect(session, task, code: str = "T-SCJ", inspectors=("scj-wang", "scj-li"), result: str = "NORMAL",
            notes: str = "", on: date = date(2025, 10, 20), today: date = date(2025, 11, 1)):
    return tracking.record_tracking_inspection(session=session, actor=actor_of(session, code), task_id=task.id,
                                               inspected_on=on, inspector_usernames=list(inspectors), result=result,
                                               notes=notes, today=today)


def permit(session, entity, item: str, code: str, number: str, decided: date = date(2025, 10, 20), now=None):
    return permits.record_permit(session=session, actor=actor_of(session, code), uscc=entity.uscc, item_code=item,
                                 number=number, decision_date=decided, today=date(2025, 12, 31),
                                 now=now or at(decided, 15))


# --- 一跟踪: the task and its deadline (§14–15) --------------------------------------------------

def test_each_department_told_gets_a_task_due_two_months_after_receipt__004_s15(district):
    s = district
    e = register(s, 1, "餐饮服务；民办教育", now=at(date(2025, 3, 12)))
    for code in ("T-SCJ", "T-SPJ", "T-JYJ"):
        t = task_of(s, e, code)
        assert (t.opened_on, t.due, t.status) == (date(2025, 3, 12), date(2025, 5, 12), "OPEN"), code


def test_a_two_month_deadline_ending_on_a_holiday_ends_on_the_next_working_day__004_s15(district):
    s = district
    e = register(s, 2, "餐饮服务", now=at(date(2025, 8, 1)))
    assert task_of(s, e, "T-SCJ").due == date(2025, 10, 9)  # 1 October is National Day; the holiday runs to the 8th


def test_a_street_is_told_but_gets_no_tracking_task__004_s14(district):
    s = district
    e = register(s, 3, "餐饮服务", street="T-ZJZ")
    assert [t.department_id for t in s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id))] == [
        pushes(s, e)["T-SCJ"].department_id]


# --- the inspection: two staff, a result (§16–17) ------------------------------------------------

def test_an_inspection_by_two_staff_is_recorded_and_audited__004_s16_s17(district):
    s = district
    e = register(s, 10, "餐饮服务")
    t = task_of(s, e, "T-SCJ")
    ins = inspect(s, t, inspectors=["scj-wang", " scj-li ", "scj-wang"], notes="经营场所正在装修")
    assert (ins.inspected_on, ins.result, ins.notes, len(ins.inspector_ids)) == (date(2025, 10, 20), "NORMAL", "经营场所正在装修", 2)
    assert s.get(TrackingTask, t.id).status == "INSPECTED"
    rec = s.exec(select(AuditRecord).where(AuditRecord.act == "tracking.inspect")).one()
    assert rec.target_id == str(t.id)


def test_fewer_than_two_inspectors_is_refused_and_nothing_is_written__004_s16(district):
    s = district
    e = register(s, 11, "餐饮服务")
    t = task_of(s, e, "T-SCJ")
    with pytest.raises(ValidationErrors) as err:
        inspect(s, t, inspectors=["scj-wang", "scj-wang"])
    assert [(x.code, x.field) for x in err.value.errors] == [(ErrorCode.TOO_FEW_INSPECTORS, "inspectors")]
    assert count(s, TrackingInspection) == 0
    assert s.get(TrackingTask, t.id).status == "OPEN"


@pytest.mark.parametrize("other", ["spj-chen", "nobody"])
def test_an_inspector_of_another_department_or_unknown_is_refused__004_s16(district, other):
    s = district
    e = register(s, 12, "餐饮服务")
    t = task_of(s, e, "T-SCJ")
    with pytest.raises(ValidationErrors) as err:
        inspect(s, t, inspectors=["scj-wang", other])
    assert [(x.code, x.field) for x in err.value.errors] == [(ErrorCode.INVALID_INSPECTOR, "inspectors")]
    assert count(s, TrackingInspection) == 0


def test_only_the_tracking_department_records_its_inspection__004_s14(district):
    s = district
    e = register(s, 13, "餐饮服务")
    with pytest.raises(NotFound):
        inspect(s, task_of(s, e, "T-SCJ"), code="T-SPJ", inspectors=["spj-chen", "spj-liu"])


@pytest.mark.parametrize("on", [date(2025, 9, 29), date(2025, 11, 2)])
def test_an_inspection_before_receipt_or_after_today_is_refused__004_s17(district, on):
    s = district
    e = register(s, 14, "餐饮服务")
    with pytest.raises(ValidationErrors) as err:
        inspect(s, task_of(s, e, "T-SCJ"), on=on)
    assert [x.code for x in err.value.errors] == [ErrorCode.INVALID_DATE]


@pytest.mark.parametrize("result", ["OTHER", "UNLICENSED_OPERATION"])
def test_other_and_unlicensed_results_need_notes__004_s17(district, result):
    s = district
    e = register(s, 15, "餐饮服务")
    with pytest.raises(ValidationErrors) as err:
        inspect(s, task_of(s, e, "T-SCJ"), result=result)
    assert [(x.code, x.field) for x in err.value.errors] == [(ErrorCode.REQUIRED, "notes")]


# --- unlicensed operation (§15, §43, rule 8) ----------------------------------------------------

def test_unlicensed_operation_opens_an_investigation_for_the_law_named_department_which_then_reads_the_file__004_s43(district):
    s = district
    e = register(s, 20, "餐饮服务")
    # The catalogue later names an enforcement bureau for the item (§7: the catalogue follows the law).
    catalogue.import_catalogue(session=s, actor=SYSTEM, data=with_item_changes("FOOD", enforcementDepartment="T-CGJ"))
    assert not reads_file(s, "T-CGJ", e)
    ins = inspect(s, task_of(s, e, "T-SCJ"), result="UNLICENSED_OPERATION", notes="现场已开展堂食经营")
    inv = s.exec(select(Investigation).where(Investigation.entity_id == e.id)).one()
    cgj, scj = actor_of(s, "T-CGJ").department_id, actor_of(s, "T-SCJ").department_id
    assert (inv.department_id, inv.found_by_department_id, inv.inspection_id) == (cgj, scj, ins.id)
    assert "现场已开展堂食经营" in inv.reason
    assert reads_file(s, "T-CGJ", e)


def test_unlicensed_operation_found_by_the_approval_side_goes_to_the_competent_department__004_s43_001_s1_1_2(district):
    s = district
    e = register(s, 21, "民办教育")
    inspect(s, task_of(s, e, "T-SPJ"), code="T-SPJ", inspectors=["spj-chen", "spj-liu"], result="UNLICENSED_OPERATION",
            notes="已招收学员开课")
    inv = s.exec(select(Investigation).where(Investigation.entity_id == e.id)).one()
    assert (inv.department_id, inv.found_by_department_id) == (actor_of(s, "T-JYJ").department_id,
                                                               actor_of(s, "T-SPJ").department_id)


def test_a_normal_result_opens_no_investigation__004_s17(district):
    s = district
    e = register(s, 22, "餐饮服务")
    inspect(s, task_of(s, e, "T-SCJ"))
    assert count(s, Investigation) == 0


# --- permits close tracking (§18), feedback deadline (§12) ----------------------------------------

def test_the_permit_closes_tracking_only_when_every_tracked_item_is_held__004_s18(district):
    s = district
    e = register(s, 30, "餐饮服务；药品零售")
    t = task_of(s, e, "T-SCJ")
    permit(s, e, "FOOD", "T-SCJ", "JY0001")
    assert s.get(TrackingTask, t.id).status == "OPEN"
    # Unlicensed operation is pursued for the item still unpermitted only.
    inspect(s, t, result="UNLICENSED_OPERATION", notes="已销售处方药", on=date(2025, 10, 21))
    drug = s.exec(select(Investigation).where(Investigation.entity_id == e.id)).one()
    assert drug.item_id == pushes(s, e)["T-SCJ"].item_ids[1]
    permit(s, e, "DRUG", "T-SCJ", "DRUG0001", decided=date(2025, 10, 22))
    closed = s.get(TrackingTask, t.id)
    assert closed.status == "CLOSED" and "§18" in closed.closed_reason


def test_a_separated_item_permit_closes_both_departments_tasks__004_s18(district):
    s = district
    e = register(s, 31, "民办教育")
    permit(s, e, "SCHOOL", "T-SPJ", "教民0001")
    assert {task_of(s, e, c).status for c in ("T-SPJ", "T-JYJ")} == {"CLOSED"}


def test_permit_feedback_is_due_seven_working_days_after_the_decision_and_linked_to_the_push__004_s12(district):
    s = district
    e = register(s, 32, "餐饮服务")
    p = permit(s, e, "FOOD", "T-SCJ", "JY0032", decided=date(2025, 9, 30))
    # 7 working days after 30 September: 9, 10, 11 (a Saturday worked, 调休), 13, 14, 15, 16 October.
    assert p.feedback_due == date(2025, 10, 16)
    assert p.notification_id == pushes(s, e)["T-SCJ"].id


def test_a_city_level_permit_is_entered_by_the_district_competent_department__004_s13(district):
    s = district
    e = register(s, 33, "第三类医疗器械经营")
    with pytest.raises(Forbidden):
        permit(s, e, "MEDDEV", "T-JYJ", "械经营0001")
    p = permit(s, e, "MEDDEV", "T-WJW", "沪浦械经营0001")
    assert p.issuing_department_id == actor_of(s, "T-SYJ").department_id
    assert task_of(s, e, "T-WJW").status == "CLOSED"
    assert reads_file(s, "T-WJW", e)


# --- 二跟踪: applications and their statutory time limit (§18) -----------------------------------

def apply(session, entity, item: str, code: str, on: date, today: date = date(2026, 12, 31)):
    return tracking.record_permit_application(session=session, actor=actor_of(session, code), uscc=entity.uscc,
                                              item_code=item, applied_on=on, today=today)


def test_an_application_is_due_its_statutory_working_days_after_it_was_made__004_s18(district):
    s = district
    e = register(s, 40, "餐饮服务")
    app = apply(s, e, "FOOD", "T-SCJ", date(2025, 9, 30))
    # FOOD: 20 working days, counted past National Day and the adjusted Saturday 11 October.
    assert (app.due, app.due_provisional, app.status) == (date(2025, 11, 4), False, "PENDING")
    assert s.exec(select(AuditRecord).where(AuditRecord.act == "application.record")).one().target_id == str(app.id)


def test_an_application_running_into_an_unpublished_year_computes_and_is_provisional__004_s18(district):
    s = district
    e = register(s, 41, "民办教育", now=at(date(2026, 12, 1)))
    app = apply(s, e, "SCHOOL", "T-SPJ", date(2026, 12, 1))  # 60 working days
    assert app.due.year == 2027 and app.due_provisional is True


def test_only_the_approving_department_records_an_application_once__004_s18(district):
    s = district
    e = register(s, 42, "餐饮服务")
    with pytest.raises(Forbidden):
        apply(s, e, "FOOD", "T-WJW", date(2025, 10, 9))
    apply(s, e, "FOOD", "T-SCJ", date(2025, 10, 9))
    with pytest.raises(ValidationErrors) as err:
        apply(s, e, "FOOD", "T-SCJ", date(2025, 10, 10))
    assert [x.code for x in err.value.errors] == [ErrorCode.DUPLICATE]
    with pytest.raises(DomainError) as err:
        apply(s, e, "KTV", "T-WLJ", date(2025, 10, 9))
    assert err.value.code == ErrorCode.ITEM_NOT_PERMITTABLE


def test_granting_the_permit_closes_the_application__004_s18(district):
    s = district
    e = register(s, 43, "餐饮服务")
    app = apply(s, e, "FOOD", "T-SCJ", date(2025, 10, 9))
    p = permit(s, e, "FOOD", "T-SCJ", "JY0043", decided=date(2025, 10, 30))
    done = s.get(PermitApplication, app.id)
    assert (done.status, done.decided_on, done.permit_id) == ("GRANTED", date(2025, 10, 30), p.id)


def test_an_application_is_closed_refused_or_withdrawn_not_granted__004_s18(district):
    s = district
    e = register(s, 44, "餐饮服务")
    app = apply(s, e, "FOOD", "T-SCJ", date(2025, 10, 9))
    close = dict(session=s, application_id=app.id, decided_on=date(2025, 10, 20), today=date(2025, 12, 1))
    with pytest.raises(NotFound):
        tracking.close_permit_application(actor=actor_of(s, "T-WJW"), status="REFUSED", **close)
    with pytest.raises(ValidationErrors) as err:
        tracking.close_permit_application(actor=actor_of(s, "T-SCJ"), status="GRANTED", **close)
    assert [x.code for x in err.value.errors] == [ErrorCode.INVALID_STATUS_TRANSITION]
    tracking.close_permit_application(actor=actor_of(s, "T-SCJ"), status="REFUSED", **close)
    assert s.get(PermitApplication, app.id).status == "REFUSED"
    with pytest.raises(ValidationErrors) as err:
        tracking.close_permit_application(actor=actor_of(s, "T-SCJ"), status="WITHDRAWN", **close)
    assert [x.code for x in err.value.errors] == [ErrorCode.ALREADY_DONE]


# --- periodic re-tracking (§15) -------------------------------------------------------------------

def test_retracking_reopens_an_inspected_task_with_a_new_due__004_s15(district):
    s = district
    e = register(s, 50, "餐饮服务")
    t = task_of(s, e, "T-SCJ")
    inspect(s, t, on=date(2025, 10, 20))
    scj = actor_of(s, "T-SCJ")
    with pytest.raises(NotFound):
        tracking.schedule_retracking(session=s, actor=actor_of(s, "T-WJW"), task_id=t.id, every_months=3)
    with pytest.raises(DomainError) as err:
        tracking.schedule_retracking(session=s, actor=scj, task_id=t.id, every_months=0)
    assert err.value.code == ErrorCode.INVALID_VALUE
    tracking.schedule_retracking(session=s, actor=scj, task_id=t.id, every_months=3)
    again = s.get(TrackingTask, t.id)
    # 20 January 2026 + … : three months after the inspection, on a working day.
    assert (again.status, again.due, again.recheck_every_months) == ("OPEN", date(2026, 1, 20), 3)
    # The next inspection moves the deadline on and the task stays open.
    inspect(s, t, on=date(2025, 12, 1), today=date(2025, 12, 31))
    assert (s.get(TrackingTask, t.id).status, s.get(TrackingTask, t.id).due) == ("OPEN", date(2026, 3, 2))
    assert [r.act for r in s.exec(select(AuditRecord).where(AuditRecord.act.like("tracking.%")).order_by(AuditRecord.id))] == [
        "tracking.inspect", "tracking.schedule", "tracking.inspect"]


def test_a_closed_task_is_neither_inspected_nor_rescheduled__004_s18(district):
    s = district
    e = register(s, 51, "餐饮服务")
    t = task_of(s, e, "T-SCJ")
    permit(s, e, "FOOD", "T-SCJ", "JY0051")
    with pytest.raises(ValidationErrors) as err:
        inspect(s, t)
    assert [x.code for x in err.value.errors] == [ErrorCode.ALREADY_DONE]
    with pytest.raises(DomainError) as err:
        tracking.schedule_retracking(session=s, actor=actor_of(s, "T-SCJ"), task_id=t.id, every_months=6)
    assert err.value.code == ErrorCode.ALREADY_DONE


# --- 前置审批 (§42) -------------------------------------------------------------------------------

def inform(session, code: str = "T-YJJ", item: str = "HAZCHEM", registration: str = "T-SCJ", number: str = "沪危化经0001"):
    return tracking.inform_pre_approval(session=session, actor=actor_of(session, code), item_code=item,
                                        applicant_name="上海安化贸易有限公司", licence_number=number,
                                        decision_date=date(2025, 9, 1), registration_department_code=registration,
                                        today=date(2025, 9, 2))


def test_only_the_approving_department_informs_of_a_pre_registration_licence__004_s42(district):
    s = district
    with pytest.raises(Forbidden):
        inform(s, code="T-SCJ")
    with pytest.raises(ValidationErrors) as err:
        inform(s, code="T-SCJ", item="FOOD")
    assert [(x.code, x.field) for x in err.value.errors] == [(ErrorCode.INVALID_VALUE, "itemCode")]
    with pytest.raises(ValidationErrors) as err:
        inform(s, registration="T-WJW")
    assert [(x.code, x.field) for x in err.value.errors] == [(ErrorCode.NOT_FOUND, "registrationDepartmentCode")]
    assert count(s, PreApproval) == 0
    pre = inform(s)
    assert (pre.approving_department_id, pre.registration_department_id) == (
        actor_of(s, "T-YJJ").department_id, actor_of(s, "T-SCJ").department_id)


def test_only_the_named_registration_department_feeds_back_and_that_creates_the_permit__004_s42(district):
    s = district
    pre = inform(s)
    e = register(s, 60, "危险化学品经营", commitment=None)
    with pytest.raises(NotFound):
        tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-LGJ"), pre_approval_id=pre.id, uscc=e.uscc)
    with pytest.raises(NotFound):
        tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-YJJ"), pre_approval_id=pre.id, uscc=e.uscc)
    p = tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-SCJ"), pre_approval_id=pre.id, uscc=e.uscc)
    assert (p.entity_id, p.number, p.decision_date, p.issuing_department_id) == (
        e.id, "沪危化经0001", date(2025, 9, 1), actor_of(s, "T-YJJ").department_id)
    assert s.get(PreApproval, pre.id).entity_id == e.id
    assert reads_file(s, "T-YJJ", e)  # 谁审批、谁监管
    with pytest.raises(DomainError) as err:
        tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-SCJ"), pre_approval_id=pre.id, uscc=e.uscc)
    assert err.value.code == ErrorCode.ALREADY_DONE


def test_the_registration_departments_feedback_is_not_counted_as_late_permit_feedback__004_s42_s12(district):
    s = district
    pre = inform(s)  # licence decided 1 September
    e = register(s, 61, "危险化学品经营", commitment=None, now=at(date(2025, 11, 3)))
    p = tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-SCJ"), pre_approval_id=pre.id, uscc=e.uscc,
                                        now=at(date(2025, 11, 3)))
    assert p.feedback_due is None


def test_the_enforcement_department_the_item_names_is_told_of_the_licence_and_then_sees_the_entity__004_s42(district):
    s = district
    catalogue.import_catalogue(session=s, actor=SYSTEM, data=with_item_changes("HAZCHEM", enforcementDepartment="T-CGJ"))
    pre = inform(s)
    assert pre.enforcement_department_id == actor_of(s, "T-CGJ").department_id
    e = register(s, 62, "危险化学品经营", commitment=None)
    assert not reads_file(s, "T-CGJ", e)
    tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-SCJ"), pre_approval_id=pre.id, uscc=e.uscc)
    assert reads_file(s, "T-CGJ", e)


def test_the_registration_office_feeds_back_only_entities_it_registered__004_s42(district):
    s = district
    pre = inform(s, registration="T-LGJ")
    e = register(s, 63, "危险化学品经营", commitment=None)  # registered by T-SCJ, not by T-LGJ
    with pytest.raises(DomainError) as err:
        tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-LGJ"), pre_approval_id=pre.id, uscc=e.uscc)
    assert (err.value.code, err.value.field) == (ErrorCode.INVALID_VALUE, "uscc")
    assert s.get(PreApproval, pre.id).entity_id is None


def test_a_licence_fed_back_under_a_pre_approval_gets_its_disclosure_record__004_s39_s42(district):
    from models import Disclosure
    s = district
    pre = inform(s)
    e = register(s, 64, "危险化学品经营", commitment=None)
    p = tracking.feed_back_pre_approval(session=s, actor=actor_of(s, "T-SCJ"), pre_approval_id=pre.id, uscc=e.uscc)
    record = s.exec(select(Disclosure).where(Disclosure.kind == "PERMIT", Disclosure.source_id == p.id)).one()
    assert (record.uscc, record.department_id) == (e.uscc, actor_of(s, "T-YJJ").department_id)
