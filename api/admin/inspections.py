"""双随机、一公开 (§19–27): the department's random inspection items, plans with a verifiable draw, joint
plan confirmation, inspection tasks with per-item results, and the published results.

Plans and tasks are read through supervision.inspections.plans_clause / tasks_clause, the predicates
the GraphQL fields use; announcements and published results are public there and here. Every write
is one act of supervision.inspections.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import (Department, InspectionDraw, InspectionItem, InspectionPlan, InspectionTask, ItemResult,
                    JointParticipation, ListPublication, MarketEntity, StaffUser, TaskDepartment)
from models.enums import InspectionTaskStatus, KeyFocusMode, ListKind, PlanKind, PlanStatus
from supervision import inspections
from supervision.calendar import load_calendar
from supervision.clock import today as cst_today
from supervision.errors import DomainError, ErrorCode

from . import csrf, labels
from .acts import _date, _errors
from .auth import Staff, staff_required
from .paging import Order, keyset

PAGE = 200
PLAN_STATUS = {"DRAFT": "草拟", "AWAITING_CONFIRMATION": "待参与部门确认", "COMMITTED": "已公布种子哈希",
               "DRAWN": "已摇号"}
PLAN_KIND = {"SINGLE": "部门抽查", "JOINT": "部门联合抽查", "FULL_SWEEP": "全项彻查"}
RESULT = {"COMPLIANT": "未发现问题", "PROBLEMS_FOUND": "发现问题", "NOT_FOUND_AT_ADDRESS": "通过登记的住所（经营场所）无法联系",
          "NOT_OPERATING": "未开展相关经营活动", "REFUSED": "不配合检查"}
TASK_STATUS = {"OPEN": "待检查", "DONE": "已检查并公示"}
RISK_LEVEL = {"LOW": "低", "MEDIUM": "一般", "HIGHER": "较高", "HIGH": "高"}
GRADE = {"A": "A级", "B": "B级", "C": "C级", "D": "D级"}
KEY_FOCUS = {KeyFocusMode.ALWAYS.value: "重点监管对象必查", KeyFocusMode.WEIGHTED.value: "重点监管对象按倍数加权抽取"}
LABELS = {"plan_statuses": PLAN_STATUS, "plan_kinds": PLAN_KIND, "results": RESULT, "task_statuses": TASK_STATUS}
FORM_LABELS = {"entity_types": {str(getattr(k, "value", k)): v for k, v in labels.ENTITY_TYPE.items()}, "risk_levels": RISK_LEVEL, "grades": GRADE, "key_focus_modes": KEY_FOCUS}
PLAN_TEXT = ("name", "year", "ratio", "count", "team_size", "check_start", "check_end", "kind", "key_focus",
             "key_focus_weight", "region", "industry_code", "entity_type", "permit_item_code", "established_from",
             "established_to")
PLAN_LISTS = {"items": 50, "risk_levels": 4, "credit_grades": 4, "participants": 50}


def plan_form(form) -> dict:
    """The plan form as posted, each value cut to size: to call the domain with, or to show again."""
    values: dict = {k: str(form.get(k) or "").strip()[:200] for k in PLAN_TEXT}
    for k, most in PLAN_LISTS.items():
        values[k] = [str(x).strip()[:32] for x in form.getlist(k)[:most]]
    values["key_focus_only"] = form.get("key_focus_only") == "1"
    return values


def directory_filters(values: dict) -> dict:
    """The form's filters under the domain's names (supervision.inspections.FILTER_KEYS); dates stay text for the
    domain to check."""
    return {"region": values["region"], "industryCode": values["industry_code"], "entityType": values["entity_type"],
            "permitItemCode": values["permit_item_code"], "riskLevels": values["risk_levels"],
            "creditGrades": values["credit_grades"], "establishedFrom": values["established_from"],
            "establishedTo": values["established_to"], "keyFocusOnly": values["key_focus_only"] or None}


def filter_facts(filters: dict | None) -> list[tuple[str, str]]:
    """A stored plan's filters as (标签, 值) lines for its page."""
    f = filters or {}
    shown = {
        "region": ("行政区划代码", f.get("region")), "industryCode": ("国民经济行业代码", f.get("industryCode")),
        "entityType": ("主体类型", labels.ENTITY_TYPE.get(f.get("entityType"), f.get("entityType"))),
        "permitItemCode": ("持有许可事项", f.get("permitItemCode")),
        "riskLevels": ("风险等级", "、".join(RISK_LEVEL.get(v, v) for v in f.get("riskLevels") or [])),
        "creditGrades": ("信用等级", "、".join(GRADE.get(v, v) for v in f.get("creditGrades") or [])),
        "establishedFrom": ("成立日期不早于", f.get("establishedFrom")),
        "establishedTo": ("成立日期不晚于", f.get("establishedTo")),
        "keyFocusOnly": ("仅重点监管对象", "是" if f.get("keyFocusOnly") else ""),
    }
    return [(label, str(value)) for label, value in shown.values() if value]


