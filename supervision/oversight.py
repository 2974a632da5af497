"""Oversight (§4, §44): every act past its deadline, per department, and 督办 notices.

Deadlines: acknowledgement 1 working day after the push (§11); permit feedback 7 working days
after the decision (§12); a tracking inspection within 2 months of receipt (§15); a pending
application's statutory time limit (§18). Days overdue are counted in working days.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from models import (Department, Disclosure, RepairRequest, InspectionPlan, InspectionTask, JointParticipation, Notification, Permit,
                    PermitApplication, SupervisionNotice, TrackingInspection, TrackingTask)
from models.base import utcnow
from models.enums import (ApplicationStatus, DisclosureStatus, InspectionTaskStatus, NotificationRole, OverdueKind,
                          RepairStatus, TaskStatus)

from . import audit, clock
from .actors import Actor
from .calendar import load_calendar
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound

KIND_TEXT = {
    OverdueKind.ACKNOWLEDGEMENT: "推送接收反馈超期（1个工作日，§11）",
    OverdueKind.PERMIT_FEEDBACK: "许可信息反馈超期（7个工作日，§12）",
    OverdueKind.TRACKING: "照后证前跟踪检查超期（2个月，§15）",
    OverdueKind.APPLICATION: "许可办理超过法定时限（§18）",
    OverdueKind.JOINT_CONFIRMATION: "联合抽查参与确认超期（5个工作日，§24）",
    OverdueKind.DRAW_RESULT: "抽查结果录入公示超期（检查结束后20个工作日，§27）",
    OverdueKind.DISCLOSURE: "双公示超期（决定之日起7个工作日，§40）",
    OverdueKind.CREDIT_REPAIR: "信用修复、异议处理超期（000 §7）",
}


@dataclass(frozen=True)
class OverdueAct:
    kind: OverdueKind
    subject_id: int
    department_id: int
    entity_id: int | None  # None for acts about no one entity (a joint plan's confirmation)
    due: date
    working_days_overdue: int
    completed_on: date | None  # done, but late; None while still open
    key: int = 0  # position for keyset paging (the subject's id, or the late inspection's for tracking)


def _scope(stmt, column, actor: Actor, department_id: int | None):
    """OVERSIGHT sees every department; a department sees its own; the public nothing."""
    if actor.is_oversight:
        return stmt.where(column == department_id) if department_id is not None else stmt
    if actor.department_id is None:
        return stmt.where(sa.false())
    stmt = stmt.where(column == actor.department_id)
    return stmt.where(column == department_id) if department_id is not None else stmt


def overdue_cutoff(calendar, today: date) -> date:
    """An act is overdue once a working day has begun after its due day: due < the last working day ≤ today."""
    d = today
    while not calendar.is_working_day(d):
        d -= timedelta(days=1)
    return d


# §11 asks the approval, competent and enforcement departments for a receipt; the street is told only.
_ACK_OWED = Notification.role != NotificationRole.STREET.value


def _open_statement(kind: OverdueKind, cutoff: date):
    """(key, subject id, department, entity, due) of open acts past their deadline; (None, None) for kinds without one.
    The key orders and pages the rows; for open acts it is the subject itself."""
    if kind == OverdueKind.ACKNOWLEDGEMENT:
        return (select(Notification.id, Notification.id, Notification.department_id, Notification.entity_id, Notification.ack_due)
                .where(Notification.acknowledged_at.is_(None), Notification.ack_due < cutoff, _ACK_OWED),
                Notification.department_id)
    if kind == OverdueKind.TRACKING:
        return (select(TrackingTask.id, TrackingTask.id, TrackingTask.department_id, TrackingTask.entity_id, TrackingTask.due)
                .where(TrackingTask.status == TaskStatus.OPEN.value, TrackingTask.due < cutoff), TrackingTask.department_id)
    if kind == OverdueKind.APPLICATION:
        return (select(PermitApplication.id, PermitApplication.id, PermitApplication.department_id, PermitApplication.entity_id,
                       PermitApplication.due)
                .where(PermitApplication.status == ApplicationStatus.PENDING.value, PermitApplication.due < cutoff),
                PermitApplication.department_id)
    if kind == OverdueKind.PERMIT_FEEDBACK:
        # A permit is its own feedback: it can only be late once recorded (see _late_statement).
        return (select(Permit.id, Permit.id, Permit.issuing_department_id, Permit.entity_id, Permit.feedback_due)
                .where(sa.false()), Permit.issuing_department_id)
    if kind == OverdueKind.JOINT_CONFIRMATION:
        return (select(JointParticipation.id, JointParticipation.id, JointParticipation.department_id,
                       sa.null().label("entity_id"), JointParticipation.confirm_due)
                .where(JointParticipation.confirmed_at.is_(None), JointParticipation.confirm_due < cutoff),
                JointParticipation.department_id)
    if kind == OverdueKind.DRAW_RESULT:
        # the lead department answers for the task's results (§27)
        return (select(InspectionTask.id, InspectionTask.id, InspectionPlan.department_id, InspectionTask.entity_id,
                       InspectionTask.results_due)
                .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                .where(InspectionTask.status == InspectionTaskStatus.OPEN.value, InspectionTask.results_due < cutoff),
                InspectionPlan.department_id)
    if kind == OverdueKind.CREDIT_REPAIR:
        return (select(RepairRequest.id, RepairRequest.id, RepairRequest.department_id, RepairRequest.entity_id,
                       RepairRequest.due)
                .where(RepairRequest.status == RepairStatus.PENDING.value, RepairRequest.due < cutoff),
                RepairRequest.department_id)
    if kind == OverdueKind.DISCLOSURE:
        return (select(Disclosure.id, Disclosure.id, Disclosure.department_id, Disclosure.entity_id, Disclosure.due_on)
                .where(Disclosure.status == DisclosureStatus.HELD.value, Disclosure.due_on < cutoff),
                Disclosure.department_id)
    return None, None  # JOINT_REVIEW: §43 sets no time limit


def _late_statement(kind: OverdueKind):
    """(key, subject id, department, entity, due, done at) of acts done after their due day (a superset, refined in
    Python). A tracking task may be late more than once (each re-tracking cycle): its rows are keyed by inspection."""
    if kind == OverdueKind.ACKNOWLEDGEMENT:
        return (select(Notification.id, Notification.id, Notification.department_id, Notification.entity_id,
                       Notification.ack_due, Notification.acknowledged_at)
                .where(Notification.acknowledged_at > Notification.ack_due, _ACK_OWED),
                Notification.department_id)
    if kind == OverdueKind.PERMIT_FEEDBACK:
        return (select(Permit.id, Permit.id, Permit.issuing_department_id, Permit.entity_id, Permit.feedback_due,
                       Permit.created_at)
                .where(Permit.feedback_due.is_not(None), Permit.created_at > Permit.feedback_due),
                Permit.issuing_department_id)
    if kind == OverdueKind.TRACKING:
        return (select(TrackingInspection.id, TrackingTask.id, TrackingTask.department_id, TrackingTask.entity_id,
                       TrackingInspection.due, TrackingInspection.inspected_on)
                .join(TrackingTask, TrackingTask.id == TrackingInspection.task_id)
                .where(TrackingInspection.due.is_not(None), TrackingInspection.inspected_on > TrackingInspection.due),
                TrackingTask.department_id)
    if kind == OverdueKind.APPLICATION:
        return (select(PermitApplication.id, PermitApplication.id, PermitApplication.department_id,
                       PermitApplication.entity_id, PermitApplication.due, PermitApplication.decided_on)
                .where(PermitApplication.status != ApplicationStatus.PENDING.value, PermitApplication.due.is_not(None),
                       PermitApplication.decided_on > PermitApplication.due),
                PermitApplication.department_id)
    if kind == OverdueKind.JOINT_CONFIRMATION:
        return (select(JointParticipation.id, JointParticipation.id, JointParticipation.department_id,
                       sa.null().label("entity_id"), JointParticipation.confirm_due, JointParticipation.confirmed_at)
                .where(JointParticipation.confirmed_at > JointParticipation.confirm_due), JointParticipation.department_id)
    if kind == OverdueKind.DRAW_RESULT:
        return (select(InspectionTask.id, InspectionTask.id, InspectionPlan.department_id, InspectionTask.entity_id,
                       InspectionTask.results_due, InspectionTask.published_at)
                .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                .where(InspectionTask.published_at > InspectionTask.results_due), InspectionPlan.department_id)
    if kind == OverdueKind.CREDIT_REPAIR:
        return (select(RepairRequest.id, RepairRequest.id, RepairRequest.department_id, RepairRequest.entity_id,
                       RepairRequest.due, RepairRequest.decided_on)
                .where(RepairRequest.status != RepairStatus.PENDING.value, RepairRequest.decided_on > RepairRequest.due),
                RepairRequest.department_id)
    if kind == OverdueKind.DISCLOSURE:
        return (select(Disclosure.id, Disclosure.id, Disclosure.department_id, Disclosure.entity_id, Disclosure.due_on,
                       Disclosure.published_at).where(Disclosure.published_at > Disclosure.due_on),
                Disclosure.department_id)
    return None, None


def _done_on(value) -> date:
    return clock.to_cst_date(value) if isinstance(value, datetime) else value


def overdue(session: Session, actor: Actor, *, kind: OverdueKind, department_id: int | None = None,
            today: date | None = None, after_id: int | None = None, limit: int = 100,
            completed: bool = False) -> list[OverdueAct]:
    """Open acts of one kind past their deadline (or, with completed=True, those done late), keyset-paged by id."""
    return _acts(session, actor, kind=kind, department_id=department_id, today=today, after_id=after_id, limit=limit,
                 completed=completed)


def _acts(session: Session, actor: Actor, *, kind: OverdueKind, department_id: int | None, today: date | None,
          after_id: int | None, limit: int, completed: bool, subject_id: int | None = None) -> list[OverdueAct]:
    today = today or clock.today()
    calendar = load_calendar(session)
    if completed:
        stmt, dept_col = _late_statement(kind)
    else:
        stmt, dept_col = _open_statement(kind, overdue_cutoff(calendar, today))
    if stmt is None or limit < 1:
        return []
    stmt = _scope(stmt, dept_col, actor, department_id)
    id_col = stmt.selected_columns[0]
    if subject_id is not None:
        stmt = stmt.where(stmt.selected_columns[1] == subject_id)
    # The SQL of late acts is a superset (a timestamp against a due day); batches continue until the page is full,
    # so a page is never cut short by rows that turn out to be on time.
    out: list[OverdueAct] = []
    cursor = after_id
    size = max(limit, 100)
    while len(out) < limit:
        batch = stmt if cursor is None else stmt.where(id_col > cursor)
        rows = session.execute(batch.order_by(id_col).limit(size)).all()
        for row in rows:
            sid, dept, entity, due = row[1:5]
            done_on = _done_on(row[5]) if completed else None
            days = calendar.working_days_between(due, done_on or today)
            if days >= 1:
                out.append(OverdueAct(kind, sid, dept, entity, due, days, done_on, row[0]))
        if len(rows) < size:
            break
        cursor = rows[-1][0]
    return out[:limit]


def overdue_counts(session: Session, actor: Actor, *, today: date | None = None) -> dict[tuple[int, OverdueKind], int]:
    """Open overdue acts per department and kind: one grouped statement per kind, whatever the number of rows."""
    today = today or clock.today()
    cutoff = overdue_cutoff(load_calendar(session), today)
    counts: dict[tuple[int, OverdueKind], int] = {}
    for kind in (OverdueKind.ACKNOWLEDGEMENT, OverdueKind.TRACKING, OverdueKind.APPLICATION,
                 OverdueKind.JOINT_CONFIRMATION, OverdueKind.DRAW_RESULT, OverdueKind.DISCLOSURE,
                 OverdueKind.CREDIT_REPAIR):
        stmt, dept_col = _open_statement(kind, cutoff)
        grouped = _scope(stmt.with_only_columns(dept_col, sa.func.count()), dept_col, actor, None).group_by(dept_col)
        for dept, n in session.execute(grouped).all():
            counts[(dept, kind)] = n
    return counts


# --- 督办 --------------------------------------------------------------------------------------

def issue_supervision_notice(*, session: Session, actor: Actor, department_code: str, kind: str, subject_id: int,
                             message: str, request_id: str = "-", now: datetime | None = None) -> SupervisionNotice:
    if not actor.is_oversight:
        raise Forbidden("只有督查部门可以发出督办通知")
    errors = Collector()
    dept = session.exec(select(Department).where(Department.code == (department_code or "").upper())).first()
    if dept is None:
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {department_code} 的部门", "departmentCode")
    try:
        kind_v = OverdueKind(kind)
    except ValueError:
        kind_v = None
        errors.add(ErrorCode.INVALID_VALUE, f"督办事项类型“{kind}”无效", "kind")
    text = (message or "").strip()
    if not text:
        errors.add(ErrorCode.REQUIRED, "督办内容不能为空", "message")
    errors.check()
    today = clock.to_cst_date(now) if now else None
    acts = [a for completed in (False, True)
            for a in _acts(session, actor, kind=kind_v, department_id=dept.id, today=today, after_id=None, limit=1,
                           completed=completed, subject_id=subject_id)]
    if not acts:
        raise DomainError(ErrorCode.NOT_FOUND, "该部门没有这一超期事项", "subjectId")
    notice = SupervisionNotice(department_id=dept.id, issued_by_department_id=actor.department_id, kind=kind_v.value,
                               subject_id=subject_id, message=text, issued_at=now or utcnow())
    session.add(notice)
    session.flush()
    audit.append(session, actor=actor, act="supervision_notice.issue", target_type="SupervisionNotice",
                 target_id=notice.id, request_id=request_id,
                 change={"department": dept.code, "kind": kind_v.value, "subjectId": subject_id, "message": text})
    return notice


def acknowledge_supervision_notice(*, session: Session, actor: Actor, notice_id: int, request_id: str = "-",
                                   now: datetime | None = None) -> SupervisionNotice:
    notice = session.get(SupervisionNotice, notice_id)
    if notice is None or notice.department_id != actor.department_id:
        raise NotFound("未找到该督办通知", "noticeId")
    if notice.acknowledged_at is not None:
        raise DomainError(ErrorCode.ALREADY_DONE, "该督办通知已签收", "noticeId")
    notice.acknowledged_at = now or utcnow()
    session.add(notice)
    session.flush()
    audit.append(session, actor=actor, act="supervision_notice.acknowledge", target_type="SupervisionNotice",
                 target_id=notice.id, request_id=request_id, change={})
    return notice


# --- trend -------------------------------------------------------------------------------------

TREND_KINDS = (OverdueKind.ACKNOWLEDGEMENT, OverdueKind.TRACKING, OverdueKind.APPLICATION)


@dataclass(frozen=True)
class TrendPoint:
    on: date  # the end of the week
    counts: dict[OverdueKind, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _trend_statement(kind: OverdueKind, cutoff: date):
    """(department, became due on or after, due, done on) of acts that were or are past their deadline by `cutoff`."""
    if kind == OverdueKind.ACKNOWLEDGEMENT:
        return (select(Notification.department_id, Notification.pushed_at, Notification.ack_due, Notification.acknowledged_at)
                .where(Notification.ack_due < cutoff, _ACK_OWED), Notification.department_id)
    if kind == OverdueKind.TRACKING:
        first_visit = (select(TrackingInspection.task_id, sa.func.min(TrackingInspection.inspected_on).label("on"))
                       .group_by(TrackingInspection.task_id).subquery())
        # A task closed without a visit (its permit came first) has no recorded end and is left out.
        return (select(TrackingTask.department_id, TrackingTask.opened_on, TrackingTask.due, first_visit.c.on)
                .outerjoin(first_visit, first_visit.c.task_id == TrackingTask.id)
                .where(TrackingTask.due < cutoff,
                       sa.or_(TrackingTask.status == TaskStatus.OPEN.value, first_visit.c.on.is_not(None))),
                TrackingTask.department_id)
    return (select(PermitApplication.department_id, PermitApplication.applied_on, PermitApplication.due,
                   PermitApplication.decided_on)
            .where(PermitApplication.due.is_not(None), PermitApplication.due < cutoff), PermitApplication.department_id)


def _as_date(value) -> date | None:
    if value is None:
        return None
    return clock.to_cst_date(value) if isinstance(value, datetime) else value


def overdue_trend(session: Session, actor: Actor, *, today: date | None = None, weeks: int = 12) -> list[TrendPoint]:
    """Acts open past their deadline at the end of each of the last `weeks` weeks (the last point is today).

    Rebuilt from the recorded dates — when an act became due, its deadline, when it was done — so the
    history needs no snapshots: one statement per kind, whatever the number of weeks.
    """
    today = today or clock.today()
    calendar = load_calendar(session)
    points = [today - timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
    cutoffs = {p: overdue_cutoff(calendar, p) for p in points}
    counts = {p: {k: 0 for k in TREND_KINDS} for p in points}
    for kind in TREND_KINDS:
        stmt, dept_col = _trend_statement(kind, cutoffs[today])
        for _dept, started, due, done in session.execute(_scope(stmt, dept_col, actor, None)).all():
            started, done = _as_date(started), _as_date(done)
            for p in points:
                if started <= p and due < cutoffs[p] and (done is None or done > p):
                    counts[p][kind] += 1
    return [TrendPoint(p, counts[p]) for p in points]
