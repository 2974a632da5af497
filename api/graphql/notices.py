"""双告知 · 双反馈 · 双跟踪 and the oversight view (seeds/004 §6–18, §42–44): types, queries, mutations.

Reads are narrowed once, in SQL, at the root field: a department sees the records addressed to it,
OVERSIGHT sees every department's, the public none. Nested fields go through the request's
loaders, so a page costs the same number of statements whatever its length.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Iterable, Optional

import sqlalchemy as sa
import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.types import Info

from models import Investigation as InvestigationRow, JointReview as JointReviewRow
from models import JointReviewOpinion as OpinionRow, MarketEntity as EntityRow, Notification as NotificationRow
from models import Permit as PermitRow, PermitApplication as ApplicationRow, PoolClaim as ClaimRow, PoolEntry as PoolEntryRow
from models import PreApproval as PreApprovalRow, RegistrationNotice as NoticeRow
from models import SupervisionNotice as SupervisionNoticeRow, TrackingInspection as InspectionRow
from models import TrackingTask as TaskRow, Department as DepartmentRow
from models.enums import OverdueKind as OverdueKindValue
from supervision import clock, investigations as investigations_mod, notices as notices_mod, oversight, tracking as tracking_mod
from supervision import uscc as uscc_mod
from supervision.actors import Actor
from supervision.notices import CLAIMING_KINDS

from . import enums
from .errors import UserError
from .mutations import IDEMPOTENCY_DOC, run
from .pagination import check_first, connection, decode_cursor, page
from .types import (ERRORS_DOC, Department, MarketEntity, Permit, PermitItem, _department, _entity, entity_is,
                    pk_of, rows_by_ids)

# --- who sees what ----------------------------------------------------------------------------


def _own(actor: Actor, column) -> sa.ColumnElement[bool]:
    """OVERSIGHT: every department's records; a department: those addressed to it; the public: none."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return column == actor.department_id


def _visible_investigations(actor: Actor) -> sa.ColumnElement[bool]:
    return investigations_mod.visible_clause(actor)


def _visible_reviews(actor: Actor) -> sa.ColumnElement[bool]:
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.exists().where(OpinionRow.review_id == JointReviewRow.id, OpinionRow.department_id == actor.department_id)


def _visible_pre_approvals(actor: Actor) -> sa.ColumnElement[bool]:
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.or_(PreApprovalRow.approving_department_id == actor.department_id,
                  PreApprovalRow.registration_department_id == actor.department_id,
                  PreApprovalRow.enforcement_department_id == actor.department_id)


def _may_see_pool(actor: Actor) -> bool:
    return actor.is_oversight or bool(set(actor.department_kinds) & CLAIMING_KINDS)


async def _items(info: Info, item_ids: list[int]) -> list[PermitItem]:
    rows = await info.context.loaders.permit_item.load_many(list(item_ids or []))
    return [PermitItem.from_row(r) for r in rows if r is not None]


async def _calendar(info: Info):
    return await info.context.loaders.calendar.load(0)


class JointReviewStatusValue(str, Enum):
    OPEN = "OPEN"  # 审查中
    COMPLETED = "COMPLETED"  # 已完成


JointReviewStatus = strawberry.enum(JointReviewStatusValue, name="JointReviewStatus",
                                    description="联合审查状态 — joint review status (审查中、已完成)")

SUBJECT_TYPES = {
    OverdueKindValue.ACKNOWLEDGEMENT: "Notification",
    OverdueKindValue.PERMIT_FEEDBACK: "Permit",
    OverdueKindValue.TRACKING: "TrackingTask",
    OverdueKindValue.APPLICATION: "PermitApplication",
    OverdueKindValue.JOINT_CONFIRMATION: "JointParticipation",
    OverdueKindValue.DRAW_RESULT: "InspectionTask",
    OverdueKindValue.DISCLOSURE: "Disclosure",
    OverdueKindValue.CREDIT_REPAIR: "RepairRequest",
}


def _subject_gid(kind: str, subject_id: int) -> relay.GlobalID:
    return relay.GlobalID(SUBJECT_TYPES.get(OverdueKindValue(kind), "Unknown"), str(subject_id))


# --- 告知书 and 承诺书 (§8) ----------------------------------------------------------------------

@strawberry.type(description="告知书事项 — one line of the notice: a post-registration item and the department to apply to")
class NoticeItem:
    code: str = strawberry.field(description="事项编码 — catalogue item code")
    name: str = strawberry.field(description="事项名称 — item name")
    legal_basis: str = strawberry.field(description="设定依据 — legal basis")
    status: enums.PermitItemStatus = strawberry.field(description="事项状态 — item status when the notice was issued")
    filing: bool = strawberry.field(description="改为备案 — true when the item needs a filing (备案), not an approval")
    notice_commitment: bool = strawberry.field(description="可告知承诺 — notice-and-commitment allowed (告知承诺制)")
    high_risk: bool = strawberry.field(description="高风险行业 — high-risk sector (§43)")
    department_code: str = strawberry.field(description="审批（备案）部门编码 — code of the department to apply (or file) to")
    department_name: str = strawberry.field(description="审批（备案）部门 — name of the department to apply (or file) to")


@strawberry.type(description="承诺书 — the commitment signed at registration not to operate before approval (§8)")
class Commitment:
    signer_name: str = strawberry.field(description="签署人 — who signed")
    signer_role: enums.SignerRole = strawberry.field(description="签署人身份 — 法定代表人、负责人、经营者或授权人")
    signed_on: date = strawberry.field(description="签署日期 — date signed")


@strawberry.type(description="告知书 — the notice issued at registration (一告知, §6–8): the post-registration items the "
                 "business scope calls for and their approving departments; part of the entity's non-public file")
class RegistrationNotice:
    issued_on: date = strawberry.field(description="告知日期 — date issued")
    items: list[NoticeItem] = strawberry.field(description="告知事项 — items needing approval or filing (cancelled items are not listed)")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: NoticeRow) -> "RegistrationNotice":
        return cls(issued_on=r.issued_on, _entity_id=r.entity_id, _department_id=r.department_id, items=[
            NoticeItem(code=i.get("code", ""), name=i.get("name", ""), legal_basis=i.get("legalBasis", ""),
                       status=enums.PermitItemStatus(i.get("status", "ACTIVE")), filing=bool(i.get("filing")),
                       notice_commitment=bool(i.get("noticeCommitment")), high_risk=bool(i.get("highRisk")),
                       department_code=i.get("departmentCode", ""), department_name=i.get("departmentName", ""))
            for i in (r.items or [])])

    @strawberry.field(description="登记机关 — the registration department that issued it")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="承诺书 — the commitment (null when the scope needed none and none was signed)")
    async def commitment(self, info: Info) -> Optional[Commitment]:
        row = await info.context.loaders.commitment_of_entity.load(self._entity_id)
        if row is None:
            return None
        return Commitment(signer_name=row.signer_name, signer_role=enums.SignerRole(row.signer_role), signed_on=row.signed_on)


