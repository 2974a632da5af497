"""双随机、一公开 (§19–27; 000 §(十一); 001 §(三).3; 003 §三): the acts around the draw.

A department keeps and publishes its random inspection item list (§20) and its yearly lists and plan
(003); its object directory is the entities it supervises (plus their objects without a credit code,
§23) and its inspector directory the certified staff (§21). A plan takes a snapshot of both and
publishes the hashes of the snapshot and of a secret seed; the draw (supervision/draws.py) is a
pure function of the two, run once; the seed is then revealed so anyone can re-run it. Drawn
objects become tasks for their teams, results are recorded per item and published (§27), due 20
working days after the check window closes. Joint plans (§24) wait for every participant's
confirmation (5 working days) and inspectors; a 全项彻查 (§25) takes every item of every participant.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import orjson
import sqlalchemy as sa
from sqlmodel import Session, select

from models import (AssistanceRequest, ConflictDeclaration, CreditEvaluation, Department, EntityAssignment,
                    InspectionDraw, InspectionItem, InspectionPlan, InspectionTask, Investigation, ItemResult,
                    JointParticipation, KeyFocusObject, ListPublication, MarketEntity, NonDrawInspection, Permit,
                    PermitItem, RiskAssessment, StaffUser, TaskDepartment, UncodedObject)
from models.base import utcnow
from models.enums import (AssistanceKind, CreditFactKind, DepartmentKind, EntityStatus, EntityType, FactSeverity,
                          InspectionTaskStatus, InvestigationKind, ItemResultValue, KeyFocusMode, KeyFocusReason, ListKind,
                          NonDrawReason, PermitStatus, PlanKind, PlanStatus, ResponsibilityRule, StaffRole)

from . import audit, bulk, clock, credit, disclosure, draws, ratings, validation
from .actors import Actor
from .calendar import load_calendar
from .entities import find_by_uscc
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import assign

MIN_TEAM = 2  # §21: at least two certified inspectors
CONFIRM_WORKING_DAYS = 5  # §24
RESULT_WORKING_DAYS = 20  # §27
LISTS_DUE = (1, 31)  # 003 §三: the three lists and the annual plan by the end of January
LISTING_KINDS = {DepartmentKind.APPROVAL.value, DepartmentKind.COMPETENT.value, DepartmentKind.ENFORCEMENT.value}
FILTER_KEYS = ("region", "industryCode", "entityType", "permitItemCode", "riskLevels", "creditGrades",
               "establishedFrom", "establishedTo", "keyFocusOnly")
_WORST = [ItemResultValue.REFUSED, ItemResultValue.PROBLEMS_FOUND, ItemResultValue.NOT_FOUND_AT_ADDRESS,
          ItemResultValue.NOT_OPERATING, ItemResultValue.COMPLIANT]


def department_of(actor: Actor) -> int:
    """The actor's department, or Forbidden: only a department keeps a directory and makes plans."""
    if actor.department_id is None:
        raise Forbidden("只有部门可以办理抽查事务")
    return actor.department_id



def _audit(session, actor, act, target_type, target_id, request_id, change):
    audit.append(session, actor=actor, act=act, target_type=target_type, target_id=target_id,
                 request_id=request_id, change=change)


# --- 抽查事项清单 and the yearly publications (§20, 003 §三) -------------------------------------------

def save_inspection_item(*, session: Session, actor: Actor, code: str, name: str, legal_basis: str, content: str,
                         method: str, active: bool = True, request_id: str = "-") -> InspectionItem:
    """Add or change a line of the department's own random inspection item list; published by publish_list."""
    dept = department_of(actor)
    errors = Collector()
    code_v = validation.text(errors, "code", code, "事项编码", max_len=32)
    name_v = validation.text(errors, "name", name, "抽查事项", max_len=200)
    basis = validation.text(errors, "legalBasis", legal_basis, "检查依据", max_len=4000)
    content_v = validation.text(errors, "content", content, "检查内容", max_len=4000)
    method_v = validation.text(errors, "method", method, "检查方式", max_len=200)
    errors.check()
    item = session.exec(select(InspectionItem).where(InspectionItem.department_id == dept,
                                                     InspectionItem.code == code_v.upper())).first()
    item = item or InspectionItem(department_id=dept, code=code_v.upper(), name="", legal_basis="", content="", method="")
    item.name, item.legal_basis, item.content, item.method, item.active = name_v, basis, content_v, method_v, bool(active)
    session.add(item)
    session.flush()
    _audit(session, actor, "inspection_item.save", "InspectionItem", item.id, request_id,
           {"code": item.code, "name": name_v, "legalBasis": basis, "content": content_v, "method": method_v,
            "active": item.active})
    return item


def _item_row(i: InspectionItem) -> dict:
    return {"itemId": i.id, "code": i.code, "name": i.name, "legalBasis": i.legal_basis, "content": i.content,
            "method": i.method}


def publish_list(*, session: Session, actor: Actor, year: int, kind: str, title: str, content: list | None = None,
                 request_id: str = "-", today: date | None = None) -> ListPublication:
    """Publish a new version of one list. RANDOM_ITEMS publishes the active item list as it stands (§20)."""
    dept = department_of(actor)
    today = today or clock.today()
    errors = Collector()
    kind_v = validation.choice(errors, "kind", kind, ListKind, "清单类型")
    title_v = validation.text(errors, "title", title, "标题", max_len=200)
    if not 2000 <= year <= today.year + 1:
        errors.add(ErrorCode.INVALID_VALUE, f"年度 {year} 无效", "year")
    rows: list = []
    if kind_v == ListKind.RANDOM_ITEMS:
        rows = [_item_row(i) for i in session.exec(select(InspectionItem).where(
            InspectionItem.department_id == dept, InspectionItem.active.is_(True)).order_by(InspectionItem.code)).all()]
        if not rows:
            errors.add(ErrorCode.REQUIRED, "随机抽查事项清单为空，请先录入抽查事项", "kind")
    elif kind_v is not None:
        rows = [str(x).strip() for x in (content or []) if str(x).strip()]
        if not rows:
            errors.add(ErrorCode.REQUIRED, "公布内容不能为空", "content")
    errors.check()
    last = session.exec(select(sa.func.max(ListPublication.version)).where(
        ListPublication.department_id == dept, ListPublication.year == year, ListPublication.kind == kind_v.value)).one()
    pub = ListPublication(department_id=dept, year=year, kind=kind_v.value, version=(last or 0) + 1, title=title_v,
                          content=rows, published_on=today)
    session.add(pub)
    session.flush()
    _audit(session, actor, "list.publish", "ListPublication", pub.id, request_id,
           {"year": year, "kind": kind_v.value, "version": pub.version, "title": title_v, "content": rows})
    return pub


