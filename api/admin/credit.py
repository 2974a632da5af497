"""信用与风险 (§29–38): an entity's credit standing and risk level on its page, the dishonesty lists,
the joint reward and punishment list (§31), credit repair and objections, risk assessment, re-grading.

Reads go through the predicates GraphQL uses (supervision.credit: grade_visible_clause,
fact_visible_clause, repair_visible_clause; list membership and published measures are public);
writes go only through the domain acts in supervision.credit and supervision.risk.
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

from models import (CreditEvaluation, CreditFact, Department, JointMeasure, ListEntry, MarketEntity, RepairRequest,
                    RiskAssessment, RiskRule)
from models.enums import DepartmentKind, RepairStatus
from supervision import credit, ratings, risk
from supervision.calendar import load_calendar
from supervision.clock import today as cst_today
from supervision.entities import find_by_uscc
from supervision.errors import DomainError, ErrorCode
from supervision.responsibility import Action, can

from . import csrf
from .acts import _date, _errors
from .auth import Staff, staff_required

PAGE = 200
LIST_KIND = {"ABNORMAL_OPERATION": "经营异常名录", "SERIOUS_VIOLATION": "严重违法失信名单"}
MEASURE_KIND = {"REWARD": "联合激励", "PUNISHMENT": "联合惩戒"}
CREDIT_ACT = {"PERMIT": "行政许可", "DRAW": "双随机抽查", "REGISTRATION_CHANGE": "登记变更",
              "PROCUREMENT": "政府采购、招投标", "SUBSIDY": "财政资金、政策扶持"}
REPAIR_KIND = {"REPAIR": "信用修复", "OBJECTION": "异议"}
REPAIR_STATUS = {"PENDING": "待处理", "ACCEPTED": "予以修复 / 异议成立", "REJECTED": "不予修复 / 异议不成立"}
RISK_LEVEL = {"LOW": "低", "MEDIUM": "一般", "HIGHER": "较高", "HIGH": "高"}
RISK_TRIGGER = {"LAW": "法律法规规章规定或行政管理需要", "MONITORING": "风险监测或举报发现隐患",
                "NEW_BUSINESS": "新兴业态、产品", "SUPERIOR": "上级部门要求"}
FACT_KIND = {"PENALTY": "行政处罚", "ABNORMAL_OPERATION": "列入经营异常名录", "SERIOUS_VIOLATION": "列入严重违法失信名单",
             "BROKEN_COMMITMENT": "违背承诺", "TRACKING_FINDING": "跟踪检查发现问题", "SPOT_CHECK": "双随机抽查发现问题",
             "THIRD_PARTY_RATING": "第三方评价（负面）", "HONOUR": "表彰荣誉", "COMMITMENT_KEPT": "信守承诺"}
FACT_STATE = {"ACTIVE": "有效", "ENDED": "已终止", "REPAIRED": "已信用修复", "WITHDRAWN": "已撤销"}
LABELS = {"list_kinds": LIST_KIND, "measure_kinds": MEASURE_KIND, "credit_acts": CREDIT_ACT, "repair_kinds": REPAIR_KIND,
          "repair_statuses": REPAIR_STATUS, "risk_levels": RISK_LEVEL, "risk_triggers": RISK_TRIGGER,
          "fact_kinds": FACT_KIND, "fact_states": FACT_STATE}


@dataclass(frozen=True)
class RepairRow:
    request: RepairRequest
    entity: MarketEntity
    fact: CreditFact
    department: str
    working_days_left: int | None  # pending only; negative: overdue
    ours: bool


def grade_visible(db: Session, staff: Staff, entity: MarketEntity) -> bool:
    """As GraphQL's CreditStanding: the credit department, or a department that may read the file."""
    return credit.is_credit_department(staff.actor) or bool(can(staff.actor, Action.READ_ENTITY_FILE, entity, session=db))


def is_lister(staff: Staff) -> bool:
    return staff.actor.has_kind(DepartmentKind.REGISTRATION)


def is_assessor(staff: Staff) -> bool:
    return staff.actor.has_kind(DepartmentKind.APPROVAL) or staff.actor.has_kind(DepartmentKind.COMPETENT)


