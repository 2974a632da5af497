"""Permits: recording a decision and changing its status (谁审批、谁监管)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import MarketEntity, Permit, PermitItem
from models.base import utcnow
from models.enums import EntityStatus, PermitStatus

from . import audit, clock, disclosure, validation
from .actors import Actor
from .entities import find_by_uscc
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import Action, approving_department_id, assign_for_permit, can
from .tracking import on_permit_recorded

TRANSITIONS: dict[PermitStatus, set[PermitStatus]] = {
    PermitStatus.GRANTED: {PermitStatus.CHANGED, PermitStatus.REVOKED, PermitStatus.EXPIRED, PermitStatus.CANCELLED},
    PermitStatus.CHANGED: {PermitStatus.CHANGED, PermitStatus.REVOKED, PermitStatus.EXPIRED, PermitStatus.CANCELLED},
    PermitStatus.REVOKED: set(),
    PermitStatus.EXPIRED: set(),
    PermitStatus.CANCELLED: set(),
}
NEEDS_REASON = {PermitStatus.REVOKED, PermitStatus.CANCELLED, PermitStatus.CHANGED}


def find_item(session: Session, code: str) -> PermitItem | None:
    return session.exec(select(PermitItem).where(PermitItem.code == (code or "").strip())).first()


def record_permit(*, session: Session, actor: Actor, uscc: str, item_code: str, number: str,
                  decision_date: date | None, valid_from: date | None = None, valid_to: date | None = None,
                  request_id: str = "-", today: date | None = None, now: datetime | None = None,
                  by_commitment: bool = False) -> Permit:
    """行政许可决定: only the department that approves the item records it (rule 1, rule 5).

    by_commitment: granted under 告知承诺 (the item must allow it); a false or broken commitment is
    then investigated by the approving department (rule 6, supervision/investigations.py)."""
    entity = find_by_uscc(session, uscc)
    if entity is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    item = find_item(session, item_code)
    if item is None:
        raise NotFound(f"审批事项目录中没有编码为 {item_code} 的事项", "itemCode")
    decision = can(actor, Action.RECORD_PERMIT, item)
    if not decision:
        if decision.rule == "ITEM_STATUS":
            raise DomainError(ErrorCode.ITEM_NOT_PERMITTABLE, decision.reason, "itemCode")
        raise Forbidden(decision.reason)
    today = today or clock.today()
    errors = Collector()
    if entity.status != EntityStatus.ACTIVE:
        errors.add(ErrorCode.ENTITY_NOT_ACTIVE, f"{entity.name}的登记状态不是存续，不能作出许可决定", "uscc")
    number_v = validation.text(errors, "number", number, "许可证编号", max_len=64)
    decided = validation.past_date(errors, "decisionDate", decision_date, "许可决定日期", today)
    valid_from = valid_from or decided
    if decided and valid_from and valid_from < decided:
        errors.add(ErrorCode.INVALID_DATE, "有效期自不能早于许可决定日期", "validFrom")
    if valid_from and valid_to and valid_to <= valid_from:
        errors.add(ErrorCode.INVALID_DATE, "有效期至必须晚于有效期自", "validTo")
    if number_v and session.exec(select(Permit.id).where(Permit.item_id == item.id, Permit.number == number_v)).first():
        errors.add(ErrorCode.DUPLICATE_PERMIT_NUMBER, f"“{item.name}”下已有编号为 {number_v} 的许可证", "number")
    if by_commitment and not item.notice_commitment:
        errors.add(ErrorCode.COMMITMENT_NOT_ALLOWED, f"“{item.name}”不实行告知承诺制，不能以告知承诺方式作出许可", "byCommitment")
    errors.check()

    permit = Permit(entity_id=entity.id, item_id=item.id, number=number_v, decision_date=decided,
                    valid_from=valid_from, valid_to=valid_to, status=PermitStatus.GRANTED.value, by_commitment=by_commitment,
                    issuing_department_id=approving_department_id(item) if decision.rule == "HIGHER_LEVEL_ENTRY"
                    else actor.department_id, created_at=now or utcnow(), updated_at=now or utcnow())
    try:
        with session.begin_nested():
            session.add(permit)
            session.flush()
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE_PERMIT_NUMBER, f"“{item.name}”下已有编号为 {number_v} 的许可证", "number") from None
    responsible = assign_for_permit(session, entity, item, permit)
    on_permit_recorded(session, permit, item)
    disclosure.on_permit_recorded(session, permit, item, entity, now=now)  # 双公示 (§39–40)
    audit.append(session, actor=actor, act="permit.record", target_type="Permit", target_id=permit.id,
                 request_id=request_id, change={
                     "uscc": entity.uscc, "itemCode": item.code, "number": permit.number,
                     "decisionDate": permit.decision_date, "validFrom": permit.valid_from, "validTo": permit.valid_to,
                     "status": permit.status, "byCommitment": permit.by_commitment, "supervisedBy": [[r.department_id, r.rule.value] for r in responsible],
                     "feedbackDue": permit.feedback_due, "notificationId": permit.notification_id})
    return permit


def change_permit_status(*, session: Session, actor: Actor, permit_id: int, status: str, reason: str | None = None,
                         request_id: str = "-") -> Permit:
    """变更、撤销、注销: the deciding department changes its own decision; others cannot."""
    permit = session.get(Permit, permit_id)
    entity = session.get(MarketEntity, permit.entity_id) if permit else None
    if permit is None or not can(actor, Action.READ_ENTITY_FILE, entity, session=session):
        raise NotFound("未找到该许可", "permitId")
    item = session.get(PermitItem, permit.item_id)
    decision = can(actor, Action.CHANGE_PERMIT_STATUS, (permit, item))
    if not decision:
        raise Forbidden(decision.reason)
    errors = Collector()
    new = validation.choice(errors, "status", status, PermitStatus, "许可状态")
    reason_v = validation.text(errors, "reason", reason, "变更原因", max_len=1000, required=new in NEEDS_REASON)
    errors.check()
    old = PermitStatus(permit.status)
    if new not in TRANSITIONS[old]:
        raise DomainError(ErrorCode.INVALID_STATUS_TRANSITION, f"许可状态不能从{old.value}变为{new.value}", "status")
    permit.status = new.value
    permit.status_reason = reason_v
    permit.updated_at = utcnow()
    session.add(permit)
    session.flush()
    disclosure.on_permit_status_changed(session, permit, reason_v)  # §40: the published record follows
    audit.append(session, actor=actor, act="permit.status", target_type="Permit", target_id=permit.id,
                 request_id=request_id, change={"from": old.value, "to": new.value, "reason": reason_v,
                                                "uscc": entity.uscc, "number": permit.number})
    return permit
