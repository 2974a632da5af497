"""The admin pages: signing in and out, the home page, and 一户一档 (search, one entity's file).

Views only adapt: read the request, call the domain, render. Every read is narrowed by
supervision.responsibility, the rules the GraphQL API applies too, and what a department may
not read never reaches a template: the non-public part of a file is built only after `can()`.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import AuditRecord, Department, MarketEntity, Permit, PermitItem, RegistrationNotice
from models.enums import EntityType
from models.db import new_session
from supervision import industries, uscc as uscc_mod
from supervision.accounts import authenticate
from supervision.actors import Actor
from supervision.clock import today as cst_today
from supervision.entities import find_by_uscc
from supervision.errors import DomainError, ErrorCode
from supervision.responsibility import Action, can, explain_access, readable_entity_ids, restrict

from . import csrf, labels
from .inspections import home_context as inspection_home
from .auth import HOME_PATH, LOGIN_PATH, SESSION_KEY, Staff, load_staff, safe_next, staff_required
from .templating import make_templates
from .timeline import KIND as TIMELINE_KIND, entity_timeline

PAGE_SIZE = 50
ENTITY_TYPES = {t.value: labels.ENTITY_TYPE[t] for t in EntityType}
RECENT = 10
MAX_QUERY_LEN = 100

HTTP_MESSAGES = {
    400: ("请求格式不正确", "请求格式不正确，请返回上一页后重试。"),
    403: ("没有权限", "您没有权限执行此操作。"),
    404: ("页面不存在", "您访问的页面不存在，请检查地址是否正确。"),
    405: ("不支持该请求方式", "该页面不支持此请求方式。"),
    413: ("提交的内容过大", "提交的内容超过了允许的大小。"),
}


# --- what the templates receive ----------------------------------------------------------------

@dataclass(frozen=True)
class PublicInfo:
    """登记基本信息: what the enterprise credit publicity system shows to anyone."""

    uscc: str
    name: str
    entity_type: str
    legal_representative: str
    address: str
    region: str
    industry_code: str
    business_scope: str
    established_on: date
    status: str
    registering_department: str


@dataclass(frozen=True)
class PermitRow:
    id: int
    item_code: str
    item_name: str
    number: str
    decision_date: date
    valid_from: date
    valid_to: date | None
    status: str
    issuing_department: str
    entity_uscc: str = ""
    entity_name: str = ""
    by_commitment: bool = False


@dataclass(frozen=True)
class FileInfo:
    """一户一档的非公示部分: built only for a department the rules make responsible."""

    contact_phone: str | None
    tolerance_until: date | None
    permits: list[PermitRow]


@dataclass(frozen=True)
class EntityRow:
    id: int
    uscc: str
    name: str
    entity_type: str
    legal_representative: str
    status: str
    established_on: date
    in_remit: bool
    industry_code: str = ""
    address: str = ""


# --- queries -----------------------------------------------------------------------------------

def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _permit_rows(db: Session, stmt) -> list[PermitRow]:
    return [
        PermitRow(p.id, item_code, item_name, p.number, p.decision_date, p.valid_from, p.valid_to, p.status,
                  dept_name, entity_uscc, entity_name, p.by_commitment)
        for p, item_code, item_name, dept_name, entity_uscc, entity_name in db.exec(stmt).all()
    ]


def _permit_statement(actor: Actor):
    stmt = (select(Permit, PermitItem.code, PermitItem.name, Department.name, MarketEntity.uscc, MarketEntity.name)
            .join(PermitItem, PermitItem.id == Permit.item_id)
            .join(Department, Department.id == Permit.issuing_department_id)
            .join(MarketEntity, MarketEntity.id == Permit.entity_id))
    return restrict(stmt, actor, Action.READ_PERMIT, Permit.entity_id)


def remit_count(db: Session, actor: Actor) -> int:
    stmt = select(sa.func.count()).select_from(MarketEntity)
    return db.exec(restrict(stmt, actor, Action.READ_ENTITY_FILE, MarketEntity.id)).one()


def recent_permits(db: Session, actor: Actor, limit: int = RECENT) -> list[PermitRow]:
    stmt = _permit_statement(actor).order_by(Permit.decision_date.desc(), Permit.id.desc()).limit(limit)
    return _permit_rows(db, stmt)


def entity_permits(db: Session, actor: Actor, entity_id: int) -> list[PermitRow]:
    stmt = (_permit_statement(actor).where(Permit.entity_id == entity_id)
            .order_by(Permit.decision_date.desc(), Permit.id.desc()))
    return _permit_rows(db, stmt)


def recent_department_audit(db: Session, actor: Actor, limit: int = RECENT) -> list[AuditRecord]:
    if actor.department_id is None:
        return []
    stmt = select(AuditRecord).where(AuditRecord.department_id == actor.department_id)
    stmt = restrict(stmt, actor, Action.READ_AUDIT).order_by(AuditRecord.at.desc(), AuditRecord.id.desc()).limit(limit)
    return list(db.exec(stmt).all())


@dataclass(frozen=True)
class EntitySearch:
    """What the search form asks: every filter given narrows the result (they combine with AND)."""

    q: str = ""
    industry: str = ""  # 国民经济行业代码 or its prefix: C, C13, 13, H6210
    industry_name: str = ""  # words of a section's or division's name: 制造业, 餐饮
    entity_type: str = ""
    address: str = ""
    mine: bool = False

    @property
    def filtered(self) -> bool:
        return any((self.q, self.industry, self.industry_name, self.entity_type, self.address, self.mine))

    def params(self) -> dict[str, str]:
        """The filters as query parameters, for the next page's link."""
        return {k: v for k, v in (("q", self.q), ("industry", self.industry), ("industry_name", self.industry_name),
                                  ("type", self.entity_type), ("address", self.address),
                                  ("mine", "1" if self.mine else "")) if v}

    @property
    def industry_error(self) -> str | None:
        if self.industry and industries.parse_code(self.industry) is None:
            return f"国民经济行业代码“{self.industry}”无效：请输入门类字母（如 C）、大类（如 C13 或 13）或更长的代码前缀"
        return None


