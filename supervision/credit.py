"""企业公共信用评估 (§29–31), dishonesty lists (002 §五.5; 001 §3.2), credit repair and objections
(000 §7; 003 §14).

Other departments supply credit facts through `record_credit_fact` (one call from penalties, spot
checks, ...); only the credit department grades. Grading itself is the pure `grading.grade`; the
acts here read facts for many entities in one statement, grade in Python and write in bulk, so a
district's re-evaluation takes minutes, not hours.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable

import sqlalchemy as sa
from sqlmodel import Session, select

from models import (Commitment, CreditEvaluation, CreditFact, CreditStandard, Department, Investigation, JointMeasure,
                    ListEntry, MarketEntity, RepairRequest, TrackingInspection, TrackingTask)
from models.base import utcnow
from models.enums import (CreditAct, CreditFactKind, DepartmentKind, DisclosureKind, DishonestyList, EntityStatus, FactSeverity,
                          FactState, InvestigationKind, InvestigationOutcome, MeasureKind, RepairKind, RepairStatus,
                          TrackingResult)

from . import audit, bulk, clock, disclosure, grading, validation
from .actors import Actor, ActorKind
from .calendar import load_calendar
from .entities import find_by_uscc
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import supervised_clause

BATCH = 10_000
LIST_FACT = {DishonestyList.ABNORMAL_OPERATION: CreditFactKind.ABNORMAL_OPERATION,
             DishonestyList.SERIOUS_VIOLATION: CreditFactKind.SERIOUS_VIOLATION}


# --- who may ----------------------------------------------------------------------------------------

def is_credit_department(actor: Actor) -> bool:
    return actor.has_kind(DepartmentKind.CREDIT)


def _require_credit(actor: Actor, what: str) -> None:
    if not is_credit_department(actor):
        raise Forbidden(f"只有信用主管部门可以{what}（§29–31）；其他部门提供信用信息，不评定等级")


def grade_visible_clause(actor: Actor, entity_column) -> sa.ColumnElement[bool]:
    """An entity's grade, risk level and credit facts: the credit department and OVERSIGHT see all,
    a department those of entities in its remit, the public none (list membership is public)."""
    if is_credit_department(actor):
        return sa.true()
    return supervised_clause(actor, entity_column)


def fact_visible_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """Credit facts: public ones in effect to everyone; all of an entity's to those who may see its grade."""
    public = sa.and_(CreditFact.public.is_(True), CreditFact.state == FactState.ACTIVE.value)
    if actor.department_id is None:
        return public
    return sa.or_(public, grade_visible_clause(actor, CreditFact.entity_id))


def repair_visible_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """Repair requests and objections: those the viewer filed or decides; the credit department and OVERSIGHT all."""
    if actor.is_oversight or is_credit_department(actor):
        return sa.true()
    mine = RepairRequest.filed_by == actor.ident
    if actor.department_id is None:
        return mine
    return sa.or_(mine, RepairRequest.department_id == actor.department_id)


def may_file_repair(actor: Actor) -> bool:
    return _may_file(actor)


def _entity(session: Session, uscc: str | None = None, entity_id: int | None = None) -> MarketEntity:
    e = session.get(MarketEntity, entity_id) if entity_id is not None else find_by_uscc(session, uscc or "")
    if e is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体" if uscc else "未找到该市场主体", "uscc")
    return e


# --- the standard -------------------------------------------------------------------------------------

def current_standard(session: Session) -> grading.Standard | None:
    row = session.exec(select(CreditStandard).order_by(CreditStandard.version.desc()).limit(1)).first()
    return grading.parse_standard(row.version, row.data) if row else None


def publish_credit_standard(*, session: Session, actor: Actor, name: str, data: dict, request_id: str = "-",
                            today: date | None = None) -> CreditStandard:
    """A new version of the evaluation standard; earlier evaluations keep the version they were made under."""
    _require_credit(actor, "发布信用评估标准")
    errors = Collector()
    name_v = validation.text(errors, "name", name, "标准名称", max_len=200)
    try:
        grading.parse_standard(0, data)
    except ValueError as exc:
        errors.add(ErrorCode.INVALID_VALUE, str(exc), "data")
    errors.check()
    version = (session.exec(select(sa.func.max(CreditStandard.version))).first() or 0) + 1
    row = CreditStandard(version=version, name=name_v, data=data, department_id=actor.department_id,
                         published_on=today or clock.today())
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, act="credit.standard.publish", target_type="CreditStandard", target_id=version,
                 request_id=request_id, change={"name": name_v, "data": data})
    return row