# --- 推送告知 (§9) and 一反馈 (§11) --------------------------------------------------------------

@strawberry.type(name="Notification", description="推送告知 — a registration pushed to one department (二告知, §9); "
                 "its receipt is due 1 working day later (一反馈, §11)")
class Notification(relay.Node):
    id: relay.NodeID[int]
    role: enums.NotificationRole = strawberry.field(description="推送原因 — why the department was told")
    pushed_at: datetime = strawberry.field(description="推送时间 — when pushed (UTC, ISO 8601)")
    ack_due: date = strawberry.field(description="接收反馈期限 — receipt due (1 working day after the push, §11)")
    ack_due_provisional: bool = strawberry.field(description="期限暂定 — true when the deadline falls in a year with no published holiday arrangement")
    acknowledged_at: Optional[datetime] = strawberry.field(description="接收反馈时间 — when acknowledged (null: not yet)")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _item_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: NotificationRow) -> "Notification":
        return cls(id=r.id, role=enums.NotificationRole(r.role), pushed_at=r.pushed_at, ack_due=r.ack_due,
                   ack_due_provisional=r.ack_due_provisional, acknowledged_at=r.acknowledged_at,
                   _entity_id=r.entity_id, _department_id=r.department_id, _item_ids=list(r.item_ids or []))

    @strawberry.field(description="市场主体 — the registered entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="接收部门 — the department told")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="涉及事项 — the catalogue items that name this department")
    async def items(self, info: Info) -> list[PermitItem]:
        return await _items(info, self._item_ids)

    @strawberry.field(description="超期工作日数 — working days past the receipt deadline while unacknowledged "
                      "(0 within it; null once acknowledged or when no receipt is owed, as for a street)")
    async def working_days_overdue(self, info: Info) -> Optional[int]:
        if self.acknowledged_at is not None or self.role == enums.NotificationRole.STREET:
            return None
        return max(0, (await _calendar(info)).working_days_between(self.ack_due, clock.today()))

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, NotificationRow, _own(info.context.actor, NotificationRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- 待认领 (§9) ---------------------------------------------------------------------------------

@strawberry.type(description="认领记录 — a department's claim on a pooled entity")
class PoolClaim:
    claimed_at: datetime = strawberry.field(description="认领时间 — when claimed (UTC)")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="认领部门 — the department that claimed it")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


@strawberry.type(name="PoolEntry", description="待认领 — a registration whose scope names no clear department (§9): "
                 "approval, competent and enforcement departments query it and claim it within their duties")
class PoolEntry(relay.Node):
    id: relay.NodeID[int]
    reason: str = strawberry.field(description="入池原因 — why it was pooled")
    pooled_at: datetime = strawberry.field(description="入池时间 — when pooled (UTC)")
    _entity_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: PoolEntryRow) -> "PoolEntry":
        return cls(id=r.id, reason=r.reason, pooled_at=r.pooled_at, _entity_id=r.entity_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="认领记录 — the claims so far")
    async def claims(self, info: Info) -> list[PoolClaim]:
        rows = await info.context.loaders.claims_of_pool_entry.load(self.id)
        return [PoolClaim(claimed_at=r.claimed_at, _department_id=r.department_id) for r in rows]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        clause = sa.true() if _may_see_pool(info.context.actor) else sa.false()
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, PoolEntryRow, clause, node_ids)]


# --- 双跟踪 (§14–17) -----------------------------------------------------------------------------

@strawberry.type(description="跟踪检查人员 — a staff member who took part in a tracking inspection")
class TrackingInspector:
    username: str = strawberry.field(description="用户名 — username")
    display_name: str = strawberry.field(description="姓名 — name")


@strawberry.type(name="Investigation", description="立案查处 — an investigation: of unlicensed operation by the "
                 "department the law names (rule 8, §15, §43), or of an approval obtained by a false or broken commitment "
                 "by the approving department (rule 6); the department that found it sees it too")
class Investigation(relay.Node):
    id: relay.NodeID[int]
    kind: enums.InvestigationKind = strawberry.field(description="案件类型 — unlicensed operation or commitment breach")
    breach: Optional[enums.CommitmentBreach] = strawberry.field(description="违诺情形 — for a commitment breach: false or broken")
    reason: str = strawberry.field(description="案由 — what was found")
    status: str = strawberry.field(description="状态 — status (OPEN: 已立案, CLOSED: 已办结)")
    outcome: Optional[enums.InvestigationOutcome] = strawberry.field(description="查处结果 — outcome once closed")
    conclusion: Optional[str] = strawberry.field(description="处理结论 — conclusion once closed")
    created_at: datetime = strawberry.field(description="立案时间 — when opened (UTC)")
    closed_at: Optional[datetime] = strawberry.field(description="办结时间 — when closed (UTC)")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _found_by_id: strawberry.Private[int]
    _item_id: strawberry.Private[Optional[int]]
    _permit_id: strawberry.Private[Optional[int]]

    @classmethod
    def from_row(cls, r: InvestigationRow) -> "Investigation":
        return cls(id=r.id, kind=enums.InvestigationKind(r.kind), breach=enums.CommitmentBreach(r.breach) if r.breach else None,
                   reason=r.reason, status=r.status,
                   outcome=enums.InvestigationOutcome(r.outcome) if r.outcome else None, conclusion=r.conclusion,
                   created_at=r.created_at, closed_at=r.closed_at, _entity_id=r.entity_id,
                   _department_id=r.department_id, _found_by_id=r.found_by_department_id, _item_id=r.item_id,
                   _permit_id=r.permit_id)

    @strawberry.field(description="涉及许可 — for a commitment breach: the permit granted on the commitment")
    async def permit(self, info: Info) -> Optional[Permit]:
        if self._permit_id is None:
            return None
        row = await info.context.loaders.permit.load(self._permit_id)
        return Permit.from_row(row) if row else None

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="查处部门 — the department the law names (rule 8) or the approving department (rule 6)")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="发现部门 — the department that found it (a tracking inspection, a check, a complaint)")
    async def found_by(self, info: Info) -> Department:
        return await _department(info, self._found_by_id)

    @strawberry.field(description="涉及事项 — the item operated without a permit, or the item of the permit in question")
    async def item(self, info: Info) -> Optional[PermitItem]:
        if self._item_id is None:
            return None
        row = await info.context.loaders.permit_item.load(self._item_id)
        return PermitItem.from_row(row) if row else None

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, InvestigationRow, _visible_investigations(info.context.actor), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(description="跟踪检查 — one tracking inspection (照后证前, §15–17), by at least two staff (§16)")
class TrackingInspection:
    inspected_on: date = strawberry.field(description="检查日期 — date of the inspection")
    result: enums.TrackingResult = strawberry.field(description="检查结果 — result")
    notes: str = strawberry.field(description="情况说明 — notes")
    due: Optional[date] = strawberry.field(description="应检期限 — the deadline this inspection answered")
    late: bool = strawberry.field(description="超期检查 — true when inspected after that deadline (§15)")
    _id: strawberry.Private[int]
    _inspector_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: InspectionRow) -> "TrackingInspection":
        return cls(inspected_on=r.inspected_on, result=enums.TrackingResult(r.result), notes=r.notes, due=r.due,
                   late=r.due is not None and r.inspected_on > r.due, _id=r.id,
                   _inspector_ids=list(r.inspector_ids or []))

    @strawberry.field(description="检查人员 — the staff who inspected")
    async def inspectors(self, info: Info) -> list[TrackingInspector]:
        rows = await info.context.loaders.staff.load_many(self._inspector_ids)
        return [TrackingInspector(username=r.username, display_name=r.display_name) for r in rows if r is not None]

    @strawberry.field(description="立案查处 — investigations this inspection opened (unlicensed operation)")
    async def investigations(self, info: Info) -> list[Investigation]:
        return [Investigation.from_row(r) for r in await info.context.loaders.investigations_of_inspection.load(self._id)]


