"""双跟踪 (§14–18) and the permit side of 双反馈 (§12–13, §42).

Before the permit is held (照后证前), each responsible department inspects the entity at least
once within 2 months, with at least two of its staff; unlicensed operation opens an investigation
by the department the law names. While an application is pending, its statutory time limit runs;
once the permit is granted, tracking closes and the entity enters routine supervision.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from models import (Department, Investigation, Notification, Permit, PermitApplication, PermitItem,
                    PreApproval, StaffUser, TrackingInspection, TrackingTask)
from models.base import utcnow
from models.enums import (ApplicationStatus, PermitMode, PermitStatus, ResponsibilityRule, TaskStatus,
                          TrackingResult)

from . import audit, clock, disclosure, validation
from .actors import Actor
from .calendar import load_calendar
from .entities import find_by_uscc
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .notices import tracking_due
from .responsibility import Action, approving_department_id, assign, assign_for_permit, can, responsible_departments

FEEDBACK_WORKING_DAYS = 7  # §12
MIN_INSPECTORS = 2  # §16


# --- 一跟踪: tracking inspections ----------------------------------------------------------------

def record_tracking_inspection(*, session: Session, actor: Actor, task_id: int, inspected_on: date | None,
                               inspector_usernames: list[str], result: str, notes: str = "",
                               request_id: str = "-", today: date | None = None) -> TrackingInspection:
    task = session.get(TrackingTask, task_id)
    if task is None or task.department_id != actor.department_id:
        raise NotFound("未找到该跟踪任务", "taskId")
    today = today or clock.today()
    errors = Collector()
    if task.status == TaskStatus.CLOSED.value:
        errors.add(ErrorCode.ALREADY_DONE, "该跟踪任务已关闭（已取得许可，纳入日常监管）", "taskId")
    day = validation.past_date(errors, "inspectedOn", inspected_on, "检查日期", today)
    if day and day < task.opened_on:
        errors.add(ErrorCode.INVALID_DATE, "检查日期不能早于收到推送的日期", "inspectedOn")
    res = validation.choice(errors, "result", result, TrackingResult, "检查结果")
    notes_v = (notes or "").strip()
    if res in (TrackingResult.OTHER, TrackingResult.UNLICENSED_OPERATION) and not notes_v:
        errors.add(ErrorCode.REQUIRED, "检查结果为“其他”或“无证经营”时须填写情况说明", "notes")
    names = list(dict.fromkeys(u.strip() for u in inspector_usernames if u and u.strip()))
    staff = session.exec(select(StaffUser).where(StaffUser.username.in_(names or ["-"]))).all() if names else []
    found = {s.username: s for s in staff}
    for u in names:
        s = found.get(u)
        if s is None or s.department_id != actor.department_id or not s.active:
            errors.add(ErrorCode.INVALID_INSPECTOR, f"“{u}”不是本部门在职工作人员", "inspectors")
    if len(names) < MIN_INSPECTORS:
        errors.add(ErrorCode.TOO_FEW_INSPECTORS, f"跟踪检查不得少于{MIN_INSPECTORS}人（§16），实为{len(names)}人", "inspectors")
    errors.check()

    inspection = TrackingInspection(task_id=task.id, inspected_on=day, inspector_ids=[found[u].id for u in names],
                                    result=res.value, notes=notes_v, due=task.due)
    session.add(inspection)
    session.flush()
    if task.recheck_every_months:
        due = tracking_due(load_calendar(session), day, task.recheck_every_months)
        task.due, task.due_provisional = due.due, due.provisional
    else:
        task.status = TaskStatus.INSPECTED.value
    session.add(task)
    opened = []
    if res == TrackingResult.UNLICENSED_OPERATION:
        opened = _open_investigations(session, actor, task, inspection, notes_v)
    audit.append(session, actor=actor, act="tracking.inspect", target_type="TrackingTask", target_id=task.id,
                 request_id=request_id, change={"inspectedOn": day, "inspectors": names, "result": res.value,
                                                "notes": notes_v, "investigations": opened})
    return inspection


def _open_investigations(session: Session, actor: Actor, task: TrackingTask, inspection: TrackingInspection,
                         notes: str) -> list[list]:
    """Rule 8: the department the law names investigates; found by another, that one is notified."""
    held = _held_items(session, task.entity_id)
    opened = []
    for item in session.exec(select(PermitItem).where(PermitItem.id.in_(task.item_ids or [-1]))).all():
        if item.id in held:
            continue
        law_named = item.enforcement_department_id or responsible_departments(None, item)[0].department_id
        inv = Investigation(entity_id=task.entity_id, department_id=law_named, item_id=item.id,
                            found_by_department_id=actor.department_id, inspection_id=inspection.id,
                            reason=f"跟踪检查发现未取得“{item.name}”即开展经营：{notes}")
        session.add(inv)
        session.flush()
        assign(session, entity_id=task.entity_id, department_id=law_named, rule=ResponsibilityRule.ROUTED,
               source_kind="investigation", source_id=inv.id)
        opened.append([item.code, law_named])
    return opened


def schedule_retracking(*, session: Session, actor: Actor, task_id: int, every_months: int | None,
                        request_id: str = "-") -> TrackingTask:
    """§15: entities long without the permit may be re-tracked periodically."""
    task = session.get(TrackingTask, task_id)
    if task is None or task.department_id != actor.department_id:
        raise NotFound("未找到该跟踪任务", "taskId")
    if every_months is not None and not 1 <= every_months <= 24:
        raise DomainError(ErrorCode.INVALID_VALUE, "定期检查间隔应为 1—24 个月", "everyMonths")
    if task.status == TaskStatus.CLOSED.value:
        raise DomainError(ErrorCode.ALREADY_DONE, "该跟踪任务已关闭", "taskId")
    task.recheck_every_months = every_months
    if every_months and task.status == TaskStatus.INSPECTED.value:
        last = session.exec(select(TrackingInspection.inspected_on).where(TrackingInspection.task_id == task.id)
                            .order_by(TrackingInspection.inspected_on.desc())).first()
        task.status = TaskStatus.OPEN.value
        due = tracking_due(load_calendar(session), last or task.opened_on, every_months)
        task.due, task.due_provisional = due.due, due.provisional
    session.add(task)
    session.flush()
    audit.append(session, actor=actor, act="tracking.schedule", target_type="TrackingTask", target_id=task.id,
                 request_id=request_id, change={"everyMonths": every_months, "due": task.due})
    return task


# --- 二反馈 / 二跟踪: permits and applications --------------------------------------------------

def on_permit_recorded(session: Session, permit: Permit, item: PermitItem) -> None:
    """Link the permit to the push it answers, set its feedback deadline, close tracking and the application."""
    due = load_calendar(session).add_working_days(permit.decision_date, FEEDBACK_WORKING_DAYS)
    permit.feedback_due = due.due
    n = session.exec(select(Notification).where(Notification.entity_id == permit.entity_id,
                                                Notification.department_id == permit.issuing_department_id)
                     .order_by(Notification.id)).first()
    if n is not None:
        permit.notification_id = n.id
    session.add(permit)
    held = None
    for task in session.exec(select(TrackingTask).where(TrackingTask.entity_id == permit.entity_id,
                                                        TrackingTask.status != TaskStatus.CLOSED.value)).all():
        if item.id in (task.item_ids or []):
            held = _held_items(session, permit.entity_id) if held is None else held
            remaining = [i for i in task.item_ids if i != item.id and i not in held]
            if not remaining:
                task.status = TaskStatus.CLOSED.value
                task.closed_reason = f"已取得“{item.name}”，纳入日常监管（§18）"
                session.add(task)
    for app in session.exec(select(PermitApplication).where(PermitApplication.entity_id == permit.entity_id,
                                                            PermitApplication.item_id == item.id,
                                                            PermitApplication.status == ApplicationStatus.PENDING.value)).all():
        app.status = ApplicationStatus.GRANTED.value
        app.decided_on = permit.decision_date
        app.permit_id = permit.id
        session.add(app)
    session.flush()


def _held_items(session: Session, entity_id: int) -> set[int]:
    return set(session.exec(select(Permit.item_id).where(
        Permit.entity_id == entity_id,
        Permit.status.in_([PermitStatus.GRANTED.value, PermitStatus.CHANGED.value]))).all())


def record_permit_application(*, session: Session, actor: Actor, uscc: str, item_code: str, applied_on: date | None,
                              request_id: str = "-", today: date | None = None) -> PermitApplication:
    """The approving department records an application; its statutory time limit starts (§18)."""
    entity = find_by_uscc(session, uscc)
    if entity is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    item = session.exec(select(PermitItem).where(PermitItem.code == (item_code or "").strip())).first()
    if item is None:
        raise NotFound(f"审批事项目录中没有编码为 {item_code} 的事项", "itemCode")
    decision = can(actor, Action.RECORD_PERMIT, item)
    if not decision:
        if decision.rule == "ITEM_STATUS":
            raise DomainError(ErrorCode.ITEM_NOT_PERMITTABLE, decision.reason, "itemCode")
        raise Forbidden(decision.reason)
    today = today or clock.today()
    errors = Collector()
    day = validation.past_date(errors, "appliedOn", applied_on, "申请日期", today)
    if session.exec(select(PermitApplication.id).where(PermitApplication.entity_id == entity.id,
                                                       PermitApplication.item_id == item.id,
                                                       PermitApplication.status == ApplicationStatus.PENDING.value)).first():
        errors.add(ErrorCode.DUPLICATE, f"{entity.name}已有办理中的“{item.name}”申请", "itemCode")
    errors.check()
    due = load_calendar(session).add_working_days(day, item.time_limit_days) if item.time_limit_days else None
    app = PermitApplication(entity_id=entity.id, item_id=item.id, department_id=actor.department_id, applied_on=day,
                            due=due.due if due else None, due_provisional=bool(due and due.provisional),
                            status=ApplicationStatus.PENDING.value)
    session.add(app)
    session.flush()
    assign(session, entity_id=entity.id, department_id=actor.department_id, rule=ResponsibilityRule.ROUTED,
           source_kind="application", source_id=app.id)
    audit.append(session, actor=actor, act="application.record", target_type="PermitApplication", target_id=app.id,
                 request_id=request_id, change={"uscc": entity.uscc, "itemCode": item.code, "appliedOn": day,
                                                "due": app.due})
    return app


def close_permit_application(*, session: Session, actor: Actor, application_id: int, status: str, decided_on: date | None,
                             request_id: str = "-", today: date | None = None) -> PermitApplication:
    """不予许可 or 撤回; a grant is recorded with recordPermit, which closes the application itself."""
    app = session.get(PermitApplication, application_id)
    if app is None or app.department_id != actor.department_id:
        raise NotFound("未找到该申请", "applicationId")
    today = today or clock.today()
    errors = Collector()
    new = validation.choice(errors, "status", status, ApplicationStatus, "办理结果")
    if new in (ApplicationStatus.PENDING, ApplicationStatus.GRANTED):
        errors.add(ErrorCode.INVALID_STATUS_TRANSITION, "准予许可请通过 recordPermit 记录；此处只记录不予许可或撤回", "status")
    day = validation.past_date(errors, "decidedOn", decided_on, "办结日期", today)
    if app.status != ApplicationStatus.PENDING.value:
        errors.add(ErrorCode.ALREADY_DONE, "该申请已办结", "applicationId")
    errors.check()
    app.status = new.value
    app.decided_on = day
    session.add(app)
    session.flush()
    audit.append(session, actor=actor, act="application.close", target_type="PermitApplication", target_id=app.id,
                 request_id=request_id, change={"status": new.value, "decidedOn": day})
    return app


# --- 前置审批 (§42) ----------------------------------------------------------------------------

def inform_pre_approval(*, session: Session, actor: Actor, item_code: str, applicant_name: str, licence_number: str,
                        decision_date: date | None, registration_department_code: str, request_id: str = "-",
                        today: date | None = None) -> PreApproval:
    item = session.exec(select(PermitItem).where(PermitItem.code == (item_code or "").strip())).first()
    if item is None:
        raise NotFound(f"审批事项目录中没有编码为 {item_code} 的事项", "itemCode")
    if approving_department_id(item) != actor.department_id:
        raise Forbidden(f"本部门不是“{item.name}”的审批部门")
    today = today or clock.today()
    errors = Collector()
    if item.mode != PermitMode.PRE_REGISTRATION.value:
        errors.add(ErrorCode.INVALID_VALUE, f"“{item.name}”不是前置审批事项", "itemCode")
    name = validation.text(errors, "applicantName", applicant_name, "申请人名称", max_len=200)
    number = validation.text(errors, "licenceNumber", licence_number, "许可证编号", max_len=64)
    day = validation.past_date(errors, "decisionDate", decision_date, "许可决定日期", today)
    reg = session.exec(select(Department).where(Department.code == (registration_department_code or "").upper())).first()
    if reg is None or "REGISTRATION" not in reg.kinds:
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {registration_department_code} 的登记注册部门", "registrationDepartmentCode")
    errors.check()
    pre = PreApproval(item_id=item.id, approving_department_id=actor.department_id, registration_department_id=reg.id,
                      enforcement_department_id=item.enforcement_department_id,
                      applicant_name=name, licence_number=number, decision_date=day)
    session.add(pre)
    session.flush()
    audit.append(session, actor=actor, act="pre_approval.inform", target_type="PreApproval", target_id=pre.id,
                 request_id=request_id, change={"itemCode": item.code, "applicantName": name, "licenceNumber": number,
                                                "decisionDate": day, "registrationDepartment": reg.code,
                                                "enforcementDepartment": pre.enforcement_department_id})
    return pre


def feed_back_pre_approval(*, session: Session, actor: Actor, pre_approval_id: int, uscc: str,
                           request_id: str = "-", now: datetime | None = None) -> Permit:
    """The registration department feeds the registered entity back; the licence becomes its permit."""
    pre = session.get(PreApproval, pre_approval_id)
    if pre is None or pre.registration_department_id != actor.department_id:
        raise NotFound("未找到该前置审批告知", "preApprovalId")
    if pre.entity_id is not None:
        raise DomainError(ErrorCode.ALREADY_DONE, "该前置审批已反馈", "preApprovalId")
    entity = find_by_uscc(session, uscc)
    if entity is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    if entity.registering_department_id != actor.department_id:
        raise DomainError(ErrorCode.INVALID_VALUE, f"{entity.name}不是本部门登记的市场主体，不能反馈其办照信息", "uscc")
    item = session.get(PermitItem, pre.item_id)
    if session.exec(select(Permit.id).where(Permit.item_id == item.id, Permit.number == pre.licence_number)).first():
        raise DomainError(ErrorCode.DUPLICATE_PERMIT_NUMBER, f"“{item.name}”下已有编号为 {pre.licence_number} 的许可证", "preApprovalId")
    now = now or utcnow()
    permit = Permit(entity_id=entity.id, item_id=item.id, number=pre.licence_number, decision_date=pre.decision_date,
                    valid_from=pre.decision_date, status=PermitStatus.GRANTED.value,
                    issuing_department_id=pre.approving_department_id, created_at=now, updated_at=now)
    session.add(permit)
    session.flush()
    assign_for_permit(session, entity, item, permit)
    if pre.enforcement_department_id is not None:  # §42: the enforcement department was told; it now sees the entity
        assign(session, entity_id=entity.id, department_id=pre.enforcement_department_id, rule=ResponsibilityRule.ROUTED,
               source_kind="pre_approval", source_id=pre.id, item_id=item.id)
    pre.entity_id = entity.id
    pre.fed_back_at = now
    session.add(pre)
    on_permit_recorded(session, permit, item)
    disclosure.on_permit_recorded(session, permit, item, entity, now=now)  # 双公示 (§39) of the licence
    # §42 replaces 二反馈: the approval department told the platform when it informed; the registration
    # department's later feedback is not the approval department's permit feedback.
    permit.feedback_due = None
    session.add(permit)
    session.flush()
    audit.append(session, actor=actor, act="pre_approval.feedback", target_type="PreApproval", target_id=pre.id,
                 request_id=request_id, change={"uscc": entity.uscc, "permitId": permit.id})
    return permit