def _standard_or_fail(session: Session) -> grading.Standard:
    std = current_standard(session)
    if std is None:
        raise DomainError(ErrorCode.NOT_FOUND, "尚未发布信用评估标准，不能评定信用等级", "standard")
    return std


# --- credit facts ---------------------------------------------------------------------------------------

def record_credit_fact(*, session: Session, actor: Actor, entity_id: int, kind: str, occurred_on: date | None,
                       summary: str, severity: str | None = None, source_type: str | None = None,
                       source_id: int | None = None, public: bool = True, request_id: str = "-",
                       today: date | None = None) -> CreditFact:
    """A department supplies one fact from its own record (a penalty, a spot-check finding, an honour...).

    The same (source_type, source_id, kind) is recorded once: calling again returns the first fact.
    Listing facts come only from `list_entity`.
    """
    if actor.department_id is None:
        raise Forbidden("只有部门可以提供公共信用信息")
    entity = _entity(session, entity_id=entity_id)
    today = today or clock.today()
    errors = Collector()
    k = validation.choice(errors, "kind", kind, CreditFactKind, "信用信息类别")
    if k in LIST_FACT.values():
        errors.add(ErrorCode.INVALID_VALUE, "列入名录（名单）请通过列入经营异常名录、严重违法失信名单办理", "kind")
    sev = validation.choice(errors, "severity", severity, FactSeverity, "严重程度") if severity else None
    if k == CreditFactKind.PENALTY and severity is None:
        errors.add(ErrorCode.REQUIRED, "行政处罚须注明严重程度", "severity")
    day = validation.past_date(errors, "occurredOn", occurred_on, "发生日期", today)
    text = validation.text(errors, "summary", summary, "信息摘要", max_len=2000)
    errors.check()
    if source_type and source_id is not None:
        existing = session.exec(select(CreditFact).where(CreditFact.source_type == source_type,
                                                         CreditFact.source_id == source_id,
                                                         CreditFact.kind == k.value)).first()
        if existing is not None:
            return existing
    fact = CreditFact(entity_id=entity.id, kind=k.value, severity=sev.value if sev else None,
                      source_department_id=actor.department_id, occurred_on=day, source_type=source_type,
                      source_id=source_id, summary=text, public=public)
    session.add(fact)
    session.flush()
    audit.append(session, actor=actor, act="credit.fact.record", target_type="CreditFact", target_id=fact.id,
                 request_id=request_id, change={"uscc": entity.uscc, "kind": fact.kind, "severity": fact.severity,
                                                "occurredOn": day, "source": [source_type, source_id], "summary": text})
    return fact


def withdraw_source_facts(session: Session, *, source_type: str, source_id: int) -> int:
    """The record behind a fact was revoked or found unfounded: its facts stop counting (and leave public view)."""
    result = session.execute(sa.update(CreditFact).where(
        CreditFact.source_type == source_type, CreditFact.source_id == source_id,
        CreditFact.state == FactState.ACTIVE.value).values(state=FactState.WITHDRAWN.value, public=False))
    return result.rowcount or 0


