"""Forms for the acts GraphQL already offers: a tracking inspection (§15–17), closing an application
(§18), a 督办 notice (§44). Each posts to one domain act; a refused act re-shows the form with its errors.
"""
from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import (JointReview, JointReviewOpinion, MarketEntity, PermitItem, PoolClaim, PoolEntry, StaffUser,
                    TrackingTask)
from models.enums import TaskStatus, TrackingResult
from supervision import notices, oversight, tracking
from supervision.clock import today as cst_today
from supervision.errors import DomainError, ErrorCode, ValidationErrors

from . import csrf
from .auth import Staff, staff_required

TRACKING_RESULT = {
    TrackingResult.NORMAL: "正常（未发现无证经营）",
    TrackingResult.UNLICENSED_OPERATION: "未取得许可即开展经营",
    TrackingResult.NOT_FOUND_AT_ADDRESS: "通过登记住所无法联系",
    TrackingResult.OTHER: "其他",
}


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _errors(exc: DomainError) -> list[DomainError]:
    return exc.errors if isinstance(exc, ValidationErrors) else [exc]


WAITING = 50


def pool_and_reviews(db: Session, staff: Staff) -> dict:
    """待认领 (§9): pooled entities this department has not claimed; 联合审查 (§43): opinions it still owes."""
    dept = staff.actor.department_id
    pool = []
    if set(staff.actor.department_kinds) & notices.CLAIMING_KINDS:
        claimed = select(PoolClaim.pool_entry_id).where(PoolClaim.department_id == dept)
        pool = db.exec(select(PoolEntry, MarketEntity).join(MarketEntity, MarketEntity.id == PoolEntry.entity_id)
                       .where(PoolEntry.id.not_in(claimed)).order_by(PoolEntry.id).limit(WAITING)).all()
    reviews = db.exec(select(JointReview, MarketEntity)
                      .join(JointReviewOpinion, JointReviewOpinion.review_id == JointReview.id)
                      .join(MarketEntity, MarketEntity.id == JointReview.entity_id)
                      .where(JointReviewOpinion.department_id == dept, JointReviewOpinion.completed_at.is_(None))
                      .order_by(JointReview.id).limit(WAITING)).all()
    return {"pool": pool, "reviews": reviews}


class ActViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    @staticmethod
    async def _form(request: Request):
        request.state.form = await csrf.protected_form(request)

    # --- 跟踪检查 (§15–17) ---

    def _tracking_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None,
                       status_code: int = 200) -> Response:
        task = db.get(TrackingTask, int(request.path_params["id"]))
        if task is None or task.department_id != staff.actor.department_id:
            raise HTTPException(404)
        entity = db.get(MarketEntity, task.entity_id)
        items = db.exec(select(PermitItem.name).where(PermitItem.id.in_(task.item_ids or [-1]))).all()
        colleagues = db.exec(select(StaffUser).where(StaffUser.department_id == task.department_id, StaffUser.active)
                             .order_by(StaffUser.username)).all()
        return self.base.render(request, "admin/tracking.html", {
            "active": "home", "task": task, "entity": entity, "items": items, "colleagues": colleagues,
            "results": [(r.value, text) for r, text in TRACKING_RESULT.items()], "errors": list(errors),
            "form": form or {"inspected_on": cst_today().isoformat(), "inspectors": [staff.user.username]},
            "open": task.status == TaskStatus.OPEN.value,
        }, staff=staff, status_code=status_code)

    @staff_required
    def tracking_form(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._tracking_page(request, db, staff)

    async def tracking_inspect(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._tracking_inspect, request)

    @staff_required
    def _tracking_inspect(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"inspected_on": form.get("inspected_on") or "", "inspectors": form.getlist("inspectors")[:20],
                  "result": form.get("result") or "", "notes": (form.get("notes") or "")[:2000]}
        try:
            tracking.record_tracking_inspection(
                session=db, actor=staff.actor, task_id=int(request.path_params["id"]),
                inspected_on=_date(values["inspected_on"]), inspector_usernames=values["inspectors"],
                result=values["result"], notes=values["notes"], request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            return self._tracking_page(request, db, staff, errors=_errors(exc), form=values, status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_home")) + "#track-heading", status_code=303)

    # --- 认领 (§9) and 联合审查意见 (§43) ---

    async def pool_claim(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._pool_claim, request)

    @staff_required
    def _pool_claim(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._simple(request, db, staff, "无法认领", "#pool-heading", lambda: notices.claim_pool_entry(
            session=db, actor=staff.actor, pool_entry_id=int(request.path_params["id"]), request_id=uuid.uuid4().hex))

    async def review_opinion(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._review_opinion, request)

    @staff_required
    def _review_opinion(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._simple(request, db, staff, "无法提交审查意见", "#review-heading", lambda: notices.complete_joint_review(
            session=db, actor=staff.actor, review_id=int(request.path_params["id"]),
            opinion=str(request.state.form.get("opinion") or "")[:4000], request_id=uuid.uuid4().hex))

    def _simple(self, request: Request, db: Session, staff: Staff, title: str, anchor: str, act) -> Response:
        try:
            act()
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": title, "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_home")) + anchor, status_code=303)

    # --- 许可申请办结 (§18): 不予许可 / 撤回 ---

    async def application_close(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._application_close, request)

    @staff_required
    def _application_close(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        try:
            tracking.close_permit_application(session=db, actor=staff.actor, application_id=int(request.path_params["id"]),
                                              status=str(form.get("status") or ""), decided_on=_date(form.get("decided_on")),
                                              request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            return self.base.render(request, "admin/error.html",
                                    {"status": 400, "title": "无法办结申请",
                                     "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_home")) + "#app-heading", status_code=303)

    # --- 督办 (§44) ---

    async def supervision_notice(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._supervision_notice, request)

    @staff_required
    def _supervision_notice(self, request: Request, db: Session, staff: Staff) -> Response:
        if not staff.actor.is_oversight:
            return self.base.render(request, "admin/error.html",
                                    {"status": 403, "title": "没有权限", "message": "只有督查部门可以发出督办通知。"},
                                    staff=staff, status_code=403)
        form = request.state.form
        subject = form.get("subject_id")
        kind = str(form.get("kind") or "")
        try:
            oversight.issue_supervision_notice(
                session=db, actor=staff.actor, department_code=str(form.get("department") or "")[:32], kind=kind,
                subject_id=int(subject) if isinstance(subject, str) and subject.isdigit() and len(subject) < 18 else -1,
                message=str(form.get("message") or "")[:1000], request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            return self.base.render(request, "admin/error.html",
                                    {"status": 400, "title": "无法发出督办",
                                     "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_overdue")) + f"?kind={kind}&issued=1", status_code=303)