@dataclass(frozen=True)
class DueRow:
    id: int
    title: str
    uscc: str
    entity_name: str
    due: date
    working_days_left: int


def _left(calendar, due: date, today: date) -> int:
    return -calendar.working_days_between(due, today) if due < today else calendar.working_days_between(today, due)


def home_context(db: Session, staff: Staff) -> dict:
    """Draw tasks waiting for this department's results, and joint plans it has still to confirm (§24, §27)."""
    dept = staff.actor.department_id
    if dept is None:
        return {"draw_tasks": [], "joint_plans": []}
    calendar, today = load_calendar(db), cst_today()
    tasks = db.exec(select(InspectionTask, InspectionPlan, MarketEntity)
                    .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                    .join(MarketEntity, MarketEntity.id == InspectionTask.entity_id)
                    .join(TaskDepartment, TaskDepartment.task_id == InspectionTask.id)
                    .where(TaskDepartment.department_id == dept, InspectionTask.status == InspectionTaskStatus.OPEN.value)
                    .order_by(InspectionTask.results_due, InspectionTask.id).limit(50)).all()
    parts = db.exec(select(JointParticipation, InspectionPlan)
                    .join(InspectionPlan, InspectionPlan.id == JointParticipation.plan_id)
                    .where(JointParticipation.department_id == dept, JointParticipation.lead.is_(False),
                           JointParticipation.confirmed_at.is_(None))
                    .order_by(JointParticipation.confirm_due, JointParticipation.id).limit(50)).all()
    return {
        "draw_tasks": [DueRow(t.id, p.name, e.uscc, e.name, t.results_due, _left(calendar, t.results_due, today))
                       for t, p, e in tasks],
        "joint_plans": [DueRow(p.id, p.name, "", "", j.confirm_due, _left(calendar, j.confirm_due, today))
                        for j, p in parts],
    }


class InspectionViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    # --- items, lists, plans ---

    @staff_required
    def index(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None, preview=None,
              status_code: int = 200) -> Response:
        dept = staff.actor.department_id
        items = db.exec(select(InspectionItem).where(InspectionItem.department_id == dept)
                        .order_by(InspectionItem.code)).all() if dept else []
        publication = db.exec(select(ListPublication).where(
            ListPublication.department_id == dept, ListPublication.kind == ListKind.RANDOM_ITEMS.value)
            .order_by(ListPublication.published_on.desc(), ListPublication.id.desc())).first() if dept else None
        plans = keyset(db, select(InspectionPlan, Department).join(Department, Department.id == InspectionPlan.department_id)
                       .where(inspections.plans_clause(staff.actor)), request.query_params,
                       order=[Order(InspectionPlan.id)], key=lambda r: (r[0].id,))
        published = inspections.published_random_items(db, dept) if dept else {}
        partners = db.exec(select(Department).where(Department.id != dept).order_by(Department.code)).all() if published else []
        return self.base.render(request, "admin/inspections.html", {
            "active": "inspections", "items": items, "publication": publication, "plans": plans,
            "published": sorted(published.values(), key=lambda r: r["code"]), "errors": list(errors),
            "form": form or {"year": str(cst_today().year), "team_size": "2", "kind": PlanKind.SINGLE.value,
                             "key_focus": KeyFocusMode.ALWAYS.value, "key_focus_weight": "2"},
            "partners": [d for d in partners if set(d.kinds or []) & inspections.LISTING_KINDS], "preview": preview,
            "today": cst_today(), **LABELS, **FORM_LABELS,
        }, staff=staff, status_code=status_code)

    async def publish_items(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._publish_items, request)

    @staff_required
    def _publish_items(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        year = str(form.get("year") or "")
        return self._act(request, db, staff, "无法发布清单", lambda: inspections.publish_list(
            session=db, actor=staff.actor, year=int(year) if year.isdigit() and len(year) == 4 else 0,
            kind=ListKind.RANDOM_ITEMS.value, title=str(form.get("title") or "")[:200], request_id=uuid.uuid4().hex,
            today=cst_today()), lambda _r: str(request.app.url_path_for("admin_inspections")))

    async def create_plan(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._create_plan, request)

    @staff_required
    def _create_plan(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = plan_form(form)
        filters = directory_filters(values)

        def number(v):
            return int(v) if v.isdigit() and len(v) < 9 else None
        try:
            if form.get("op") == "preview":  # 预览: how many entities match, without creating anything
                dept = inspections.department_of(staff.actor)
                count = inspections.directory_count(db, dept, inspections.parse_filters(filters))
                return self.index.__wrapped__(self, request, db, staff, form=values, preview={"count": count})
            plan = inspections.create_plan(
                session=db, actor=staff.actor, name=values["name"], year=number(values["year"]) or 0,
                item_codes=values["items"], check_start=_date(values["check_start"]), check_end=_date(values["check_end"]),
                team_size=number(values["team_size"]) or 0, ratio=values["ratio"] or None,
                count=number(values["count"]) if values["count"] else None, filters=filters,
                key_focus=values["key_focus"] or KeyFocusMode.ALWAYS.value,
                key_focus_weight=values["key_focus_weight"] or "2", kind=values["kind"] or PlanKind.SINGLE.value,
                participant_codes=values["participants"], request_id=uuid.uuid4().hex, today=cst_today())
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.FORBIDDEN:
                raise HTTPException(403) from None
            return self.index.__wrapped__(self, request, db, staff, errors=_errors(exc), form=values, status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_plan", id=plan.id)), status_code=303)

    # --- one plan: commit, draw, announcement, confirmation ---

    @staff_required
    def plan(self, request: Request, db: Session, staff: Staff) -> Response:
        plan = db.exec(select(InspectionPlan).where(InspectionPlan.id == int(request.path_params["id"]),
                                                    inspections.plans_clause(staff.actor))).first()
        if plan is None:
            raise HTTPException(404)
        dept = staff.actor.department_id
        depts = {d.id: d for d in db.exec(select(Department)).all()}
        items = {i.id: i for i in db.exec(select(InspectionItem)).all()}
        parts = db.exec(select(JointParticipation).where(JointParticipation.plan_id == plan.id)
                        .order_by(JointParticipation.id)).all()
        mine = next((p for p in parts if p.department_id == dept and not p.lead), None)
        draw = db.exec(select(InspectionDraw).where(InspectionDraw.plan_id == plan.id)).first()
        verification = inspections.verify_plan(db, plan.id) if draw is not None and draw.seed_revealed else None
        tasks = keyset(db, select(InspectionTask, MarketEntity).join(MarketEntity, MarketEntity.id == InspectionTask.entity_id)
                       .where(InspectionTask.plan_id == plan.id, inspections.tasks_clause(staff.actor)),
                       request.query_params, order=[Order(InspectionTask.id, descending=False)], key=lambda r: (r[0].id,))
        confirm = None
        if mine is not None and mine.confirmed_at is None:
            confirm = {"items": sorted(inspections.published_random_items(db, dept).values(), key=lambda r: r["code"]),
                       "inspectors": inspections.certified_inspectors(db, dept)}
        return self.base.render(request, "admin/plan.html", {
            "active": "inspections", "plan": plan, "lead": depts[plan.department_id], "is_lead": plan.department_id == dept,
            "plan_items": [items[i] for i in plan.item_ids if i in items], "parts": parts, "depts": depts, "items": items,
            "filter_facts": filter_facts(plan.filters), "key_focus_modes": KEY_FOCUS, "today": cst_today(),
            "draw": draw, "verification": verification, "tasks": tasks, "confirm": confirm, **LABELS,
        }, staff=staff)

    async def commit(self, request: Request) -> Response:
        await csrf.protected_form(request)
        return await run_in_threadpool(self._commit, request)

    @staff_required
    def _commit(self, request: Request, db: Session, staff: Staff) -> Response:
        plan_id = int(request.path_params["id"])
        return self._act(request, db, staff, "无法公布种子哈希", lambda: inspections.commit_plan(
            session=db, actor=staff.actor, plan_id=plan_id, request_id=uuid.uuid4().hex),
            lambda _r: str(request.app.url_path_for("admin_plan", id=plan_id)))

    async def draw(self, request: Request) -> Response:
        await csrf.protected_form(request)
        return await run_in_threadpool(self._draw, request)

    @staff_required
    def _draw(self, request: Request, db: Session, staff: Staff) -> Response:
        plan_id = int(request.path_params["id"])
        return self._act(request, db, staff, "无法摇号", lambda: inspections.draw_plan(
            session=db, actor=staff.actor, plan_id=plan_id, request_id=uuid.uuid4().hex),
            lambda _r: str(request.app.url_path_for("admin_plan", id=plan_id)))

    async def confirm(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._confirm, request)

    @staff_required
    def _confirm(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        plan_id = int(request.path_params["id"])
        return self._act(request, db, staff, "无法确认参与", lambda: inspections.confirm_participation(
            session=db, actor=staff.actor, plan_id=plan_id, item_codes=[str(x)[:32] for x in form.getlist("items")[:50]],
            inspector_usernames=[str(x)[:200] for x in form.getlist("inspectors")[:20]], request_id=uuid.uuid4().hex),
            lambda _r: str(request.app.url_path_for("admin_plan", id=plan_id)))

    # --- tasks and results (§27) ---

    @staff_required
    def tasks(self, request: Request, db: Session, staff: Staff) -> Response:
        status = request.query_params.get("status", "OPEN")
        stmt = (select(InspectionTask, InspectionPlan, MarketEntity)
                .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                .join(MarketEntity, MarketEntity.id == InspectionTask.entity_id)
                .where(inspections.tasks_clause(staff.actor)))
        if status in TASK_STATUS:
            stmt = stmt.where(InspectionTask.status == status)
        pager = keyset(db, stmt, request.query_params,
                       order=[Order(InspectionTask.results_due, descending=False), Order(InspectionTask.id, descending=False)],
                       key=lambda r: (r[0].results_due, r[0].id))
        calendar, today = load_calendar(db), cst_today()
        return self.base.render(request, "admin/inspection_tasks.html", {
            "active": "inspections", "status": status, "today": today, "pager": pager,
            "rows": [(t, p, e, _left(calendar, t.results_due, today)) for t, p, e in pager.rows], **LABELS}, staff=staff)

    def _task_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None,
                   status_code: int = 200) -> Response:
        task = db.exec(select(InspectionTask).where(InspectionTask.id == int(request.path_params["id"]),
                                                    inspections.tasks_clause(staff.actor))).first()
        if task is None:
            raise HTTPException(404)
        plan = db.get(InspectionPlan, task.plan_id)
        entity = db.get(MarketEntity, task.entity_id)
        by_item = inspections.task_items(db, plan)
        items = {i.id: i for i in db.exec(select(InspectionItem).where(InspectionItem.id.in_(list(by_item) or [-1]))).all()}
        results = {r.item_id: r for r in db.exec(select(ItemResult).where(ItemResult.task_id == task.id)).all()}
        depts = {d.id: d.name for d in db.exec(select(Department)).all()}
        inspectors = db.exec(select(StaffUser).where(StaffUser.id.in_(task.inspector_ids or [-1]))).all()
        dept = staff.actor.department_id
        rows = [{"item": items[i], "department": depts.get(d, ""), "result": results.get(i),
                 "mine": d == dept} for i, d in by_item.items() if i in items]
        return self.base.render(request, "admin/inspection_task.html", {
            "active": "inspections", "task": task, "plan": plan, "entity": entity, "rows": rows,
            "inspectors": inspectors, "errors": list(errors), "form": form or {"checked_on": cst_today().isoformat()},
            **LABELS}, staff=staff, status_code=status_code)

    @staff_required
    def task(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._task_page(request, db, staff)

    async def result(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._result, request)

    @staff_required
    def _result(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        task_id = int(request.path_params["id"])
        values = {k: str(form.get(k) or "")[:2000] for k in ("item_code", "result", "checked_on", "description")}
        try:
            inspections.record_item_result(
                session=db, actor=staff.actor, task_id=task_id, item_code=values["item_code"][:32],
                result=values["result"][:32], checked_on=_date(values["checked_on"]), description=values["description"],
                open_case=form.get("open_case") == "1", request_id=uuid.uuid4().hex, today=cst_today())
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            return self._task_page(request, db, staff, errors=_errors(exc), form=values, status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_inspection_task", id=task_id)), status_code=303)

    # --- 一公开: published results (public) ---

    @staff_required
    def results(self, request: Request, db: Session, staff: Staff) -> Response:
        pager = keyset(db, select(InspectionTask, InspectionPlan, Department, MarketEntity)
                       .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                       .join(Department, Department.id == InspectionPlan.department_id)
                       .join(MarketEntity, MarketEntity.id == InspectionTask.entity_id)
                       .where(InspectionTask.published_at.is_not(None)), request.query_params,
                       order=[Order(InspectionTask.published_at), Order(InspectionTask.id)],
                       key=lambda r: (r[0].published_at, r[0].id))
        announcements = db.exec(select(InspectionPlan, Department).join(Department, Department.id == InspectionPlan.department_id)
                                .where(InspectionPlan.status.in_([PlanStatus.COMMITTED.value, PlanStatus.DRAWN.value]))
                                .order_by(InspectionPlan.id.desc()).limit(PAGE)).all()
        return self.base.render(request, "admin/inspection_results.html", {
            "active": "inspections", "rows": pager.rows, "pager": pager, "announcements": announcements, **LABELS},
            staff=staff)

    # --- shared ---

    def _act(self, request: Request, db: Session, staff: Staff, title: str, act, target) -> Response:
        try:
            result = act()
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND and exc.field in ("planId", "taskId"):
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": title,
                                     "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(target(result), status_code=303)
