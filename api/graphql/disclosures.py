"""Penalties, 双公示 and the disclosure feed (000 §12, §17; 002 §五.6; 004 §39–41): types, queries, mutations.

Disclosures and the feed are public (no key needed): they carry only what was published, masked.
Cases, decisions and transfers are read by the department that holds them (transfers: both sides)
and by OVERSIGHT, narrowed once in SQL at the root field.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Iterable, Optional

import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from models import CaseTransfer as TransferRow, Disclosure as DisclosureRow, EnforcementCase as CaseRow
from models import PenaltyDecision as DecisionRow
from models import enums as m
from supervision import clock, disclosure as disclosure_mod, feed as feed_mod, penalties
from supervision import uscc as uscc_mod
from supervision.errors import DomainError, ErrorCode

from .enums import DisclosureKind
from .errors import UserError
from .limits import PublicError
from .mutations import IDEMPOTENCY_DOC, run
from .pagination import connection, page
from .types import Department, MarketEntity, _department, _ids, pk_of, rows_by_ids

DisclosureStatus = strawberry.enum(m.DisclosureStatus, description="公示状态 — 待公示、公示中、已撤下、公示期满")
FeedEvent = strawberry.enum(m.FeedEvent, description="变更类型 — feed event (发布、更新、撤下、公示期满)")
PenaltyMeasure = strawberry.enum(m.PenaltyMeasure, description=(
    "处罚类别 — measures of the national 双公示 standard (警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、降低资质等级、"
    "吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、限制从业、行政拘留、其他) plus 责令改正 and 约谈 (published as 其他)"))
PenaltySeverity = strawberry.enum(m.PenaltySeverity, description="失信程度 — 一般/严重: decides the publicity period (configurable)")
DecisionStatus = strawberry.enum(m.DecisionStatus, description="处罚决定状态 — 有效、已变更、已撤销、已撤回")
TransferStatus = strawberry.enum(m.TransferStatus, description="移送状态 — 行刑衔接 status (已移送、已受理、已退回、已判决)")
CaseStatus = strawberry.enum(m.CaseStatus, description="案件状态 — 已立案、已处罚、免予处罚、已移送")

DATE_KEYS = {"decisionDate", "validFrom", "validTo", "validUntil", "publicityUntil", "checkDate"}
AMOUNT_KEYS = {"fineAmount", "confiscatedAmount"}


def _fields_type(name: str, description: str, spec: list[tuple[str, str, bool]]):
    """One GraphQL field per field of the standard; each description names the standard's field."""
    ns: dict[str, Any] = {"__annotations__": {}}
    for key, label, required in spec:
        if key in DATE_KEYS:
            typ, unit = Optional[date], ""
        elif key in AMOUNT_KEYS:
            typ, unit = Optional[Decimal], "（本接口以元为单位；标准导出为万元）"
        elif key == "penaltyCategories":
            typ, unit = Optional[list[str]], ""
        else:
            typ, unit = Optional[str], ""
        ns["__annotations__"][key] = typ
        ns[key] = strawberry.field(name=key, default=None, description=f"{label}{unit} — standard field "
                                   f"“{label}”{' (required)' if required else ''}")
    return strawberry.type(type(name, (), ns), name=name, description=description)


PermitDisclosureFields = _fields_type("PermitDisclosureFields", "行政许可公示信息 — the fields of the national 双公示 "
                                      "standard for an administrative permit", disclosure_mod.PERMIT_FIELDS)
PenaltyDisclosureFields = _fields_type("PenaltyDisclosureFields", "行政处罚公示信息 — the fields of the national 双公示 "
                                       "standard for an administrative penalty", disclosure_mod.PENALTY_FIELDS)
SpotCheckDisclosureFields = _fields_type("SpotCheckDisclosureFields", "双随机抽查结果公示信息 — the published result of a "
                                         "random spot check (§27)", disclosure_mod.SPOT_CHECK_FIELDS)