def sync_derived_facts(session: Session, entity_ids: Iterable[int] | None = None) -> int:
    """Facts the platform already holds (双跟踪): an investigation of unlicensed operation is a broken
    commitment when the entity signed the 承诺书 (§8), else a tracking finding; a 告知承诺 approval found
    false or broken (rule 6) is a broken commitment once the approving department substantiates it; an
    investigation closed as unfounded is no fact. An inspection that found nobody at the registered address
    is a minor tracking finding. Set-based: two reads, one bulk insert."""
    ids = None if entity_ids is None else list(entity_ids)
    if ids is not None and not ids:
        return 0
    f = sa.orm.aliased(CreditFact)
    inv = (select(Investigation.id, Investigation.entity_id, Investigation.found_by_department_id, Investigation.reason,
                  Investigation.created_at, Commitment.id, Investigation.kind)
           .outerjoin(Commitment, Commitment.entity_id == Investigation.entity_id)
           .outerjoin(f, sa.and_(f.source_type == "investigation", f.source_id == Investigation.id))
           .where(f.id.is_(None),
                  Investigation.kind.in_((InvestigationKind.UNLICENSED.value, InvestigationKind.COMMITMENT_BREACH.value)),
                  sa.or_(Investigation.outcome.is_(None),
                                         Investigation.outcome != InvestigationOutcome.UNFOUNDED.value),
                  sa.or_(Investigation.kind != InvestigationKind.COMMITMENT_BREACH.value,
                         Investigation.outcome == InvestigationOutcome.SUBSTANTIATED.value)))
    ins = (select(TrackingInspection.id, TrackingTask.entity_id, TrackingTask.department_id, TrackingInspection.notes,
                  TrackingInspection.inspected_on)
           .join(TrackingTask, TrackingTask.id == TrackingInspection.task_id)
           .outerjoin(f, sa.and_(f.source_type == "tracking_inspection", f.source_id == TrackingInspection.id))
           .where(TrackingInspection.result == TrackingResult.NOT_FOUND_AT_ADDRESS.value, f.id.is_(None)))
    if ids is not None:
        inv = inv.where(Investigation.entity_id.in_(ids))
        ins = ins.where(TrackingTask.entity_id.in_(ids))
    now = utcnow()
    rows = [dict(entity_id=e, kind=(CreditFactKind.BROKEN_COMMITMENT if c or k == InvestigationKind.COMMITMENT_BREACH.value
                                    else CreditFactKind.TRACKING_FINDING).value,
                 severity=FactSeverity.ORDINARY.value, source_department_id=d, occurred_on=clock.to_cst_date(at),
                 source_type="investigation", source_id=i, summary=reason, public=False, state=FactState.ACTIVE.value,
                 created_at=now) for i, e, d, reason, at, c, k in session.exec(inv).all()]
    rows += [dict(entity_id=e, kind=CreditFactKind.TRACKING_FINDING.value, severity=FactSeverity.MINOR.value,
                  source_department_id=d, occurred_on=on, source_type="tracking_inspection", source_id=i,
                  summary=notes or "跟踪检查：通过登记住所无法联系", public=False, state=FactState.ACTIVE.value,
                  created_at=now) for i, e, d, notes, on in session.exec(ins).all()]
    if rows:
        session.execute(sa.insert(CreditFact), rows)
    return len(rows)


# --- evaluation -------------------------------------------------------------------------------------------

def _facts_of(session: Session, entity_ids: list[int]) -> dict[int, list[grading.Fact]]:
    out: dict[int, list[grading.Fact]] = defaultdict(list)
    stmt = (select(CreditFact.entity_id, CreditFact.id, CreditFact.kind, CreditFact.severity, CreditFact.occurred_on)
            .where(CreditFact.entity_id.in_(entity_ids), CreditFact.state == FactState.ACTIVE.value))
    for e, i, k, s, on in session.exec(stmt).all():
        out[e].append(grading.Fact(i, k, s, on))
    return out


def _evaluate_batch(session: Session, std: grading.Standard, entity_ids: list[int], today: date) -> dict[int, grading.Evaluation]:
    facts = _facts_of(session, entity_ids)
    results = {e: grading.grade(std, facts.get(e, ()), today) for e in entity_ids}
    session.execute(sa.update(CreditEvaluation).where(CreditEvaluation.entity_id.in_(entity_ids),
                                                      CreditEvaluation.current.is_(True)).values(current=False))
    now = utcnow()
    session.execute(sa.insert(CreditEvaluation), [
        dict(entity_id=e, standard_version=std.version, score=r.score, grade=r.grade,
             contributions=[c.as_dict() for c in r.contributions], evaluated_on=today, current=True, created_at=now)
        for e, r in results.items()])
    return results


def _current_evaluation(session: Session, entity_id: int) -> CreditEvaluation | None:
    return session.exec(select(CreditEvaluation).where(CreditEvaluation.entity_id == entity_id,
                                                       CreditEvaluation.current.is_(True))).first()


def evaluate_credit(*, session: Session, actor: Actor, uscc: str, request_id: str = "-",
                    today: date | None = None) -> CreditEvaluation:
    """评定一个主体的公共信用等级 under the current standard (信用主管部门 only, §29)."""
    _require_credit(actor, "评定信用等级")
    entity = _entity(session, uscc=uscc)
    std = _standard_or_fail(session)
    today = today or clock.today()
    derived = sync_derived_facts(session, [entity.id])
    r = _evaluate_batch(session, std, [entity.id], today)[entity.id]
    row = _current_evaluation(session, entity.id)
    audit.append(session, actor=actor, act="credit.evaluate", target_type="CreditEvaluation", target_id=row.id,
                 request_id=request_id, change={"uscc": entity.uscc, "standardVersion": std.version, "score": r.score,
                                                "grade": r.grade, "derivedFacts": derived,
                                                "contributions": [c.as_dict() for c in r.contributions]})
    return row