@strawberry.type(name="TrackingTask", description="跟踪任务 — 照后证前 tracking by one department: at least one "
                 "inspection within 2 months of receipt (§15); closed when the permit is granted (§18)")
class TrackingTask(relay.Node):
    id: relay.NodeID[int]
    opened_on: date = strawberry.field(description="收到推送日期 — date the registration was received")
    due: date = strawberry.field(description="检查期限 — inspection due (2 months after receipt, or the next re-tracking)")
    due_provisional: bool = strawberry.field(description="期限暂定 — true when the deadline was rolled into a year with no published holiday arrangement")
    status: enums.TaskStatus = strawberry.field(description="任务状态 — status")
    recheck_every_months: Optional[int] = strawberry.field(description="定期检查间隔（月） — re-tracking interval in months (§15), null if none")
    closed_reason: Optional[str] = strawberry.field(description="关闭原因 — why it was closed")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _item_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: TaskRow) -> "TrackingTask":
        return cls(id=r.id, opened_on=r.opened_on, due=r.due, due_provisional=r.due_provisional, status=enums.TaskStatus(r.status),
                   recheck_every_months=r.recheck_every_months, closed_reason=r.closed_reason,
                   _entity_id=r.entity_id, _department_id=r.department_id, _item_ids=list(r.item_ids or []))

    @strawberry.field(description="市场主体 — the entity tracked")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="跟踪部门 — the department that tracks")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="跟踪事项 — the items not yet permitted")
    async def items(self, info: Info) -> list[PermitItem]:
        return await _items(info, self._item_ids)

    @strawberry.field(description="跟踪检查 — the inspections recorded")
    async def inspections(self, info: Info) -> list[TrackingInspection]:
        return [TrackingInspection.from_row(r) for r in await info.context.loaders.inspections_of_task.load(self.id)]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, TaskRow, _own(info.context.actor, TaskRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- 二跟踪 (§18) --------------------------------------------------------------------------------

@strawberry.type(name="PermitApplication", description="办证申请 — a pending permit application whose statutory time "
                 "limit OVERSIGHT follows (二跟踪, §18)")
class PermitApplication(relay.Node):
    id: relay.NodeID[int]
    applied_on: date = strawberry.field(description="申请日期 — date applied")
    due: Optional[date] = strawberry.field(description="法定办结期限 — due: applied + the item's statutory time limit in working days (null: no limit)")
    due_provisional: bool = strawberry.field(description="期限暂定 — true when the limit runs into a year with no published holiday arrangement")
    status: enums.ApplicationStatus = strawberry.field(description="办证状态 — status")
    decided_on: Optional[date] = strawberry.field(description="办结日期 — date decided")
    _entity_id: strawberry.Private[int]
    _item_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _permit_id: strawberry.Private[Optional[int]]

    @classmethod
    def from_row(cls, r: ApplicationRow) -> "PermitApplication":
        return cls(id=r.id, applied_on=r.applied_on, due=r.due, due_provisional=r.due_provisional,
                   status=enums.ApplicationStatus(r.status), decided_on=r.decided_on, _entity_id=r.entity_id,
                   _item_id=r.item_id, _department_id=r.department_id, _permit_id=r.permit_id)

    @strawberry.field(description="市场主体 — the applicant")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="审批事项 — the item applied for")
    async def item(self, info: Info) -> PermitItem:
        return PermitItem.from_row(await info.context.loaders.permit_item.load(self._item_id))

    @strawberry.field(description="受理部门 — the department handling it")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="剩余工作日 — working days left before the time limit while pending (negative: past it); null otherwise")
    async def working_days_left(self, info: Info) -> Optional[int]:
        if self.status != enums.ApplicationStatus.PENDING or self.due is None:
            return None
        return (await _calendar(info)).working_days_between(clock.today(), self.due)

    @strawberry.field(description="许可 — the permit granted (null until granted, or outside the viewer's remit)")
    async def permit(self, info: Info) -> Optional[Permit]:
        if self._permit_id is None or not await info.context.can_read_file(self._entity_id):
            return None
        row = await info.context.loaders.permit.load(self._permit_id)
        return Permit.from_row(row) if row else None

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, ApplicationRow, _own(info.context.actor, ApplicationRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- 联合审查 (§43) ------------------------------------------------------------------------------

@strawberry.type(description="审查意见 — one department's opinion in a joint review")
class JointReviewOpinion:
    opinion: Optional[str] = strawberry.field(description="审查意见 — the opinion (null: not yet given)")
    completed_at: Optional[datetime] = strawberry.field(description="提交时间 — when given (UTC)")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="审查部门 — the department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


@strawberry.type(name="JointReview", description="联合审核 — the joint review of a registration in a high-risk sector "
                 "(养老、教育、金融、危化品, §43); completed when every named department has given its opinion")
class JointReview(relay.Node):
    id: relay.NodeID[int]
    opened_on: date = strawberry.field(description="发起日期 — date opened")
    status: JointReviewStatus = strawberry.field(description="审查状态 — status")
    _entity_id: strawberry.Private[int]
    _item_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: JointReviewRow) -> "JointReview":
        return cls(id=r.id, opened_on=r.opened_on, status=JointReviewStatusValue(r.status), _entity_id=r.entity_id,
                   _item_ids=list(r.item_ids or []))

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="高风险事项 — the high-risk items")
    async def items(self, info: Info) -> list[PermitItem]:
        return await _items(info, self._item_ids)

    @strawberry.field(description="各部门意见 — one opinion per named department")
    async def opinions(self, info: Info) -> list[JointReviewOpinion]:
        rows = await info.context.loaders.opinions_of_review.load(self.id)
        return [JointReviewOpinion(opinion=r.opinion, completed_at=r.completed_at, _department_id=r.department_id)
                for r in rows]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, JointReviewRow, _visible_reviews(info.context.actor), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- 前置审批 (§42) ------------------------------------------------------------------------------

