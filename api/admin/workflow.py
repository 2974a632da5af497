"""Pages of 双告知 · 双反馈 · 双跟踪 and oversight: the work waiting, the printable notice, overdue acts.

As everywhere in the admin, views only adapt: the lists come from the same domain queries the
GraphQL API uses, narrowed to the signed-in department (OVERSIGHT: every department).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import (Commitment, Department, MarketEntity, Notification, PermitApplication, PermitItem,
                    RegistrationNotice, SupervisionNotice, TrackingTask)
from models.enums import ApplicationStatus, OverdueKind, TaskStatus
from supervision import notices, oversight
from supervision.calendar import load_calendar
from supervision.clock import today as cst_today
from supervision.entities import find_by_uscc
from supervision.errors import DomainError
from supervision.responsibility import Action, can

from . import csrf
from .acts import pool_and_reviews
from .auth import Staff, staff_required

WAITING = 50


@dataclass(frozen=True)
class WaitingRow:
    id: int
    uscc: str
    entity_name: str
    due: date
    provisional: bool
    working_days_left: int  # negative: overdue
    detail: str = ""


def _names(db: Session, entity_ids: set[int]) -> dict[int, MarketEntity]:
    if not entity_ids:
        return {}
    return {e.id: e for e in db.exec(select(MarketEntity).where(MarketEntity.id.in_(entity_ids))).all()}


def waiting_work(db: Session, staff: Staff, today: date) -> dict[str, list[WaitingRow]]:
    """What this department has to do: receipts to acknowledge, tracking visits, pending applications."""
    dept = staff.actor.department_id
    calendar = load_calendar(db)
    unacked = db.exec(select(Notification).where(Notification.department_id == dept, Notification.acknowledged_at.is_(None))
                      .order_by(Notification.ack_due, Notification.id).limit(WAITING)).all()
    tasks = db.exec(select(TrackingTask).where(TrackingTask.department_id == dept, TrackingTask.status == TaskStatus.OPEN.value)
                    .order_by(TrackingTask.due, TrackingTask.id).limit(WAITING)).all()
    apps = db.exec(select(PermitApplication).where(PermitApplication.department_id == dept,
                                                   PermitApplication.status == ApplicationStatus.PENDING.value)
                   .order_by(PermitApplication.due, PermitApplication.id).limit(WAITING)).all()
    entities = _names(db, {n.entity_id for n in unacked} | {t.entity_id for t in tasks} | {a.entity_id for a in apps})
    items = {i.id: i.name for i in db.exec(select(PermitItem)).all()} if (tasks or apps) else {}

    def row(obj_id, entity_id, due, provisional=False, detail=""):
        e = entities[entity_id]
        left = -calendar.working_days_between(due, today) if due < today else calendar.working_days_between(today, due)
        return WaitingRow(obj_id, e.uscc, e.name, due, provisional, left, detail)

    return {
        "notifications": [row(n.id, n.entity_id, n.ack_due, n.ack_due_provisional) for n in unacked],
        "tracking": [row(t.id, t.entity_id, t.due, False, "、".join(items.get(i, "") for i in t.item_ids)) for t in tasks],
        "applications": [row(a.id, a.entity_id, a.due, a.due_provisional, items.get(a.item_id, ""))
                         for a in apps if a.due is not None],
    }


class WorkflowViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    # --- home: the work waiting ---

    def home_context(self, db: Session, staff: Staff) -> dict:
        today = cst_today()
        ctx = {"waiting": waiting_work(db, staff, today), "today": today, **pool_and_reviews(db, staff)}
        ctx["supervision_notices"] = db.exec(
            select(SupervisionNotice).where(SupervisionNotice.department_id == staff.actor.department_id,
                                            SupervisionNotice.acknowledged_at.is_(None))
            .order_by(SupervisionNotice.issued_at.desc()).limit(WAITING)).all()
        if staff.actor.is_oversight:
            ctx["overdue_totals"] = _totals(oversight.overdue_counts(db, staff.actor, today=today))
        return ctx

    # --- acknowledging a push (§11) ---

    async def acknowledge(self, request: Request) -> Response:
        await csrf.protected_form(request)
        return await run_in_threadpool(self._acknowledge, request)

    @staff_required
    def _acknowledge(self, request: Request, db: Session, staff: Staff) -> Response:
        try:
            notices.acknowledge_notification(session=db, actor=staff.actor,
                                             notification_id=int(request.path_params["id"]), request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            status = 404 if exc.code.value == "NOT_FOUND" else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": "无法确认接收", "message": exc.message},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_home")) + "#notifications", status_code=303)

    # --- signing for a 督办 notice (§44) ---

    async def sign_supervision_notice(self, request: Request) -> Response:
        await csrf.protected_form(request)
        return await run_in_threadpool(self._sign_supervision_notice, request)

    @staff_required
    def _sign_supervision_notice(self, request: Request, db: Session, staff: Staff) -> Response:
        try:
            oversight.acknowledge_supervision_notice(session=db, actor=staff.actor,
                                                     notice_id=int(request.path_params["id"]), request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            status = 404 if exc.code.value == "NOT_FOUND" else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": "无法签收督办通知", "message": exc.message},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_home")), status_code=303)

    # --- the printable notice and commitment (§8) ---

    @staff_required
    def notice(self, request: Request, db: Session, staff: Staff) -> Response:
        entity = find_by_uscc(db, str(request.path_params["uscc"])[:64])
        if entity is None or not can(staff.actor, Action.READ_ENTITY_FILE, entity, session=db):
            return self.base.render(request, "admin/error.html",
                                    {"status": 404, "title": "未找到告知书", "message": "没有可查看的告知书。"},
                                    staff=staff, status_code=404)
        notice = db.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == entity.id)).first()
        if notice is None:
            return self.base.render(request, "admin/error.html",
                                    {"status": 404, "title": "未找到告知书", "message": "该主体登记时未出具告知书。"},
                                    staff=staff, status_code=404)
        commitment = db.exec(select(Commitment).where(Commitment.entity_id == entity.id)).first()
        registrar = db.get(Department, notice.department_id)
        return self.base.render(request, "admin/notice.html",
                                {"active": "entities", "entity": entity, "notice": notice, "commitment": commitment,
                                 "registrar": registrar}, staff=staff)

    # --- oversight (§4, §44) ---

    @staff_required
    def overdue(self, request: Request, db: Session, staff: Staff) -> Response:
        actor = staff.actor
        today = cst_today()
        try:
            kind = OverdueKind(request.query_params.get("kind", OverdueKind.ACKNOWLEDGEMENT.value))
        except ValueError:
            kind = OverdueKind.ACKNOWLEDGEMENT
        completed = request.query_params.get("completed") == "1"
        acts = oversight.overdue(db, actor, kind=kind, today=today, completed=completed, limit=200)
        counts = oversight.overdue_counts(db, actor, today=today)
        depts = {d.id: d for d in db.exec(select(Department)).all()}
        entities = _names(db, {a.entity_id for a in acts})
        per_department = sorted(
            ({"department": depts[d].name, "counts": {k.value: counts.get((d, k), 0) for k in COUNTED},
              "total": sum(counts.get((d, k), 0) for k in COUNTED)}
             for d in {d for d, _ in counts}), key=lambda r: -r["total"])
        return self.base.render(request, "admin/overdue.html", {
            "active": "overdue", "kind": kind.value, "completed": completed, "kinds": KINDS,
            "kind_text": oversight.KIND_TEXT.get(kind, kind.value), "today": today,
            "acts": [{"act": a, "department": depts[a.department_id].name, "department_code": depts[a.department_id].code,
                      "entity": entities.get(a.entity_id)} for a in acts],
            "issued": request.query_params.get("issued") == "1",
            "per_department": per_department, "counted": [k.value for k in COUNTED],
        }, staff=staff)


COUNTED = (OverdueKind.ACKNOWLEDGEMENT, OverdueKind.TRACKING, OverdueKind.APPLICATION)
KINDS = [(k.value, oversight.KIND_TEXT[k]) for k in (OverdueKind.ACKNOWLEDGEMENT, OverdueKind.PERMIT_FEEDBACK,
                                                      OverdueKind.TRACKING, OverdueKind.APPLICATION)]


def _totals(counts: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for (_dept, kind), n in counts.items():
        out[kind.value] = out.get(kind.value, 0) + n
    return out