@dataclass(frozen=True)
class Reevaluation:
    standard_version: int
    entities: int
    by_grade: dict[str, int]
    derived_facts: int


def reevaluate_all(*, session: Session, actor: Actor, request_id: str = "-", today: date | None = None,
                   batch_size: int = BATCH) -> Reevaluation:
    """批量重评: every active entity under the current standard, batch by batch over ranges of ids; one audit
    record names the run. The caller commits.

    Per batch, set-based: one read of the batch's active credit facts; one UPDATE closing the batch's
    current evaluations; one INSERT … SELECT giving every entity without an active fact the standard's
    evaluation of no facts; the others graded in Python (`grading.grade`) and written in one COPY on
    PostgreSQL (one executemany elsewhere). The rows are those `_evaluate_batch` writes entity by entity."""
    _require_credit(actor, "批量评定信用等级")
    std = _standard_or_fail(session)
    today = today or clock.today()
    derived = sync_derived_facts(session, None)
    session.flush()
    blank = grading.grade(std, (), today)
    now = utcnow()
    ev = CreditEvaluation.__table__
    active = MarketEntity.status == EntityStatus.ACTIVE.value
    has_fact = sa.exists().where(CreditFact.entity_id == MarketEntity.id, CreditFact.state == FactState.ACTIVE.value)
    contributions = sa.literal(json.dumps([c.as_dict() for c in blank.contributions]))
    if bulk.postgresql(session):
        contributions = sa.cast(contributions, ev.c.contributions.type)
    cols = ["entity_id", "standard_version", "score", "grade", "contributions", "evaluated_on", "current", "created_at"]
    counts: Counter[str] = Counter()
    last = 0
    n = 0
    while True:
        ids = select(MarketEntity.id).where(MarketEntity.id > last, active).order_by(MarketEntity.id).limit(batch_size)
        hi = session.execute(select(sa.func.max(ids.subquery().c.id))).scalar()
        if hi is None:
            break
        in_batch = sa.and_(MarketEntity.id > last, MarketEntity.id <= hi, active)
        facts: dict[int, list[grading.Fact]] = defaultdict(list)
        for e, i, k, sev, on in session.execute(
                select(CreditFact.entity_id, CreditFact.id, CreditFact.kind, CreditFact.severity, CreditFact.occurred_on)
                .join(MarketEntity, MarketEntity.id == CreditFact.entity_id)
                .where(in_batch, CreditFact.state == FactState.ACTIVE.value)):
            facts[e].append(grading.Fact(i, k, sev, on))
        session.execute(sa.update(ev).where(ev.c.current.is_(True), ev.c.entity_id > last, ev.c.entity_id <= hi,
                                            ev.c.entity_id.in_(select(MarketEntity.id).where(in_batch)))
                        .values(current=False))
        blanks = session.execute(sa.insert(ev).from_select(cols, select(
            MarketEntity.id, sa.literal(std.version), sa.literal(blank.score), sa.literal(blank.grade), contributions,
            sa.literal(today, ev.c.evaluated_on.type), sa.true(), sa.literal(now, ev.c.created_at.type))
            .where(in_batch, ~has_fact)).execution_options(preserve_rowcount=True)).rowcount
        counts[blank.grade] += blanks
        rows = []
        for e, fs in facts.items():
            r = grading.grade(std, fs, today)
            counts[r.grade] += 1
            rows.append(dict(entity_id=e, standard_version=std.version, score=r.score, grade=r.grade,
                             contributions=[c.as_dict() for c in r.contributions], evaluated_on=today, current=True,
                             created_at=now))
        bulk.write_rows(session, ev.name, rows)
        n += blanks + len(rows)
        last = hi
    for obj in list(session.identity_map.values()):  # the UPDATEs bypassed the ORM: reload evaluations held
        if isinstance(obj, CreditEvaluation):
            session.expire(obj)
    audit.append(session, actor=actor, act="credit.reevaluate", target_type="CreditStandard", target_id=std.version,
                 request_id=request_id, change={"entities": n, "byGrade": dict(counts), "evaluatedOn": today,
                                                "derivedFacts": derived})
    return Reevaluation(std.version, n, dict(counts), derived)