@strawberry.type(name="PreApproval", description="前置审批告知 — a pre-registration approval (§42): the approval "
                 "department informs, the registration department feeds back the registered entity")
class PreApproval(relay.Node):
    id: relay.NodeID[int]
    applicant_name: str = strawberry.field(description="申请人名称 — applicant name")
    licence_number: str = strawberry.field(description="许可证编号 — licence number")
    decision_date: date = strawberry.field(description="许可决定日期 — decision date")
    fed_back_at: Optional[datetime] = strawberry.field(description="办照反馈时间 — when the registration department fed back (UTC)")
    _item_id: strawberry.Private[int]
    _approving_id: strawberry.Private[int]
    _registration_id: strawberry.Private[int]
    _enforcement_id: strawberry.Private[Optional[int]]
    _entity_id: strawberry.Private[Optional[int]]

    @classmethod
    def from_row(cls, r: PreApprovalRow) -> "PreApproval":
        return cls(id=r.id, applicant_name=r.applicant_name, licence_number=r.licence_number,
                   decision_date=r.decision_date, fed_back_at=r.fed_back_at, _item_id=r.item_id,
                   _approving_id=r.approving_department_id, _registration_id=r.registration_department_id,
                   _enforcement_id=r.enforcement_department_id, _entity_id=r.entity_id)

    @strawberry.field(description="前置审批事项 — the item")
    async def item(self, info: Info) -> PermitItem:
        return PermitItem.from_row(await info.context.loaders.permit_item.load(self._item_id))

    @strawberry.field(description="审批部门 — the approving department that informed")
    async def approving_department(self, info: Info) -> Department:
        return await _department(info, self._approving_id)

    @strawberry.field(description="登记注册部门 — the registration department told")
    async def registration_department(self, info: Info) -> Department:
        return await _department(info, self._registration_id)

    @strawberry.field(description="综合执法部门 — the enforcement department told as well (§42; null when the item names none)")
    async def enforcement_department(self, info: Info) -> Optional[Department]:
        return await _department(info, self._enforcement_id) if self._enforcement_id is not None else None

    @strawberry.field(description="登记的主体 — the entity registered (null until fed back)")
    async def entity(self, info: Info) -> Optional[MarketEntity]:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, PreApprovalRow, _visible_pre_approvals(info.context.actor), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- oversight (§4, §44) -------------------------------------------------------------------------