def _industry_digits():
    """The stored industry code without its section letter (H6210 and 6210 alike give 6210)."""
    code = MarketEntity.industry_code
    return sa.case((sa.func.substr(code, 1, 1).between("A", "Z"), sa.func.substr(code, 2)), else_=code)


def _industry_clauses(search: EntitySearch) -> list[sa.ColumnElement[bool]]:
    digits = _industry_digits()
    clauses = []
    if search.industry:
        parsed = industries.parse_code(search.industry)
        if parsed is None:
            return [sa.false()]
        letter, prefix = parsed
        if prefix:
            clauses.append(digits.like(prefix + "%"))
        else:
            clauses.append(sa.func.substr(digits, 1, 2).in_(industries.divisions_of(letter)))
    if search.industry_name:
        named = industries.divisions_named(search.industry_name)
        clauses.append(sa.func.substr(digits, 1, 2).in_(sorted(named)) if named else sa.false())
    return clauses


def search_entities(db: Session, actor: Actor, search: EntitySearch, *, after: int | None,
                    limit: int = PAGE_SIZE) -> tuple[list[EntityRow], bool]:
    """By name or address fragment or the start of a credit code, by industry, type and address; keyset over the id.

    Registration information (industry, type and address included) is public, so every department
    sees every match; whether the file is in the department's remit is answered for the whole page
    in one statement.
    """
    stmt = restrict(select(MarketEntity), actor, Action.READ_ENTITY)
    if search.q:
        pattern = f"%{_like_escape(search.q)}%"
        conditions = [MarketEntity.name.ilike(pattern, escape="\\"), MarketEntity.address.ilike(pattern, escape="\\")]
        code = uscc_mod.normalize(search.q)
        if re.fullmatch(r"[0-9A-Z]{2,18}", code):
            conditions.append(MarketEntity.uscc.like(_like_escape(code) + "%", escape="\\"))
        stmt = stmt.where(sa.or_(*conditions))
    for clause in _industry_clauses(search):
        stmt = stmt.where(clause)
    if search.entity_type:
        stmt = stmt.where(MarketEntity.entity_type == search.entity_type)
    if search.address:
        stmt = stmt.where(MarketEntity.address.ilike(f"%{_like_escape(search.address)}%", escape="\\"))
    if search.mine:
        stmt = restrict(stmt, actor, Action.READ_ENTITY_FILE, MarketEntity.id)
    if after is not None:
        stmt = stmt.where(MarketEntity.id > after)
    rows = list(db.exec(stmt.order_by(MarketEntity.id).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    readable = readable_entity_ids(db, actor, [e.id for e in rows])
    return [EntityRow(e.id, e.uscc, e.name, e.entity_type, e.legal_representative, e.status, e.established_on,
                      e.id in readable, e.industry_code, e.address) for e in rows], more


def public_info(db: Session, entity: MarketEntity) -> PublicInfo:
    registering = db.get(Department, entity.registering_department_id)
    return PublicInfo(entity.uscc, entity.name, entity.entity_type, entity.legal_representative, entity.address,
                      entity.region, entity.industry_code, entity.business_scope, entity.established_on,
                      entity.status, registering.name if registering else "")


# --- the pages ---------------------------------------------------------------------------------

def _text(form, key: str, max_len: int | None = None) -> str:
    value = form.get(key)
    if not isinstance(value, str):
        return ""
    return value[:max_len] if max_len else value


def _int_param(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


class AdminViews:
    def __init__(self, engine: Engine, settings) -> None:
        self.engine = engine
        self.settings = settings
        self.templates = make_templates()

    def render(self, request: Request, name: str, context: dict | None = None, *, staff: Staff | None = None,
               status_code: int = 200, with_csrf: bool = True, headers: dict | None = None) -> Response:
        ctx = {"staff": staff, **(context or {})}
        if with_csrf:
            ctx["csrf_token"] = csrf.token(request)
        return self.templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)

    # --- signing in and out ---

    def login_form(self, request: Request) -> Response:
        next_path = safe_next(request.query_params.get("next"))
        if SESSION_KEY in request.session:
            with new_session(self.engine) as db:
                if load_staff(db, request.session) is not None:
                    return RedirectResponse(next_path or HOME_PATH, status_code=303)
        return self.render(request, "admin/login.html", {"next": next_path, "username": "", "error": None})

    async def login(self, request: Request) -> Response:
        form = await csrf.protected_form(request)
        username = _text(form, "username", 200)
        password = _text(form, "password")
        next_path = safe_next(form.get("next"))
        outcome = await run_in_threadpool(self._authenticate, username, password, uuid.uuid4().hex)
        if isinstance(outcome, DomainError):
            return self.render(request, "admin/login.html",
                               {"next": next_path, "username": username, "error": outcome.message,
                                "locked": outcome.code == ErrorCode.ACCOUNT_LOCKED},
                               status_code=400)
        # A new session on every sign-in: nothing carried over from the anonymous one.
        request.session.clear()
        request.session[SESSION_KEY] = outcome
        csrf.rotate(request)
        return RedirectResponse(next_path or HOME_PATH, status_code=303)

    def _authenticate(self, username: str, password: str, request_id: str) -> int | DomainError:
        """The failure counter and the audit entry are committed whether or not the password was right."""
        with new_session(self.engine) as db:
            try:
                user, _department = authenticate(session=db, username=username, password=password,
                                                 request_id=request_id)
            except DomainError as exc:
                db.commit()
                return exc
            db.commit()
            return user.id

    async def logout(self, request: Request) -> Response:
        await csrf.protected_form(request)
        request.session.clear()
        return RedirectResponse(LOGIN_PATH, status_code=303)

    # --- home ---

    @staff_required
    def home(self, request: Request, db: Session, staff: Staff) -> Response:
        actor = staff.actor
        context = {
            "active": "home",
            "today": cst_today(),
            "roles": sorted(staff.user.roles or []),
            "remit_count": remit_count(db, actor),
            "sees_everything": actor.is_oversight,
            "recent_permits": recent_permits(db, actor),
            "recent_audit": recent_department_audit(db, actor),
            **self.workflow.home_context(db, staff),
            "repairs": self.credit.home_repairs(db, staff),
            **self.penalties.home_context(db, staff),
            **inspection_home(db, staff),
        }
        return self.render(request, "admin/home.html", context, staff=staff)

    # --- 一户一档 ---

    @staff_required
    def entities(self, request: Request, db: Session, staff: Staff) -> Response:
        params = request.query_params

        def text(key: str) -> str:
            return (params.get(key) or "").strip()[:MAX_QUERY_LEN]

        entity_type = params.get("type") or ""
        search = EntitySearch(q=text("q"), industry=text("industry")[:8].upper(), industry_name=text("industry_name"),
                              entity_type=entity_type if entity_type in ENTITY_TYPES else "",
                              address=text("address"), mine=params.get("mine") == "1")
        after = _int_param(params.get("after"))
        rows, more = search_entities(db, staff.actor, search, after=after)
        base = search.params()
        more_link = ("?" + urlencode({**base, "after": rows[-1].id})) if more and rows else None
        first_link = ("?" + urlencode(base)) if after is not None else None
        return self.render(request, "admin/entities.html",
                           {"active": "entities", "search": search, "q": search.q, "mine": search.mine, "after": after,
                            "rows": rows, "more_link": more_link, "first_link": first_link, "searched": search.filtered,
                            "entity_types": ENTITY_TYPES, "industry_error": search.industry_error,
                            "sections": industries.SECTIONS},
                           staff=staff)

    def _entity_or_404(self, request: Request, db: Session, staff: Staff) -> MarketEntity | Response:
        code = str(request.path_params["uscc"])[:64]
        entity = find_by_uscc(db, code)
        if entity is None:
            return self.render(request, "admin/error.html",
                               {"status": 404, "title": "未找到市场主体",
                                "message": f"没有统一社会信用代码为 {code} 的市场主体。"},
                               staff=staff, status_code=404)
        return entity

    @staff_required
    def entity(self, request: Request, db: Session, staff: Staff) -> Response:
        entity = self._entity_or_404(request, db, staff)
        if isinstance(entity, Response):
            return entity
        actor = staff.actor
        decision = can(actor, Action.READ_ENTITY_FILE, entity, session=db)
        file = None
        if decision:
            file = FileInfo(entity.contact_phone, entity.tolerance_until, entity_permits(db, actor, entity.id))
        context = {
            "active": "entities",
            "has_notice": bool(file) and db.exec(select(RegistrationNotice.id).where(
                RegistrationNotice.entity_id == entity.id)).first() is not None,
            "public": public_info(db, entity),
            "file": file,
            "decision": decision,
            "timeline": entity_timeline(db, actor, entity) if decision else None,
            "timeline_kinds": TIMELINE_KIND,
            "explanation": explain_access(db, actor, entity),
            **self.cases.entity_context(db, staff, file.permits if file else []),
            **self.credit.entity_context(db, staff, entity),
            **self.penalties.entity_context(db, staff, entity),
        }
        return self.render(request, "admin/entity.html", context, staff=staff)

    @staff_required
    def timeline(self, request: Request, db: Session, staff: Staff) -> Response:
        """全生命周期, printable: only for a department that may read the entity's file (others: not found)."""
        entity = self._entity_or_404(request, db, staff)
        if isinstance(entity, Response):
            return entity
        if not can(staff.actor, Action.READ_ENTITY_FILE, entity, session=db):
            raise HTTPException(404)
        return self.render(request, "admin/timeline.html", {
            "active": "entities", "public": public_info(db, entity), "today": cst_today(),
            "timeline": entity_timeline(db, staff.actor, entity), "timeline_kinds": TIMELINE_KIND,
            "explanation": explain_access(db, staff.actor, entity)}, staff=staff)

    # --- errors ---

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code in (204, 304):
            return Response(status_code=exc.status_code, headers=exc.headers)
        if isinstance(exc, csrf.CSRFError):
            title, message = "请求已失效", csrf.MESSAGE
        else:
            title, message = HTTP_MESSAGES.get(exc.status_code, ("请求无法处理", "请求无法处理，请稍后重试。"))
        signed_in = SESSION_KEY in request.session
        return self.render(request, "admin/error.html",
                           {"status": exc.status_code, "title": title, "message": message, "signed_in": signed_in},
                           status_code=exc.status_code, with_csrf=signed_in, headers=exc.headers)