# --- dishonesty lists ------------------------------------------------------------------------------------

def _require_lister(actor: Actor) -> None:
    if not actor.has_kind(DepartmentKind.REGISTRATION):
        raise Forbidden("只有登记注册（市场监管）部门可以列入或移出经营异常名录、严重违法失信名单")


def list_entity(*, session: Session, actor: Actor, uscc: str, list_kind: str, reason: str, basis: str,
                listed_on: date | None, request_id: str = "-", today: date | None = None) -> ListEntry:
    """列入经营异常名录 / 严重违法失信名单: reason, basis, deciding department, date. Every department sees it."""
    _require_lister(actor)
    entity = _entity(session, uscc=uscc)
    today = today or clock.today()
    errors = Collector()
    kind = validation.choice(errors, "listKind", list_kind, DishonestyList, "名录类别")
    reason_v = validation.text(errors, "reason", reason, "列入事由", max_len=2000)
    basis_v = validation.text(errors, "basis", basis, "列入依据", max_len=2000)
    day = validation.past_date(errors, "listedOn", listed_on, "列入日期", today)
    if kind and session.exec(select(ListEntry.id).where(ListEntry.entity_id == entity.id, ListEntry.list_kind == kind.value,
                                                        ListEntry.removed_on.is_(None))).first():
        errors.add(ErrorCode.DUPLICATE, f"{entity.name}已在该名录（名单）中", "listKind")
    errors.check()
    fact = CreditFact(entity_id=entity.id, kind=LIST_FACT[kind].value,
                      severity=(FactSeverity.SERIOUS if kind == DishonestyList.SERIOUS_VIOLATION else FactSeverity.ORDINARY).value,
                      source_department_id=actor.department_id, occurred_on=day, source_type="list_entry",
                      summary=reason_v, public=True)
    session.add(fact)
    session.flush()
    entry = ListEntry(entity_id=entity.id, list_kind=kind.value, reason=reason_v, basis=basis_v,
                      department_id=actor.department_id, listed_on=day, fact_id=fact.id)
    session.add(entry)
    session.flush()
    fact.source_id = entry.id
    session.add(fact)
    session.flush()
    audit.append(session, actor=actor, act="credit.list", target_type="ListEntry", target_id=entry.id,
                 request_id=request_id, change={"uscc": entity.uscc, "list": kind.value, "reason": reason_v,
                                                "basis": basis_v, "listedOn": day})
    return entry


def _end_listing(session: Session, entry: ListEntry, *, day: date, reason: str, department_id: int | None,
                 fact_state: FactState) -> None:
    entry.removed_on = day
    entry.removal_reason = reason
    entry.removed_by_department_id = department_id
    session.add(entry)
    fact = session.get(CreditFact, entry.fact_id)
    if fact is not None and fact.state == FactState.ACTIVE.value:
        fact.state = fact_state.value
        fact.ended_on = day
        session.add(fact)


def remove_from_list(*, session: Session, actor: Actor, entry_id: int, reason: str, removed_on: date | None,
                     request_id: str = "-", today: date | None = None) -> ListEntry:
    """移出: by the deciding department, with a reason; the listing stops counting for the grade."""
    entry = session.get(ListEntry, entry_id)
    if entry is None:
        raise NotFound("未找到该名录记录", "entryId")
    if entry.department_id != actor.department_id:
        raise Forbidden("只有作出列入决定的部门可以移出")
    today = today or clock.today()
    errors = Collector()
    reason_v = validation.text(errors, "reason", reason, "移出事由", max_len=2000)
    day = validation.past_date(errors, "removedOn", removed_on, "移出日期", today)
    if entry.removed_on is not None:
        errors.add(ErrorCode.ALREADY_DONE, "该主体已移出", "entryId")
    if day and day < entry.listed_on:
        errors.add(ErrorCode.INVALID_DATE, "移出日期不能早于列入日期", "removedOn")
    errors.check()
    _end_listing(session, entry, day=day, reason=reason_v, department_id=actor.department_id, fact_state=FactState.ENDED)
    session.flush()
    audit.append(session, actor=actor, act="credit.unlist", target_type="ListEntry", target_id=entry.id,
                 request_id=request_id, change={"reason": reason_v, "removedOn": day})
    return entry


