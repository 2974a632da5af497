"""立案查处 beyond tracking: rule 6 and closing an investigation.

Rule 6 (000 §(四); DOMAIN.md): an approval obtained by a false or broken commitment (告知承诺) is
investigated by the department that approved it. Any department responsible for the entity may
report what it found (a tracking visit, a routine check, a complaint); the investigation is the
approving department's, and it routes the entity to that department even after the permit is
revoked. Closing a substantiated commitment investigation revokes the permit in the same act
(撤销许可), through the permit's own status change so the decision stays the approving
department's.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from models import Investigation, MarketEntity, Permit, PermitItem
from models.base import utcnow
from models.enums import (CommitmentBreach, InvestigationKind, InvestigationOutcome, PermitStatus,
                          ResponsibilityRule)

from . import audit, clock, credit, validation
from .actors import Actor
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .permits import change_permit_status
from .responsibility import Action, assign, can

BREACH_TEXT = {CommitmentBreach.FALSE: "承诺内容不实（虚假承诺）", CommitmentBreach.BROKEN: "未履行承诺"}
LIVE = {PermitStatus.GRANTED.value, PermitStatus.CHANGED.value}


def visible_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """Which investigations a viewer sees: its department's and those it found; OVERSIGHT all; the public none."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.or_(Investigation.department_id == actor.department_id,
                  Investigation.found_by_department_id == actor.department_id)


def report_commitment_breach(*, session: Session, actor: Actor, permit_id: int, breach: str, found_on: date | None,
                             facts: str, request_id: str = "-", today: date | None = None) -> Investigation:
    """Rule 6: open an investigation of a 告知承诺 approval for the department that approved it."""
    permit = session.get(Permit, permit_id)
    entity = session.get(MarketEntity, permit.entity_id) if permit else None
    if permit is None or not can(actor, Action.READ_ENTITY_FILE, entity, session=session):
        raise NotFound("未找到该许可", "permitId")
    if actor.is_oversight:
        raise Forbidden("督查部门只发督办通知，不报告违诺线索")
    today = today or clock.today()
    errors = Collector()
    kind = validation.choice(errors, "breach", breach, CommitmentBreach, "违诺情形")
    day = validation.past_date(errors, "foundOn", found_on, "发现日期", today)
    facts_v = validation.text(errors, "facts", facts, "违诺事实", max_len=2000)
    if not permit.by_commitment:
        errors.add(ErrorCode.NOT_BY_COMMITMENT, "该许可不是以告知承诺方式取得的，不适用违诺查处", "permitId")
    if permit.status not in LIVE:
        errors.add(ErrorCode.INVALID_STATUS_TRANSITION, "该许可已失效，无需再查处违诺", "permitId")
    if day and day < permit.decision_date:
        errors.add(ErrorCode.INVALID_DATE, "发现日期不能早于许可决定日期", "foundOn")
    errors.check()
    open_already = session.exec(select(Investigation.id).where(
        Investigation.permit_id == permit.id, Investigation.status == "OPEN")).first()
    if open_already is not None:
        raise DomainError(ErrorCode.ALREADY_DONE, "该许可的违诺查处已立案，尚未办结", "permitId")
    item = session.get(PermitItem, permit.item_id)
    inv = Investigation(entity_id=entity.id, department_id=permit.issuing_department_id, item_id=item.id,
                        found_by_department_id=actor.department_id, kind=InvestigationKind.COMMITMENT_BREACH.value,
                        permit_id=permit.id, breach=kind.value,
                        reason=f"{day.isoformat()}发现“{item.name}”（{permit.number}）{BREACH_TEXT[kind]}：{facts_v}")
    session.add(inv)
    session.flush()
    assign(session, entity_id=entity.id, department_id=permit.issuing_department_id,
           rule=ResponsibilityRule.COMMITMENT_BREACH, source_kind="investigation", source_id=inv.id, item_id=item.id)
    audit.append(session, actor=actor, act="investigation.commitment_breach", target_type="Investigation",
                 target_id=inv.id, request_id=request_id,
                 change={"uscc": entity.uscc, "permitId": permit.id, "number": permit.number, "breach": kind.value,
                         "foundOn": day, "facts": facts_v, "department": permit.issuing_department_id})
    return inv


def close_investigation(*, session: Session, actor: Actor, investigation_id: int, outcome: str, conclusion: str,
                        request_id: str = "-") -> Investigation:
    """办结: only the investigating department closes it; a substantiated breach revokes the permit."""
    inv = session.get(Investigation, investigation_id)
    visible = inv is not None and (actor.is_oversight or (
        actor.department_id is not None and actor.department_id in (inv.department_id, inv.found_by_department_id)))
    if not visible:
        raise NotFound("未找到该案件", "investigationId")
    if actor.department_id != inv.department_id:
        raise Forbidden("只有查处部门可以办结案件")
    errors = Collector()
    result = validation.choice(errors, "outcome", outcome, InvestigationOutcome, "查处结果")
    conclusion_v = validation.text(errors, "conclusion", conclusion, "处理结论", max_len=2000)
    if inv.status != "OPEN":
        errors.add(ErrorCode.ALREADY_DONE, "该案件已办结", "investigationId")
    errors.check()
    revoked = None
    if (inv.kind == InvestigationKind.COMMITMENT_BREACH.value and result == InvestigationOutcome.SUBSTANTIATED
            and inv.permit_id is not None):
        permit = session.get(Permit, inv.permit_id)
        if permit.status in LIVE:
            change_permit_status(session=session, actor=actor, permit_id=permit.id, status=PermitStatus.REVOKED.value,
                                 reason=f"以告知承诺方式取得许可后查实{BREACH_TEXT[CommitmentBreach(inv.breach)]}，撤销许可：{conclusion_v}",
                                 request_id=request_id)
            revoked = permit.id
    if result == InvestigationOutcome.UNFOUNDED:  # an allegation not borne out is no credit fact
        credit.withdraw_source_facts(session, source_type="investigation", source_id=inv.id)
    inv.status = "CLOSED"
    inv.outcome = result.value
    inv.conclusion = conclusion_v
    inv.closed_at = utcnow()
    session.add(inv)
    session.flush()
    audit.append(session, actor=actor, act="investigation.close", target_type="Investigation", target_id=inv.id,
                 request_id=request_id, change={"outcome": result.value, "conclusion": conclusion_v,
                                                "revokedPermitId": revoked})
    return inv