def _convert(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in DATE_KEYS:
        return date.fromisoformat(value)
    if key in AMOUNT_KEYS:
        return Decimal(str(value))
    return value


class _PublishedFields:
    """The standard's fields of one published record as the GraphQL field types read them: each value
    is converted (dates, amounts) only when its field is selected. strawberry reads an object type's
    plain fields by attribute, so this serves for Permit/Penalty/SpotCheckDisclosureFields without
    building all 20-odd of them for every change of a feed page. One subclass per kind, with a
    property per field of its standard."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict) -> None:
        self._fields = fields


def _field_property(key: str) -> property:
    return property(lambda self: _convert(key, self._fields.get(key)))


_VIEWS = {kind: type(f"Published{kind.name.title()}Fields", (_PublishedFields,),
                     {"__slots__": (), **{key: _field_property(key) for key, _, _ in spec}})
          for kind, spec in ((m.DisclosureKind.PERMIT, disclosure_mod.PERMIT_FIELDS),
                             (m.DisclosureKind.PENALTY, disclosure_mod.PENALTY_FIELDS),
                             (m.DisclosureKind.SPOT_CHECK, disclosure_mod.SPOT_CHECK_FIELDS))}


def _published(kind: m.DisclosureKind, wanted: m.DisclosureKind, fields: dict) -> Optional[_PublishedFields]:
    return _VIEWS[kind](fields) if kind == wanted else None


@strawberry.type(name="Disclosure", description="公示信息 — a published 双公示 record (§39–41), as credit portals load it")
class Disclosure(relay.Node):
    id: relay.NodeID[int]
    kind: DisclosureKind = strawberry.field(description="公示类型 — permit, penalty or spot-check result")
    status: DisclosureStatus = strawberry.field(description="公示状态 — status when this version was published")
    version: int = strawberry.field(description="版本 — increases with every update of the record")
    uscc: str = strawberry.field(description="统一社会信用代码 — the counterpart's credit code (行政相对人代码_1)")
    decided_on: date = strawberry.field(description="决定日期 — decision date")
    published_at: Optional[datetime] = strawberry.field(description="公示时间 — when published (UTC)")
    public_until: Optional[date] = strawberry.field(description="公示截止期 — last day in public view (penalties)")
    permit: Optional[PermitDisclosureFields] = strawberry.field(description="行政许可信息 — permit fields (kind PERMIT)")
    penalty: Optional[PenaltyDisclosureFields] = strawberry.field(description="行政处罚信息 — penalty fields (kind PENALTY)")
    spot_check: Optional[SpotCheckDisclosureFields] = strawberry.field(description="抽查结果信息 — spot-check fields (kind SPOT_CHECK)")
    standard_record: JSON = strawberry.field(description="标准格式 — the record under the standard's own column names "
                                             "(中文列名; amounts in 万元), loadable without mapping")

    @classmethod
    def from_snapshot(cls, snap: dict) -> "Disclosure":
        kind = m.DisclosureKind(snap["kind"])
        fields = snap.get("fields") or {}
        return cls(id=snap["id"], kind=kind, status=m.DisclosureStatus(snap["status"]), version=snap["version"],
                   uscc=snap["uscc"], decided_on=date.fromisoformat(snap["decidedOn"]),
                   published_at=datetime.fromisoformat(snap["publishedAt"]) if snap.get("publishedAt") else None,
                   public_until=date.fromisoformat(snap["publicUntil"]) if snap.get("publicUntil") else None,
                   permit=_published(kind, m.DisclosureKind.PERMIT, fields),
                   penalty=_published(kind, m.DisclosureKind.PENALTY, fields),
                   spot_check=_published(kind, m.DisclosureKind.SPOT_CHECK, fields),
                   standard_record=disclosure_mod.to_standard(kind.value, fields))

    @classmethod
    def from_row(cls, r: DisclosureRow) -> "Disclosure":
        return cls.from_snapshot(disclosure_mod.snapshot(r))

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = _ids(node_ids)
        rows = info.context.session.exec(select(DisclosureRow).where(
            DisclosureRow.id.in_(set(ids)), disclosure_mod.public_clause(clock.today()))).all()
        found = {r.id: r for r in rows}
        return [cls.from_row(found[i]) if i in found else None for i in ids]


@strawberry.type(description="公示信息变更 — one change of the feed: published, updated, withdrawn or expired")
class DisclosureChange:
    cursor: str = strawberry.field(description="游标 — opaque cursor of this change; resume with after: cursor")
    event: FeedEvent = strawberry.field(description="变更类型 — what happened")
    kind: DisclosureKind = strawberry.field(description="公示类型 — permit, penalty or spot-check result")
    at: datetime = strawberry.field(description="变更时间 — when (UTC)")
    disclosure_id: relay.GlobalID = strawberry.field(description="公示信息ID — the record's global ID (also for tombstones)")
    record: Optional[Disclosure] = strawberry.field(description="公示信息 — the record as of this change; null for a "
                                                    "tombstone (WITHDRAWN, EXPIRED): remove it from public view")


@strawberry.type(description="公示信息订阅 — a page of the disclosure feed in commit order")
class DisclosureFeed:
    changes: list[DisclosureChange] = strawberry.field(description="变更 — changes after the cursor, oldest first")
    has_next_page: bool = strawberry.field(description="还有更多 — more changes are available now")
    end_cursor: Optional[str] = strawberry.field(description="末尾游标 — store it; pass it as after next time "
                                                 "(unchanged when the page is empty)")


def feed_page(session, *, after: Optional[str], first: int) -> DisclosureFeed:
    """The resolver's path, shared with the benchmark."""
    try:
        p = feed_mod.read(session, after=after, first=first)
    except DomainError as exc:
        raise PublicError(exc.message, code="INVALID_CURSOR" if exc.field == "after" else "PAGE_SIZE_EXCEEDED") from None
    return DisclosureFeed(changes=[
        DisclosureChange(cursor=c.cursor, event=m.FeedEvent(c.event), kind=m.DisclosureKind(c.kind), at=c.at,
                         disclosure_id=relay.GlobalID("Disclosure", str(c.disclosure_id)),
                         record=Disclosure.from_snapshot(c.record) if c.record else None)
        for c in p.changes], has_next_page=p.has_next, end_cursor=p.end_cursor)


# --- cases, decisions, transfers -----------------------------------------------------------------

@strawberry.type(name="EnforcementCase", description="立案 — a case against an entity within the department's enforcement remit")
class EnforcementCase(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="立案编号 — case number")
    status: CaseStatus = strawberry.field(description="案件状态 — status")
    opened_on: date = strawberry.field(description="立案日期 — date opened")
    violation_type: str = strawberry.field(description="违法行为类型 — type of violation")
    remit_rule: str = strawberry.field(description="执法依据 — the rule that puts the case in the department's remit")
    guidance: Optional[str] = strawberry.field(description="指导意见 — guidance given instead of a penalty (免罚/包容期)")
    _entity_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: CaseRow) -> "EnforcementCase":
        return cls(id=r.id, number=r.number, status=m.CaseStatus(r.status), opened_on=r.opened_on,
                   violation_type=r.violation_type, remit_rule=r.remit_rule, guidance=r.guidance, _entity_id=r.entity_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return MarketEntity.from_row(await info.context.loaders.entity.load(self._entity_id))

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, CaseRow, penalties.own_clause(info.context.actor, CaseRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="PenaltyDecision", description="行政处罚决定 — a penalty decision; its 双公示 record is published with it")
class PenaltyDecision(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="行政处罚决定书文号 — decision number")
    decided_on: date = strawberry.field(description="处罚决定日期 — decision date")
    measures: list[PenaltyMeasure] = strawberry.field(description="处罚类别 — measures")
    fine_amount: Optional[Decimal] = strawberry.field(description="罚款金额（元） — fine in yuan")
    confiscated_amount: Optional[Decimal] = strawberry.field(description="没收金额（元） — confiscation in yuan")
    content: str = strawberry.field(description="处罚内容 — content")
    severity: PenaltySeverity = strawberry.field(description="失信程度 — severity (publicity period)")
    major: bool = strawberry.field(description="重大执法决定 — needed legal review (法制审核, 000 §17)")
    status: DecisionStatus = strawberry.field(description="决定状态 — status")

    @classmethod
    def from_row(cls, r: DecisionRow) -> "PenaltyDecision":
        return cls(id=r.id, number=r.number, decided_on=r.decided_on, measures=[m.PenaltyMeasure(x) for x in r.measures],
                   fine_amount=r.fine_amount, confiscated_amount=r.confiscated_amount, content=r.content,
                   severity=m.PenaltySeverity(r.severity), major=r.major, status=m.DecisionStatus(r.status))

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, DecisionRow, penalties.own_clause(info.context.actor, DecisionRow.department_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="CaseTransfer", description="行刑衔接 — a case transferred to public security or the procuratorate "
                 "(002 §五.6); both departments see its status")
class CaseTransfer(relay.Node):
    id: relay.NodeID[int]
    status: TransferStatus = strawberry.field(description="移送状态 — status")
    transferred_on: date = strawberry.field(description="移送日期 — date transferred")
    reason: str = strawberry.field(description="移送理由 — reason")
    note: Optional[str] = strawberry.field(description="说明 — the receiving side's note")
    _from: strawberry.Private[int]
    _to: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: TransferRow) -> "CaseTransfer":
        return cls(id=r.id, status=m.TransferStatus(r.status), transferred_on=r.transferred_on, reason=r.reason,
                   note=r.note, _from=r.from_department_id, _to=r.to_department_id)

    @strawberry.field(description="移送部门 — the transferring department")
    async def from_department(self, info: Info) -> Department:
        return await _department(info, self._from)

    @strawberry.field(description="接收部门 — public security or procuratorate")
    async def to_department(self, info: Info) -> Department:
        return await _department(info, self._to)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, TransferRow, penalties.transfers_clause(info.context.actor),
                                                                node_ids)]