# --- joint reward and punishment (§31) -------------------------------------------------------------------

def save_joint_measure(*, session: Session, actor: Actor, code: str, kind: str, matter: str, target: str, means: str,
                       implementing_department_code: str, legal_basis: str, acts: list[str],
                       target_list: str | None = None, target_grades: list[str] | None = None,
                       published: bool = True, request_id: str = "-") -> JointMeasure:
    """联合奖惩清单的一项 (§31): maintained and published by the credit department; new code adds, same code updates."""
    _require_credit(actor, "编制联合奖惩清单")
    errors = Collector()
    code_v = validation.text(errors, "code", code, "措施编码", max_len=32)
    k = validation.choice(errors, "kind", kind, MeasureKind, "奖惩类别")
    matter_v = validation.text(errors, "matter", matter, "奖惩事项", max_len=300)
    target_v = validation.text(errors, "target", target, "实施对象", max_len=300)
    means_v = validation.text(errors, "means", means, "实施手段", max_len=2000)
    basis_v = validation.text(errors, "legalBasis", legal_basis, "实施依据", max_len=2000)
    lst = validation.choice(errors, "targetList", target_list, DishonestyList, "对象名录") if target_list else None
    act_vals = [a for a in (validation.choice(errors, "acts", x, CreditAct, "适用环节") for x in acts or []) if a]
    if not acts:
        errors.add(ErrorCode.REQUIRED, "须列明适用的办理环节", "acts")
    if lst is None and not target_grades:
        errors.add(ErrorCode.REQUIRED, "须指明对象名录或信用等级", "targetList")
    std = current_standard(session)
    grades_v = [g.strip().upper() for g in target_grades or []]
    if std and any(g not in std.grade_order for g in grades_v):
        errors.add(ErrorCode.INVALID_VALUE, f"信用等级须为 {'、'.join(std.grade_order)} 之一", "targetGrades")
    dept = session.exec(select(Department).where(Department.code == (implementing_department_code or "").strip().upper())).first()
    if dept is None:
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {implementing_department_code} 的部门", "implementingDepartmentCode")
    errors.check()
    m = session.exec(select(JointMeasure).where(JointMeasure.code == code_v)).first() or JointMeasure(code=code_v)
    for attr, value in dict(kind=k.value, matter=matter_v, target=target_v, means=means_v, legal_basis=basis_v,
                            target_list=lst.value if lst else None, target_grades=grades_v,
                            acts=[a.value for a in act_vals], implementing_department_id=dept.id,
                            published=published, updated_at=utcnow()).items():
        setattr(m, attr, value)
    session.add(m)
    session.flush()
    audit.append(session, actor=actor, act="credit.measure.save", target_type="JointMeasure", target_id=m.id,
                 request_id=request_id, change={"code": code_v, "kind": m.kind, "matter": matter_v, "target": target_v,
                                                "targetList": m.target_list, "targetGrades": grades_v, "means": means_v,
                                                "acts": m.acts, "department": dept.code, "legalBasis": basis_v,
                                                "published": published})
    return m


def measures_for(measures: Iterable[JointMeasure], flags: Iterable[str], grade: str | None,
                 act: str | None = None) -> list[JointMeasure]:
    """The published punishment measures that apply to an entity with these list flags and grade, for an act."""
    flags = set(flags)
    return [m for m in measures if m.published and m.kind == MeasureKind.PUNISHMENT.value
            and (act is None or act in (m.acts or []))
            and ((m.target_list and m.target_list in flags) or (grade is not None and grade in (m.target_grades or [])))]


def published_measures(session: Session) -> list[JointMeasure]:
    return list(session.exec(select(JointMeasure).where(JointMeasure.published.is_(True)).order_by(JointMeasure.id)).all())


# --- credit repair and objections (000 §7; 003 §14) ------------------------------------------------------

def _may_file(actor: Actor) -> bool:
    return actor.kind == ActorKind.KEY or actor.has_kind(DepartmentKind.REGISTRATION)


