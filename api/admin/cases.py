"""案件 (rule 6 and 立案查处): reporting a false or broken commitment behind a 告知承诺 approval, the
investigations a department conducts or found, and closing one.

The list and the detail read through supervision.investigations.visible_clause, the predicate the
GraphQL `investigations` field and node lookup use; both writes go through the domain acts.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import Department, Investigation, MarketEntity, Permit, PermitItem
from models.enums import InvestigationOutcome
from supervision import investigations
from supervision.clock import today as cst_today
from supervision.errors import DomainError, ErrorCode

from .acts import _date, _errors
from . import csrf
from .auth import Staff, staff_required
from .paging import Order, keyset

OUTCOME = {InvestigationOutcome.SUBSTANTIATED.value: "查实", InvestigationOutcome.UNFOUNDED.value: "查无实据"}
BREACH = {k.value: v for k, v in investigations.BREACH_TEXT.items()}
KIND = {"UNLICENSED": "无证经营", "COMMITMENT_BREACH": "告知承诺违诺"}


@dataclass(frozen=True)
class CaseRow:
    id: int
    kind: str
    breach: str | None
    status: str
    outcome: str | None
    created_at: datetime
    closed_at: datetime | None
    entity_uscc: str
    entity_name: str
    department: str
    found_by: str
    item_name: str
    ours: bool  # the viewer's department investigates it (and so may close it)


def _visible(db: Session, staff: Staff):
    return select(Investigation).where(investigations.visible_clause(staff.actor))


def case_rows(db: Session, staff: Staff, cases: list[Investigation]) -> list[CaseRow]:
    if not cases:
        return []
    entities = {e.id: e for e in db.exec(select(MarketEntity).where(MarketEntity.id.in_({c.entity_id for c in cases}))).all()}
    depts = {d.id: d.name for d in db.exec(select(Department)).all()}
    items = {i.id: i.name for i in db.exec(select(PermitItem).where(
        PermitItem.id.in_({c.item_id for c in cases if c.item_id is not None} or {-1}))).all()}
    return [CaseRow(c.id, c.kind, c.breach, c.status, c.outcome, c.created_at, c.closed_at, entities[c.entity_id].uscc,
                    entities[c.entity_id].name, depts.get(c.department_id, ""), depts.get(c.found_by_department_id, ""),
                    items.get(c.item_id, ""), c.department_id == staff.actor.department_id) for c in cases]


def open_cases_of_permits(db: Session, staff: Staff, permit_ids: list[int]) -> dict[int, int]:
    """Open rule-6 investigations on these permits that the viewer may see: permit id → investigation id."""
    if not permit_ids:
        return {}
    rows = db.exec(_visible(db, staff).where(Investigation.permit_id.in_(permit_ids), Investigation.status == "OPEN")).all()
    return {r.permit_id: r.id for r in rows}


def may_report(staff: Staff) -> bool:
    return not staff.actor.is_oversight and staff.actor.department_id is not None


class CaseViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    # --- 案件 list and detail ---

    @staff_required
    def cases(self, request: Request, db: Session, staff: Staff) -> Response:
        status = request.query_params.get("status", "OPEN")
        if status not in ("OPEN", "CLOSED", "ALL"):
            status = "OPEN"
        stmt = _visible(db, staff)
        if status != "ALL":
            stmt = stmt.where(Investigation.status == status)
        pager = keyset(db, stmt, request.query_params, order=[Order(Investigation.created_at), Order(Investigation.id)],
                       key=lambda c: (c.created_at, c.id))
        return self.base.render(request, "admin/investigations.html", {
            "active": "cases", "status": status, "rows": case_rows(db, staff, pager.rows), "pager": pager, "kinds": KIND, "breaches": BREACH,
            "outcomes": OUTCOME, "sees_everything": staff.actor.is_oversight,
        }, staff=staff)

    def _case_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None,
                   status_code: int = 200) -> Response:
        case_id = int(request.path_params["id"])
        case = db.exec(_visible(db, staff).where(Investigation.id == case_id)).first()
        if case is None:
            raise HTTPException(404)
        row = case_rows(db, staff, [case])[0]
        permit = db.get(Permit, case.permit_id) if case.permit_id is not None else None
        return self.base.render(request, "admin/investigation.html", {
            "active": "cases", "case": case, "row": row, "permit": permit, "kinds": KIND, "breaches": BREACH,
            "outcomes": OUTCOME, "may_close": row.ours and case.status == "OPEN", "errors": list(errors),
            "form": form or {}, "created": request.query_params.get("created") == "1",
        }, staff=staff, status_code=status_code)

    @staff_required
    def case(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._case_page(request, db, staff)

    # --- 办结 ---

    async def close(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._close, request)

    @staff_required
    def _close(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"outcome": str(form.get("outcome") or "")[:32], "conclusion": str(form.get("conclusion") or "")[:2000]}
        case_id = int(request.path_params["id"])
        try:
            investigations.close_investigation(session=db, actor=staff.actor, investigation_id=case_id,
                                               outcome=values["outcome"], conclusion=values["conclusion"],
                                               request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self._case_page(request, db, staff, errors=_errors(exc), form=values, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_case", id=case_id)), status_code=303)

    # --- 报告违诺 (rule 6), from the entity page ---

    async def report(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._report, request)

    @staff_required
    def _report(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        try:
            case = investigations.report_commitment_breach(
                session=db, actor=staff.actor, permit_id=int(request.path_params["id"]),
                breach=str(form.get("breach") or "")[:32], found_on=_date(form.get("found_on")),
                facts=str(form.get("facts") or "")[:2000], request_id=uuid.uuid4().hex, today=cst_today())
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND:
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": "无法报告违诺",
                                     "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_case", id=case.id)) + "?created=1", status_code=303)

    def entity_context(self, db: Session, staff: Staff, permits) -> dict:
        """For the entity page: permits granted on a commitment, open cases on them, and what may be reported."""
        open_cases = open_cases_of_permits(db, staff, [p.id for p in permits if p.by_commitment])
        reportable = [p for p in permits if p.by_commitment and p.status in investigations.LIVE
                      and p.id not in open_cases] if may_report(staff) else []
        return {"open_cases": open_cases, "reportable": reportable, "breach_choices": list(BREACH.items()),
                "today": cst_today()}
