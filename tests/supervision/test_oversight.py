"""Oversight (seeds/004 §4, §44): every act past its deadline, counted in working days, per
department; OVERSIGHT sees all, a department its own, the public nothing; 督办 notices about an
overdue act reach the department addressed."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import AuditRecord, Department, SupervisionNotice, TrackingTask
from models.enums import OverdueKind
from supervision import accounts, notices, oversight, permits, tracking
from supervision.actors import PUBLIC, SYSTEM
from supervision.errors import DomainError, ErrorCode, Forbidden, NotFound, ValidationErrors
from tests.conftest import actor_of
from tests.supervision.test_notices import at, build_district, count, pushes, register

ACK = OverdueKind.ACKNOWLEDGEMENT


@pytest.fixture
def district(session):
    build_district(session)
    return session


def dept(session, code: str) -> int:
    return session.exec(select(Department.id).where(Department.code == code)).one()


def acts(session, code_or_actor, kind=ACK, today=date(2025, 10, 13), **kw):
    actor = actor_of(session, code_or_actor) if isinstance(code_or_actor, str) else code_or_actor
    return [(a.subject_id, a.working_days_overdue) for a in oversight.overdue(session, actor, kind=kind, today=today, **kw)]


# --- 一反馈 overdue (§11) -------------------------------------------------------------------------

def test_an_unacknowledged_push_is_overdue_by_working_days_after_its_due_day__004_s11_s44(district):
    s = district
    n = pushes(s, register(s, 1, "餐饮服务"))["T-SCJ"]  # pushed 30 September, due 9 October
    seen = {day: acts(s, "T-DCS", today=day) for day in
            (date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11), date(2025, 10, 12), date(2025, 10, 13))}
    assert seen == {
        date(2025, 10, 9): [],  # due today: not yet overdue
        date(2025, 10, 10): [(n.id, 1)],
        date(2025, 10, 11): [(n.id, 2)],  # a Saturday worked (调休) counts
        date(2025, 10, 12): [(n.id, 2)],  # a Sunday off does not
        date(2025, 10, 13): [(n.id, 3)],
    }


def test_an_acknowledgement_made_late_is_listed_as_done_late_not_open__004_s11_s44(district):
    s = district
    n = pushes(s, register(s, 2, "餐饮服务"))["T-SCJ"]
    notices.acknowledge_notification(session=s, actor=actor_of(s, "T-SCJ"), notification_id=n.id, now=at(date(2025, 10, 13)))
    assert acts(s, "T-DCS") == []
    late = oversight.overdue(s, actor_of(s, "T-DCS"), kind=ACK, completed=True, today=date(2025, 10, 20))
    assert [(a.subject_id, a.due, a.completed_on, a.working_days_overdue) for a in late] == [
        (n.id, date(2025, 10, 9), date(2025, 10, 13), 3)]


def test_an_acknowledgement_on_its_due_day_is_not_late__004_s11(district):
    s = district
    n = pushes(s, register(s, 3, "餐饮服务"))["T-SCJ"]
    notices.acknowledge_notification(session=s, actor=actor_of(s, "T-SCJ"), notification_id=n.id,
                                     now=at(date(2025, 10, 9), 17))
    assert oversight.overdue(s, actor_of(s, "T-DCS"), kind=ACK, completed=True) == []


def test_a_page_of_late_acknowledgements_is_not_cut_short_by_those_on_time__004_s44(district):
    s = district
    on_time = [pushes(s, register(s, 10 + i, "餐饮服务"))["T-SCJ"] for i in range(3)]
    late = pushes(s, register(s, 13, "餐饮服务"))["T-SCJ"]
    scj = actor_of(s, "T-SCJ")
    for n in on_time:  # on the due day, after midnight UTC
        notices.acknowledge_notification(session=s, actor=scj, notification_id=n.id, now=at(date(2025, 10, 9), 16))
    notices.acknowledge_notification(session=s, actor=scj, notification_id=late.id, now=at(date(2025, 10, 10), 9))
    page = oversight.overdue(s, actor_of(s, "T-DCS"), kind=ACK, completed=True, limit=1)
    assert [(a.subject_id, a.working_days_overdue) for a in page] == [(late.id, 1)]


def test_a_street_owes_no_receipt__004_s10_s11(district):
    s = district
    e = register(s, 4, "餐饮服务", street="T-ZJZ")
    told = pushes(s, e)
    assert acts(s, "T-DCS") == [(told["T-SCJ"].id, 3)]
    assert acts(s, "T-ZJZ") == []


# --- 一跟踪 and 二跟踪 overdue (§15, §18) -----------------------------------------------------------

def test_a_tracking_task_past_two_months_is_overdue_until_inspected__004_s15_s44(district):
    s = district
    e = register(s, 20, "餐饮服务", now=at(date(2025, 3, 12)))  # due 12 May 2025
    task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id)).one()
    assert acts(s, "T-SCJ", kind=OverdueKind.TRACKING, today=date(2025, 5, 12)) == []
    assert acts(s, "T-SCJ", kind=OverdueKind.TRACKING, today=date(2025, 5, 16)) == [(task.id, 4)]
    for u in ("scj-a", "scj-b"):
        accounts.create_staff(session=s, actor=SYSTEM, username=u, display_name=u, password="x" * 12,
                              department_code="T-SCJ", roles=["OFFICER"])
    tracking.record_tracking_inspection(session=s, actor=actor_of(s, "T-SCJ"), task_id=task.id,
                                        inspected_on=date(2025, 5, 16), inspector_usernames=["scj-a", "scj-b"],
                                        result="NORMAL", today=date(2025, 5, 16))
    assert acts(s, "T-SCJ", kind=OverdueKind.TRACKING, today=date(2025, 5, 20)) == []
    # done, but four working days late: it stays on record as completed late (§15, §44)
    late = oversight.overdue(s, actor_of(s, "T-DCS"), kind=OverdueKind.TRACKING, completed=True)
    assert [(x.subject_id, x.due, x.completed_on, x.working_days_overdue) for x in late] == [
        (task.id, date(2025, 5, 12), date(2025, 5, 16), 4)]


def test_a_tracking_inspection_in_time_is_not_late_and_a_deadline_in_an_unpublished_year_is_provisional__004_s15(district):
    s = district
    e = register(s, 22, "餐饮服务", now=at(date(2025, 3, 12)))
    task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id)).one()
    assert (task.due, task.due_provisional) == (date(2025, 5, 12), False)
    for u in ("scj-c", "scj-d"):
        accounts.create_staff(session=s, actor=SYSTEM, username=u, display_name=u, password="x" * 12,
                              department_code="T-SCJ", roles=["OFFICER"])
    tracking.record_tracking_inspection(session=s, actor=actor_of(s, "T-SCJ"), task_id=task.id,
                                        inspected_on=date(2025, 5, 12), inspector_usernames=["scj-c", "scj-d"],
                                        result="NORMAL", today=date(2025, 5, 12))
    assert oversight.overdue(s, actor_of(s, "T-DCS"), kind=OverdueKind.TRACKING, completed=True) == []
    later = register(s, 23, "餐饮服务", now=at(date(2026, 12, 15)))  # two months later falls in 2027
    task2 = s.exec(select(TrackingTask).where(TrackingTask.entity_id == later.id)).one()
    assert (task2.due, task2.due_provisional) == (date(2027, 2, 15), True)


def test_a_pending_application_past_its_time_limit_is_overdue_until_decided__004_s18_s44(district):
    s = district
    e = register(s, 21, "餐饮服务")
    app = tracking.record_permit_application(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, item_code="FOOD",
                                             applied_on=date(2025, 9, 30), today=date(2025, 9, 30))  # due 4 November
    kind = OverdueKind.APPLICATION
    assert acts(s, "T-DCS", kind=kind, today=date(2025, 11, 4)) == []
    assert acts(s, "T-DCS", kind=kind, today=date(2025, 11, 7)) == [(app.id, 3)]
    permits.record_permit(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, item_code="FOOD", number="JY21",
                          decision_date=date(2025, 11, 7), today=date(2025, 11, 7), now=at(date(2025, 11, 7)))
    assert acts(s, "T-DCS", kind=kind, today=date(2025, 11, 10)) == []
    late = oversight.overdue(s, actor_of(s, "T-DCS"), kind=kind, completed=True)
    assert [(x.subject_id, x.due, x.completed_on, x.working_days_overdue) for x in late] == [
        (app.id, date(2025, 11, 4), date(2025, 11, 7), 3)]


# --- 二反馈 late (§12) ----------------------------------------------------------------------------

def test_a_permit_recorded_more_than_seven_working_days_after_its_decision_is_feedback_done_late__004_s12(district):
    s = district
    e = register(s, 30, "餐饮服务；理发服务")
    scj, wjw = actor_of(s, "T-SCJ"), actor_of(s, "T-WJW")
    late = permits.record_permit(session=s, actor=scj, uscc=e.uscc, item_code="FOOD", number="JY30",
                                 decision_date=date(2025, 9, 30), today=date(2025, 10, 20), now=at(date(2025, 10, 20)))
    permits.record_permit(session=s, actor=wjw, uscc=e.uscc, item_code="HYGIENE", number="卫30",
                          decision_date=date(2025, 9, 30), today=date(2025, 10, 16), now=at(date(2025, 10, 16), 17))
    kind = OverdueKind.PERMIT_FEEDBACK
    found = oversight.overdue(s, actor_of(s, "T-DCS"), kind=kind, completed=True)
    # due 16 October; recorded on the 20th: 17 and 20 October are two working days late.
    assert [(a.subject_id, a.department_id, a.due, a.completed_on, a.working_days_overdue) for a in found] == [
        (late.id, scj.department_id, date(2025, 10, 16), date(2025, 10, 20), 2)]
    assert oversight.overdue(s, actor_of(s, "T-DCS"), kind=kind) == []  # a permit is its own feedback: never open


def test_kinds_without_a_deadline_list_nothing__004_s43(district):
    s = district
    register(s, 31, "民办教育")
    assert oversight.overdue(s, actor_of(s, "T-DCS"), kind=OverdueKind.JOINT_REVIEW) == []
    assert oversight.overdue(s, actor_of(s, "T-DCS"), kind=OverdueKind.JOINT_REVIEW, completed=True) == []


# --- who sees what, and the counts --------------------------------------------------------------

def test_a_department_sees_its_own_overdue_acts_oversight_all_the_public_none__004_s4_s44(district):
    s = district
    e = register(s, 40, "餐饮服务；民办教育")
    told = pushes(s, e)
    assert acts(s, "T-SCJ") == [(told["T-SCJ"].id, 3)]
    assert acts(s, "T-SPJ") == [(told["T-SPJ"].id, 3)]
    assert acts(s, "T-WJW") == []
    assert acts(s, PUBLIC) == []
    assert sorted(acts(s, "T-DCS")) == sorted((n.id, 3) for n in told.values())
    assert acts(s, "T-DCS", department_id=dept(s, "T-JYJ")) == [(told["T-JYJ"].id, 3)]
    assert acts(s, "T-SCJ", department_id=dept(s, "T-JYJ")) == []  # a department cannot look at another's


def test_overdue_acts_are_paged_by_their_key__004_s44(district):
    s = district
    ids = [pushes(s, register(s, 50 + i, "餐饮服务"))["T-SCJ"].id for i in range(5)]
    first = oversight.overdue(s, actor_of(s, "T-DCS"), kind=ACK, today=date(2025, 10, 13), limit=2)
    rest = oversight.overdue(s, actor_of(s, "T-DCS"), kind=ACK, today=date(2025, 10, 13), after_id=first[-1].subject_id)
    assert [a.subject_id for a in first + rest] == ids


def test_counts_per_department_and_kind__004_s44(district):
    s = district
    register(s, 60, "餐饮服务；民办教育", now=at(date(2025, 7, 1)))
    register(s, 61, "餐饮服务", now=at(date(2025, 7, 1)))
    today = date(2025, 10, 13)
    expected = {(dept(s, "T-SCJ"), ACK): 2, (dept(s, "T-SCJ"), OverdueKind.TRACKING): 2,
                (dept(s, "T-SPJ"), ACK): 1, (dept(s, "T-SPJ"), OverdueKind.TRACKING): 1,
                (dept(s, "T-JYJ"), ACK): 1, (dept(s, "T-JYJ"), OverdueKind.TRACKING): 1}
    assert oversight.overdue_counts(s, actor_of(s, "T-DCS"), today=today) == expected
    assert oversight.overdue_counts(s, actor_of(s, "T-SPJ"), today=today) == {
        k: v for k, v in expected.items() if k[0] == dept(s, "T-SPJ")}
    assert oversight.overdue_counts(s, PUBLIC, today=today) == {}


# --- 督办 (§4, §44) ------------------------------------------------------------------------------

def issue(session, code="T-DCS", department="T-SCJ", kind="ACKNOWLEDGEMENT", subject_id=0, message="请于今日内确认接收"):
    return oversight.issue_supervision_notice(session=session, actor=actor_of(session, code), department_code=department,
                                              kind=kind, subject_id=subject_id, message=message,
                                              now=at(date(2025, 10, 13), 9))


def test_only_oversight_issues_a_supervision_notice_about_an_existing_overdue_act__004_s4_s44(district):
    s = district
    told = pushes(s, register(s, 70, "餐饮服务；理发服务"))
    on_time = pushes(s, register(s, 71, "餐饮服务", now=at(date(2025, 10, 10))))["T-SCJ"]  # due 11 October, still open
    notices.acknowledge_notification(session=s, actor=actor_of(s, "T-SCJ"), notification_id=on_time.id,
                                     now=at(date(2025, 10, 11)))
    with pytest.raises(Forbidden):
        issue(s, code="T-SCJ", subject_id=told["T-SCJ"].id)
    with pytest.raises(DomainError) as err:
        issue(s, subject_id=on_time.id)  # acknowledged on time: nothing to supervise
    assert (err.value.code, err.value.field) == (ErrorCode.NOT_FOUND, "subjectId")
    with pytest.raises(DomainError) as err:
        issue(s, department="T-WJW", subject_id=told["T-SCJ"].id)  # the act is not that department's
    assert (err.value.code, err.value.field) == (ErrorCode.NOT_FOUND, "subjectId")
    with pytest.raises(ValidationErrors) as err:
        issue(s, department="T-NONE", kind="LATE", message=" ", subject_id=told["T-SCJ"].id)
    assert sorted((x.code, x.field) for x in err.value.errors) == [
        (ErrorCode.INVALID_VALUE, "kind"), (ErrorCode.NOT_FOUND, "departmentCode"), (ErrorCode.REQUIRED, "message")]
    assert count(s, SupervisionNotice) == 0

    notice = issue(s, subject_id=told["T-SCJ"].id)
    assert (notice.department_id, notice.issued_by_department_id, notice.kind) == (
        dept(s, "T-SCJ"), dept(s, "T-DCS"), "ACKNOWLEDGEMENT")
    assert s.exec(select(AuditRecord).where(AuditRecord.act == "supervision_notice.issue")).one().target_id == str(notice.id)


def test_a_supervision_notice_about_late_permit_feedback_is_allowed__004_s12_s44(district):
    s = district
    e = register(s, 72, "餐饮服务")
    late = permits.record_permit(session=s, actor=actor_of(s, "T-SCJ"), uscc=e.uscc, item_code="FOOD", number="JY72",
                                 decision_date=date(2025, 9, 30), today=date(2025, 10, 20), now=at(date(2025, 10, 20)))
    notice = issue(s, kind="PERMIT_FEEDBACK", subject_id=late.id, message="许可信息反馈超期，请说明原因")
    assert notice.subject_id == late.id


def test_the_department_addressed_acknowledges_its_notice_once__004_s44(district):
    s = district
    n = pushes(s, register(s, 73, "餐饮服务"))["T-SCJ"]
    notice = issue(s, subject_id=n.id)
    for other in ("T-WJW", "T-DCS"):
        with pytest.raises(NotFound):
            oversight.acknowledge_supervision_notice(session=s, actor=actor_of(s, other), notice_id=notice.id)
    oversight.acknowledge_supervision_notice(session=s, actor=actor_of(s, "T-SCJ"), notice_id=notice.id)
    assert s.get(SupervisionNotice, notice.id).acknowledged_at is not None
    with pytest.raises(DomainError) as err:
        oversight.acknowledge_supervision_notice(session=s, actor=actor_of(s, "T-SCJ"), notice_id=notice.id)
    assert err.value.code == ErrorCode.ALREADY_DONE
    assert s.exec(select(AuditRecord).where(AuditRecord.act == "supervision_notice.acknowledge")).one().department_id == dept(s, "T-SCJ")