def file_repair_request(*, session: Session, actor: Actor, fact_id: int, kind: str, reason: str,
                        request_id: str = "-", today: date | None = None) -> RepairRequest:
    """An entity, through the registration department or a partner key, asks to repair a record or objects
    to it; the department whose record it is decides within the standard's time limit (working days)."""
    if not _may_file(actor):
        raise Forbidden("信用修复申请和异议须通过登记注册部门或合作系统提交")
    fact = session.get(CreditFact, fact_id)
    if fact is None:
        raise NotFound("未找到该信用记录", "factId")
    today = today or clock.today()
    errors = Collector()
    k = validation.choice(errors, "kind", kind, RepairKind, "申请类别")
    reason_v = validation.text(errors, "reason", reason, "申请理由", max_len=4000)
    if fact.state != FactState.ACTIVE.value:
        errors.add(ErrorCode.ALREADY_DONE, "该信用记录已不再有效", "factId")
    if fact.kind in (CreditFactKind.HONOUR.value, CreditFactKind.COMMITMENT_KEPT.value) and k == RepairKind.REPAIR:
        errors.add(ErrorCode.INVALID_VALUE, "守信记录无需修复", "factId")
    if session.exec(select(RepairRequest.id).where(RepairRequest.fact_id == fact.id,
                                                   RepairRequest.status == RepairStatus.PENDING.value)).first():
        errors.add(ErrorCode.DUPLICATE, "该信用记录已有待处理的申请", "factId")
    errors.check()
    std = current_standard(session)
    days = std.time_limit(k.value) if std else grading.DEFAULT_TIME_LIMITS[k.value]
    due = load_calendar(session).add_working_days(today, days)
    req = RepairRequest(fact_id=fact.id, entity_id=fact.entity_id, kind=k.value, reason=reason_v, filed_by=actor.ident,
                        filed_on=today, department_id=fact.source_department_id, due=due.due,
                        due_provisional=due.provisional)
    session.add(req)
    session.flush()
    audit.append(session, actor=actor, act="credit.repair.file", target_type="RepairRequest", target_id=req.id,
                 request_id=request_id, change={"factId": fact.id, "kind": k.value, "reason": reason_v,
                                                "department": fact.source_department_id, "due": due.due})
    return req


def decide_repair_request(*, session: Session, actor: Actor, repair_id: int, accept: bool, reason: str,
                          request_id: str = "-", today: date | None = None) -> RepairRequest:
    """The responsible department decides. Accepted: the record stops counting for the grade and leaves the
    public view; a listing behind it ends; a graded entity is re-graded under the current standard at once."""
    req = session.get(RepairRequest, repair_id)
    if req is None or (req.department_id != actor.department_id and not is_credit_department(actor)):
        raise NotFound("未找到该申请", "repairId")
    if req.department_id != actor.department_id:
        raise Forbidden("由提供该信用记录的部门作出决定")
    today = today or clock.today()
    errors = Collector()
    reason_v = validation.text(errors, "reason", reason, "处理意见", max_len=4000)
    if req.status != RepairStatus.PENDING.value:
        errors.add(ErrorCode.ALREADY_DONE, "该申请已处理", "repairId")
    errors.check()
    req.status = (RepairStatus.ACCEPTED if accept else RepairStatus.REJECTED).value
    req.decided_on = today
    req.decision_reason = reason_v
    session.add(req)
    regraded = None
    if accept:
        fact = session.get(CreditFact, req.fact_id)
        state = FactState.REPAIRED if req.kind == RepairKind.REPAIR.value else FactState.WITHDRAWN
        entry = session.exec(select(ListEntry).where(ListEntry.fact_id == fact.id, ListEntry.removed_on.is_(None))).first()
        if entry is not None:
            _end_listing(session, entry, day=today, reason=f"信用修复：{reason_v}", department_id=actor.department_id,
                         fact_state=state)
        if fact.state == FactState.ACTIVE.value:
            fact.state = state.value
            fact.ended_on = today
        fact.public = False
        session.add(fact)
        session.flush()
        if fact.source_type == "penalty" and fact.source_id is not None:  # 信用修复 ends the penalty's publicity early
            disclosure.take_down_after_repair(session, kind=DisclosureKind.PENALTY.value, source_id=fact.source_id)
        std = current_standard(session)
        if std is not None and _current_evaluation(session, req.entity_id) is not None:
            regraded = _evaluate_batch(session, std, [req.entity_id], today)[req.entity_id].grade
    session.flush()
    audit.append(session, actor=actor, act="credit.repair.decide", target_type="RepairRequest", target_id=req.id,
                 request_id=request_id, change={"status": req.status, "reason": reason_v, "decidedOn": today,
                                                "regraded": regraded})
    return req
