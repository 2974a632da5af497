"""双告知 (§6–9, §42–43): the notice, the commitment, the push to departments, and the pool.

At registration the registration department tells the applicant which post-registration items
its business scope calls for and who approves them (一告知), takes the commitment not to operate
before approval, and pushes the registration to every approval, competent and enforcement
department the items name and to the entity's street (二告知). When no department is clear, the
entity goes to a pool that departments query and claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from models import (Commitment, Department, JointReview, JointReviewOpinion, MarketEntity, Notification, PermitItem,
                    PoolClaim, PoolEntry, RegistrationNotice, TrackingTask)
from models.base import utcnow
from models.enums import (DepartmentKind, NotificationRole, PermitItemStatus, PermitMode, ResponsibilityRule,
                          SignerRole, TaskStatus)

from . import audit, clock
from .actors import Actor
from .calendar import load_calendar
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import approving_department_id, assign, responsible_departments
from .workdays import Deadline, add_months

ACK_WORKING_DAYS = 1  # §11
TRACKING_MONTHS = 2  # §15
NEEDS_APPROVAL = {PermitItemStatus.ACTIVE.value, PermitItemStatus.DELEGATED.value, PermitItemStatus.SEPARATED.value}


@dataclass(frozen=True)
class CommitmentInput:
    signer_name: str
    signer_role: str
    signed_on: date | None


def items_for_scope(session: Session, business_scope: str) -> list[PermitItem]:
    """Post-registration items whose scope phrases appear in the business scope (双告知目录, §7)."""
    scope = business_scope or ""
    items = session.exec(select(PermitItem).where(PermitItem.mode == PermitMode.POST_REGISTRATION.value)
                         .order_by(PermitItem.id)).all()
    return [i for i in items if any(p and p in scope for p in i.scope_phrases)]


def notice_items(items: list[PermitItem], departments: dict[int, Department]) -> list[dict]:
    """The lines of the 告知书: items that need approval (or filing), with the department to apply to."""
    lines = []
    for i in items:
        if i.status == PermitItemStatus.CANCELLED.value:
            continue
        approver = approving_department_id(i) or i.competent_department_id
        d = departments[approver]
        lines.append({"itemId": i.id, "code": i.code, "name": i.name, "legalBasis": i.legal_basis,
                      "status": i.status, "filing": i.status == PermitItemStatus.FILING.value,
                      "noticeCommitment": i.notice_commitment, "highRisk": i.high_risk,
                      "departmentCode": d.code, "departmentName": d.name})
    return lines


def _push_targets(items: list[PermitItem], street_id: int | None) -> dict[tuple[int, str], list[int]]:
    """(department, role) -> item ids: approval, competent and enforcement departments the items name."""
    targets: dict[tuple[int, str], list[int]] = {}

    def add(dept_id: int | None, role: NotificationRole, item_id: int | None) -> None:
        if dept_id is None:
            return
        ids = targets.setdefault((dept_id, role.value), [])
        if item_id is not None and item_id not in ids:
            ids.append(item_id)

    for i in items:
        approver = approving_department_id(i)
        add(approver, NotificationRole.APPROVAL, i.id)
        for r in responsible_departments(None, i):
            if r.department_id != approver:
                add(r.department_id, NotificationRole.COMPETENT, i.id)
        # The competent department an item names is told even when it does not decide permits (§6, §13);
        # a delegated item's supervision moves down with the approval (rule 5).
        if i.status == PermitItemStatus.ACTIVE.value and i.competent_department_id != approver:
            add(i.competent_department_id, NotificationRole.COMPETENT, i.id)
        add(i.enforcement_department_id, NotificationRole.ENFORCEMENT, i.id)
    if street_id is not None:
        add(street_id, NotificationRole.STREET, None)
    # One department named in several roles is told once, under its first role.
    seen: set[int] = set()
    merged: dict[tuple[int, str], list[int]] = {}
    for (dept, role), ids in targets.items():
        if dept in seen:
            key = next(k for k in merged if k[0] == dept)
            merged[key].extend(x for x in ids if x not in merged[key])
            continue
        seen.add(dept)
        merged[(dept, role)] = list(ids)
    return merged


def check_commitment(session: Session, errors: Collector, business_scope: str, commitment: CommitmentInput | None,
                     today: date) -> None:
    """§8: a scope calling for an item that needs approval needs a signed commitment."""
    needs = any(i.status in NEEDS_APPROVAL for i in items_for_scope(session, business_scope))
    if needs and commitment is None:
        errors.add(ErrorCode.COMMITMENT_REQUIRED, "经营范围涉及须经批准的项目，登记时须由法定代表人、负责人、经营者或其授权人签署承诺书（§8）",
                   "commitment")
    if commitment is not None:
        if not (commitment.signer_name or "").strip():
            errors.add(ErrorCode.REQUIRED, "承诺书签署人不能为空", "commitment.signerName")
        try:
            SignerRole(commitment.signer_role)
        except ValueError:
            errors.add(ErrorCode.INVALID_VALUE, "签署人身份应为法定代表人、负责人、经营者或授权人", "commitment.signerRole")
        if commitment.signed_on is None or commitment.signed_on > today:
            errors.add(ErrorCode.INVALID_DATE, "承诺书签署日期不能为空或晚于今天", "commitment.signedOn")


def notify_registration(*, session: Session, actor: Actor, entity: MarketEntity, commitment: CommitmentInput | None,
                        street_department_id: int | None, request_id: str, now: datetime | None = None) -> RegistrationNotice:
    """一告知 and 二告知 for a newly registered entity (called inside register_entity's transaction)."""
    now = now or utcnow()
    today = clock.to_cst_date(now)
    items = items_for_scope(session, entity.business_scope)
    dept_ids = {d for i in items for d in (i.approving_department_id, i.competent_department_id,
                                           i.delegated_to_department_id, i.enforcement_department_id) if d}
    departments = {d.id: d for d in session.exec(select(Department).where(Department.id.in_(dept_ids or {-1}))).all()}
    lines = notice_items(items, departments)
    notice = RegistrationNotice(entity_id=entity.id, department_id=actor.department_id, issued_on=today, items=lines)
    session.add(notice)
    session.flush()
    if commitment is not None:
        session.add(Commitment(entity_id=entity.id, notice_id=notice.id, signer_name=commitment.signer_name.strip(),
                               signer_role=commitment.signer_role, signed_on=commitment.signed_on))

    calendar = load_calendar(session)
    due = calendar.add_working_days(today, ACK_WORKING_DAYS)
    needing = [i for i in items if i.status in NEEDS_APPROVAL or i.status == PermitItemStatus.FILING.value]
    pushed = []
    for (dept_id, role), item_ids in _push_targets(items, street_department_id).items():
        n = Notification(entity_id=entity.id, department_id=dept_id, role=role, item_ids=item_ids, pushed_at=now,
                         ack_due=due.due, ack_due_provisional=due.provisional)
        session.add(n)
        session.flush()
        assign(session, entity_id=entity.id, department_id=dept_id, rule=ResponsibilityRule.ROUTED,
               source_kind="notification", source_id=n.id)
        tracked = [i for i in item_ids if i in {x.id for x in needing}]
        if tracked and role != NotificationRole.STREET.value:
            _open_tracking(session, calendar, entity.id, dept_id, n.id, tracked, today)
        pushed.append([dept_id, role, item_ids])
    if not [p for p in pushed if p[1] != NotificationRole.STREET.value]:
        reason = "经营范围不涉及双告知目录中的审批事项" if not items else "审批部门不明确"
        session.add(PoolEntry(entity_id=entity.id, reason=reason, pooled_at=now))
    high_risk = [i for i in items if i.high_risk]
    if high_risk:
        _open_joint_review(session, entity.id, high_risk, today)
    session.flush()
    audit.append(session, actor=actor, act="entity.notify", target_type="MarketEntity", target_id=entity.uscc,
                 request_id=request_id, change={
                     "notice": [line["code"] for line in lines],
                     "commitment": None if commitment is None else {
                         "signerName": commitment.signer_name, "signerRole": commitment.signer_role,
                         "signedOn": commitment.signed_on},
                     "pushed": pushed, "ackDue": due.due, "pooled": not [p for p in pushed if p[1] != "STREET"],
                     "jointReview": [i.code for i in high_risk]})
    return notice


def tracking_due(calendar, start: date, months: int) -> Deadline:
    """`months` after `start`; a period ending on a day off ends on the next working day (民法典 §203).
    Provisional when the roll crosses a year whose holiday arrangement is not yet published."""
    end = add_months(start, months)
    due = calendar.next_working_day(end)
    return Deadline(due, calendar.is_provisional_between(end, due))


def _open_tracking(session: Session, calendar, entity_id: int, dept_id: int, notification_id: int, item_ids: list[int],
                   received: date) -> None:
    """照后证前 (§14–15): a tracking inspection within 2 months of receiving the registration."""
    due = tracking_due(calendar, received, TRACKING_MONTHS)
    session.add(TrackingTask(entity_id=entity_id, department_id=dept_id, notification_id=notification_id,
                             item_ids=item_ids, opened_on=received, due=due.due, due_provisional=due.provisional,
                             status=TaskStatus.OPEN.value))


def _open_joint_review(session: Session, entity_id: int, items: list[PermitItem], today: date) -> None:
    """高风险行业 (§43): the departments the items name review the registration together."""
    review = JointReview(entity_id=entity_id, item_ids=[i.id for i in items], opened_on=today)
    session.add(review)
    session.flush()
    participants = []
    for i in items:
        for d in (approving_department_id(i), i.competent_department_id):
            if d and d not in participants:
                participants.append(d)
    for d in participants:
        session.add(JointReviewOpinion(review_id=review.id, department_id=d))


# --- 一反馈 ----------------------------------------------------------------------------------

def acknowledge_notification(*, session: Session, actor: Actor, notification_id: int, request_id: str = "-",
                             now: datetime | None = None) -> Notification:
    """接收反馈 (§11), due 1 working day after the push. Only the notified department acknowledges."""
    n = session.get(Notification, notification_id)
    if n is None or n.department_id != actor.department_id:
        raise NotFound("未找到该推送", "notificationId")
    if n.acknowledged_at is not None:
        raise DomainError(ErrorCode.ALREADY_DONE, "该推送已确认接收", "notificationId")
    n.acknowledged_at = now or utcnow()
    n.acknowledged_by = actor.ident
    session.add(n)
    session.flush()
    audit.append(session, actor=actor, act="notification.acknowledge", target_type="Notification", target_id=n.id,
                 request_id=request_id, change={"entityId": n.entity_id, "ackDue": n.ack_due,
                                                "acknowledgedOn": clock.to_cst_date(n.acknowledged_at)})
    return n


# --- the pool (§9) -----------------------------------------------------------------------------

CLAIMING_KINDS = {DepartmentKind.APPROVAL.value, DepartmentKind.COMPETENT.value, DepartmentKind.ENFORCEMENT.value}


def claim_pool_entry(*, session: Session, actor: Actor, pool_entry_id: int, request_id: str = "-",
                     now: datetime | None = None) -> PoolClaim:
    """A department takes on a pooled entity within its duties (§9, rule 8); it is then told as if pushed."""
    if not (set(actor.department_kinds) & CLAIMING_KINDS):
        raise Forbidden("只有许可审批、行业主管、综合执法部门可以认领")
    entry = session.get(PoolEntry, pool_entry_id)
    if entry is None:
        raise NotFound("未找到该待认领记录", "poolEntryId")
    if session.exec(select(PoolClaim.id).where(PoolClaim.pool_entry_id == entry.id,
                                               PoolClaim.department_id == actor.department_id)).first():
        raise DomainError(ErrorCode.ALREADY_DONE, "本部门已认领该市场主体", "poolEntryId")
    now = now or utcnow()
    n = Notification(entity_id=entry.entity_id, department_id=actor.department_id, role=NotificationRole.CLAIMED.value,
                     item_ids=[], pushed_at=now, ack_due=clock.to_cst_date(now), acknowledged_at=now,
                     acknowledged_by=actor.ident)
    session.add(n)
    session.flush()
    claim = PoolClaim(pool_entry_id=entry.id, department_id=actor.department_id, claimed_at=now, notification_id=n.id)
    session.add(claim)
    assign(session, entity_id=entry.entity_id, department_id=actor.department_id, rule=ResponsibilityRule.ROUTED,
           source_kind="pool_claim", source_id=entry.id)
    session.flush()
    audit.append(session, actor=actor, act="pool.claim", target_type="PoolEntry", target_id=entry.id,
                 request_id=request_id, change={"entityId": entry.entity_id})
    return claim


# --- joint review (§43) ------------------------------------------------------------------------

def complete_joint_review(*, session: Session, actor: Actor, review_id: int, opinion: str, request_id: str = "-",
                          now: datetime | None = None) -> JointReview:
    review = session.get(JointReview, review_id)
    mine = None
    if review is not None:
        mine = session.exec(select(JointReviewOpinion).where(JointReviewOpinion.review_id == review.id,
                                                             JointReviewOpinion.department_id == actor.department_id)).first()
    if review is None or mine is None:
        raise NotFound("未找到该联合审查", "reviewId")
    if mine.completed_at is not None:
        raise DomainError(ErrorCode.ALREADY_DONE, "本部门已提交审查意见", "reviewId")
    errors = Collector()
    text = (opinion or "").strip()
    if not text:
        errors.add(ErrorCode.REQUIRED, "审查意见不能为空", "opinion")
    errors.check()
    mine.opinion = text
    mine.completed_at = now or utcnow()
    mine.completed_by = actor.ident
    session.add(mine)
    session.flush()
    pending = session.exec(select(JointReviewOpinion.id).where(JointReviewOpinion.review_id == review.id,
                                                               JointReviewOpinion.completed_at.is_(None))).first()
    if pending is None:
        review.status = "COMPLETED"
        session.add(review)
    audit.append(session, actor=actor, act="joint_review.opinion", target_type="JointReview", target_id=review.id,
                 request_id=request_id, change={"opinion": text, "completed": review.status == "COMPLETED"})
    return review
