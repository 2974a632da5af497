"""Pages for running the platform: the catalogue and its import, staff and keys, the audit chain,
and the oversight dashboard.

Views only adapt, as everywhere in the admin: every write is a domain act (checked and audited
there), every list is narrowed by the same rules the GraphQL API applies.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import ApiKey, AuditRecord, Department, PermitItem, StaffUser
from models.enums import OverdueKind, StaffRole
from supervision import accounts, audit, catalogue, oversight
from supervision.clock import CST
from supervision.clock import today as cst_today
from supervision.errors import DomainError, ValidationErrors
from supervision.responsibility import Action, can, restrict

from . import charts, csrf, labels
from .auth import Staff, staff_required
from .paging import CURSOR_KEYS, Order, keyset

AUDIT_PAGE = 50
MAX_CATALOGUE_TEXT = 200 * 1024
KIND_SHORT = {OverdueKind.ACKNOWLEDGEMENT: "推送接收反馈", OverdueKind.TRACKING: "照后证前跟踪检查",
              OverdueKind.APPLICATION: "许可办理时限"}
FIELD_LABEL = {
    "name": "名称", "level": "层级", "region": "行政区划", "kinds": "部门类型", "legal_basis": "设定依据",
    "approving_department_id": "审批部门", "competent_department_id": "主管部门", "delegated_to_department_id": "下放至",
    "enforcement_department_id": "综合执法部门", "mode": "审批类型", "notice_commitment": "告知承诺",
    "status": "事项状态", "high_risk": "高风险行业", "time_limit_days": "法定时限（工作日）", "scope_phrases": "经营范围用语",
}


def _errors_of(exc: DomainError) -> list[DomainError]:
    return exc.errors if isinstance(exc, ValidationErrors) else [exc]


def _rid() -> str:
    return uuid.uuid4().hex


def _text(form, key: str, max_len: int = 200) -> str:
    value = form.get(key)
    return value.strip()[:max_len] if isinstance(value, str) else ""


def _date_param(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _cst_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CST).astimezone(timezone.utc)


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    code: str
    action: str
    fields: list[tuple[str, str, str]]  # label, old, new


def _shown(value, field: str, depts: dict[int, str]) -> str:
    if value is None:
        return "—"
    if field.endswith("department_id") and isinstance(value, int):
        return depts.get(value, str(value))
    if field == "status":
        return labels.permit_item_status(value)
    if field == "mode":
        return labels.permit_mode(value)
    if field == "level":
        return labels.department_level(value)
    if field == "kinds":
        return "、".join(labels.department_kind(k) for k in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


class ManageViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    def _refuse(self, request: Request, staff: Staff, status: int, title: str, message: str) -> Response:
        return self.base.render(request, "admin/error.html", {"status": status, "title": title, "message": message},
                                staff=staff, status_code=status)

    @staticmethod
    async def _form(request: Request):
        request.state.form = await csrf.protected_form(request)

    # --- 审批事项目录 -------------------------------------------------------------------------

    def _catalogue_context(self, db: Session, staff: Staff) -> dict:
        depts = list(db.exec(select(Department).order_by(Department.level, Department.code)).all())
        names = {d.id: d.name for d in depts}
        items = list(db.exec(select(PermitItem).order_by(PermitItem.code)).all())
        scope = sorted(((phrase, item) for item in items for phrase in item.scope_phrases or []), key=lambda t: t[0])
        return {"active": "catalogue", "departments": depts, "items": items, "dept_names": names, "scope": scope,
                "may_import": bool(can(staff.actor, Action.MANAGE_CATALOGUE))}

    @staff_required
    def catalogue(self, request: Request, db: Session, staff: Staff) -> Response:
        return self.base.render(request, "admin/catalogue.html", self._catalogue_context(db, staff), staff=staff)

    async def catalogue_preview(self, request: Request) -> Response:
        await self._form(request)
        upload = request.state.form.get("file")
        text = ""
        if isinstance(upload, UploadFile):
            raw = await upload.read(MAX_CATALOGUE_TEXT + 1)
            text = raw.decode("utf-8-sig", errors="replace")
        await request.state.form.close()
        request.state.catalogue_text = text
        request.state.dry_run = True
        return await run_in_threadpool(self._catalogue_import, request)

    async def catalogue_import(self, request: Request) -> Response:
        await self._form(request)
        request.state.catalogue_text = _text(request.state.form, "data", MAX_CATALOGUE_TEXT + 1)
        request.state.dry_run = False
        return await run_in_threadpool(self._catalogue_import, request)

    @staff_required
    def _catalogue_import(self, request: Request, db: Session, staff: Staff) -> Response:
        """Preview (a dry run: nothing written) or apply; the file travels back with the preview, not in the session."""
        dry_run = request.state.dry_run
        if not can(staff.actor, Action.MANAGE_CATALOGUE):
            return self._refuse(request, staff, 403, "没有权限", "只有平台管理员可以导入审批事项目录。")
        text = request.state.catalogue_text
        ctx = self._catalogue_context(db, staff)
        try:
            if not text.strip():
                raise catalogue.CatalogueError([catalogue.LineError("file", "请选择要导入的目录文件（JSON）")])
            if len(text) > MAX_CATALOGUE_TEXT:
                raise catalogue.CatalogueError([catalogue.LineError("file", "文件超过 200 KB")])
            data = catalogue.loads(text)
            report = catalogue.import_catalogue(session=db, actor=staff.actor, data=data, dry_run=dry_run,
                                                request_id=_rid())
        except catalogue.CatalogueError as exc:
            db.rollback()
            ctx.update(line_errors=exc.errors, message=exc.message)
            return self.base.render(request, "admin/catalogue.html", ctx, staff=staff, status_code=400)
        except DomainError as exc:
            db.rollback()
            ctx.update(line_errors=[catalogue.LineError(e.field or "file", e.message) for e in _errors_of(exc)])
            return self.base.render(request, "admin/catalogue.html", ctx, staff=staff, status_code=400)
        if not dry_run:
            db.commit()
            ctx = self._catalogue_context(db, staff)
        names = ctx["dept_names"]
        changed = [ChangeRow(c.kind, c.code, c.action,
                             [(FIELD_LABEL.get(f, f), _shown(old, f, names), _shown(new, f, names))
                              for f, (old, new) in c.fields.items()])
                   for c in report.changes if c.action != "unchanged"]
        ctx.update(report=report, changed=changed, data=text, applied=not dry_run,
                   unchanged=sum(1 for c in report.changes if c.action == "unchanged"))
        return self.base.render(request, "admin/catalogue.html", ctx, staff=staff)

    # --- 用户和密钥 ---------------------------------------------------------------------------

    def _may_manage(self, staff: Staff) -> bool:
        actor = staff.actor
        return actor.is_platform_admin or actor.has_role(StaffRole.DEPARTMENT_ADMIN)

    def _staff_context(self, db: Session, staff: Staff) -> dict:
        actor = staff.actor
        depts = list(db.exec(select(Department).order_by(Department.code)).all())
        names = {d.id: d.name for d in depts}
        users = db.exec(accounts.staff_statement(actor).order_by(StaffUser.department_id, StaffUser.username)).all()
        keys = db.exec(accounts.key_statement(actor).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id)).all()
        roles = [r for r in StaffRole if r != StaffRole.PLATFORM_ADMIN or actor.is_platform_admin]
        choosable = depts if actor.is_platform_admin else [d for d in depts if d.id == actor.department_id]
        return {"active": "staff", "users": users, "keys": keys, "dept_names": names, "departments": choosable,
                "roles": roles, "platform": actor.is_platform_admin, "errors": [], "form": {}, "new_key": None,
                "done": None}

    @staff_required
    def staff_page(self, request: Request, db: Session, staff: Staff) -> Response:
        if not self._may_manage(staff):
            raise HTTPException(404)
        ctx = self._staff_context(db, staff)
        ctx["done"] = request.query_params.get("done")
        return self.base.render(request, "admin/staff.html", ctx, staff=staff)

    def _staff_act(self, request: Request, db: Session, staff: Staff, act) -> Response:
        """Run one domain act from a form; on success back to the list, otherwise the list with the errors."""
        if not self._may_manage(staff):
            raise HTTPException(404)
        try:
            outcome = act(request.state.form)
        except DomainError as exc:
            db.rollback()
            if exc.code.value == "NOT_FOUND" and exc.field in ("username", "prefix", None):
                raise HTTPException(404) from None
            ctx = self._staff_context(db, staff)
            ctx.update(errors=_errors_of(exc), form={k: v for k, v in request.state.form.items()
                                                       if k not in ("password", "csrf_token")})
            return self.base.render(request, "admin/staff.html", ctx, staff=staff, status_code=400)
        db.commit()
        if isinstance(outcome, accounts.NewKey):  # the key's text is shown once, on this answer only
            ctx = self._staff_context(db, staff)
            ctx["new_key"] = outcome
            return self.base.render(request, "admin/staff.html", ctx, staff=staff)
        return RedirectResponse(str(request.app.url_path_for("admin_staff")) + f"?done={outcome}", status_code=303)

    async def staff_create(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._staff_create, request)

    @staff_required
    def _staff_create(self, request: Request, db: Session, staff: Staff) -> Response:
        def act(form):
            accounts.create_staff(session=db, actor=staff.actor, username=_text(form, "username", 64),
                                  display_name=_text(form, "display_name", 100), password=form.get("password") or "",
                                  department_code=_text(form, "department", 32), roles=form.getlist("roles")[:10],
                                  certificate_no=_text(form, "certificate_no", 64) or None, request_id=_rid())
            return "created"
        return self._staff_act(request, db, staff, act)

    async def staff_password(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._staff_password, request)

    @staff_required
    def _staff_password(self, request: Request, db: Session, staff: Staff) -> Response:
        def act(form):
            accounts.set_password(session=db, actor=staff.actor, username=str(request.path_params["username"]),
                                  password=form.get("password") or "", request_id=_rid())
            return "password"
        return self._staff_act(request, db, staff, act)

    async def staff_active(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._staff_active, request)

    @staff_required
    def _staff_active(self, request: Request, db: Session, staff: Staff) -> Response:
        def act(form):
            active = form.get("active") == "1"
            accounts.set_staff_active(session=db, actor=staff.actor, username=str(request.path_params["username"]),
                                      active=active, request_id=_rid())
            return "activated" if active else "deactivated"
        return self._staff_act(request, db, staff, act)

    async def key_create(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._key_create, request)

    @staff_required
    def _key_create(self, request: Request, db: Session, staff: Staff) -> Response:
        def act(form):
            return accounts.create_api_key(session=db, actor=staff.actor, name=_text(form, "name", 100),
                                           department_code=_text(form, "department", 32) or None, request_id=_rid())
        return self._staff_act(request, db, staff, act)

    async def key_revoke(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._key_revoke, request)

    @staff_required
    def _key_revoke(self, request: Request, db: Session, staff: Staff) -> Response:
        def act(form):
            accounts.revoke_api_key(session=db, actor=staff.actor, prefix=str(request.path_params["prefix"])[:16],
                                    request_id=_rid())
            return "revoked"
        return self._staff_act(request, db, staff, act)

    # --- 审计记录 ---------------------------------------------------------------------------

    @staticmethod
    def may_verify(staff: Staff) -> bool:
        return staff.actor.is_oversight or staff.actor.is_platform_admin

    def _audit_context(self, request: Request, db: Session, staff: Staff) -> dict:
        q = request.query_params
        filters = {k: (q.get(k) or "").strip()[:100] for k in ("actor", "department", "act", "target_type", "target_id",
                                                                "from", "to")}
        stmt = restrict(select(AuditRecord), staff.actor, Action.READ_AUDIT)
        if filters["actor"]:
            stmt = stmt.where(sa.or_(AuditRecord.actor == filters["actor"],
                                     AuditRecord.actor_label.contains(filters["actor"], autoescape=True)))
        depts = list(db.exec(select(Department).order_by(Department.code)).all())
        by_code = {d.code: d for d in depts}
        if filters["department"]:
            dept = by_code.get(filters["department"])
            stmt = stmt.where(AuditRecord.department_id == (dept.id if dept else -1))
        if filters["act"]:
            stmt = stmt.where(AuditRecord.act == filters["act"])
        if filters["target_type"]:
            stmt = stmt.where(AuditRecord.target_type == filters["target_type"])
        if filters["target_id"]:
            stmt = stmt.where(AuditRecord.target_id == filters["target_id"])
        start, end = _date_param(filters["from"]), _date_param(filters["to"])
        if start:
            stmt = stmt.where(AuditRecord.at >= _cst_start(start))
        if end:
            stmt = stmt.where(AuditRecord.at < _cst_start(end + timedelta(days=1)))
        pager = keyset(db, stmt, {k: v for k, v in q.items() if k in (*filters, *CURSOR_KEYS)},
                       order=[Order(AuditRecord.id)], key=lambda a: (a.id,), size=AUDIT_PAGE)
        rows = pager.rows
        sees_all = staff.actor.is_oversight or staff.actor.is_platform_admin
        return {
            "active": "audit", "rows": rows, "filters": filters, "dept_names": {d.id: d.name for d in depts},
            "departments": depts if sees_all else [d for d in depts if d.id == staff.actor.department_id],
            "acts": sorted(labels.AUDIT_ACT.items()), "target_types": sorted(labels.AUDIT_TARGET.items()),
            "pager": pager,
            "may_verify": self.may_verify(staff), "sees_all": sees_all, "report": None,
        }

    @staff_required
    def audit_page(self, request: Request, db: Session, staff: Staff) -> Response:
        return self.base.render(request, "admin/audit.html", self._audit_context(request, db, staff), staff=staff)

    async def audit_verify(self, request: Request) -> Response:
        await self._form(request)
        return await run_in_threadpool(self._audit_verify, request)

    @staff_required
    def _audit_verify(self, request: Request, db: Session, staff: Staff) -> Response:
        if not self.may_verify(staff):
            return self._refuse(request, staff, 403, "没有权限", "只有督查部门和平台管理员可以校验整条审计链。")
        ctx = self._audit_context(request, db, staff)
        ctx["report"] = audit.verify(db)
        return self.base.render(request, "admin/audit.html", ctx, staff=staff)

    # --- 督查看板 ---------------------------------------------------------------------------

    @staff_required
    def dashboard(self, request: Request, db: Session, staff: Staff) -> Response:
        actor = staff.actor
        today = cst_today()
        kinds = list(oversight.TREND_KINDS)
        counts = oversight.overdue_counts(db, actor, today=today)
        names = {d.id: d.name for d in db.exec(select(Department)).all()}
        per_dept = sorted(((names.get(d, str(d)), [counts.get((d, k), 0) for k in kinds]) for d in {d for d, _ in counts}),
                          key=lambda r: (-sum(r[1]), r[0]))
        per_kind = [(KIND_SHORT[k], sum(n for (_, kk), n in counts.items() if kk == k)) for k in kinds]
        trend = oversight.overdue_trend(db, actor, today=today)
        series = [KIND_SHORT[k] for k in kinds]
        return self.base.render(request, "admin/dashboard.html", {
            "active": "dashboard", "today": today, "kinds": kinds, "series": series, "per_dept": per_dept,
            "per_kind": per_kind, "trend": trend, "total": sum(counts.values()),
            "dept_chart": charts.stacked_bars("各部门超期未办结事项", per_dept, series) if per_dept else None,
            "trend_chart": charts.trend_lines("近12周超期未办结事项", [p.on for p in trend],
                                              [(KIND_SHORT[k], [p.counts[k] for p in trend]) for k in kinds]),
        }, staff=staff)
