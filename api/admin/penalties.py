"""执法案件 and 双公示 (000 §12, §17; 002 §五.6; 004 §39–41): a department's enforcement cases, legal review,
免罚/包容期 guidance, penalty decisions and their changes, transfers to public security or the procuratorate,
and the published records.

Reads follow api/graphql/disclosures.py: cases and decisions are read by the department that holds them (and
OVERSIGHT), transfers by both sides, published records by anyone, HELD ones only by their department. Every
write is one act of supervision.penalties.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import (CaseTransfer, Department, Disclosure, EnforcementCase, LegalReview, MarketEntity, PenaltyDecision,
                    PermitItem)
from models.enums import (CaseStatus, DecisionStatus, DepartmentKind, DisclosureKind, DisclosureStatus, PenaltyMeasure,
                          PenaltySeverity, StaffRole, TransferStatus)
from supervision import disclosure, penalties
from supervision import uscc as uscc_mod
from supervision.actors import Actor
from supervision.clock import today as cst_today
from supervision.entities import find_by_uscc
from supervision.errors import DomainError, ErrorCode, ValidationErrors

from .acts import _date, _errors
from . import csrf
from .paging import Order, keyset
from .auth import Staff, staff_required

WAITING = 50
REVIEW = "REVIEW"
CASE_STATUS = {CaseStatus.OPEN.value: "已立案", CaseStatus.DECIDED.value: "已处罚", CaseStatus.EXEMPTED.value: "免予处罚",
               CaseStatus.TRANSFERRED.value: "已移送"}
MEASURE = {PenaltyMeasure.WARNING.value: "警告", PenaltyMeasure.CRITICISM.value: "通报批评", PenaltyMeasure.FINE.value: "罚款",
           PenaltyMeasure.CONFISCATE_GAINS.value: "没收违法所得", PenaltyMeasure.CONFISCATE_PROPERTY.value: "没收非法财物",
           PenaltyMeasure.SUSPEND_LICENCE.value: "暂扣许可证件", PenaltyMeasure.DOWNGRADE.value: "降低资质等级",
           PenaltyMeasure.REVOKE_LICENCE.value: "吊销许可证件", PenaltyMeasure.RESTRICT_OPERATION.value: "限制开展生产经营活动",
           PenaltyMeasure.SUSPEND_BUSINESS.value: "责令停产停业", PenaltyMeasure.CLOSE.value: "责令关闭",
           PenaltyMeasure.BAN.value: "限制从业", PenaltyMeasure.DETENTION.value: "行政拘留",
           PenaltyMeasure.ORDER_TO_CORRECT.value: "责令改正", PenaltyMeasure.INTERVIEW.value: "约谈",
           PenaltyMeasure.OTHER.value: "其他"}
SEVERITY = {PenaltySeverity.ORDINARY.value: "一般失信行为", PenaltySeverity.SERIOUS.value: "严重失信行为"}
DECISION_STATUS = {DecisionStatus.EFFECTIVE.value: "有效", DecisionStatus.CHANGED.value: "已变更",
                   DecisionStatus.REVOKED.value: "已撤销", DecisionStatus.WITHDRAWN.value: "已撤回"}
CHANGE_CHOICES = {DecisionStatus.CHANGED.value: "变更", DecisionStatus.REVOKED.value: "撤销", DecisionStatus.WITHDRAWN.value: "撤回"}
TRANSFER_STATUS = {TransferStatus.TRANSFERRED.value: "已移送", TransferStatus.ACCEPTED.value: "已受理",
                   TransferStatus.RETURNED.value: "已退回", TransferStatus.JUDGED.value: "已判决"}
DISCLOSURE_KIND = {DisclosureKind.PERMIT.value: "行政许可", DisclosureKind.PENALTY.value: "行政处罚",
                   DisclosureKind.SPOT_CHECK.value: "抽查结果"}
DISCLOSURE_STATUS = {DisclosureStatus.HELD.value: "待公示", DisclosureStatus.PUBLIC.value: "公示中",
                     DisclosureStatus.WITHDRAWN.value: "已撤下", DisclosureStatus.EXPIRED.value: "公示期满"}


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    status: str
    opened_on: date
    violation_type: str
    entity_uscc: str
    entity_name: str
    item_name: str
    department: str


def case_rows(db: Session, cases: list[EnforcementCase]) -> list[CaseRow]:
    if not cases:
        return []
    entities = {e.id: e for e in db.exec(select(MarketEntity).where(MarketEntity.id.in_({c.entity_id for c in cases}))).all()}
    depts = dict(db.exec(select(Department.id, Department.name)).all())
    items = dict(db.exec(select(PermitItem.id, PermitItem.name).where(
        PermitItem.id.in_({c.item_id for c in cases if c.item_id is not None} or {-1}))).all())
    return [CaseRow(c.id, c.number, c.status, c.opened_on, c.violation_type, entities[c.entity_id].uscc,
                    entities[c.entity_id].name, items.get(c.item_id, ""), depts.get(c.department_id, ""))
            for c in cases]


DISCLOSURE_ORDER = [Order(Disclosure.decided_on), Order(Disclosure.id)]


def _disclosure_key(d: Disclosure) -> tuple:
    return d.decided_on, d.id


def _remit_items(db: Session, actor: Actor, entity: MarketEntity) -> tuple[list[PermitItem], bool]:
    """Catalogue items the department may open a case for against this entity, and whether it may without one."""
    items = [i for i in db.exec(select(PermitItem).order_by(PermitItem.code)).all()
             if penalties.enforcement_remit(db, actor, entity, i).allowed]
    return items, penalties.enforcement_remit(db, actor, entity, None).allowed


def _is_reviewer(staff: Staff) -> bool:
    return staff.actor.has_role(StaffRole.LEGAL_REVIEWER)


def _judicial(staff: Staff) -> bool:
    return staff.actor.has_kind(DepartmentKind.JUDICIAL)


def _fail(exc: DomainError) -> int:
    if exc.code == ErrorCode.NOT_FOUND and not isinstance(exc, ValidationErrors):  # out of remit: as if absent
        raise HTTPException(404) from None
    return 403 if exc.code == ErrorCode.FORBIDDEN else 400


def _str(form, key: str, max_len: int) -> str:
    value = form.get(key)
    return value[:max_len] if isinstance(value, str) else ""


class PenaltyViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    # --- 执法案件 list ---

    @staff_required
    def cases(self, request: Request, db: Session, staff: Staff) -> Response:
        status = request.query_params.get("status", "OPEN")
        if status not in (*CASE_STATUS, REVIEW, "ALL"):
            status = "OPEN"
        stmt = select(EnforcementCase).where(penalties.own_clause(staff.actor, EnforcementCase.department_id))
        if status == REVIEW:
            stmt = stmt.where(penalties.awaiting_review_clause(staff.actor))
        elif status != "ALL":
            stmt = stmt.where(EnforcementCase.status == status)
        pager = keyset(db, stmt, request.query_params, order=[Order(EnforcementCase.opened_on), Order(EnforcementCase.id)],
                       key=lambda c: (c.opened_on, c.id))
        return self.base.render(request, "admin/enforcement_cases.html", {
            "active": "enforcement", "status": status, "statuses": CASE_STATUS, "rows": case_rows(db, pager.rows),
            "pager": pager, "sees_everything": staff.actor.is_oversight}, staff=staff)

    # --- 立案, from the entity page ---

    def _open_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None,
                   status_code: int = 200) -> Response:
        entity = find_by_uscc(db, str(request.path_params["uscc"])[:64])
        if entity is None:
            raise HTTPException(404)
        items, without_item = _remit_items(db, staff.actor, entity)
        if not items and not without_item:
            raise HTTPException(404)
        return self.base.render(request, "admin/enforcement_open.html", {
            "active": "enforcement", "entity": entity, "items": items, "without_item": without_item,
            "errors": list(errors), "form": form or {}, "today": cst_today()}, staff=staff, status_code=status_code)

    @staff_required
    def open_form(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._open_page(request, db, staff)

    async def open(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._open, request)

    @staff_required
    def _open(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"item_code": _str(form, "item_code", 64), "number": _str(form, "number", 64),
                  "opened_on": _str(form, "opened_on", 10), "violation_type": _str(form, "violation_type", 200),
                  "findings": _str(form, "findings", 8000), "exemption_code": _str(form, "exemption_code", 32),
                  "touches_safety": form.get("touches_safety") == "1"}
        try:
            case = penalties.open_case(
                session=db, actor=staff.actor, uscc=str(request.path_params["uscc"])[:64],
                item_code=values["item_code"] or None, number=values["number"], opened_on=_date(values["opened_on"]),
                violation_type=values["violation_type"], findings=values["findings"],
                exemption_code=values["exemption_code"] or None, touches_safety=values["touches_safety"],
                request_id=uuid.uuid4().hex, today=cst_today())
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND and exc.field == "uscc":
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400  # the page is 404 for an entity wholly out of remit
            return self._open_page(request, db, staff, errors=_errors(exc), form=values, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_enforcement_case", id=case.id)) + "?created=1",
                                status_code=303)

    # --- case detail and its forms ---

    def _case(self, db: Session, staff: Staff, case_id: int) -> EnforcementCase:
        case = db.exec(select(EnforcementCase).where(EnforcementCase.id == case_id,
                                                     penalties.own_clause(staff.actor, EnforcementCase.department_id))).first()
        if case is None:
            raise HTTPException(404)
        return case

    def _case_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None, which: str = "",
                   status_code: int = 200) -> Response:
        case = self._case(db, staff, int(request.path_params["id"]))
        row = case_rows(db, [case])[0]
        entity = db.get(MarketEntity, case.entity_id)
        reviews = list(db.exec(select(LegalReview).where(LegalReview.case_id == case.id).order_by(LegalReview.id)).all())
        names = penalties.reviewer_names(db, [r.id for r in reviews])
        decision = db.exec(select(PenaltyDecision).where(PenaltyDecision.case_id == case.id)).first()
        transfers = list(db.exec(select(CaseTransfer).where(CaseTransfer.case_id == case.id).order_by(CaseTransfer.id)).all())
        depts = dict(db.exec(select(Department.id, Department.name)).all())
        ours = case.department_id == staff.actor.department_id
        is_open = case.status == CaseStatus.OPEN.value
        judicial = [d for d in db.exec(select(Department).order_by(Department.code)).all()
                    if d.has_kind(DepartmentKind.JUDICIAL)]
        return self.base.render(request, "admin/enforcement_case.html", {
            "active": "enforcement", "case": case, "row": row, "entity": entity, "reviews": reviews,
            "reviewer_names": names, "decision": decision, "transfers": transfers, "departments": depts,
            "statuses": CASE_STATUS, "measures": MEASURE, "severities": SEVERITY, "decision_statuses": DECISION_STATUS,
            "change_choices": CHANGE_CHOICES, "transfer_statuses": TRANSFER_STATUS, "judicial": judicial,
            "may_decide": ours and is_open,
            "may_review": ours and is_open and _is_reviewer(staff),
            "may_exempt": ours and is_open and (penalties.exemption_applies(db, case) or penalties.in_tolerance(entity, case)),
            "may_transfer": ours and case.status in (CaseStatus.OPEN.value, CaseStatus.DECIDED.value) and bool(judicial),
            "may_change": ours and decision is not None and decision.status in (DecisionStatus.EFFECTIVE.value,
                                                                                DecisionStatus.CHANGED.value),
            "errors": list(errors), "which": which, "form": form or {}, "today": cst_today(),
            "created": request.query_params.get("created") == "1",
        }, staff=staff, status_code=status_code)

    @staff_required
    def case(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._case_page(request, db, staff)

    async def _post(self, request: Request, handler) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(handler, request)

    def _act(self, request: Request, db: Session, staff: Staff, which: str, values: dict, call) -> Response:
        try:
            call()
        except DomainError as exc:
            db.rollback()
            status = _fail(exc)
            return self._case_page(request, db, staff, errors=_errors(exc), form=values, which=which, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_enforcement_case", id=int(request.path_params["id"]))),
                                status_code=303)

    async def review(self, request: Request) -> Response:
        return await self._post(request, self._review)

    @staff_required
    def _review(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"approved": _str(form, "approved", 8), "opinion": _str(form, "opinion", 4000)}
        return self._act(request, db, staff, "review", values, lambda: penalties.record_legal_review(
            session=db, actor=staff.actor, case_id=int(request.path_params["id"]), approved=values["approved"] == "1",
            opinion=values["opinion"], request_id=uuid.uuid4().hex))

    async def decide(self, request: Request) -> Response:
        return await self._post(request, self._decide)

    @staff_required
    def _decide(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"number": _str(form, "number", 100), "decided_on": _str(form, "decided_on", 10),
                  "measures": [m for m in form.getlist("measures") if isinstance(m, str)][:len(MEASURE)],
                  "fine_amount": _str(form, "fine_amount", 20).strip(),
                  "confiscated_amount": _str(form, "confiscated_amount", 20).strip(),
                  "licence": _str(form, "licence", 300), "legal_basis": _str(form, "legal_basis", 4000),
                  "facts": _str(form, "facts", 8000), "content": _str(form, "content", 4000),
                  "severity": _str(form, "severity", 16) or PenaltySeverity.ORDINARY.value}
        return self._act(request, db, staff, "decide", values, lambda: penalties.decide_penalty(
            session=db, actor=staff.actor, case_id=int(request.path_params["id"]), number=values["number"],
            decided_on=_date(values["decided_on"]), measures=values["measures"], legal_basis=values["legal_basis"],
            facts=values["facts"], content=values["content"] or None, fine_amount=values["fine_amount"] or None,
            confiscated_amount=values["confiscated_amount"] or None, licence=values["licence"] or None,
            severity=values["severity"], request_id=uuid.uuid4().hex, today=cst_today()))

    async def exempt(self, request: Request) -> Response:
        return await self._post(request, self._exempt)

    @staff_required
    def _exempt(self, request: Request, db: Session, staff: Staff) -> Response:
        values = {"guidance": _str(request.state.form, "guidance", 4000)}
        return self._act(request, db, staff, "exempt", values, lambda: penalties.exempt_case(
            session=db, actor=staff.actor, case_id=int(request.path_params["id"]), guidance=values["guidance"],
            request_id=uuid.uuid4().hex))

    async def transfer(self, request: Request) -> Response:
        return await self._post(request, self._transfer)

    @staff_required
    def _transfer(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        values = {"to": _str(form, "to", 64), "reason": _str(form, "reason", 4000),
                  "transferred_on": _str(form, "transferred_on", 10)}
        return self._act(request, db, staff, "transfer", values, lambda: penalties.transfer_case(
            session=db, actor=staff.actor, case_id=int(request.path_params["id"]), to_department_code=values["to"],
            reason=values["reason"], transferred_on=_date(values["transferred_on"]), request_id=uuid.uuid4().hex,
            today=cst_today()))

    async def change(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._change, request)

    @staff_required
    def _change(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        decision = db.exec(select(PenaltyDecision).where(
            PenaltyDecision.id == int(request.path_params["id"]),
            PenaltyDecision.department_id == staff.actor.department_id)).first()
        if decision is None:
            raise HTTPException(404)
        request.path_params["id"] = decision.case_id
        values = {"status": _str(form, "status", 16), "reason": _str(form, "reason", 2000),
                  "content": _str(form, "content", 4000)}
        return self._act(request, db, staff, "change", values, lambda: penalties.change_penalty(
            session=db, actor=staff.actor, decision_id=decision.id, status=values["status"], reason=values["reason"],
            content=values["content"] or None, request_id=uuid.uuid4().hex))

    # --- 行刑衔接: transfers from and to the department ---

    def _transfers_page(self, request: Request, db: Session, staff: Staff, *, errors=(), status_code: int = 200) -> Response:
        pager = keyset(db, select(CaseTransfer, EnforcementCase, MarketEntity)
                       .join(EnforcementCase, EnforcementCase.id == CaseTransfer.case_id)
                       .join(MarketEntity, MarketEntity.id == EnforcementCase.entity_id)
                       .where(penalties.transfers_clause(staff.actor)), request.query_params,
                       order=[Order(CaseTransfer.transferred_on), Order(CaseTransfer.id)],
                       key=lambda r: (r[0].transferred_on, r[0].id))
        depts = dict(db.exec(select(Department.id, Department.name)).all())
        return self.base.render(request, "admin/transfers.html", {
            "active": "enforcement", "rows": pager.rows, "pager": pager, "departments": depts, "statuses": TRANSFER_STATUS,
            "next": {k.value: [s.value for s in sorted(v, key=lambda s: s.value)] for k, v in penalties.TRANSFER_NEXT.items()},
            "judicial": _judicial(staff), "errors": list(errors)}, staff=staff, status_code=status_code)

    @staff_required
    def transfers(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._transfers_page(request, db, staff)

    async def transfer_status(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._transfer_status, request)

    @staff_required
    def _transfer_status(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        try:
            penalties.update_transfer(session=db, actor=staff.actor, transfer_id=int(request.path_params["id"]),
                                      status=_str(form, "status", 16), note=_str(form, "note", 4000) or None,
                                      request_id=uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            return self._transfers_page(request, db, staff, errors=_errors(exc), status_code=_fail(exc))
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_transfers")), status_code=303)

    # --- 双公示 ---

    @staff_required
    def disclosures(self, request: Request, db: Session, staff: Staff) -> Response:
        q = request.query_params
        code = uscc_mod.normalize((q.get("uscc") or "")[:32])
        kind = q.get("kind") if q.get("kind") in DISCLOSURE_KIND else ""
        decided_from, decided_to = _date(q.get("from")), _date(q.get("to"))
        stmt = select(Disclosure).where(disclosure.public_clause(cst_today()),
                                        Disclosure.kind.in_(list(DISCLOSURE_KIND)))
        if code:
            stmt = stmt.where(Disclosure.uscc == code)
        if kind:
            stmt = stmt.where(Disclosure.kind == kind)
        if decided_from:
            stmt = stmt.where(Disclosure.decided_on >= decided_from)
        if decided_to:
            stmt = stmt.where(Disclosure.decided_on <= decided_to)
        pager = keyset(db, stmt, request.query_params, order=DISCLOSURE_ORDER, key=_disclosure_key)
        rows = pager.rows
        return self.base.render(request, "admin/disclosures.html", {
            "active": "disclosures", "rows": rows, "pager": pager, "standard": [disclosure.to_standard(r.kind, r.fields) for r in rows],
            "kinds": DISCLOSURE_KIND, "filters": {"uscc": code, "kind": kind, "from": decided_from, "to": decided_to}},
            staff=staff)

    @staff_required
    def department_disclosures(self, request: Request, db: Session, staff: Staff) -> Response:
        if staff.actor.department_id is None:
            raise HTTPException(404)
        today = cst_today()
        pager = keyset(db, select(Disclosure).where(Disclosure.department_id == staff.actor.department_id),
                       request.query_params, order=DISCLOSURE_ORDER, key=_disclosure_key)
        rows = pager.rows
        return self.base.render(request, "admin/department_disclosures.html", {
            "active": "disclosures", "rows": rows, "pager": pager, "kinds": DISCLOSURE_KIND, "statuses": DISCLOSURE_STATUS,
            "labels": {k.value: v for k, v in disclosure.LABELS.items()}, "today": today,
            "overdue": {r.id for r in rows if r.status == DisclosureStatus.HELD.value and r.due_on < today}},
            staff=staff)

    # --- for the home and entity pages ---

    def home_context(self, db: Session, staff: Staff) -> dict:
        actor = staff.actor
        awaiting_review = []
        if _is_reviewer(staff) and actor.department_id is not None:
            cases = list(db.exec(select(EnforcementCase).where(penalties.awaiting_review_clause(actor))
                                 .order_by(EnforcementCase.id).limit(WAITING)).all())
            awaiting_review = case_rows(db, cases)
        incoming = []
        if _judicial(staff):
            incoming = db.exec(select(CaseTransfer, EnforcementCase).join(
                EnforcementCase, EnforcementCase.id == CaseTransfer.case_id).where(
                CaseTransfer.to_department_id == actor.department_id,
                CaseTransfer.status.in_([TransferStatus.TRANSFERRED.value, TransferStatus.ACCEPTED.value]))
                .order_by(CaseTransfer.id).limit(WAITING)).all()
        held = overdue = 0
        if actor.department_id is not None:
            held, overdue = db.exec(select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(sa.case((Disclosure.due_on < cst_today(), 1), else_=0)), 0))
                .where(Disclosure.department_id == actor.department_id,
                       Disclosure.status == DisclosureStatus.HELD.value)).one()
        return {"awaiting_review": awaiting_review, "incoming_transfers": incoming,
                "disclosures_held": int(held), "disclosures_overdue": int(overdue)}

    def entity_context(self, db: Session, staff: Staff, entity: MarketEntity) -> dict:
        """Penalties as GraphQL shows them to this viewer (its department's, or all for OVERSIGHT) and the entity's
        published records; whether the viewer may open a case against it."""
        decisions = list(db.exec(select(PenaltyDecision).where(
            PenaltyDecision.entity_id == entity.id, penalties.own_clause(staff.actor, PenaltyDecision.department_id))
            .order_by(PenaltyDecision.decided_on.desc(), PenaltyDecision.id.desc())).all())
        published = list(db.exec(select(Disclosure).where(
            Disclosure.entity_id == entity.id, disclosure.public_clause(cst_today()),
            Disclosure.kind.in_(list(DISCLOSURE_KIND))).order_by(Disclosure.decided_on.desc(), Disclosure.id.desc())).all())
        may_open = False
        if staff.actor.department_id is not None and not staff.actor.is_oversight:
            items, without_item = _remit_items(db, staff.actor, entity)
            may_open = bool(items) or without_item
        return {"penalties": {"decisions": decisions, "published": published, "may_open": may_open,
                              "measures": MEASURE, "decision_statuses": DECISION_STATUS, "kinds": DISCLOSURE_KIND}}