@strawberry.type
class DisclosureQuery:
    @strawberry.field(description="公示信息 — public 双公示 records (no key needed), by credit code, kind and decision date")
    def disclosures(self, info: Info, uscc: Optional[str] = None, kind: Optional[DisclosureKind] = None,
                    decided_from: Optional[date] = None, decided_to: Optional[date] = None,
                    first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[Disclosure]:
        stmt = select(DisclosureRow).where(disclosure_mod.public_clause(clock.today()))
        if uscc:
            stmt = stmt.where(DisclosureRow.uscc == uscc_mod.normalize(uscc))
        if kind:
            stmt = stmt.where(DisclosureRow.kind == kind.value)
        if decided_from:
            stmt = stmt.where(DisclosureRow.decided_on >= decided_from)
        if decided_to:
            stmt = stmt.where(DisclosureRow.decided_on <= decided_to)
        rows, more, prev = page(stmt, DisclosureRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[Disclosure], rows, more, prev, Disclosure.from_row)

    @strawberry.field(description="公示信息订阅 — every change of public records in commit order (发布、更新、撤下、期满); "
                      "store endCursor and resume with after: each change is delivered exactly once. first ≤ 1000")
    def disclosure_feed(self, info: Info, after: Optional[str] = None, first: int = 100) -> DisclosureFeed:
        return feed_page(info.context.session, after=after, first=first)

    @strawberry.field(description="案件 — the viewer's department's cases, newest last (督查部门: all; public: none)")
    def cases(self, info: Info, status: Optional[CaseStatus] = None, first: Optional[int] = 20,
              after: Optional[str] = None,
              awaiting_review: Annotated[Optional[bool], strawberry.argument(
                  description="待法制审核 — true: only open cases no legal reviewer has looked at yet (000 §17)")] = None,
              ) -> relay.Connection[EnforcementCase]:
        stmt = select(CaseRow).where(penalties.own_clause(info.context.actor, CaseRow.department_id))
        if status is not None:
            stmt = stmt.where(CaseRow.status == status.value)
        if awaiting_review:
            stmt = stmt.where(penalties.awaiting_review_clause(info.context.actor))
        rows, more, prev = page(stmt, CaseRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[EnforcementCase], rows, more, prev, EnforcementCase.from_row)

    @strawberry.field(description="行政处罚决定 — the viewer's department's penalty decisions (督查部门: all; public: none; "
                      "the public reads disclosures)")
    def penalty_decisions(self, info: Info, status: Optional[DecisionStatus] = None, first: Optional[int] = 20,
                          after: Optional[str] = None) -> relay.Connection[PenaltyDecision]:
        stmt = select(DecisionRow).where(penalties.own_clause(info.context.actor, DecisionRow.department_id))
        if status is not None:
            stmt = stmt.where(DecisionRow.status == status.value)
        rows, more, prev = page(stmt, DecisionRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[PenaltyDecision], rows, more, prev, PenaltyDecision.from_row)

    @strawberry.field(description="行刑衔接 — transfers from or to the viewer's department (督查部门: all; public: none)")
    def case_transfers(self, info: Info, first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[CaseTransfer]:
        stmt = select(TransferRow).where(penalties.transfers_clause(info.context.actor))
        rows, more, prev = page(stmt, TransferRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[CaseTransfer], rows, more, prev, CaseTransfer.from_row)


# --- mutations ---------------------------------------------------------------------------------

def _pk(gid: relay.GlobalID, type_name: str, field: str) -> int:
    pk = pk_of(gid, type_name)
    if pk < 0:
        raise DomainError(ErrorCode.NOT_FOUND, "未找到", field)
    return pk


@strawberry.input(description="立案 — open a case within the department's enforcement remit")
class OpenCaseInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity")
    item_code: Optional[str] = strawberry.field(default=None, description="事项编码 — the catalogue item concerned (decides the remit)")
    number: str = strawberry.field(description="立案编号 — case number")
    opened_on: date = strawberry.field(description="立案日期 — date opened")
    violation_type: str = strawberry.field(description="违法行为类型 — type of violation")
    findings: Optional[str] = strawberry.field(default="", description="调查情况 — findings")
    exemption_code: Optional[str] = strawberry.field(default=None, description="免罚清单编码 — the 免罚清单 entry it falls under")
    touches_safety: bool = strawberry.field(default=False, description="触及安全底线 — touches the safety bottom line (no tolerance)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="立案结果 — result of openCase")
class OpenCasePayload:
    case: Optional[EnforcementCase] = strawberry.field(description="案件 — the case (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")


@strawberry.input(description="作出处罚决定 — decide a penalty (major decisions need an approving legal review, 000 §17)")
class DecidePenaltyInput:
    case_id: relay.GlobalID = strawberry.field(description="案件的全局ID — the case")
    number: str = strawberry.field(description="行政处罚决定书文号 — decision number")
    decided_on: date = strawberry.field(description="处罚决定日期 — decision date")
    measures: list[PenaltyMeasure] = strawberry.field(description="处罚类别 — measures")
    legal_basis: str = strawberry.field(description="处罚依据 — legal basis")
    facts: str = strawberry.field(description="违法事实 — facts")
    content: Optional[str] = strawberry.field(default=None, description="处罚内容 — content (default: from the measures)")
    fine_amount: Optional[Decimal] = strawberry.field(default=None, description="罚款金额（元） — fine in yuan")
    confiscated_amount: Optional[Decimal] = strawberry.field(default=None, description="没收金额（元） — confiscation in yuan")
    licence: Optional[str] = strawberry.field(default=None, description="暂扣或吊销证照名称及编号 — licence suspended or revoked")
    severity: PenaltySeverity = strawberry.field(default=m.PenaltySeverity.ORDINARY, description="失信程度 — severity")
    valid_until: Optional[date] = strawberry.field(default=None, description="处罚有效期 — in effect until (default 长期)")
    legal_representative_id_type: Optional[str] = strawberry.field(default=None, description="法定代表人证件类型 — ID type")
    legal_representative_id_number: Optional[str] = strawberry.field(default=None, description="法定代表人证件号码 — ID number (masked when published)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="处罚决定结果 — result of decidePenalty and changePenalty")
class PenaltyDecisionPayload:
    decision: Optional[PenaltyDecision] = strawberry.field(description="处罚决定 — the decision (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")


@strawberry.input(description="变更、撤销或撤回处罚决定 — change, revoke or withdraw a decision; its published record follows (§40)")
class ChangePenaltyInput:
    decision_id: relay.GlobalID = strawberry.field(description="处罚决定的全局ID — the decision")
    status: DecisionStatus = strawberry.field(description="新状态 — CHANGED, REVOKED or WITHDRAWN")
    reason: str = strawberry.field(description="原因 — reason")
    content: Optional[str] = strawberry.field(default=None, description="变更后的处罚内容 — new content (CHANGED only)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="移送司法机关 — transfer a case to public security or the procuratorate (行刑衔接)")
class TransferCaseInput:
    case_id: relay.GlobalID = strawberry.field(description="案件的全局ID — the case")
    to_department_code: str = strawberry.field(description="接收部门编码 — public security or procuratorate")
    reason: str = strawberry.field(description="移送理由 — reason")
    transferred_on: date = strawberry.field(description="移送日期 — date")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="移送结果 — result of transferCase")
class CaseTransferPayload:
    transfer: Optional[CaseTransfer] = strawberry.field(description="移送 — the transfer (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")


@strawberry.input(description="免予处罚 — close a case with guidance under the 免罚清单 (first minor violation) or the "
                  "tolerance period (包容期), 000 §12")
class ExemptCaseInput:
    case_id: relay.GlobalID = strawberry.field(description="案件的全局ID — the case")
    guidance: str = strawberry.field(description="指导意见 — the guidance given instead of a penalty (行政指导)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="免予处罚结果 — result of exemptCase")
class ExemptCasePayload:
    case: Optional[EnforcementCase] = strawberry.field(description="案件 — the case, now EXEMPTED (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")


@strawberry.input(description="更新移送状态 — the receiving public security or procuratorate records acceptance, return "
                  "or judgment (行刑衔接, 002 §五.6)")
class UpdateCaseTransferInput:
    transfer_id: relay.GlobalID = strawberry.field(description="移送的全局ID — the transfer")
    status: TransferStatus = strawberry.field(description="新状态 — ACCEPTED, RETURNED or JUDGED")
    note: Optional[str] = strawberry.field(default=None, description="说明 — note (required when RETURNED)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type
class DisclosureMutation:
    @strawberry.mutation(description="立案 — open a case (the item's enforcement or responsible department only)")
    def open_case(self, info: Info, input: OpenCaseInput) -> OpenCasePayload:
        ctx = info.context
        row, errors = run(info, "openCase", input, lambda: penalties.open_case(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, item_code=input.item_code, number=input.number,
            opened_on=input.opened_on, violation_type=input.violation_type, findings=input.findings or "",
            exemption_code=input.exemption_code, touches_safety=input.touches_safety, request_id=ctx.request_id),
            lambda pk: ctx.session.get(CaseRow, pk))
        return OpenCasePayload(case=EnforcementCase.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="作出处罚决定 — decide a penalty and publish its 双公示 record (§39–40)")
    def decide_penalty(self, info: Info, input: DecidePenaltyInput) -> PenaltyDecisionPayload:
        ctx = info.context
        row, errors = run(info, "decidePenalty", input, lambda: penalties.decide_penalty(
            session=ctx.session, actor=ctx.actor, case_id=_pk(input.case_id, "EnforcementCase", "caseId"),
            number=input.number, decided_on=input.decided_on, measures=[x.value for x in input.measures],
            legal_basis=input.legal_basis, facts=input.facts, content=input.content, fine_amount=input.fine_amount,
            confiscated_amount=input.confiscated_amount, licence=input.licence, severity=input.severity.value,
            valid_until=input.valid_until, legal_rep_id_type=input.legal_representative_id_type,
            legal_rep_id_number=input.legal_representative_id_number, request_id=ctx.request_id),
            lambda pk: ctx.session.get(DecisionRow, pk))
        return PenaltyDecisionPayload(decision=PenaltyDecision.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="变更、撤销或撤回处罚决定 — the deciding department only; the published record is updated or withdrawn")
    def change_penalty(self, info: Info, input: ChangePenaltyInput) -> PenaltyDecisionPayload:
        ctx = info.context
        row, errors = run(info, "changePenalty", input, lambda: penalties.change_penalty(
            session=ctx.session, actor=ctx.actor, decision_id=_pk(input.decision_id, "PenaltyDecision", "decisionId"),
            status=input.status.value, reason=input.reason, content=input.content, request_id=ctx.request_id),
            lambda pk: ctx.session.get(DecisionRow, pk))
        return PenaltyDecisionPayload(decision=PenaltyDecision.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="移送司法机关 — transfer a case (行刑衔接, 002 §五.6)")
    def transfer_case(self, info: Info, input: TransferCaseInput) -> CaseTransferPayload:
        ctx = info.context
        row, errors = run(info, "transferCase", input, lambda: penalties.transfer_case(
            session=ctx.session, actor=ctx.actor, case_id=_pk(input.case_id, "EnforcementCase", "caseId"),
            to_department_code=input.to_department_code, reason=input.reason, transferred_on=input.transferred_on,
            request_id=ctx.request_id), lambda pk: ctx.session.get(TransferRow, pk))
        return CaseTransferPayload(transfer=CaseTransfer.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="免予处罚 — close the department's open case with guidance when the 免罚清单 or the "
                         "tolerance period applies (000 §12)")
    def exempt_case(self, info: Info, input: ExemptCaseInput) -> ExemptCasePayload:
        ctx = info.context
        row, errors = run(info, "exemptCase", input, lambda: penalties.exempt_case(
            session=ctx.session, actor=ctx.actor, case_id=_pk(input.case_id, "EnforcementCase", "caseId"),
            guidance=input.guidance, request_id=ctx.request_id), lambda pk: ctx.session.get(CaseRow, pk))
        return ExemptCasePayload(case=EnforcementCase.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="更新移送状态 — the receiving public security or procuratorate only; the "
                         "transferring department sees the new status (002 §五.6)")
    def update_case_transfer(self, info: Info, input: UpdateCaseTransferInput) -> CaseTransferPayload:
        ctx = info.context
        row, errors = run(info, "updateCaseTransfer", input, lambda: penalties.update_transfer(
            session=ctx.session, actor=ctx.actor, transfer_id=_pk(input.transfer_id, "CaseTransfer", "transferId"),
            status=input.status.value, note=input.note, request_id=ctx.request_id),
            lambda pk: ctx.session.get(TransferRow, pk))
        return CaseTransferPayload(transfer=CaseTransfer.from_row(row) if row else None, user_errors=errors)
