"""GraphQL object types. Non-public fields answer null (lists: empty) outside the viewer's remit."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Iterable, Optional

import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.types import Info

from models import AuditRecord as AuditRow, Department as DepartmentRow, MarketEntity as EntityRow
from models import Permit as PermitRow, PermitItem as ItemRow
from supervision import uscc as uscc_mod
from supervision.responsibility import Action, restrict

from . import enums

if TYPE_CHECKING:
    from .credit import CreditStanding
    from .disclosures import Disclosure
    from .draws import InspectionTask
    from .notices import Notification, RegistrationNotice, TrackingTask
from .pagination import check_first, connection, decode_cursor


def _ids(node_ids: Iterable[str]) -> list[int]:
    out = []
    for n in node_ids:
        try:
            out.append(int(n))
        except ValueError:
            out.append(-1)
    return out


ERRORS_DOC = "输入错误 — errors; nothing was written when present"


def pk_of(gid: relay.GlobalID, type_name: str) -> int:
    """A mutation input's global ID: of another type, or not a number, it names nothing (-1; the domain answers
    NOT_FOUND)."""
    if gid.type_name != type_name:
        return -1
    try:
        return int(gid.node_id)
    except ValueError:
        return -1


def rows_by_ids(info: Info, model, clause, node_ids: Iterable[str]) -> list:
    """Rows for resolve_nodes in one statement, narrowed by a visibility clause; None where not visible."""
    ids = _ids(node_ids)
    found = {r.id: r for r in info.context.session.exec(select(model).where(model.id.in_(set(ids)), clause)).all()}
    return [found.get(i) for i in ids]


def entity_is(column, uscc: str):
    """column = the id of the entity with this credit code (a scalar subquery, no extra round trip)."""
    return column == select(EntityRow.id).where(EntityRow.uscc == uscc_mod.normalize(uscc)).scalar_subquery()


def _restricted_nodes(info: Info, cls, model, action: Action, node_ids: Iterable[str]) -> list:
    """Nodes by id in one statement, narrowed by restrict(): one not visible answers as if it did not exist."""
    ids = _ids(node_ids)
    stmt = restrict(select(model).where(model.id.in_(ids)), info.context.actor, action)
    found = {r.id: r for r in info.context.session.exec(stmt).all()}
    return [cls.from_row(found[i]) if i in found else None for i in ids]


@strawberry.type(name="Department", description="部门 — a government department")
class Department(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="部门编码 — department code")
    name: str = strawberry.field(description="部门名称 — department name")
    level: enums.DepartmentLevel = strawberry.field(description="层级 — level")
    region: str = strawberry.field(description="行政区划代码 — 6-digit administrative division code (GB/T 2260)")
    kinds: list[enums.DepartmentKind] = strawberry.field(description="部门类型 — kinds of this department")

    @classmethod
    def from_row(cls, r: DepartmentRow) -> "Department":
        return cls(id=r.id, code=r.code, name=r.name, level=enums.DepartmentLevel(r.level), region=r.region,
                   kinds=[enums.DepartmentKind(k) for k in r.kinds])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await info.context.loaders.department.load_many(_ids(node_ids))
        return [cls.from_row(r) if r else None for r in rows]


async def _department(info: Info, dept_id: Optional[int]) -> Optional[Department]:
    if dept_id is None:
        return None
    row = await info.context.loaders.department.load(dept_id)
    return Department.from_row(row) if row else None


@strawberry.type(name="PermitItem", description="审批事项 — an item of the permit catalogue (审批事项目录)")
class PermitItem(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="事项编码 — item code")
    name: str = strawberry.field(description="事项名称 — item name")
    legal_basis: str = strawberry.field(description="设定依据 — legal basis")
    level: enums.DepartmentLevel = strawberry.field(description="审批层级 — approval level")
    mode: enums.PermitMode = strawberry.field(description="审批类型 — 后置 / 前置")
    notice_commitment: bool = strawberry.field(description="可告知承诺 — notice-and-commitment allowed (告知承诺制)")
    status: enums.PermitItemStatus = strawberry.field(description="事项状态 — status (取消审批、改为备案、下放、审管分离)")
    high_risk: bool = strawberry.field(description="高风险行业 — high-risk sector (养老、教育、金融、危险化学品), §43 joint review")
    time_limit_days: Optional[int] = strawberry.field(description="法定时限（工作日） — statutory time limit in working days")
    scope_phrases: list[str] = strawberry.field(description="经营范围用语 — business-scope phrases that call for this item (双告知)")
    _approving_id: strawberry.Private[int]
    _competent_id: strawberry.Private[int]
    _delegated_id: strawberry.Private[Optional[int]]

    @classmethod
    def from_row(cls, r: ItemRow) -> "PermitItem":
        return cls(id=r.id, code=r.code, name=r.name, legal_basis=r.legal_basis, level=enums.DepartmentLevel(r.level),
                   mode=enums.PermitMode(r.mode), notice_commitment=r.notice_commitment,
                   status=enums.PermitItemStatus(r.status), high_risk=r.high_risk, time_limit_days=r.time_limit_days,
                   scope_phrases=list(r.scope_phrases), _approving_id=r.approving_department_id,
                   _competent_id=r.competent_department_id, _delegated_id=r.delegated_to_department_id)

    @strawberry.field(description="审批部门 — approving department")
    async def approving_department(self, info: Info) -> Department:
        return await _department(info, self._approving_id)

    @strawberry.field(description="行业主管部门 — competent department")
    async def competent_department(self, info: Info) -> Department:
        return await _department(info, self._competent_id)

    @strawberry.field(description="下放至部门 — department the approval was delegated to (下放)")
    async def delegated_to(self, info: Info) -> Optional[Department]:
        return await _department(info, self._delegated_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await info.context.loaders.permit_item.load_many(_ids(node_ids))
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="Permit", description="行政许可 — a permit decision (non-public: visible to the departments responsible for the entity)")
class Permit(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="许可编号 — permit (licence) number")
    decision_date: date = strawberry.field(description="许可决定日期 — decision date")
    valid_from: date = strawberry.field(description="有效期自 — valid from")
    valid_to: Optional[date] = strawberry.field(description="有效期至 — valid to")
    status: enums.PermitStatus = strawberry.field(description="许可状态 — status")
    status_reason: Optional[str] = strawberry.field(description="状态变更原因 — reason of the last status change")
    by_commitment: bool = strawberry.field(description="告知承诺 — granted on the applicant's commitment (rule 6 applies)")
    _entity_id: strawberry.Private[int]
    _item_id: strawberry.Private[int]
    _issuer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: PermitRow) -> "Permit":
        return cls(id=r.id, number=r.number, decision_date=r.decision_date, valid_from=r.valid_from,
                   valid_to=r.valid_to, status=enums.PermitStatus(r.status), status_reason=r.status_reason,
                   by_commitment=r.by_commitment, _entity_id=r.entity_id, _item_id=r.item_id, _issuer_id=r.issuing_department_id)

    @strawberry.field(description="审批事项 — catalogue item")
    async def item(self, info: Info) -> PermitItem:
        return PermitItem.from_row(await info.context.loaders.permit_item.load(self._item_id))

    @strawberry.field(description="市场主体 — the entity holding the permit")
    async def entity(self, info: Info) -> "MarketEntity":
        return MarketEntity.from_row(await info.context.loaders.entity.load(self._entity_id))

    @strawberry.field(description="许可机关 — issuing department")
    async def issuing_department(self, info: Info) -> Department:
        return await _department(info, self._issuer_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _restricted_nodes(info, cls, PermitRow, Action.READ_PERMIT, node_ids)


@strawberry.type(name="MarketEntity", description="市场主体 — a market entity, identified by its unified social credit code. "
                 "Registration fields are public (as on the national enterprise credit information publicity system); "
                 "the rest of its file is visible only to departments responsible for it.")
class MarketEntity(relay.Node):
    id: relay.NodeID[int]
    uscc: str = strawberry.field(description="统一社会信用代码 — unified social credit code (GB 32100-2015), normalised")
    name: str = strawberry.field(description="名称 — name")
    entity_type: enums.EntityType = strawberry.field(description="主体类型 — entity type")
    legal_representative: str = strawberry.field(description="法定代表人（负责人、经营者） — legal representative")
    address: str = strawberry.field(description="住所（经营场所） — registered address")
    region: str = strawberry.field(description="行政区划代码 — administrative division code")
    industry_code: str = strawberry.field(description="国民经济行业代码 — industry (GB/T 4754)")
    business_scope: str = strawberry.field(description="经营范围 — business scope")
    established_on: date = strawberry.field(description="成立日期 — date established")
    status: enums.EntityStatus = strawberry.field(description="登记状态 — registration status")
    _registering_id: strawberry.Private[int]
    _phone: strawberry.Private[Optional[str]]
    _tolerance_until: strawberry.Private[Optional[date]]

    @classmethod
    def from_row(cls, r: EntityRow) -> "MarketEntity":
        return cls(id=r.id, uscc=r.uscc, name=r.name, entity_type=enums.EntityType(r.entity_type),
                   legal_representative=r.legal_representative, address=r.address, region=r.region,
                   industry_code=r.industry_code, business_scope=r.business_scope, established_on=r.established_on,
                   status=enums.EntityStatus(r.status), _registering_id=r.registering_department_id,
                   _phone=r.contact_phone, _tolerance_until=r.tolerance_until)

    @strawberry.field(description="登记机关 — registering department")
    async def registering_department(self, info: Info) -> Department:
        return await _department(info, self._registering_id)

    @strawberry.field(description="联系电话 — contact phone (non-public: null outside the viewer's remit)")
    async def contact_phone(self, info: Info) -> Optional[str]:
        return self._phone if await info.context.can_read_file(self.id) else None

    @strawberry.field(description="包容期截止日期 — end of the tolerance period (包容期) for new-economy entities (non-public)")
    async def tolerance_until(self, info: Info) -> Optional[date]:
        return self._tolerance_until if await info.context.can_read_file(self.id) else None

    @strawberry.field(description="本部门可查阅非公示信息 — whether the viewer may read this entity's non-public file")
    async def viewer_can_read_file(self, info: Info) -> bool:
        return await info.context.can_read_file(self.id)

    @strawberry.field(description="行政许可 — permits (non-public: empty outside the viewer's remit)")
    async def permits(self, info: Info, first: Optional[int] = 20, after: Optional[str] = None,
                      status: Optional[enums.PermitStatus] = None) -> relay.Connection[Permit]:
        first = check_first(first)
        after_id = decode_cursor(after)
        rows = await info.context.loaders.permits_of_entity.load(
            (self.id, first, after_id, status.value if status else None))
        return connection(relay.Connection[Permit], rows[:first], len(rows) > first, after_id is not None, Permit.from_row)

    @strawberry.field(description="检查任务 — the viewer's department's inspection tasks on this entity (lead or participant; "
                      "督查部门: all), newest first")
    async def inspections(self, info: Info, first: Optional[int] = 5, after: Optional[str] = None
                          ) -> relay.Connection[Annotated["InspectionTask", strawberry.lazy("api.graphql.draws")]]:
        from .draws import InspectionTask
        first = check_first(first)
        after_id = decode_cursor(after)
        rows = await info.context.loaders.inspections_of_entity.load((self.id, first, after_id, None))
        return connection(relay.Connection[InspectionTask], rows[:first], len(rows) > first, after_id is not None,
                          InspectionTask.from_row)

    @strawberry.field(description="公示信息 — the entity's 双公示 records in public view (permits, penalties, spot-check "
                      "results), newest first; public like the disclosures query")
    async def disclosures(self, info: Info, first: Optional[int] = 5, after: Optional[str] = None,
                          kind: Optional[enums.DisclosureKind] = None
                          ) -> relay.Connection[Annotated["Disclosure", strawberry.lazy("api.graphql.disclosures")]]:
        from .disclosures import Disclosure
        first = check_first(first)
        after_id = decode_cursor(after)
        rows = await info.context.loaders.disclosures_of_entity.load(
            (self.uscc, first, after_id, kind.value if kind else None))
        return connection(relay.Connection[Disclosure], rows[:first], len(rows) > first, after_id is not None,
                          Disclosure.from_row)

    @strawberry.field(description="告知书 — the notice issued at registration (non-public: null outside the viewer's remit)")
    async def notice(self, info: Info) -> Optional[Annotated["RegistrationNotice", strawberry.lazy("api.graphql.notices")]]:
        from .notices import RegistrationNotice
        if not await info.context.can_read_file(self.id):
            return None
        row = await info.context.loaders.notice_of_entity.load(self.id)
        return RegistrationNotice.from_row(row) if row else None

    @strawberry.field(description="推送告知 — the departments told of the registration and their receipts (non-public: empty outside the viewer's remit)")
    async def notifications(self, info: Info) -> list[Annotated["Notification", strawberry.lazy("api.graphql.notices")]]:
        from .notices import Notification
        if not await info.context.can_read_file(self.id):
            return []
        return [Notification.from_row(r) for r in await info.context.loaders.notifications_of_entity.load(self.id)]

    @strawberry.field(description="跟踪任务 — 照后证前 tracking of the entity (non-public: empty outside the viewer's remit)")
    async def tracking_tasks(self, info: Info) -> list[Annotated["TrackingTask", strawberry.lazy("api.graphql.notices")]]:
        from .notices import TrackingTask
        if not await info.context.can_read_file(self.id):
            return []
        return [TrackingTask.from_row(r) for r in await info.context.loaders.tracking_tasks_of_entity.load(self.id)]

    @strawberry.field(description="信用状况 — grade and combined risk level (in remit), dishonesty-list flags and the "
                      "joint measures that apply (public): 一处失信，处处受限")
    def credit_standing(self) -> Annotated["CreditStanding", strawberry.lazy("api.graphql.credit")]:
        from .credit import CreditStanding
        return CreditStanding(_entity_id=self.id)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await info.context.loaders.entity.load_many(_ids(node_ids))
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="AccessReason", description="监管依据 — one rule and record that make a department responsible for an entity")
class AccessReason:
    rule: enums.ResponsibilityRule = strawberry.field(description="规则 — the responsibility rule")
    description: str = strawberry.field(description="说明 — explanation in Chinese")
    source_kind: str = strawberry.field(description="来源记录类型 — kind of the record behind it (registration, permit, …)")
    source_id: int = strawberry.field(description="来源记录编号 — id of that record")
    item_code: Optional[str] = strawberry.field(description="审批事项编码 — catalogue item concerned, if any")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="部门 — the department this reason applies to")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


@strawberry.type(name="AccessExplanation", description="访问说明 — why the viewer may (or may not) see an entity's file")
class AccessExplanation:
    entity: MarketEntity = strawberry.field(description="市场主体 — the entity")
    can_read_public: bool = strawberry.field(description="可查阅公示信息 — public information is open to everyone")
    can_read_file: bool = strawberry.field(description="可查阅非公示信息 — whether the viewer may read the non-public file")
    summary: str = strawberry.field(description="说明 — summary in Chinese")
    reasons: list[AccessReason] = strawberry.field(description="依据 — the rules and records behind the answer")


@strawberry.type(name="Viewer", description="当前访问者 — who is asking")
class Viewer:
    kind: enums.ActorKind = strawberry.field(description="访问者类型 — kind")
    label: str = strawberry.field(description="名称 — label")
    roles: list[enums.StaffRole] = strawberry.field(description="角色 — roles (staff only)")
    _department_id: strawberry.Private[Optional[int]]

    @strawberry.field(description="所属部门 — the department the viewer acts for (null: public scope)")
    async def department(self, info: Info) -> Optional[Department]:
        return await _department(info, self._department_id)


@strawberry.type(name="AuditRecord", description="审计记录 — one entry of the hash-chained audit log")
class AuditRecord(relay.Node):
    id: relay.NodeID[int]
    at: datetime = strawberry.field(description="时间 — when (UTC, ISO 8601)")
    actor: str = strawberry.field(description="操作者 — actor identifier")
    actor_label: str = strawberry.field(description="操作者名称 — actor label")
    act: str = strawberry.field(description="操作 — act (e.g. entity.register, permit.record)")
    target_type: str = strawberry.field(description="对象类型 — target type")
    target_id: str = strawberry.field(description="对象标识 — target identifier")
    request_id: str = strawberry.field(description="请求编号 — request id")
    digest: str = strawberry.field(description="变更摘要 — SHA-256 of the change")
    prev_hash: str = strawberry.field(description="前一记录哈希 — previous record's hash")
    hash: str = strawberry.field(description="本记录哈希 — this record's hash")
    _department_id: strawberry.Private[Optional[int]]

    @classmethod
    def from_row(cls, r: AuditRow) -> "AuditRecord":
        return cls(id=r.id, at=r.at, actor=r.actor, actor_label=r.actor_label, act=r.act, target_type=r.target_type,
                   target_id=r.target_id, request_id=r.request_id, digest=r.digest, prev_hash=r.prev_hash,
                   hash=r.hash, _department_id=r.department_id)

    @strawberry.field(description="部门 — department of the actor")
    async def department(self, info: Info) -> Optional[Department]:
        return await _department(info, self._department_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _restricted_nodes(info, cls, AuditRow, Action.READ_AUDIT, node_ids)


async def _entity(info: Info, entity_id: Optional[int]) -> Optional[MarketEntity]:
    if entity_id is None:
        return None
    row = await info.context.loaders.entity.load(entity_id)
    return MarketEntity.from_row(row) if row else None