def published_random_items(session: Session, department_id: int) -> dict[str, dict]:
    """The department's random inspection items as last published: code -> row."""
    pub = session.exec(select(ListPublication).where(
        ListPublication.department_id == department_id, ListPublication.kind == ListKind.RANDOM_ITEMS.value)
        .order_by(ListPublication.year.desc(), ListPublication.version.desc())).first()
    return {r["code"]: r for r in (pub.content if pub else [])}


@dataclass(frozen=True)
class ListWarning:
    department_id: int
    year: int
    missing: list[ListKind]


def unpublished_lists(session: Session, actor: Actor, *, year: int, today: date | None = None) -> list[ListWarning]:
    """003 §三: departments that had not published all three lists and the annual plan by the end of January.

    Before 1 February nothing is late yet. OVERSIGHT sees every department, a department itself only."""
    today = today or clock.today()
    if today <= date(year, *LISTS_DUE) or actor.department_id is None:
        return []
    depts = session.exec(select(Department).order_by(Department.id)).all()
    depts = [d for d in depts if set(d.kinds or []) & LISTING_KINDS
             and (actor.is_oversight or d.id == actor.department_id)]
    done = set(session.exec(select(ListPublication.department_id, ListPublication.kind).where(
        ListPublication.year == year, ListPublication.published_on <= date(year, *LISTS_DUE))).all())
    out = []
    for d in depts:
        missing = [k for k in ListKind if (d.id, k.value) not in done]
        if missing:
            out.append(ListWarning(d.id, year, missing))
    return out


# --- the directories (§21–23) -----------------------------------------------------------------------

def _entity(session: Session, actor: Actor, uscc: str, field: str = "uscc") -> MarketEntity:
    """An entity in the actor's remit; any other answers as not found."""
    e = find_by_uscc(session, uscc or "")
    if e is None or actor.department_id is None or session.exec(select(EntityAssignment.id).where(
            EntityAssignment.entity_id == e.id, EntityAssignment.department_id == actor.department_id)).first() is None:
        raise NotFound(f"本部门监管对象中没有统一社会信用代码为 {uscc} 的主体", field)
    return e


def mark_key_focus(*, session: Session, actor: Actor, uscc: str, reason: str, note: str = "",
                   request_id: str = "-") -> KeyFocusObject:
    """§22: list an entity of the department's remit as a key-focus object."""
    department_of(actor)
    errors = Collector()
    reason_v = validation.choice(errors, "reason", reason, KeyFocusReason, "列入原因")
    errors.check()
    e = _entity(session, actor, uscc)
    row = session.exec(select(KeyFocusObject).where(KeyFocusObject.department_id == actor.department_id,
                                                    KeyFocusObject.entity_id == e.id)).first()
    if row is not None:
        raise DomainError(ErrorCode.DUPLICATE, f"{e.name}已是本部门的重点监管对象", "uscc")
    row = KeyFocusObject(department_id=actor.department_id, entity_id=e.id, reason=reason_v.value, note=(note or "").strip())
    session.add(row)
    session.flush()
    _audit(session, actor, "key_focus.mark", "KeyFocusObject", row.id, request_id,
           {"uscc": e.uscc, "reason": reason_v.value, "note": row.note})
    return row


def add_uncoded_object(*, session: Session, actor: Actor, name: str, address: str, responsible_uscc: str,
                       request_id: str = "-") -> UncodedObject:
    """§23: an object without a credit code enters the directory linked to the entity responsible for it."""
    department_of(actor)
    errors = Collector()
    name_v = validation.text(errors, "name", name, "检查对象名称", max_len=200)
    addr = validation.text(errors, "address", address, "地址", max_len=300, required=False) or ""
    errors.check()
    e = _entity(session, actor, responsible_uscc, "responsibleUscc")
    obj = UncodedObject(department_id=actor.department_id, name=name_v, address=addr, responsible_entity_id=e.id)
    session.add(obj)
    session.flush()
    _audit(session, actor, "uncoded_object.add", "UncodedObject", obj.id, request_id,
           {"name": name_v, "address": addr, "responsibleUscc": e.uscc})
    return obj