def _days_left(calendar, due: date, today: date) -> int:
    return -calendar.working_days_between(due, today) if due < today else calendar.working_days_between(today, due)


def repair_rows(db: Session, staff: Staff, stmt) -> list[RepairRow]:
    reqs = list(db.exec(stmt).all())
    if not reqs:
        return []
    entities = {e.id: e for e in db.exec(select(MarketEntity).where(MarketEntity.id.in_({r.entity_id for r in reqs}))).all()}
    facts = {f.id: f for f in db.exec(select(CreditFact).where(CreditFact.id.in_({r.fact_id for r in reqs}))).all()}
    depts = {d.id: d.name for d in db.exec(select(Department)).all()}
    calendar, today = load_calendar(db), cst_today()
    return [RepairRow(r, entities[r.entity_id], facts[r.fact_id], depts.get(r.department_id, ""),
                      _days_left(calendar, r.due, today) if r.status == RepairStatus.PENDING.value else None,
                      r.department_id == staff.actor.department_id) for r in reqs]


def pending_repairs(db: Session, staff: Staff, limit: int = 50) -> list[RepairRow]:
    """For the home page: requests this department decides, still pending, earliest due first."""
    if staff.actor.department_id is None:
        return []
    return repair_rows(db, staff, select(RepairRequest).where(
        RepairRequest.department_id == staff.actor.department_id, RepairRequest.status == RepairStatus.PENDING.value)
        .order_by(RepairRequest.due, RepairRequest.id).limit(limit))


class CreditViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    def home_repairs(self, db: Session, staff: Staff) -> list[RepairRow]:
        return pending_repairs(db, staff)

    # --- on the entity page ---

    def entity_context(self, db: Session, staff: Staff, entity: MarketEntity) -> dict:
        actor = staff.actor
        visible = grade_visible(db, staff, entity)
        evaluation = assessments = None
        level = None
        if visible:
            evaluation = db.exec(select(CreditEvaluation).where(CreditEvaluation.entity_id == entity.id,
                                                                CreditEvaluation.current.is_(True))).first()
            assessments = db.exec(select(RiskAssessment, RiskRule, Department)
                                  .join(RiskRule, RiskRule.id == RiskAssessment.rule_id)
                                  .join(Department, Department.id == RiskAssessment.department_id)
                                  .where(RiskAssessment.entity_id == entity.id, RiskAssessment.current.is_(True))
                                  .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())).all()
            level = ratings.combined_level(a.level for a, _r, _d in assessments)
        listings = db.exec(select(ListEntry, Department).join(Department, Department.id == ListEntry.department_id)
                           .where(ListEntry.entity_id == entity.id, ListEntry.removed_on.is_(None))
                           .order_by(ListEntry.id)).all()
        flags = list(dict.fromkeys(e.list_kind for e, _d in listings))
        measures = credit.measures_for(credit.published_measures(db), flags, evaluation.grade if evaluation else None)
        facts = db.exec(select(CreditFact).where(CreditFact.entity_id == entity.id, credit.fact_visible_clause(actor))
                        .order_by(CreditFact.occurred_on.desc(), CreditFact.id.desc()).limit(PAGE)).all()
        pending = set(db.exec(select(RepairRequest.fact_id).where(RepairRequest.entity_id == entity.id,
                                                                   RepairRequest.status == RepairStatus.PENDING.value)).all())
        rules = db.exec(select(RiskRule).where(RiskRule.department_id == actor.department_id)
                        .order_by(RiskRule.code)).all() if is_assessor(staff) and actor.department_id else []
        return {"credit": {
            "grade_visible": visible, "evaluation": evaluation, "assessments": assessments, "risk_level": level,
            "listings": listings, "measures": measures, "facts": facts, "pending_facts": pending,
            "may_evaluate": credit.is_credit_department(actor), "may_list": is_lister(staff),
            "may_file": credit.may_file_repair(actor), "may_assess": bool(rules), **LABELS}}

    # --- 失信名录 (public) ---

    @staff_required
    def lists(self, request: Request, db: Session, staff: Staff) -> Response:
        current = request.query_params.get("all") != "1"
        kind = request.query_params.get("kind")
        stmt = (select(ListEntry, MarketEntity, Department).join(MarketEntity, MarketEntity.id == ListEntry.entity_id)
                .join(Department, Department.id == ListEntry.department_id))
        if kind in LIST_KIND:
            stmt = stmt.where(ListEntry.list_kind == kind)
        if current:
            stmt = stmt.where(ListEntry.removed_on.is_(None))
        rows = db.exec(stmt.order_by(ListEntry.listed_on.desc(), ListEntry.id.desc()).limit(PAGE)).all()
        return self.base.render(request, "admin/credit_lists.html", {
            "active": "credit", "tab": "lists", "rows": rows, "current": current, "kind": kind, "today": cst_today(),
            **LABELS}, staff=staff)

    async def list_entity(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._list_entity, request)

    @staff_required
    def _list_entity(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        uscc = str(request.path_params["uscc"])[:64]
        return self._act(request, db, staff, "无法列入名录", lambda: credit.list_entity(
            session=db, actor=staff.actor, uscc=uscc, list_kind=str(form.get("list_kind") or "")[:32],
            reason=str(form.get("reason") or "")[:2000], basis=str(form.get("basis") or "")[:2000],
            listed_on=_date(form.get("listed_on")), request_id=uuid.uuid4().hex, today=cst_today()),
            lambda _r: str(request.app.url_path_for("admin_entity", uscc=uscc)) + "#credit-heading")

    async def unlist(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._unlist, request)

    @staff_required
    def _unlist(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        return self._act(request, db, staff, "无法移出名录", lambda: credit.remove_from_list(
            session=db, actor=staff.actor, entry_id=int(request.path_params["id"]),
            reason=str(form.get("reason") or "")[:2000], removed_on=_date(form.get("removed_on")),
            request_id=uuid.uuid4().hex, today=cst_today()),
            lambda _r: str(request.app.url_path_for("admin_credit_lists")) + "?all=1")

    # --- 联合奖惩清单 (§31) ---

    @staff_required
    def measures(self, request: Request, db: Session, staff: Staff) -> Response:
        stmt = select(JointMeasure, Department).join(Department, Department.id == JointMeasure.implementing_department_id)
        if not credit.is_credit_department(staff.actor):
            stmt = stmt.where(JointMeasure.published.is_(True))
        rows = db.exec(stmt.order_by(JointMeasure.code)).all()
        return self.base.render(request, "admin/credit_measures.html",
                                {"active": "credit", "tab": "measures", "rows": rows, **LABELS}, staff=staff)

    # --- 信用修复与异议 ---

    @staff_required
    def repairs(self, request: Request, db: Session, staff: Staff) -> Response:
        status = request.query_params.get("status", "PENDING")
        stmt = select(RepairRequest).where(credit.repair_visible_clause(staff.actor))
        if status in REPAIR_STATUS:
            stmt = stmt.where(RepairRequest.status == status)
        rows = repair_rows(db, staff, stmt.order_by(RepairRequest.due, RepairRequest.id).limit(PAGE))
        return self.base.render(request, "admin/credit_repairs.html", {
            "active": "credit", "tab": "repairs", "rows": rows, "status": status, "today": cst_today(), **LABELS},
            staff=staff)

    async def file_repair(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._file_repair, request)

    @staff_required
    def _file_repair(self, request: Request, db: Session, staff: Staff) -> Response:
        fact_id = int(request.path_params["id"])
        if db.exec(select(CreditFact.id).where(CreditFact.id == fact_id, credit.fact_visible_clause(staff.actor))).first() is None:
            raise HTTPException(404)
        form = request.state.form
        return self._act(request, db, staff, "无法提交申请", lambda: credit.file_repair_request(
            session=db, actor=staff.actor, fact_id=fact_id, kind=str(form.get("kind") or "")[:16],
            reason=str(form.get("reason") or "")[:4000], request_id=uuid.uuid4().hex, today=cst_today()),
            lambda _r: str(request.app.url_path_for("admin_credit_repairs")))

    async def decide_repair(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._decide_repair, request)

    @staff_required
    def _decide_repair(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        repair_id = int(request.path_params["id"])
        if db.exec(select(RepairRequest.id).where(RepairRequest.id == repair_id,
                                                  credit.repair_visible_clause(staff.actor))).first() is None:
            raise HTTPException(404)
        return self._act(request, db, staff, "无法作出决定", lambda: credit.decide_repair_request(
            session=db, actor=staff.actor, repair_id=repair_id, accept=form.get("accept") == "1",
            reason=str(form.get("reason") or "")[:4000], request_id=uuid.uuid4().hex, today=cst_today()),
            lambda _r: str(request.app.url_path_for("admin_credit_repairs")) + "?status=ALL")

    # --- 重新评定 (the credit department) ---

    async def evaluate(self, request: Request) -> Response:
        await csrf.protected_form(request)
        return await run_in_threadpool(self._evaluate, request)

    @staff_required
    def _evaluate(self, request: Request, db: Session, staff: Staff) -> Response:
        uscc = str(request.path_params["uscc"])[:64]
        if find_by_uscc(db, uscc) is None:
            raise HTTPException(404)
        return self._act(request, db, staff, "无法评定信用等级", lambda: credit.evaluate_credit(
            session=db, actor=staff.actor, uscc=uscc, request_id=uuid.uuid4().hex, today=cst_today()),
            lambda _r: str(request.app.url_path_for("admin_entity", uscc=uscc)) + "#credit-heading")

    # --- 风险评估 (§32–38) ---

    def _risk_page(self, request: Request, db: Session, staff: Staff, *, errors=(), form=None,
                   status_code: int = 200) -> Response:
        entity = find_by_uscc(db, str(request.path_params["uscc"])[:64])
        if entity is None or not grade_visible(db, staff, entity):
            raise HTTPException(404)
        rules = db.exec(select(RiskRule).where(RiskRule.department_id == staff.actor.department_id)
                        .order_by(RiskRule.code)).all() if is_assessor(staff) and staff.actor.department_id else []
        return self.base.render(request, "admin/risk_form.html", {
            "active": "entities", "entity": entity, "rules": rules, "errors": list(errors),
            "form": form or {"assessed_on": cst_today().isoformat()}, **LABELS}, staff=staff, status_code=status_code)

    @staff_required
    def risk_form(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._risk_page(request, db, staff)

    async def risk_assess(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._risk_assess, request)

    @staff_required
    def _risk_assess(self, request: Request, db: Session, staff: Staff) -> Response:
        form = request.state.form
        uscc = str(request.path_params["uscc"])[:64]
        entity = find_by_uscc(db, uscc)
        if entity is None or not grade_visible(db, staff, entity):
            raise HTTPException(404)
        keys = ("rule_code", "trigger", "level", "reason", "process", "indicators_method", "result", "measures",
                "third_party", "assessed_on")
        values = {k: str(form.get(k) or "")[:8000] for k in keys}
        try:
            risk.record_risk_assessment(
                session=db, actor=staff.actor, uscc=entity.uscc, rule_code=values["rule_code"], trigger=values["trigger"],
                level=values["level"], reason=values["reason"], process=values["process"],
                indicators_method=values["indicators_method"], result=values["result"], measures=values["measures"],
                third_party=values["third_party"] or None, assessed_on=_date(values["assessed_on"]),
                request_id=uuid.uuid4().hex, today=cst_today())
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND and exc.field != "ruleCode":
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self._risk_page(request, db, staff, errors=_errors(exc), form=values, status_code=status)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_entity", uscc=entity.uscc)) + "#risk-heading",
                                status_code=303)

    # --- shared ---

    def _act(self, request: Request, db: Session, staff: Staff, title: str, act, target) -> Response:
        try:
            result = act()
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.NOT_FOUND and exc.field != "standard":
                raise HTTPException(404) from None
            status = 403 if exc.code == ErrorCode.FORBIDDEN else 400
            return self.base.render(request, "admin/error.html",
                                    {"status": status, "title": title,
                                     "message": "；".join(e.message for e in _errors(exc))},
                                    staff=staff, status_code=status)
        db.commit()
        return RedirectResponse(target(result), status_code=303)