@strawberry.type(name="SupervisionNotice", description="督办通知 — OVERSIGHT's notice to a department about an overdue act (§4, §44)")
class SupervisionNotice(relay.Node):
    id: relay.NodeID[int]
    kind: enums.OverdueKind = strawberry.field(description="超期事项类型 — kind of the overdue act")
    subject_id: relay.GlobalID = strawberry.field(description="超期事项 — global ID of the overdue act (Notification, Permit, TrackingTask, PermitApplication, JointParticipation or InspectionTask)")
    message: str = strawberry.field(description="督办内容 — message")
    issued_at: datetime = strawberry.field(description="督办时间 — when issued (UTC)")
    acknowledged_at: Optional[datetime] = strawberry.field(description="签收时间 — when the department acknowledged it (UTC)")
    _department_id: strawberry.Private[int]
    _issuer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: SupervisionNoticeRow) -> "SupervisionNotice":
        return cls(id=r.id, kind=enums.OverdueKind(r.kind), subject_id=_subject_gid(r.kind, r.subject_id),
                   message=r.message, issued_at=r.issued_at, acknowledged_at=r.acknowledged_at,
                   _department_id=r.department_id, _issuer_id=r.issued_by_department_id)

    @strawberry.field(description="被督办部门 — the department addressed")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="督办部门 — the oversight department that issued it")
    async def issued_by(self, info: Info) -> Department:
        return await _department(info, self._issuer_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, SupervisionNoticeRow, _own(info.context.actor, SupervisionNoticeRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(description="超期事项 — an act past its deadline (§4, §44), open or done late")
class OverdueAct:
    kind: enums.OverdueKind = strawberry.field(description="超期事项类型 — kind")
    subject_id: relay.GlobalID = strawberry.field(description="事项 — global ID of the act's record (Notification, Permit, TrackingTask, PermitApplication, JointParticipation or InspectionTask)")
    due: date = strawberry.field(description="期限 — the deadline")
    working_days_overdue: int = strawberry.field(description="超期工作日数 — working days past the deadline (until today, or until done)")
    completed_on: Optional[date] = strawberry.field(description="完成日期 — the day it was done late (null: still open)")
    _department_id: strawberry.Private[int]
    _entity_id: strawberry.Private[Optional[int]]

    @strawberry.field(description="责任部门 — the department that owes the act")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity concerned (null for a joint plan's confirmation)")
    async def entity(self, info: Info) -> Optional[MarketEntity]:
        return await _entity(info, self._entity_id)


@strawberry.type(description="超期数量 — open overdue acts of one kind for one department")
class OverdueCount:
    kind: enums.OverdueKind = strawberry.field(description="超期事项类型 — kind")
    count: int = strawberry.field(description="数量 — number of open overdue acts")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="部门 — the department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


# --- queries -------------------------------------------------------------------------------------

@strawberry.input(description="推送筛选 — filter for notifications")
class NotificationFilter:
    acknowledged: Optional[bool] = strawberry.field(default=None, description="已接收反馈 — true: acknowledged; false: not yet")
    uscc: Optional[str] = strawberry.field(default=None, description="统一社会信用代码 — the entity's code")


@strawberry.input(description="跟踪任务筛选 — filter for tracking tasks")
class TrackingTaskFilter:
    status: Optional[enums.TaskStatus] = strawberry.field(default=None, description="任务状态 — status")
    uscc: Optional[str] = strawberry.field(default=None, description="统一社会信用代码 — the entity's code")


@strawberry.input(description="办证申请筛选 — filter for permit applications")
class PermitApplicationFilter:
    status: Optional[enums.ApplicationStatus] = strawberry.field(default=None, description="办证状态 — status")
    uscc: Optional[str] = strawberry.field(default=None, description="统一社会信用代码 — the entity's code")


def _dept_id(session, code: Optional[str]) -> Optional[int]:
    if not code:
        return None
    return session.exec(select(DepartmentRow.id).where(DepartmentRow.code == code.strip().upper())).first() or -1


@strawberry.type
class NoticeQuery:
    @strawberry.field(description="告知书 — the registration notice of an entity (null if none or outside the viewer's remit)")
    async def registration_notice(self, info: Info, uscc: str) -> Optional[RegistrationNotice]:
        ctx = info.context
        row = ctx.session.exec(select(NoticeRow).join(EntityRow, EntityRow.id == NoticeRow.entity_id)
                               .where(EntityRow.uscc == uscc_mod.normalize(uscc))).first()
        if row is None or not await ctx.can_read_file(row.entity_id):
            return None
        return RegistrationNotice.from_row(row)

    @strawberry.field(description="推送告知 — notifications addressed to the viewer's department (督查部门: all; public: none)")
    def notifications(self, info: Info, filter: Optional[NotificationFilter] = None, first: Optional[int] = 20,
                      after: Optional[str] = None) -> relay.Connection[Notification]:
        ctx = info.context
        stmt = select(NotificationRow).where(_own(ctx.actor, NotificationRow.department_id))
        f = filter or NotificationFilter()
        if f.acknowledged is not None:
            stmt = stmt.where(NotificationRow.acknowledged_at.is_not(None) if f.acknowledged
                              else NotificationRow.acknowledged_at.is_(None))
        if f.uscc:
            stmt = stmt.where(entity_is(NotificationRow.entity_id, f.uscc))
        rows, more, prev = page(stmt, NotificationRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[Notification], rows, more, prev, Notification.from_row)

    @strawberry.field(description="待认领 — pooled registrations (§9), for approval, competent and enforcement departments and 督查部门")
    def pool(self, info: Info, first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[PoolEntry]:
        ctx = info.context
        stmt = select(PoolEntryRow).where(sa.true() if _may_see_pool(ctx.actor) else sa.false())
        rows, more, prev = page(stmt, PoolEntryRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[PoolEntry], rows, more, prev, PoolEntry.from_row)

    @strawberry.field(description="跟踪任务 — the viewer's department's tracking tasks (督查部门: all; public: none)")
    def tracking_tasks(self, info: Info, filter: Optional[TrackingTaskFilter] = None, first: Optional[int] = 20,
                       after: Optional[str] = None) -> relay.Connection[TrackingTask]:
        ctx = info.context
        stmt = select(TaskRow).where(_own(ctx.actor, TaskRow.department_id))
        f = filter or TrackingTaskFilter()
        if f.status:
            stmt = stmt.where(TaskRow.status == f.status.value)
        if f.uscc:
            stmt = stmt.where(entity_is(TaskRow.entity_id, f.uscc))
        rows, more, prev = page(stmt, TaskRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[TrackingTask], rows, more, prev, TrackingTask.from_row)

    @strawberry.field(description="立案查处 — investigations the viewer's department conducts or found (督查部门: all; public: none)")
    def investigations(self, info: Info, first: Optional[int] = 20,
                       after: Optional[str] = None) -> relay.Connection[Investigation]:
        ctx = info.context
        stmt = select(InvestigationRow).where(_visible_investigations(ctx.actor))
        rows, more, prev = page(stmt, InvestigationRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[Investigation], rows, more, prev, Investigation.from_row)

    @strawberry.field(description="办证申请 — permit applications the viewer's department handles (督查部门: all, with the time limit, §18)")
    def permit_applications(self, info: Info, filter: Optional[PermitApplicationFilter] = None, first: Optional[int] = 20,
                            after: Optional[str] = None) -> relay.Connection[PermitApplication]:
        ctx = info.context
        stmt = select(ApplicationRow).where(_own(ctx.actor, ApplicationRow.department_id))
        f = filter or PermitApplicationFilter()
        if f.status:
            stmt = stmt.where(ApplicationRow.status == f.status.value)
        if f.uscc:
            stmt = stmt.where(entity_is(ApplicationRow.entity_id, f.uscc))
        rows, more, prev = page(stmt, ApplicationRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[PermitApplication], rows, more, prev, PermitApplication.from_row)

    @strawberry.field(description="联合审核 — joint reviews the viewer's department takes part in (督查部门: all)")
    def joint_reviews(self, info: Info, status: Optional[JointReviewStatus] = None, first: Optional[int] = 20,
                      after: Optional[str] = None) -> relay.Connection[JointReview]:
        ctx = info.context
        stmt = select(JointReviewRow).where(_visible_reviews(ctx.actor))
        if status is not None:
            stmt = stmt.where(JointReviewRow.status == status.value)
        rows, more, prev = page(stmt, JointReviewRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[JointReview], rows, more, prev, JointReview.from_row)

    @strawberry.field(description="前置审批告知 — pre-registration approvals the viewer's department informed or was told of (督查部门: all)")
    def pre_approvals(self, info: Info, first: Optional[int] = 20,
                      after: Optional[str] = None) -> relay.Connection[PreApproval]:
        ctx = info.context
        stmt = select(PreApprovalRow).where(_visible_pre_approvals(ctx.actor))
        rows, more, prev = page(stmt, PreApprovalRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[PreApproval], rows, more, prev, PreApproval.from_row)

    @strawberry.field(description="督办通知 — supervision notices addressed to the viewer's department (督查部门: all)")
    def supervision_notices(self, info: Info, acknowledged: Optional[bool] = None, first: Optional[int] = 20,
                            after: Optional[str] = None) -> relay.Connection[SupervisionNotice]:
        ctx = info.context
        stmt = select(SupervisionNoticeRow).where(_own(ctx.actor, SupervisionNoticeRow.department_id))
        if acknowledged is not None:
            stmt = stmt.where(SupervisionNoticeRow.acknowledged_at.is_not(None) if acknowledged
                              else SupervisionNoticeRow.acknowledged_at.is_(None))
        rows, more, prev = page(stmt, SupervisionNoticeRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[SupervisionNotice], rows, more, prev, SupervisionNotice.from_row)

    @strawberry.field(description="超期事项 — acts past their deadline (§4, §44): the viewer's department's own "
                      "(督查部门: every department's, or one by departmentCode; public: none); completed: done late")
    def overdue(self, info: Info, kind: enums.OverdueKind, department_code: Optional[str] = None,
                completed: bool = False, first: Optional[int] = 20,
                after: Optional[str] = None) -> relay.Connection[OverdueAct]:
        ctx = info.context
        first = check_first(first)
        after_id = decode_cursor(after)
        acts = oversight.overdue(ctx.session, ctx.actor, kind=OverdueKindValue(kind.value),
                                 department_id=_dept_id(ctx.session, department_code), after_id=after_id,
                                 limit=first + 1, completed=completed)
        return connection(relay.Connection[OverdueAct], acts[:first], len(acts) > first, after_id is not None,
                          lambda a: OverdueAct(kind=enums.OverdueKind(a.kind.value), subject_id=_subject_gid(a.kind, a.subject_id),
                                               due=a.due, working_days_overdue=a.working_days_overdue,
                                               completed_on=a.completed_on, _department_id=a.department_id,
                                               _entity_id=a.entity_id),
                          key=lambda a: a.key)

    @strawberry.field(description="超期数量 — open overdue acts per department and kind (the viewer's own; 督查部门: all)")
    def overdue_counts(self, info: Info) -> list[OverdueCount]:
        ctx = info.context
        counts = oversight.overdue_counts(ctx.session, ctx.actor)
        return [OverdueCount(kind=enums.OverdueKind(kind.value), count=n, _department_id=dept)
                for (dept, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1].value))]


# --- mutations -----------------------------------------------------------------------------------



@strawberry.input(description="确认接收 — acknowledge a pushed registration (一反馈, §11)")
class AcknowledgeNotificationInput:
    notification_id: relay.GlobalID = strawberry.field(description="推送的全局ID — the notification's global ID")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="确认接收结果 — result of acknowledgeNotification")
class AcknowledgeNotificationPayload:
    notification: Optional[Notification] = strawberry.field(description="推送 — the notification (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="认领 — claim a pooled registration within the department's duties (§9)")
class ClaimPoolEntryInput:
    pool_entry_id: relay.GlobalID = strawberry.field(description="待认领记录的全局ID — the pool entry's global ID")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="认领结果 — result of claimPoolEntry")
class ClaimPoolEntryPayload:
    pool_entry: Optional[PoolEntry] = strawberry.field(description="待认领记录 — the pool entry (null on error)")
    notification: Optional[Notification] = strawberry.field(description="推送 — the notification the claim stands for (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="录入跟踪检查 — record a tracking inspection (照后证前, §15–17)")
class RecordTrackingInspectionInput:
    task_id: relay.GlobalID = strawberry.field(description="跟踪任务的全局ID — the task's global ID")
    inspected_on: date = strawberry.field(description="检查日期 — date inspected")
    inspectors: list[str] = strawberry.field(description="检查人员用户名 — usernames of at least two staff of the department (§16)")
    result: enums.TrackingResult = strawberry.field(description="检查结果 — result")
    notes: Optional[str] = strawberry.field(default=None, description="情况说明 — notes (required for OTHER and UNLICENSED_OPERATION)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="报告违诺 — report that a 告知承诺 approval rests on a false or broken commitment (rule 6)")
class ReportCommitmentBreachInput:
    permit_id: relay.GlobalID = strawberry.field(description="许可的全局ID — the permit granted on the commitment")
    breach: enums.CommitmentBreach = strawberry.field(description="违诺情形 — false or broken commitment")
    found_on: date = strawberry.field(description="发现日期 — date found")
    facts: str = strawberry.field(description="违诺事实 — what was found")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="报告违诺结果 — result of reportCommitmentBreach")
class ReportCommitmentBreachPayload:
    investigation: Optional[Investigation] = strawberry.field(description="立案查处 — the approving department's investigation (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="办结案件 — close an investigation (the investigating department only)")
class CloseInvestigationInput:
    investigation_id: relay.GlobalID = strawberry.field(description="案件的全局ID — the investigation's global ID")
    outcome: enums.InvestigationOutcome = strawberry.field(description="查处结果 — substantiated or unfounded "
                                                            "(a substantiated commitment breach revokes the permit)")
    conclusion: str = strawberry.field(description="处理结论 — conclusion")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="办结案件结果 — result of closeInvestigation")
class CloseInvestigationPayload:
    investigation: Optional[Investigation] = strawberry.field(description="立案查处 — the closed investigation (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.type(description="跟踪检查结果 — result of recordTrackingInspection")
class RecordTrackingInspectionPayload:
    inspection: Optional[TrackingInspection] = strawberry.field(description="跟踪检查 — the inspection (null on error)")
    task: Optional[TrackingTask] = strawberry.field(description="跟踪任务 — the task after the inspection (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="安排定期跟踪 — schedule periodic re-tracking of an entity long without its permit (§15)")
class ScheduleRetrackingInput:
    task_id: relay.GlobalID = strawberry.field(description="跟踪任务的全局ID — the task's global ID")
    every_months: Optional[int] = strawberry.field(description="间隔月数 — every so many months (1–24); null stops re-tracking")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="定期跟踪结果 — result of scheduleRetracking")
class ScheduleRetrackingPayload:
    task: Optional[TrackingTask] = strawberry.field(description="跟踪任务 — the task (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="受理办证申请 — record a permit application; its statutory time limit starts (§18)")
class RecordPermitApplicationInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the applicant's code")
    item_code: str = strawberry.field(description="事项编码 — catalogue item code")
    applied_on: date = strawberry.field(description="申请日期 — date applied")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="受理结果 — result of recordPermitApplication")
class RecordPermitApplicationPayload:
    application: Optional[PermitApplication] = strawberry.field(description="办证申请 — the application (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="办结申请 — close an application refused or withdrawn (a grant is recorded with recordPermit)")
class ClosePermitApplicationInput:
    application_id: relay.GlobalID = strawberry.field(description="办证申请的全局ID — the application's global ID")
    status: enums.ApplicationStatus = strawberry.field(description="办理结果 — REFUSED or WITHDRAWN")
    decided_on: date = strawberry.field(description="办结日期 — date decided")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="办结结果 — result of closePermitApplication")
class ClosePermitApplicationPayload:
    application: Optional[PermitApplication] = strawberry.field(description="办证申请 — the application (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="提交联合审核意见 — give the department's opinion in a joint review (§43)")
class CompleteJointReviewInput:
    review_id: relay.GlobalID = strawberry.field(description="联合审核的全局ID — the review's global ID")
    opinion: str = strawberry.field(description="审查意见 — opinion")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="联合审核结果 — result of completeJointReview")
class CompleteJointReviewPayload:
    joint_review: Optional[JointReview] = strawberry.field(description="联合审核 — the review (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="前置审批告知 — the approving department informs the registration department of a licence (§42)")
class InformPreApprovalInput:
    item_code: str = strawberry.field(description="事项编码 — pre-registration item code")
    applicant_name: str = strawberry.field(description="申请人名称 — applicant name")
    licence_number: str = strawberry.field(description="许可证编号 — licence number")
    decision_date: date = strawberry.field(description="许可决定日期 — decision date")
    registration_department_code: str = strawberry.field(description="登记注册部门编码 — the registration department told")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="前置审批告知结果 — result of informPreApproval")
class InformPreApprovalPayload:
    pre_approval: Optional[PreApproval] = strawberry.field(description="前置审批告知 — the record (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="办照反馈 — the registration department feeds back the entity registered under a pre-approval (§42)")
class FeedBackPreApprovalInput:
    pre_approval_id: relay.GlobalID = strawberry.field(description="前置审批告知的全局ID — the pre-approval's global ID")
    uscc: str = strawberry.field(description="统一社会信用代码 — the registered entity's code")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="办照反馈结果 — result of feedBackPreApproval")
class FeedBackPreApprovalPayload:
    pre_approval: Optional[PreApproval] = strawberry.field(description="前置审批告知 — the record (null on error)")
    permit: Optional[Permit] = strawberry.field(description="许可 — the licence, now the entity's permit (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="发出督办 — OVERSIGHT tells a department about one of its overdue acts (§4, §44)")
class IssueSupervisionNoticeInput:
    department_code: str = strawberry.field(description="被督办部门编码 — the department addressed")
    kind: enums.OverdueKind = strawberry.field(description="超期事项类型 — kind of the overdue act")
    subject_id: relay.GlobalID = strawberry.field(description="超期事项 — the act's global ID, as overdue { subjectId } gives it")
    message: str = strawberry.field(description="督办内容 — message")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="督办结果 — result of issueSupervisionNotice")
class IssueSupervisionNoticePayload:
    supervision_notice: Optional[SupervisionNotice] = strawberry.field(description="督办通知 — the notice (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="签收督办 — the department addressed acknowledges a supervision notice")
class AcknowledgeSupervisionNoticeInput:
    notice_id: relay.GlobalID = strawberry.field(description="督办通知的全局ID — the notice's global ID")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="签收结果 — result of acknowledgeSupervisionNotice")
class AcknowledgeSupervisionNoticePayload:
    supervision_notice: Optional[SupervisionNotice] = strawberry.field(description="督办通知 — the notice (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


def _maybe(cls, row):
    return cls.from_row(row) if row is not None else None


@strawberry.type
class NoticeMutation:
    @strawberry.mutation(description="确认接收推送 — acknowledge a pushed registration (the department told only; 1 working day, §11)")
    def acknowledge_notification(self, info: Info, input: AcknowledgeNotificationInput) -> Optional[AcknowledgeNotificationPayload]:
        ctx = info.context
        row, errors = run(info, "acknowledgeNotification", input, lambda: notices_mod.acknowledge_notification(
            session=ctx.session, actor=ctx.actor, notification_id=pk_of(input.notification_id, "Notification"),
            request_id=ctx.request_id), lambda pk: ctx.session.get(NotificationRow, pk))
        return AcknowledgeNotificationPayload(notification=_maybe(Notification, row), user_errors=errors)

    @strawberry.mutation(description="认领 — claim a pooled registration (approval, competent and enforcement departments, §9)")
    def claim_pool_entry(self, info: Info, input: ClaimPoolEntryInput) -> Optional[ClaimPoolEntryPayload]:
        ctx = info.context
        row, errors = run(info, "claimPoolEntry", input, lambda: notices_mod.claim_pool_entry(
            session=ctx.session, actor=ctx.actor, pool_entry_id=pk_of(input.pool_entry_id, "PoolEntry"),
            request_id=ctx.request_id), lambda pk: ctx.session.get(ClaimRow, pk))
        if row is None:
            return ClaimPoolEntryPayload(pool_entry=None, notification=None, user_errors=errors)
        return ClaimPoolEntryPayload(pool_entry=_maybe(PoolEntry, ctx.session.get(PoolEntryRow, row.pool_entry_id)),
                                     notification=_maybe(Notification, ctx.session.get(NotificationRow, row.notification_id)),
                                     user_errors=errors)

    @strawberry.mutation(description="报告违诺 — report a false or broken commitment behind a 告知承诺 approval; "
                         "the approving department investigates (rule 6)")
    def report_commitment_breach(self, info: Info, input: ReportCommitmentBreachInput) -> Optional[ReportCommitmentBreachPayload]:
        ctx = info.context
        row, errors = run(info, "reportCommitmentBreach", input, lambda: investigations_mod.report_commitment_breach(
            session=ctx.session, actor=ctx.actor, permit_id=pk_of(input.permit_id, "Permit"), breach=input.breach.value,
            found_on=input.found_on, facts=input.facts, request_id=ctx.request_id),
            lambda pk: ctx.session.get(InvestigationRow, pk))
        return ReportCommitmentBreachPayload(investigation=_maybe(Investigation, row), user_errors=errors)

    @strawberry.mutation(description="办结案件 — close an investigation; a substantiated commitment breach revokes the permit (rule 6)")
    def close_investigation(self, info: Info, input: CloseInvestigationInput) -> Optional[CloseInvestigationPayload]:
        ctx = info.context
        row, errors = run(info, "closeInvestigation", input, lambda: investigations_mod.close_investigation(
            session=ctx.session, actor=ctx.actor, investigation_id=pk_of(input.investigation_id, "Investigation"),
            outcome=input.outcome.value, conclusion=input.conclusion, request_id=ctx.request_id),
            lambda pk: ctx.session.get(InvestigationRow, pk))
        return CloseInvestigationPayload(investigation=_maybe(Investigation, row), user_errors=errors)

    @strawberry.mutation(description="录入跟踪检查 — record a tracking inspection (the tracking department, ≥2 of its staff, §15–17)")
    def record_tracking_inspection(self, info: Info, input: RecordTrackingInspectionInput) -> Optional[RecordTrackingInspectionPayload]:
        ctx = info.context
        row, errors = run(info, "recordTrackingInspection", input, lambda: tracking_mod.record_tracking_inspection(
            session=ctx.session, actor=ctx.actor, task_id=pk_of(input.task_id, "TrackingTask"),
            inspected_on=input.inspected_on, inspector_usernames=list(input.inspectors), result=input.result.value,
            notes=input.notes or "", request_id=ctx.request_id), lambda pk: ctx.session.get(InspectionRow, pk))
        if row is None:
            return RecordTrackingInspectionPayload(inspection=None, task=None, user_errors=errors)
        return RecordTrackingInspectionPayload(inspection=TrackingInspection.from_row(row),
                                               task=_maybe(TrackingTask, ctx.session.get(TaskRow, row.task_id)),
                                               user_errors=errors)

    @strawberry.mutation(description="安排定期跟踪 — schedule re-tracking (the tracking department, §15)")
    def schedule_retracking(self, info: Info, input: ScheduleRetrackingInput) -> Optional[ScheduleRetrackingPayload]:
        ctx = info.context
        row, errors = run(info, "scheduleRetracking", input, lambda: tracking_mod.schedule_retracking(
            session=ctx.session, actor=ctx.actor, task_id=pk_of(input.task_id, "TrackingTask"),
            every_months=input.every_months, request_id=ctx.request_id), lambda pk: ctx.session.get(TaskRow, pk))
        return ScheduleRetrackingPayload(task=_maybe(TrackingTask, row), user_errors=errors)

    @strawberry.mutation(description="受理办证申请 — record a permit application (the item's approving department, §18)")
    def record_permit_application(self, info: Info, input: RecordPermitApplicationInput) -> Optional[RecordPermitApplicationPayload]:
        ctx = info.context
        row, errors = run(info, "recordPermitApplication", input, lambda: tracking_mod.record_permit_application(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, item_code=input.item_code,
            applied_on=input.applied_on, request_id=ctx.request_id), lambda pk: ctx.session.get(ApplicationRow, pk))
        return RecordPermitApplicationPayload(application=_maybe(PermitApplication, row), user_errors=errors)

    @strawberry.mutation(description="办结申请 — close a permit application refused or withdrawn (the handling department)")
    def close_permit_application(self, info: Info, input: ClosePermitApplicationInput) -> Optional[ClosePermitApplicationPayload]:
        ctx = info.context
        row, errors = run(info, "closePermitApplication", input, lambda: tracking_mod.close_permit_application(
            session=ctx.session, actor=ctx.actor, application_id=pk_of(input.application_id, "PermitApplication"),
            status=input.status.value, decided_on=input.decided_on, request_id=ctx.request_id),
            lambda pk: ctx.session.get(ApplicationRow, pk))
        return ClosePermitApplicationPayload(application=_maybe(PermitApplication, row), user_errors=errors)

    @strawberry.mutation(description="提交联合审核意见 — give an opinion in a joint review (named departments only, §43)")
    def complete_joint_review(self, info: Info, input: CompleteJointReviewInput) -> Optional[CompleteJointReviewPayload]:
        ctx = info.context
        row, errors = run(info, "completeJointReview", input, lambda: notices_mod.complete_joint_review(
            session=ctx.session, actor=ctx.actor, review_id=pk_of(input.review_id, "JointReview"), opinion=input.opinion,
            request_id=ctx.request_id), lambda pk: ctx.session.get(JointReviewRow, pk))
        return CompleteJointReviewPayload(joint_review=_maybe(JointReview, row), user_errors=errors)

    @strawberry.mutation(description="前置审批告知 — inform of a pre-registration licence (the item's approving department, §42)")
    def inform_pre_approval(self, info: Info, input: InformPreApprovalInput) -> Optional[InformPreApprovalPayload]:
        ctx = info.context
        row, errors = run(info, "informPreApproval", input, lambda: tracking_mod.inform_pre_approval(
            session=ctx.session, actor=ctx.actor, item_code=input.item_code, applicant_name=input.applicant_name,
            licence_number=input.licence_number, decision_date=input.decision_date,
            registration_department_code=input.registration_department_code, request_id=ctx.request_id),
            lambda pk: ctx.session.get(PreApprovalRow, pk))
        return InformPreApprovalPayload(pre_approval=_maybe(PreApproval, row), user_errors=errors)

    @strawberry.mutation(description="办照反馈 — feed back the entity registered under a pre-approval (the registration department told, §42)")
    def feed_back_pre_approval(self, info: Info, input: FeedBackPreApprovalInput) -> Optional[FeedBackPreApprovalPayload]:
        ctx = info.context
        pre_id = pk_of(input.pre_approval_id, "PreApproval")
        row, errors = run(info, "feedBackPreApproval", input, lambda: tracking_mod.feed_back_pre_approval(
            session=ctx.session, actor=ctx.actor, pre_approval_id=pre_id, uscc=input.uscc, request_id=ctx.request_id),
            lambda pk: ctx.session.get(PermitRow, pk))
        if row is None:
            return FeedBackPreApprovalPayload(pre_approval=None, permit=None, user_errors=errors)
        return FeedBackPreApprovalPayload(pre_approval=_maybe(PreApproval, ctx.session.get(PreApprovalRow, pre_id)),
                                          permit=Permit.from_row(row), user_errors=errors)

    @strawberry.mutation(description="发出督办 — issue a supervision notice about an overdue act (督查部门 only, §4, §44)")
    def issue_supervision_notice(self, info: Info, input: IssueSupervisionNoticeInput) -> Optional[IssueSupervisionNoticePayload]:
        ctx = info.context
        expected = SUBJECT_TYPES.get(OverdueKindValue(input.kind.value), "")
        row, errors = run(info, "issueSupervisionNotice", input, lambda: oversight.issue_supervision_notice(
            session=ctx.session, actor=ctx.actor, department_code=input.department_code, kind=input.kind.value,
            subject_id=pk_of(input.subject_id, expected), message=input.message, request_id=ctx.request_id),
            lambda pk: ctx.session.get(SupervisionNoticeRow, pk))
        return IssueSupervisionNoticePayload(supervision_notice=_maybe(SupervisionNotice, row), user_errors=errors)

    @strawberry.mutation(description="签收督办 — acknowledge a supervision notice (the department addressed)")
    def acknowledge_supervision_notice(self, info: Info, input: AcknowledgeSupervisionNoticeInput) -> Optional[AcknowledgeSupervisionNoticePayload]:
        ctx = info.context
        row, errors = run(info, "acknowledgeSupervisionNotice", input, lambda: oversight.acknowledge_supervision_notice(
            session=ctx.session, actor=ctx.actor, notice_id=pk_of(input.notice_id, "SupervisionNotice"),
            request_id=ctx.request_id), lambda pk: ctx.session.get(SupervisionNoticeRow, pk))
        return AcknowledgeSupervisionNoticePayload(supervision_notice=_maybe(SupervisionNotice, row), user_errors=errors)
