"""Root query fields. Every read goes through restrict() here, once, in SQL."""
from __future__ import annotations

import inspect
from datetime import date
from typing import Optional

import sqlalchemy as sa
import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.types import Info

from models import AuditRecord as AuditRow, Department as DepartmentRow, MarketEntity as EntityRow
from models import Permit as PermitRow, PermitItem as ItemRow
from supervision import uscc as uscc_mod
from supervision.calendar import load_calendar
from supervision.responsibility import Action, explain_access, file_access_column, restrict, supervised_clause

from . import enums
from .limits import PublicError
from .pagination import connection, page
from .types import (AccessExplanation, AccessReason, AuditRecord, Department, MarketEntity, Permit, PermitItem,
                    Viewer)


@strawberry.input(description="市场主体筛选 — filter for entities")
class EntityFilter:
    name_contains: Optional[str] = strawberry.field(default=None, description="名称包含 — name fragment")
    region: Optional[str] = strawberry.field(default=None, description="行政区划代码 — region code")
    industry_code: Optional[str] = strawberry.field(default=None, description="行业代码前缀 — GB/T 4754 code or its prefix (e.g. H62)")
    status: Optional[enums.EntityStatus] = strawberry.field(default=None, description="登记状态 — status")
    entity_type: Optional[enums.EntityType] = strawberry.field(default=None, description="主体类型 — type")
    address_contains: Optional[str] = strawberry.field(default=None, description="住所包含 — address fragment")
    in_my_remit: Optional[bool] = strawberry.field(default=None, description="仅本部门监管对象 — only entities the viewer's department supervises")


@strawberry.input(description="许可筛选 — filter for permits")
class PermitFilter:
    uscc: Optional[str] = strawberry.field(default=None, description="统一社会信用代码 — entity's code")
    item_code: Optional[str] = strawberry.field(default=None, description="事项编码 — catalogue item code")
    status: Optional[enums.PermitStatus] = strawberry.field(default=None, description="许可状态 — status")
    issuing_department_code: Optional[str] = strawberry.field(default=None, description="许可机关编码 — issuing department code")


@strawberry.input(description="审批事项筛选 — filter for catalogue items")
class PermitItemFilter:
    status: Optional[enums.PermitItemStatus] = strawberry.field(default=None, description="事项状态 — status")
    mode: Optional[enums.PermitMode] = strawberry.field(default=None, description="审批类型 — mode")
    high_risk: Optional[bool] = strawberry.field(default=None, description="高风险行业 — high-risk flag")
    department_code: Optional[str] = strawberry.field(default=None, description="部门编码 — approving or competent department")
    name_contains: Optional[str] = strawberry.field(default=None, description="名称包含 — name fragment")


async def _resolve_nodes(info: Info, ids: list[relay.GlobalID]) -> list:
    """One batch per type: each type's resolve_nodes applies its own visibility rule."""
    by_type: dict[type, list[int]] = {}
    for pos, gid in enumerate(ids):
        try:
            cls = gid.resolve_type(info)
        except Exception:  # an unknown type name is answered like an unknown id
            continue
        if isinstance(cls, type) and issubclass(cls, relay.Node):
            by_type.setdefault(cls, []).append(pos)
    out: list = [None] * len(ids)
    for cls, positions in by_type.items():
        found = cls.resolve_nodes(info=info, node_ids=[ids[p].node_id for p in positions], required=False)
        if inspect.isawaitable(found):
            found = await found
        for p, node in zip(positions, found):
            out[p] = node
    return out