def declare_conflict(*, session: Session, actor: Actor, username: str, uscc: str, reason: str,
                     request_id: str = "-") -> ConflictDeclaration:
    """回避: an inspector of the department declares a conflict with an entity; no draw will pair them."""
    department_of(actor)
    errors = Collector()
    reason_v = validation.text(errors, "reason", reason, "回避事由", max_len=1000)
    staff = session.exec(select(StaffUser).where(StaffUser.username == (username or "").strip())).first()
    if staff is None or staff.department_id != actor.department_id:
        errors.add(ErrorCode.INVALID_INSPECTOR, f"“{username}”不是本部门工作人员", "username")
    entity = find_by_uscc(session, uscc or "")
    if entity is None:
        errors.add(ErrorCode.NOT_FOUND, f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    errors.check()
    row = session.exec(select(ConflictDeclaration).where(ConflictDeclaration.staff_id == staff.id,
                                                         ConflictDeclaration.entity_id == entity.id)).first()
    if row is None:
        row = ConflictDeclaration(staff_id=staff.id, entity_id=entity.id, reason=reason_v)
        session.add(row)
        session.flush()
        _audit(session, actor, "conflict.declare", "ConflictDeclaration", row.id, request_id,
               {"username": staff.username, "uscc": entity.uscc, "reason": reason_v})
    return row


def certified_inspectors(session: Session, department_id: int) -> list[StaffUser]:
    """执法检查人员名录库 (§21): active staff with the INSPECTOR role and an enforcement certificate."""
    rows = session.exec(select(StaffUser).where(StaffUser.department_id == department_id, StaffUser.active.is_(True))
                        .order_by(StaffUser.id)).all()
    return [s for s in rows if StaffRole.INSPECTOR.value in (s.roles or []) and (s.certificate_no or "").strip()]


@dataclass(frozen=True)
class DirectoryObject:
    key: str
    entity_id: int
    uscc: str
    name: str
    grade: str | None
    risk: str | None
    key_focus: bool
    uncoded_object_id: int | None = None


def directory_clauses(department_id: int, filters: dict | None = None) -> list[sa.ColumnElement[bool]]:
    """Where clauses on MarketEntity for the department's directory narrowed by a plan's filters, all in SQL:
    the active entities it supervises; the grade is the current evaluation, the risk level the highest of
    the current assessments (§36), the same as ratings computes."""
    f = filters or {}
    remit = select(EntityAssignment.entity_id).where(EntityAssignment.department_id == department_id)
    out = [MarketEntity.id.in_(remit), MarketEntity.status == EntityStatus.ACTIVE.value]
    if f.get("region"):
        out.append(MarketEntity.region.startswith(str(f["region"]).rstrip("0") or str(f["region"])))
    if f.get("industryCode"):
        out.append(MarketEntity.industry_code.startswith(str(f["industryCode"]).upper()))
    if f.get("entityType"):
        out.append(MarketEntity.entity_type == f["entityType"])
    if f.get("permitItemCode"):
        out.append(MarketEntity.id.in_(
            select(Permit.entity_id).join(PermitItem, PermitItem.id == Permit.item_id).where(
                PermitItem.code == f["permitItemCode"],
                Permit.status.in_([PermitStatus.GRANTED.value, PermitStatus.CHANGED.value]))))
    if f.get("establishedFrom"):
        out.append(MarketEntity.established_on >= _as_date(f["establishedFrom"]))
    if f.get("establishedTo"):
        out.append(MarketEntity.established_on <= _as_date(f["establishedTo"]))
    if f.get("keyFocusOnly"):
        out.append(MarketEntity.id.in_(select(KeyFocusObject.entity_id).where(
            KeyFocusObject.department_id == department_id)))
    if f.get("creditGrades"):
        out.append(MarketEntity.id.in_(select(CreditEvaluation.entity_id).where(
            CreditEvaluation.current.is_(True), CreditEvaluation.grade.in_(list(f["creditGrades"])))))
    if f.get("riskLevels"):
        either = []
        for level in (lv for lv in f["riskLevels"] if lv in ratings.RISK_LEVELS):
            higher = ratings.RISK_LEVELS[ratings.RISK_LEVELS.index(level) + 1:]
            at = MarketEntity.id.in_(select(RiskAssessment.entity_id).where(
                RiskAssessment.current.is_(True), RiskAssessment.level == level))
            above = MarketEntity.id.in_(select(RiskAssessment.entity_id).where(
                RiskAssessment.current.is_(True), RiskAssessment.level.in_(higher))) if higher else sa.false()
            either.append(sa.and_(at, sa.not_(above)))
        out.append(sa.or_(*either) if either else sa.false())
    return out


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def directory_count(session: Session, department_id: int, filters: dict | None = None) -> int:
    """How many entities a plan with these filters would draw from (预览): one COUNT, no rows loaded. Objects
    without a credit code are counted by the snapshot, not here."""
    return session.exec(select(sa.func.count()).select_from(MarketEntity).where(
        *directory_clauses(department_id, filters))).one()


@dataclass(frozen=True)
class DirectoryDetails:
    grades: dict[int, str]
    risks: dict[int, str]
    key_focus: set[int]
    uncoded: dict[int, list[UncodedObject]]


def directory_details(session: Session, department_id: int, entity_ids: list[int]) -> DirectoryDetails:
    """For a page of the directory: grades, risk levels, key-focus marks and the department's objects without
    a code, each in one statement whatever the page's length."""
    uncoded: dict[int, list[UncodedObject]] = {}
    for o in session.exec(select(UncodedObject).where(UncodedObject.department_id == department_id,
                                                      UncodedObject.responsible_entity_id.in_(entity_ids or [-1]))
                          .order_by(UncodedObject.id)).all():
        uncoded.setdefault(o.responsible_entity_id, []).append(o)
    focus = set(session.exec(select(KeyFocusObject.entity_id).where(
        KeyFocusObject.department_id == department_id, KeyFocusObject.entity_id.in_(entity_ids or [-1]))).all())
    return DirectoryDetails(ratings.credit_grades(session, entity_ids), ratings.risk_levels(session, entity_ids),
                            focus, uncoded)


def _directory_rows(session: Session, department_id: int, filters: dict | None, *, names: bool,
                    by_key: bool = False) -> list[tuple]:
    """(uscc, entity id, current grade, highest current risk level[, name]) of the directory's entities in one
    statement (grade and risk as `ratings` computes them), by id or, by_key, by credit code (code-point order)."""
    rank = sa.case({lv: i for i, lv in enumerate(ratings.RISK_LEVELS)}, value=RiskAssessment.level)
    risk = (select(RiskAssessment.entity_id, sa.func.max(rank).label("rank")).where(RiskAssessment.current.is_(True))
            .group_by(RiskAssessment.entity_id).subquery())
    order = MarketEntity.id
    if by_key:
        order = MarketEntity.uscc.collate("C") if session.get_bind().dialect.name == "postgresql" else MarketEntity.uscc
    stmt = (select(MarketEntity.uscc, MarketEntity.id, CreditEvaluation.grade, risk.c.rank,
                   *([MarketEntity.name] if names else []))
            .outerjoin(CreditEvaluation, sa.and_(CreditEvaluation.entity_id == MarketEntity.id,
                                                 CreditEvaluation.current.is_(True)))
            .outerjoin(risk, risk.c.entity_id == MarketEntity.id)
            .where(*directory_clauses(department_id, filters)).order_by(order))
    levels = ratings.RISK_LEVELS
    return [(r[0], r[1], r[2], None if r[3] is None else levels[r[3]], *r[4:]) for r in session.execute(stmt)]


def _uncoded_objects(session: Session, department_id: int) -> list[UncodedObject]:
    return list(session.exec(select(UncodedObject).where(UncodedObject.department_id == department_id)
                             .order_by(UncodedObject.id)).all())


def _key_focus_ids(session: Session, department_id: int) -> set[int]:
    return set(session.exec(select(KeyFocusObject.entity_id).where(KeyFocusObject.department_id == department_id)).all())


def object_directory(session: Session, department_id: int, filters: dict | None = None) -> list[DirectoryObject]:
    """检查对象名录库 (§23): the active entities the department supervises, narrowed by the plan's filters, plus
    the department's objects without a code whose responsible entity is among them."""
    focus = _key_focus_ids(session, department_id)
    out = {eid: DirectoryObject(code, eid, code, name, g, r, eid in focus)
           for code, eid, g, r, name in _directory_rows(session, department_id, filters, names=True)}
    objs = list(out.values())
    if out:
        for o in _uncoded_objects(session, department_id):
            parent = out.get(o.responsible_entity_id)
            if parent is not None:
                objs.append(DirectoryObject(uncoded_key(o.id), parent.entity_id, parent.uscc, o.name, parent.grade,
                                            parent.risk, parent.key_focus, o.id))
    return objs


def uncoded_key(uncoded_object_id: int) -> str:
    return f"O{uncoded_object_id:08d}"


# --- plans ----------------------------------------------------------------------------------------

def plans_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """Plans a viewer sees: those its department leads or joins; OVERSIGHT all; the public none."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.or_(InspectionPlan.department_id == actor.department_id, sa.exists().where(
        JointParticipation.plan_id == InspectionPlan.id, JointParticipation.department_id == actor.department_id))


def tasks_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """Tasks a viewer sees: those of its department (lead or participant); OVERSIGHT all; the public none."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.exists().where(TaskDepartment.task_id == InspectionTask.id, TaskDepartment.department_id == actor.department_id)


def _plan_for(session: Session, actor: Actor, plan_id: int, *, lead: bool) -> InspectionPlan:
    """The plan if the actor's department leads it (or, lead=False, takes part); otherwise not found."""
    plan = session.get(InspectionPlan, plan_id)
    if plan is None or actor.department_id is None:
        raise NotFound("未找到该抽查计划", "planId")
    if plan.department_id == actor.department_id:
        return plan
    if not lead and session.exec(select(JointParticipation.id).where(
            JointParticipation.plan_id == plan.id, JointParticipation.department_id == actor.department_id)).first():
        return plan
    raise NotFound("未找到该抽查计划", "planId")


def _parse_filters(errors: Collector, filters: dict | None) -> dict:
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    for k in f:
        if k not in FILTER_KEYS:
            errors.add(ErrorCode.INVALID_VALUE, f"未知的筛选条件 {k}", "filters")
    for g in f.get("creditGrades", []):
        if g not in ratings.GRADES:
            errors.add(ErrorCode.INVALID_VALUE, f"信用等级“{g}”无效", "filters")
    for r in f.get("riskLevels", []):
        if r not in ratings.RISK_LEVELS:
            errors.add(ErrorCode.INVALID_VALUE, f"风险等级“{r}”无效", "filters")
    if f.get("entityType"):
        validation.choice(errors, "filters", f["entityType"], EntityType, "主体类型")
    for k, label in (("establishedFrom", "成立日期（起）"), ("establishedTo", "成立日期（止）")):
        if k in f:
            try:
                f[k] = _as_date(f[k]).isoformat()
            except ValueError:
                errors.add(ErrorCode.INVALID_DATE, f"{label}“{f[k]}”不是有效日期", "filters")
    if f.get("establishedFrom") and f.get("establishedTo") and f["establishedTo"] < f["establishedFrom"]:
        errors.add(ErrorCode.INVALID_DATE, "成立日期（止）不能早于成立日期（起）", "filters")
    if "keyFocusOnly" in f:
        if f["keyFocusOnly"] is True:
            f["keyFocusOnly"] = True
        else:
            del f["keyFocusOnly"]
    return f


def parse_filters(filters: dict | None) -> dict:
    """The filters as a plan stores them, or DomainError: for a preview before the plan exists."""
    errors = Collector()
    f = _parse_filters(errors, filters)
    errors.check()
    return f


def create_plan(*, session: Session, actor: Actor, name: str, year: int, item_codes: list[str],
                check_start: date | None, check_end: date | None, team_size: int = MIN_TEAM,
                ratio: str | None = None, count: int | None = None, filters: dict | None = None,
                probability_table: dict | None = None, key_focus: str = KeyFocusMode.ALWAYS.value,
                key_focus_weight: str = "2", kind: str = PlanKind.SINGLE.value,
                participant_codes: list[str] | None = None, request_id: str = "-",
                today: date | None = None) -> InspectionPlan:
    """A plan over the department's published items. JOINT and FULL_SWEEP plans invite participants (§24–25)."""
    dept = department_of(actor)
    today = today or clock.today()
    errors = Collector()
    name_v = validation.text(errors, "name", name, "计划名称", max_len=200)
    kind_v = validation.choice(errors, "kind", kind, PlanKind, "计划类型")
    focus_v = validation.choice(errors, "keyFocus", key_focus, KeyFocusMode, "重点对象处理方式")
    if not 2000 <= year <= 2100:
        errors.add(ErrorCode.INVALID_VALUE, f"年度 {year} 无效", "year")
    if team_size is None or team_size < MIN_TEAM or team_size > 10:
        errors.add(ErrorCode.INVALID_VALUE, f"每组检查人员应为 {MIN_TEAM}—10 人（§21）", "teamSize")
    if (ratio is None) == (count is None):
        errors.add(ErrorCode.INVALID_VALUE, "须且只能填写抽查比例或抽查数量之一", "ratio")
    ratio_v = None
    if ratio is not None:
        try:
            ratio_v = Decimal(str(ratio))
            if not Decimal(0) < ratio_v <= 1 or ratio_v.as_tuple().exponent < -4:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.add(ErrorCode.INVALID_VALUE, "抽查比例应在 0 到 1 之间（至多4位小数），如 0.05", "ratio")
            ratio_v = None
    if count is not None and count < 1:
        errors.add(ErrorCode.INVALID_VALUE, "抽查数量至少为 1", "count")
    try:
        weight_v = Decimal(str(key_focus_weight))
        if weight_v < 1:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(ErrorCode.INVALID_VALUE, "重点对象权重倍数应不小于 1", "keyFocusWeight")
    table = {str(k): str(v) for k, v in (probability_table or draws.default_table(ratings.GRADES, ratings.RISK_LEVELS)).items()}
    for problem in draws.check_table(table, ratings.GRADES, ratings.RISK_LEVELS):
        errors.add(ErrorCode.INVALID_VALUE, problem, "probabilityTable")
    if check_start is None or check_end is None:
        errors.add(ErrorCode.REQUIRED, "须填写检查起止日期", "checkStart")
    elif check_end < check_start:
        errors.add(ErrorCode.INVALID_DATE, "检查结束日期不能早于开始日期", "checkEnd")
    f = _parse_filters(errors, filters)
    published = published_random_items(session, dept)
    codes = list(dict.fromkeys((c or "").strip().upper() for c in item_codes if (c or "").strip()))
    if kind_v == PlanKind.FULL_SWEEP:
        codes = codes or sorted(published)
    if not codes:
        errors.add(ErrorCode.REQUIRED, "须选择至少一项抽查事项", "itemCodes")
    for c in codes:
        if c not in published:
            errors.add(ErrorCode.INVALID_VALUE, f"“{c}”不在本部门已公布的随机抽查事项清单中（§20）", "itemCodes")
    participants: list[Department] = []
    if kind_v in (PlanKind.JOINT, PlanKind.FULL_SWEEP):
        for code in dict.fromkeys((c or "").strip().upper() for c in (participant_codes or [])):
            d = session.exec(select(Department).where(Department.code == code)).first()
            if d is None or d.id == dept:
                errors.add(ErrorCode.INVALID_VALUE, f"参与部门“{code}”无效", "participantCodes")
            else:
                participants.append(d)
        if not participants:
            errors.add(ErrorCode.REQUIRED, "联合抽查须邀请至少一个参与部门（§24）", "participantCodes")
    errors.check()
    calendar = load_calendar(session)
    plan = InspectionPlan(
        department_id=dept, name=name_v, year=year, kind=kind_v.value, item_ids=[published[c]["itemId"] for c in codes],
        filters=f, ratio=str(ratio_v) if ratio_v is not None else None, target_count=count, team_size=team_size,
        check_start=check_start, check_end=check_end,
        results_due=calendar.add_working_days(check_end, RESULT_WORKING_DAYS).due, probability_table=table,
        key_focus=focus_v.value, key_focus_weight=str(weight_v),
        status=(PlanStatus.AWAITING_CONFIRMATION if participants else PlanStatus.DRAFT).value)
    session.add(plan)
    session.flush()
    confirm_due = calendar.add_working_days(today, CONFIRM_WORKING_DAYS).due
    if participants:
        session.add(JointParticipation(plan_id=plan.id, department_id=dept, lead=True, item_ids=plan.item_ids,
                                       invited_on=today, confirm_due=today, confirmed_at=utcnow()))
        for d in participants:
            session.add(JointParticipation(plan_id=plan.id, department_id=d.id, invited_on=today, confirm_due=confirm_due))
        session.flush()
    _audit(session, actor, "plan.create", "InspectionPlan", plan.id, request_id,
           {"name": name_v, "year": year, "kind": kind_v.value, "items": codes, "filters": f, "ratio": plan.ratio,
            "count": count, "teamSize": team_size, "checkStart": check_start, "checkEnd": check_end,
            "table": table, "keyFocus": focus_v.value, "participants": [d.code for d in participants]})
    return plan


def _staff_ids(session: Session, errors: Collector, department_id: int, usernames: list[str], field: str) -> list[int]:
    names = list(dict.fromkeys((u or "").strip() for u in usernames if (u or "").strip()))
    certified = {s.username: s.id for s in certified_inspectors(session, department_id)}
    for u in names:
        if u not in certified:
            errors.add(ErrorCode.INVALID_INSPECTOR, f"“{u}”不是本部门持有执法证的在职检查人员（§21）", field)
    return [certified[u] for u in names if u in certified]


def confirm_participation(*, session: Session, actor: Actor, plan_id: int, item_codes: list[str],
                          inspector_usernames: list[str], request_id: str = "-",
                          now: datetime | None = None) -> JointParticipation:
    """§24: a participant confirms (due 5 working days after the invitation) with its items and inspectors.
    In a 全项彻查 (§25) its items are its whole published list."""
    plan = _plan_for(session, actor, plan_id, lead=False)
    part = session.exec(select(JointParticipation).where(JointParticipation.plan_id == plan.id,
                                                         JointParticipation.department_id == actor.department_id)).first()
    if part is None or part.lead:
        raise NotFound("本部门不是该联合抽查的参与部门", "planId")
    errors = Collector()
    if part.confirmed_at is not None or plan.status != PlanStatus.AWAITING_CONFIRMATION.value:
        errors.add(ErrorCode.ALREADY_DONE, "本部门已确认该联合抽查", "planId")
    published = published_random_items(session, actor.department_id)
    codes = list(dict.fromkeys((c or "").strip().upper() for c in item_codes if (c or "").strip()))
    if plan.kind == PlanKind.FULL_SWEEP.value:
        codes = sorted(published)
    if not codes:
        errors.add(ErrorCode.REQUIRED, "须选择至少一项本部门抽查事项", "itemCodes")
    for c in codes:
        if c not in published:
            errors.add(ErrorCode.INVALID_VALUE, f"“{c}”不在本部门已公布的随机抽查事项清单中（§20）", "itemCodes")
    ids = _staff_ids(session, errors, actor.department_id, inspector_usernames, "inspectors")
    if len(ids) < plan.team_size:
        errors.add(ErrorCode.TOO_FEW_INSPECTORS, f"须提交至少 {plan.team_size} 名持证检查人员", "inspectors")
    errors.check()
    part.item_ids = [published[c]["itemId"] for c in codes]
    part.inspector_ids = ids
    part.confirmed_at = now or utcnow()
    session.add(part)
    session.flush()
    if not session.exec(select(JointParticipation.id).where(JointParticipation.plan_id == plan.id,
                                                            JointParticipation.confirmed_at.is_(None))).first():
        plan.status = PlanStatus.DRAFT.value
        session.add(plan)
    session.flush()
    _audit(session, actor, "plan.confirm", "InspectionPlan", plan.id, request_id,
           {"items": codes, "inspectors": ids, "late": clock.to_cst_date(part.confirmed_at) > part.confirm_due})
    return part


def _last_cycle_pairs(session: Session, plan: InspectionPlan, staff_ids: set[int]) -> dict[int, set[str]]:
    """Objects each inspector inspected in the last cycle: tasks of plans of the same or the previous year."""
    rows = session.exec(select(InspectionTask.object_key, InspectionTask.inspector_ids)
                        .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                        .where(InspectionPlan.year >= plan.year - 1, InspectionPlan.id != plan.id)).all()
    out: dict[int, set[str]] = {}
    for key, ids in rows:
        for i in ids or []:
            if i in staff_ids:
                out.setdefault(i, set()).add(key)
    return out


def take_snapshot(session: Session, plan: InspectionPlan) -> dict:
    """The canonical document the draw reads (jianguan-draw/2): plan parameters, the directory's objects in
    classes of equal probability, inspector pools. The directory is read in one statement, in key order."""
    rows = _directory_rows(session, plan.department_id, plan.filters, names=False, by_key=True)
    focus = _key_focus_ids(session, plan.department_id)
    keys = [r[0] for r in rows]
    entity_ids = [r[1] for r in rows]
    index: dict[tuple, int] = {}
    class_of = [index.setdefault((g, r, eid in focus), len(index)) for _, eid, g, r in rows]
    uncoded: dict[str, dict] = {}
    keys_of_entity: dict[int, list[str]] = {}
    extra = _uncoded_objects(session, plan.department_id) if rows else []
    if extra:
        at = {eid: i for i, eid in enumerate(entity_ids)}
        for o in extra:
            i = at.get(o.responsible_entity_id)
            if i is not None:
                key = uncoded_key(o.id)
                uncoded[key] = {"uncodedObjectId": o.id, "uscc": keys[i]}
                keys_of_entity.setdefault(entity_ids[i], []).append(key)
                keys.append(key)
                entity_ids.append(entity_ids[i])
                class_of.append(class_of[i])
    parts = session.exec(select(JointParticipation).where(JointParticipation.plan_id == plan.id)
                         .order_by(JointParticipation.lead.desc(), JointParticipation.department_id)).all()
    depts = {d.id: d for d in session.exec(select(Department)).all()}
    pools: list[tuple[Department, list[StaffUser]]] = []
    if parts:
        for p in parts:
            certified = certified_inspectors(session, p.department_id)
            chosen = [s for s in certified if not p.inspector_ids or s.id in p.inspector_ids]
            pools.append((depts[p.department_id], chosen))
    else:
        pools.append((depts[plan.department_id], certified_inspectors(session, plan.department_id)))
    for d, staff in pools:
        if len(staff) < plan.team_size:
            raise DomainError(ErrorCode.TOO_FEW_INSPECTORS,
                              f"{d.name}持证检查人员只有 {len(staff)} 人，少于每组 {plan.team_size} 人（§21）", "teamSize")
    all_staff = {s.id for _, staff in pools for s in staff}
    avoid = _last_cycle_pairs(session, plan, all_staff)
    conflicts = session.exec(select(ConflictDeclaration.staff_id, ConflictDeclaration.entity_id, MarketEntity.uscc)
                             .join(MarketEntity, MarketEntity.id == ConflictDeclaration.entity_id)
                             .where(ConflictDeclaration.staff_id.in_(all_staff or {-1}))).all()
    in_directory = set(entity_ids) if conflicts else set()
    for staff_id, entity_id, uscc in conflicts:
        if entity_id in in_directory:
            avoid.setdefault(staff_id, set()).update([uscc, *keys_of_entity.get(entity_id, [])])
    table = plan.probability_table
    focus_factor = Decimal(plan.key_focus_weight)
    counts = [0] * len(index)
    for c in class_of:
        counts[c] += 1
    weights, forced = [], []
    for g, r, f in index:
        w = draws.weight(table, g, r)
        forced.append(f and plan.key_focus == KeyFocusMode.ALWAYS.value)
        weights.append(w * focus_factor if f and plan.key_focus == KeyFocusMode.WEIGHTED.value else w)
    target = Decimal(plan.ratio) * len(keys) if plan.ratio is not None else Decimal(plan.target_count or 0)
    ps = draws.class_millionths(weights, forced, counts, target)
    items = {}
    for p in parts or [JointParticipation(plan_id=plan.id, department_id=plan.department_id, item_ids=plan.item_ids,
                                          invited_on=plan.check_start, confirm_due=plan.check_start)]:
        rows = session.exec(select(InspectionItem.code).where(InspectionItem.id.in_(p.item_ids or [-1]))).all()
        items[depts[p.department_id].code] = sorted(rows)
    return draws.compact_snapshot(
        plan={"id": plan.id, "name": plan.name, "department": depts[plan.department_id].code, "kind": plan.kind,
              "teamSize": plan.team_size, "ratio": plan.ratio, "count": plan.target_count, "expected": str(target),
              "keyFocus": plan.key_focus, "keyFocusWeight": plan.key_focus_weight, "table": table, "items": items,
              "filters": plan.filters},
        keys=keys, entity_ids=entity_ids, class_of=class_of,
        classes=[{"grade": g, "risk": r, "keyFocus": f, "p": p} for (g, r, f), p in zip(index, ps)], uncoded=uncoded,
        pools=[{"department": d.code, "inspectors": [{"id": s.id,
                                                      "avoid": sorted(avoid.get(s.id, set()))} for s in staff]}
               for d, staff in pools])


def commit_plan(*, session: Session, actor: Actor, plan_id: int, seed: str | None = None, request_id: str = "-",
                now: datetime | None = None) -> InspectionPlan:
    """Fix the directory snapshot and a secret seed; publish both hashes. The seed stays secret until the draw.
    `seed` is for demonstrations and tests: in service the platform draws it from the operating system."""
    plan = _plan_for(session, actor, plan_id, lead=True)
    if plan.status == PlanStatus.AWAITING_CONFIRMATION.value:
        raise DomainError(ErrorCode.INVALID_STATUS_TRANSITION, "尚有参与部门未确认（§24）", "planId")
    if plan.status != PlanStatus.DRAFT.value:
        raise DomainError(ErrorCode.ALREADY_DONE, "该计划已公布种子哈希", "planId")
    snap = take_snapshot(session, plan)
    if not snap["objects"]:
        raise DomainError(ErrorCode.INVALID_VALUE, "按筛选条件，检查对象名录为空", "filters")
    text = draws.canonical(snap)
    seed = seed or secrets.token_hex(32)
    d = InspectionDraw(plan_id=plan.id, snapshot=text, snapshot_hash=draws.sha256_hex(text), seed=seed,
                       seed_hash=draws.sha256_hex(seed))
    session.add(d)
    plan.seed_hash, plan.snapshot_hash = d.seed_hash, d.snapshot_hash
    plan.status = PlanStatus.COMMITTED.value
    plan.committed_at = now or utcnow()
    session.add(plan)
    session.flush()
    _audit(session, actor, "plan.commit", "InspectionPlan", plan.id, request_id,
           {"seedHash": d.seed_hash, "snapshotHash": d.snapshot_hash, "objects": len(snap["objects"])})
    return plan


def draw_plan(*, session: Session, actor: Actor, plan_id: int, request_id: str = "-",
              now: datetime | None = None) -> InspectionPlan:
    """摇号: once per plan. The state moves COMMITTED → DRAWN in one conditional UPDATE, so of two concurrent
    attempts one draws and the other is refused; then the draw runs, tasks are made and the seed revealed."""
    plan = _plan_for(session, actor, plan_id, lead=True)
    now = now or utcnow()
    if plan.status in (PlanStatus.DRAFT.value, PlanStatus.AWAITING_CONFIRMATION.value):
        raise DomainError(ErrorCode.INVALID_STATUS_TRANSITION, "须先公布种子哈希和名录快照哈希", "planId")
    moved = session.execute(sa.update(InspectionPlan).where(
        InspectionPlan.id == plan.id, InspectionPlan.status == PlanStatus.COMMITTED.value)
        .values(status=PlanStatus.DRAWN.value, drawn_at=now).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise DomainError(ErrorCode.ALREADY_DONE, "该计划已摇号，不能重复抽取", "planId")
    session.refresh(plan)
    d = session.exec(select(InspectionDraw).where(InspectionDraw.plan_id == plan.id)).one()
    snap = orjson.loads(d.snapshot)
    result = draws.draw(snap, d.seed).as_dict()
    d.result, d.result_hash, d.seed_revealed = result, draws.sha256_hex(draws.canonical(result)), True
    session.add(d)
    session.flush()
    dept_codes = [p["department"] for p in snap["pools"]]
    dept_ids = {c: i for c, i in session.exec(select(Department.code, Department.id).where(Department.code.in_(dept_codes))).all()}
    objects = draws.objects_by_key(snap, list(result["teams"]))
    # the tasks are new, so none of their routing rows can exist yet: three bulk writes, whatever the sample size
    task_rows = [dict(plan_id=plan.id, entity_id=objects[key]["entityId"], uncoded_object_id=objects[key]["uncodedObjectId"],
                      object_key=key, inspector_ids=team, status=InspectionTaskStatus.OPEN.value,
                      results_due=plan.results_due, created_at=now) for key, team in result["teams"].items()]
    task_ids = bulk.insert_with_ids(session, InspectionTask.__tablename__, task_rows)
    pairs = [(t, r["entity_id"], dept_ids[c]) for t, r in zip(task_ids, task_rows) for c in dept_codes]
    bulk.write_rows(session, TaskDepartment.__tablename__, [{"task_id": t, "department_id": d} for t, _, d in pairs])
    bulk.write_rows(session, EntityAssignment.__tablename__, [
        {"entity_id": e, "department_id": d, "rule": ResponsibilityRule.ROUTED.value, "source_kind": "draw_task",
         "source_id": t, "item_id": None, "created_at": now} for t, e, d in pairs])
    _audit(session, actor, "plan.draw", "InspectionPlan", plan.id, request_id,
           {"seed": d.seed, "resultHash": d.result_hash, "selected": len(result["selected"]), "tasks": len(task_rows),
            "unassigned": result["unassigned"]})
    return plan


def verify_plan(session: Session, plan_id: int) -> draws.Verification:
    """Anyone may re-run a drawn plan (the snapshot and seed are public once drawn)."""
    d = session.exec(select(InspectionDraw).where(InspectionDraw.plan_id == plan_id)).first()
    plan = session.get(InspectionPlan, plan_id)
    if d is None or plan is None or not d.seed_revealed:
        raise NotFound("未找到已摇号的抽查计划", "planId")
    return draws.verify(snapshot_text=d.snapshot, seed=d.seed, snapshot_hash=plan.snapshot_hash,
                        seed_hash=plan.seed_hash, result=d.result)


# --- tasks and results (§27) ------------------------------------------------------------------------

def _task_for(session: Session, actor: Actor, task_id: int) -> InspectionTask:
    task = session.get(InspectionTask, task_id)
    if task is None or actor.department_id is None or session.exec(select(TaskDepartment.id).where(
            TaskDepartment.task_id == task_id, TaskDepartment.department_id == actor.department_id)).first() is None:
        raise NotFound("未找到该检查任务", "taskId")
    return task


def task_items(session: Session, plan: InspectionPlan) -> dict[int, int]:
    """item id -> department id, over every participating department (进一次门，查多项事, §24)."""
    parts = session.exec(select(JointParticipation).where(JointParticipation.plan_id == plan.id)).all()
    if not parts:
        return {i: plan.department_id for i in plan.item_ids}
    return {i: p.department_id for p in parts for i in (p.item_ids or [])}


def record_item_result(*, session: Session, actor: Actor, task_id: int, item_code: str, result: str,
                       checked_on: date | None, description: str = "", open_case: bool = False,
                       request_id: str = "-", today: date | None = None, now: datetime | None = None) -> ItemResult:
    """The team's department records one item's result; once every item has one, the task is done and its
    result published (§27). A problem found may open a case for the department (立案)."""
    task = _task_for(session, actor, task_id)
    plan = session.get(InspectionPlan, task.plan_id)
    today = today or clock.today()
    errors = Collector()
    items = task_items(session, plan)
    item = session.exec(select(InspectionItem).where(InspectionItem.department_id == actor.department_id,
                                                     InspectionItem.code == (item_code or "").strip().upper())).first()
    if item is None or items.get(item.id) != actor.department_id:
        errors.add(ErrorCode.INVALID_VALUE, f"“{item_code}”不是本部门在该任务中的抽查事项", "itemCode")
    res = validation.choice(errors, "result", result, ItemResultValue, "检查结果")
    day = validation.past_date(errors, "checkedOn", checked_on, "检查日期", today)
    if day and day < plan.check_start:
        errors.add(ErrorCode.INVALID_DATE, "检查日期不能早于计划检查开始日期", "checkedOn")
    text = (description or "").strip()
    if res in (ItemResultValue.PROBLEMS_FOUND, ItemResultValue.REFUSED) and not text:
        errors.add(ErrorCode.REQUIRED, "发现问题或不配合检查时须填写情况说明", "description")
    if open_case and res != ItemResultValue.PROBLEMS_FOUND:
        errors.add(ErrorCode.INVALID_VALUE, "只有发现问题时才能立案", "openCase")
    if item is not None and session.exec(select(ItemResult.id).where(ItemResult.task_id == task.id,
                                                                     ItemResult.item_id == item.id)).first():
        errors.add(ErrorCode.ALREADY_DONE, "该事项的检查结果已录入", "itemCode")
    errors.check()
    row = ItemResult(task_id=task.id, item_id=item.id, department_id=actor.department_id, result=res.value,
                     description=text, checked_on=day, recorded_by=actor.ident)
    if open_case:
        inv = Investigation(entity_id=task.entity_id, department_id=actor.department_id, item_id=None,
                            found_by_department_id=actor.department_id, kind=InvestigationKind.SPOT_CHECK.value,
                            reason=f"“{plan.name}”随机抽查“{item.name}”发现问题：{text}")
        session.add(inv)
        session.flush()
        row.investigation_id = inv.id
    session.add(row)
    session.flush()
    if res == ItemResultValue.PROBLEMS_FOUND:  # a spot-check finding is public credit information (§27, §29)
        credit.record_credit_fact(session=session, actor=actor, entity_id=task.entity_id, kind=CreditFactKind.SPOT_CHECK.value,
                                  severity=FactSeverity.ORDINARY.value, occurred_on=day,
                                  summary=f"“{plan.name}”随机抽查“{item.name}”发现问题：{text}",
                                  source_type="item_result", source_id=row.id, request_id=request_id, today=today)
    recorded = session.exec(select(ItemResult).where(ItemResult.task_id == task.id)).all()
    published = False
    if {r.item_id for r in recorded} >= set(items):
        values = {r.result for r in recorded}
        task.status = InspectionTaskStatus.DONE.value
        task.checked_on = max(r.checked_on for r in recorded)
        task.summary = next(v.value for v in _WORST if v.value in values)
        task.published_at = now or utcnow()
        session.add(task)
        published = True
        entity = session.get(MarketEntity, task.entity_id)
        names = dict(session.exec(select(InspectionItem.id, InspectionItem.name)
                                  .where(InspectionItem.id.in_([r.item_id for r in recorded]))).all())
        disclosure.on_spot_check_published(  # 一公开 (§27): the result goes to the 双公示 feed
            session, task_id=task.id, entity=entity, object_name=_object_name(session, task, entity),
            uscc=None if task.uncoded_object_id is not None else entity.uscc, plan_name=plan.name,
            item_names=[names[r.item_id] for r in recorded], checked_on=task.checked_on, result=task.summary,
            department_id=plan.department_id, now=task.published_at)
    session.flush()
    _audit(session, actor, "task.result", "InspectionTask", task.id, request_id,
           {"item": item.code, "result": res.value, "checkedOn": day, "description": text,
            "investigation": row.investigation_id, "published": published})
    return row


def _object_name(session: Session, task: InspectionTask, entity: MarketEntity) -> str:
    """The inspected object's name: the entity, or an object without a credit code (§23)."""
    if task.uncoded_object_id is not None:
        obj = session.get(UncodedObject, task.uncoded_object_id)
        return f"{obj.name}（责任主体：{entity.name}）"
    return entity.name


# --- 执法协助 (§26) and inspections outside draws (§20) -----------------------------------------------

def request_assistance(*, session: Session, actor: Actor, task_id: int, to_department_code: str, kind: str,
                       request: str, request_id: str = "-") -> AssistanceRequest:
    task = _task_for(session, actor, task_id)
    errors = Collector()
    kind_v = validation.choice(errors, "kind", kind, AssistanceKind, "协助类型")
    text = validation.text(errors, "request", request, "协助事项", max_len=4000)
    to = session.exec(select(Department).where(Department.code == (to_department_code or "").strip().upper())).first()
    if to is None or to.id == actor.department_id:
        errors.add(ErrorCode.INVALID_VALUE, f"被请求部门“{to_department_code}”无效", "toDepartmentCode")
    errors.check()
    req = AssistanceRequest(task_id=task.id, entity_id=task.entity_id, from_department_id=actor.department_id,
                            to_department_id=to.id, kind=kind_v.value, request=text)
    session.add(req)
    session.flush()
    assign(session, entity_id=task.entity_id, department_id=to.id, rule=ResponsibilityRule.ROUTED,
           source_kind="assistance", source_id=req.id)
    _audit(session, actor, "assistance.request", "AssistanceRequest", req.id, request_id,
           {"task": task.id, "to": to.code, "kind": kind_v.value, "request": text})
    return req


def answer_assistance(*, session: Session, actor: Actor, request_id_: int, answer: str, request_id: str = "-",
                      now: datetime | None = None) -> AssistanceRequest:
    req = session.get(AssistanceRequest, request_id_)
    if req is None or req.to_department_id != actor.department_id:
        raise NotFound("未找到该协助请求", "assistanceRequestId")
    errors = Collector()
    text = validation.text(errors, "answer", answer, "协助意见", max_len=4000)
    if req.answered_at is not None:
        errors.add(ErrorCode.ALREADY_DONE, "该协助请求已答复", "assistanceRequestId")
    errors.check()
    req.answer, req.answered_at = text, now or utcnow()
    session.add(req)
    session.flush()
    _audit(session, actor, "assistance.answer", "AssistanceRequest", req.id, request_id, {"answer": text})
    return req


def record_non_draw_inspection(*, session: Session, actor: Actor, uscc: str, reason: str, reference: str,
                               inspected_on: date | None, result: str, description: str = "",
                               inspector_usernames: list[str] = (), request_id: str = "-",
                               today: date | None = None) -> NonDrawInspection:
    """§20: outside a draw only for a complaint, a big-data alert, a referral or a superior's order, named."""
    department_of(actor)
    today = today or clock.today()
    errors = Collector()
    reason_v = validation.choice(errors, "reason", reason, NonDrawReason, "非随机检查事由")
    ref = validation.text(errors, "reference", reference, "事由依据（投诉编号、预警编号、转办或部署文号）", max_len=200)
    res = validation.choice(errors, "result", result, ItemResultValue, "检查结果")
    day = validation.past_date(errors, "inspectedOn", inspected_on, "检查日期", today)
    ids = _staff_ids(session, errors, actor.department_id, list(inspector_usernames), "inspectors")
    if len(ids) < MIN_TEAM:
        errors.add(ErrorCode.TOO_FEW_INSPECTORS, f"检查人员不得少于 {MIN_TEAM} 人", "inspectors")
    entity = find_by_uscc(session, uscc or "")
    if entity is None:
        errors.add(ErrorCode.NOT_FOUND, f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    errors.check()
    row = NonDrawInspection(department_id=actor.department_id, entity_id=entity.id, reason=reason_v.value, reference=ref,
                            inspected_on=day, result=res.value, description=(description or "").strip(),
                            inspector_ids=ids)
    session.add(row)
    session.flush()
    assign(session, entity_id=entity.id, department_id=actor.department_id, rule=ResponsibilityRule.ROUTED,
           source_kind="non_draw_inspection", source_id=row.id)
    _audit(session, actor, "inspection.non_draw", "NonDrawInspection", row.id, request_id,
           {"uscc": entity.uscc, "reason": reason_v.value, "reference": ref, "inspectedOn": day, "result": res.value,
            "inspectors": ids})
    return row