def _like(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _dept_id(session, code: Optional[str]) -> Optional[int]:
    if not code:
        return None
    return session.exec(select(DepartmentRow.id).where(DepartmentRow.code == code.strip().upper())).first() or -1


@strawberry.type(name="Deadline", description="期限 — a deadline counted in working days (工作日, with 调休)")
class DeadlineType:
    due: date = strawberry.field(description="到期日 — due date")
    provisional: bool = strawberry.field(description="暂定 — true when a year counted has no published holiday arrangement yet")


@strawberry.type
class Query:
    @strawberry.field(description="按全局ID取对象 — fetch any object by its global ID (null if none or not visible)")
    async def node(self, info: Info, id: relay.GlobalID) -> Optional[relay.Node]:
        return (await _resolve_nodes(info, [id]))[0]

    @strawberry.field(description="按全局ID批量取对象 — fetch objects by global IDs (null where none or not visible)")
    async def nodes(self, info: Info, ids: list[relay.GlobalID]) -> list[Optional[relay.Node]]:
        if len(ids) > 100:
            raise PublicError(f"一次最多查询 100 个对象，实为 {len(ids)}", code="PAGE_SIZE_EXCEEDED")
        return await _resolve_nodes(info, ids)

    @strawberry.field(description="当前访问者 — who is asking")
    def viewer(self, info: Info) -> Viewer:
        a = info.context.actor
        return Viewer(kind=enums.ActorKind(a.kind.value), label=a.label,
                      roles=[enums.StaffRole(r) for r in sorted(a.roles)], _department_id=a.department_id)

    @strawberry.field(description="按统一社会信用代码查询市场主体 — one entity by its credit code (null if none)")
    def entity(self, info: Info, uscc: str) -> Optional[MarketEntity]:
        ctx = info.context
        row = ctx.session.exec(select(EntityRow, file_access_column(ctx.actor, EntityRow.id))
                               .where(EntityRow.uscc == uscc_mod.normalize(uscc))).first()
        if row is None:
            return None
        entity, readable = row
        ctx.loaders.file_access.prime(entity.id, bool(readable))  # the file's fields ask no further statement
        return MarketEntity.from_row(entity)

    @strawberry.field(description="市场主体列表 — entities (registration information is public), keyset-paginated")
    def entities(self, info: Info, filter: Optional[EntityFilter] = None, first: Optional[int] = 20,
                 after: Optional[str] = None) -> relay.Connection[MarketEntity]:
        ctx = info.context
        stmt = restrict(select(EntityRow), ctx.actor, Action.READ_ENTITY)
        f = filter or EntityFilter()
        if f.name_contains:
            stmt = stmt.where(EntityRow.name.like(_like(f.name_contains.strip()), escape="\\"))
        if f.address_contains:
            stmt = stmt.where(EntityRow.address.like(_like(f.address_contains.strip()), escape="\\"))
        if f.region:
            stmt = stmt.where(EntityRow.region == f.region.strip())
        if f.industry_code:
            stmt = stmt.where(EntityRow.industry_code.like(_like(f.industry_code.strip().upper())[1:], escape="\\"))
        if f.status:
            stmt = stmt.where(EntityRow.status == f.status.value)
        if f.entity_type:
            stmt = stmt.where(EntityRow.entity_type == f.entity_type.value)
        if f.in_my_remit:
            stmt = stmt.where(supervised_clause(ctx.actor, EntityRow.id))
        rows, more, prev = page(stmt, EntityRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[MarketEntity], rows, more, prev, MarketEntity.from_row)

    @strawberry.field(description="部门列表 — departments (public)")
    def departments(self, info: Info, kind: Optional[enums.DepartmentKind] = None, first: Optional[int] = 20,
                    after: Optional[str] = None) -> relay.Connection[Department]:
        stmt = select(DepartmentRow)
        if kind is not None:
            stmt = stmt.where(sa.cast(DepartmentRow.kinds, sa.String).like(f'%"{kind.value}"%'))
        rows, more, prev = page(stmt, DepartmentRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[Department], rows, more, prev, Department.from_row)

    @strawberry.field(description="审批事项目录 — the permit-item catalogue (public)")
    def permit_items(self, info: Info, filter: Optional[PermitItemFilter] = None, first: Optional[int] = 20,
                     after: Optional[str] = None) -> relay.Connection[PermitItem]:
        ctx = info.context
        stmt = select(ItemRow)
        f = filter or PermitItemFilter()
        if f.status:
            stmt = stmt.where(ItemRow.status == f.status.value)
        if f.mode:
            stmt = stmt.where(ItemRow.mode == f.mode.value)
        if f.high_risk is not None:
            stmt = stmt.where(ItemRow.high_risk == f.high_risk)
        if f.name_contains:
            stmt = stmt.where(ItemRow.name.like(_like(f.name_contains.strip()), escape="\\"))
        if f.department_code:
            d = _dept_id(ctx.session, f.department_code)
            stmt = stmt.where(sa.or_(ItemRow.approving_department_id == d, ItemRow.competent_department_id == d,
                                     ItemRow.delegated_to_department_id == d))
        rows, more, prev = page(stmt, ItemRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[PermitItem], rows, more, prev, PermitItem.from_row)

    @strawberry.field(description="行政许可列表 — permits the viewer may see (non-public)")
    def permits(self, info: Info, filter: Optional[PermitFilter] = None, first: Optional[int] = 20,
                after: Optional[str] = None) -> relay.Connection[Permit]:
        ctx = info.context
        stmt = restrict(select(PermitRow), ctx.actor, Action.READ_PERMIT)
        f = filter or PermitFilter()
        if f.uscc:
            stmt = stmt.join(EntityRow, EntityRow.id == PermitRow.entity_id).where(EntityRow.uscc == uscc_mod.normalize(f.uscc))
        if f.item_code:
            stmt = stmt.join(ItemRow, ItemRow.id == PermitRow.item_id).where(ItemRow.code == f.item_code.strip())
        if f.status:
            stmt = stmt.where(PermitRow.status == f.status.value)
        if f.issuing_department_code:
            stmt = stmt.where(PermitRow.issuing_department_id == _dept_id(ctx.session, f.issuing_department_code))
        rows, more, prev = page(stmt, PermitRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[Permit], rows, more, prev, Permit.from_row)

    @strawberry.field(description="访问说明 — why the viewer may or may not read an entity's file (null if no such entity)")
    def explain_access(self, info: Info, uscc: str) -> Optional[AccessExplanation]:
        ctx = info.context
        row = ctx.session.exec(select(EntityRow).where(EntityRow.uscc == uscc_mod.normalize(uscc))).first()
        if row is None:
            return None
        ex = explain_access(ctx.session, ctx.actor, row)
        return AccessExplanation(
            entity=MarketEntity.from_row(row), can_read_public=ex.can_read_public, can_read_file=ex.can_read_file,
            summary=ex.summary,
            reasons=[AccessReason(rule=enums.ResponsibilityRule(r.rule), description=r.description,
                                  source_kind=r.source_kind, source_id=r.source_id, item_code=r.item_code,
                                  _department_id=r.department_id) for r in ex.reasons])

    @strawberry.field(description="工作日期限 — the date `workingDays` working days after `start` on the Chinese calendar")
    def deadline(self, info: Info, start: date, working_days: int) -> DeadlineType:
        if not -1000 <= working_days <= 1000:
            raise PublicError("workingDays 须在 -1000—1000 之间", code="INVALID_ARGUMENT")
        d = load_calendar(info.context.session).add_working_days(start, working_days)
        return DeadlineType(due=d.due, provisional=d.provisional)

    @strawberry.field(description="审计记录 — audit records the viewer may read (督查部门: all; a department: its own)")
    def audit_records(self, info: Info, act: Optional[str] = None, target_id: Optional[str] = None,
                      first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[AuditRecord]:
        ctx = info.context
        stmt = restrict(select(AuditRow), ctx.actor, Action.READ_AUDIT)
        if act:
            stmt = stmt.where(AuditRow.act == act)
        if target_id:
            stmt = stmt.where(AuditRow.target_id == target_id)
        rows, more, prev = page(stmt, AuditRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[AuditRecord], rows, more, prev, AuditRecord.from_row)
