"""双随机、一公开 (seeds/004 §19–27): item lists, plans, verifiable draws, tasks, results — types, queries, mutations.

Public (no key): published lists, draw announcements (the hashes before, the seed and snapshot after),
verifyDraw, and published results. A department sees the plans it leads or joins and the tasks of
those plans; OVERSIGHT sees all; one outside answers as not found. Filtering happens once, at the root.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Iterable, Optional

import sqlalchemy as sa
import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from models import AssistanceRequest as AssistanceRow, Department as DepartmentRow, InspectionDraw as DrawRow
from models import InspectionItem as ItemRow, InspectionPlan as PlanRow, InspectionTask as TaskRow
from models import ItemResult as ResultRow, JointParticipation as ParticipationRow, ListPublication as PublicationRow
from models import MarketEntity as EntityRow, NonDrawInspection as NonDrawRow
from models import ConflictDeclaration as ConflictRow, KeyFocusObject as KeyFocusRow, UncodedObject as UncodedRow
from models import enums as m
from supervision import inspections as acts
from supervision import uscc as uscc_mod
from supervision.errors import NotFound

from .errors import UserError
from .mutations import IDEMPOTENCY_DOC, run
from .pagination import connection, page
from .types import ERRORS_DOC, Department, MarketEntity, _department, _entity, pk_of, rows_by_ids

if TYPE_CHECKING:
    from .credit import CreditAlerts

ListKind = strawberry.enum(m.ListKind, description="清单类型 — kind of yearly publication (行政执法事项清单、行政检查事项清单、随机抽查事项清单、年度抽查计划)")
PlanKind = strawberry.enum(m.PlanKind, description="抽查类型 — plan kind (部门抽查、部门联合抽查 §24、全项彻查 §25)")
PlanStatus = strawberry.enum(m.PlanStatus, description="计划状态 — plan status (草拟、待参与部门确认、已公布哈希、已摇号)")
KeyFocusMode = strawberry.enum(m.KeyFocusMode, description="重点对象处理 — key-focus objects (§22): always drawn or weighted")
KeyFocusReason = strawberry.enum(m.KeyFocusReason, description="重点监管原因 — why an entity is a key-focus object (§22)")
InspectionTaskStatus = strawberry.enum(m.InspectionTaskStatus, description="检查任务状态 — task status (待检查、已检查并公示)")
InspectionResult = strawberry.enum(m.ItemResultValue, name="InspectionResult", description="检查结果 — result (未发现问题、发现问题、通过登记的住所无法联系、未开展相关经营、不配合检查)")
AssistanceKind = strawberry.enum(m.AssistanceKind, description="协助类型 — assistance (协助调查取证、专业认定意见, §26)")
NonDrawReason = strawberry.enum(m.NonDrawReason, description="非随机检查事由 — grounds for an inspection outside a draw (§20): 投诉举报、大数据预警、转办交办、上级部署")

PUBLIC_PLAN = (m.PlanStatus.COMMITTED.value, m.PlanStatus.DRAWN.value)


# --- lists (§20, 003 §三) ------------------------------------------------------------------------

@strawberry.type(description="抽查事项 — one line of a random inspection item list (§20)")
class InspectionItem:
    code: str = strawberry.field(description="事项编码 — item code")
    name: str = strawberry.field(description="抽查事项 — item")
    legal_basis: str = strawberry.field(description="检查依据 — legal basis")
    content: str = strawberry.field(description="检查内容 — what is checked")
    method: str = strawberry.field(description="检查方式 — method")

    @classmethod
    def from_row(cls, r) -> "InspectionItem":
        if isinstance(r, dict):
            return cls(code=r["code"], name=r["name"], legal_basis=r["legalBasis"], content=r["content"], method=r["method"])
        return cls(code=r.code, name=r.name, legal_basis=r.legal_basis, content=r.content, method=r.method)


@strawberry.type(name="ListPublication", description="清单公布 — a published version of a department's yearly list or "
                 "annual plan (三单一计划, 003 §三; 随机抽查事项清单, §20); public")
class ListPublication(relay.Node):
    id: relay.NodeID[int]
    year: int = strawberry.field(description="年度 — year")
    kind: ListKind = strawberry.field(description="清单类型 — kind")
    version: int = strawberry.field(description="版本 — version (1, 2, … within the year and kind)")
    title: str = strawberry.field(description="标题 — title")
    published_on: date = strawberry.field(description="公布日期 — date published")
    items: list[InspectionItem] = strawberry.field(description="抽查事项 — the items, for a random inspection item list")
    entries: list[str] = strawberry.field(description="条目 — the entries, for the other lists and the plan")
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: PublicationRow) -> "ListPublication":
        structured = r.kind == m.ListKind.RANDOM_ITEMS.value
        return cls(id=r.id, year=r.year, kind=ListKind(r.kind), version=r.version, title=r.title,
                   published_on=r.published_on,
                   items=[InspectionItem.from_row(x) for x in r.content] if structured else [],
                   entries=[] if structured else [str(x) for x in r.content], _department_id=r.department_id)

    @strawberry.field(description="公布部门 — the department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, PublicationRow, sa.true(), node_ids)]


@strawberry.type(description="未按时公布 — a department that had not published its three lists and annual plan by the end of January (003 §三)")
class ListWarning:
    year: int = strawberry.field(description="年度 — year")
    missing: list[ListKind] = strawberry.field(description="未公布 — kinds not published by 31 January")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="部门 — the department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


# --- plans and draws (§21–25) ----------------------------------------------------------------------

@strawberry.type(name="JointParticipation", description="联合抽查参与 — one department's part in a joint plan (§24): "
                 "confirmed within 5 working days with its items and inspectors")
class JointParticipation(relay.Node):
    id: relay.NodeID[int]
    lead: bool = strawberry.field(description="牵头部门 — true for the lead department")
    confirm_due: date = strawberry.field(description="确认期限 — confirmation due (5 working days after the invitation)")
    confirmed_at: Optional[datetime] = strawberry.field(description="确认时间 — when confirmed (null: not yet)")
    inspector_count: int = strawberry.field(description="检查人员数 — inspectors submitted")
    _department_id: strawberry.Private[int]
    _item_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: ParticipationRow) -> "JointParticipation":
        return cls(id=r.id, lead=r.lead, confirm_due=r.confirm_due, confirmed_at=r.confirmed_at,
                   inspector_count=len(r.inspector_ids or []), _department_id=r.department_id, _item_ids=list(r.item_ids or []))

    @strawberry.field(description="参与部门 — the department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="抽查事项 — the department's items in this plan")
    async def items(self, info: Info) -> list[InspectionItem]:
        rows = await info.context.loaders.inspection_item.load_many(self._item_ids)
        return [InspectionItem.from_row(r) for r in rows if r is not None]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        clause = sa.exists().where(PlanRow.id == ParticipationRow.plan_id, acts.plans_clause(info.context.actor))
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, ParticipationRow, clause, node_ids)]


@strawberry.type(name="InspectionPlan", description="抽查计划 — a random inspection plan: items, object filters, expected "
                 "sample, team size, check window; its seed and snapshot hashes are fixed before the draw (§21)")
class InspectionPlan(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="计划名称 — name")
    year: int = strawberry.field(description="年度 — year")
    kind: PlanKind = strawberry.field(description="抽查类型 — kind")
    status: PlanStatus = strawberry.field(description="状态 — status")
    ratio: Optional[str] = strawberry.field(description="抽查比例 — expected share of the directory drawn (e.g. 0.05); null when a count is set")
    count: Optional[int] = strawberry.field(description="抽查数量 — expected number drawn; null when a ratio is set")
    team_size: int = strawberry.field(description="每组人数 — inspectors per team from each department (≥ 2)")
    check_start: date = strawberry.field(description="检查开始日期 — check window start")
    check_end: date = strawberry.field(description="检查结束日期 — check window end")
    results_due: date = strawberry.field(description="结果公示期限 — results due (20 working days after the check ends, §27)")
    key_focus: KeyFocusMode = strawberry.field(description="重点对象处理 — key-focus objects always drawn or weighted (§22)")
    filters: JSON = strawberry.field(description="对象筛选条件 — directory filters (region, industryCode, entityType, permitItemCode, riskLevels, creditGrades)")
    probability_table: JSON = strawberry.field(description="抽取权重表 — weight per \"grade|risk\" ('*' = not rated); lower credit or higher risk weighs more")
    seed_hash: Optional[str] = strawberry.field(description="种子哈希 — SHA-256 of the secret seed, published before the draw")
    snapshot_hash: Optional[str] = strawberry.field(description="名录快照哈希 — SHA-256 of the directory snapshot, published before the draw")
    drawn_at: Optional[datetime] = strawberry.field(description="摇号时间 — when drawn")
    _department_id: strawberry.Private[int]
    _item_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: PlanRow) -> "InspectionPlan":
        return cls(id=r.id, name=r.name, year=r.year, kind=PlanKind(r.kind), status=PlanStatus(r.status), ratio=r.ratio,
                   count=r.target_count, team_size=r.team_size, check_start=r.check_start, check_end=r.check_end,
                   results_due=r.results_due, key_focus=KeyFocusMode(r.key_focus), filters=r.filters,
                   probability_table=r.probability_table, seed_hash=r.seed_hash, snapshot_hash=r.snapshot_hash,
                   drawn_at=r.drawn_at, _department_id=r.department_id, _item_ids=list(r.item_ids or []))

    @strawberry.field(description="牵头部门 — the department that leads the plan")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="抽查事项 — the lead department's items")
    async def items(self, info: Info) -> list[InspectionItem]:
        rows = await info.context.loaders.inspection_item.load_many(self._item_ids)
        return [InspectionItem.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="参与部门 — participations of a joint plan (empty for a single department's plan)")
    async def participations(self, info: Info) -> list[JointParticipation]:
        return [JointParticipation.from_row(r) for r in await info.context.loaders.participations_of_plan.load(self.id)]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, PlanRow, acts.plans_clause(info.context.actor), node_ids)]


@strawberry.type(description="摇号公告 — what a plan publishes about its draw: the hashes before, the seed and the "
                 "snapshot after, so anyone can re-run it (public)")
class DrawAnnouncement:
    plan_id: relay.GlobalID = strawberry.field(description="计划全局ID — the plan's global ID (for verifyDraw)")
    plan_name: str = strawberry.field(description="计划名称 — plan name")
    year: int = strawberry.field(description="年度 — year")
    status: PlanStatus = strawberry.field(description="状态 — COMMITTED (hashes published) or DRAWN (seed revealed)")
    seed_hash: str = strawberry.field(description="种子哈希 — SHA-256 of the seed")
    snapshot_hash: str = strawberry.field(description="名录快照哈希 — SHA-256 of the snapshot")
    committed_at: datetime = strawberry.field(description="公布哈希时间 — when the hashes were published")
    drawn_at: Optional[datetime] = strawberry.field(description="摇号时间 — when drawn (null: not yet)")
    seed: Optional[str] = strawberry.field(description="随机种子 — the seed, revealed after the draw (null before)")
    snapshot: Optional[str] = strawberry.field(description="名录快照 — the canonical JSON snapshot, published after the draw")
    result: Optional[JSON] = strawberry.field(description="摇号结果 — selected object keys, teams (inspector ids) and unassigned objects")
    _department_id: strawberry.Private[int]

    @strawberry.field(description="牵头部门 — the lead department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


@strawberry.type(description="摇号复核 — re-running a draw from its published snapshot and seed (RFC 3797 in spirit)")
class DrawVerification:
    matches: bool = strawberry.field(description="是否一致 — true when the hashes and the re-run result all match")
    snapshot_hash_ok: bool = strawberry.field(description="快照哈希一致 — the snapshot hashes to what was published before the draw")
    seed_hash_ok: bool = strawberry.field(description="种子哈希一致 — the revealed seed hashes to what was published before")
    result_ok: bool = strawberry.field(description="结果一致 — re-running the draw gives the published result")
    message: str = strawberry.field(description="说明 — explanation")
    algorithm: str = strawberry.field(description="算法 — algorithm identifier (documented in supervision/draws.py)")


# --- tasks and results (§27) -----------------------------------------------------------------------

@strawberry.type(description="检查人员 — an inspector of a team (执法检查人员)")
class Inspector:
    username: str = strawberry.field(description="用户名 — username")
    display_name: str = strawberry.field(description="姓名 — name")
    certificate_no: Optional[str] = strawberry.field(description="执法证号 — enforcement certificate number")


@strawberry.type(description="事项检查结果 — the result for one item of a task")
class ItemResult:
    result: InspectionResult = strawberry.field(description="检查结果 — result")
    description: str = strawberry.field(description="情况说明 — description")
    checked_on: date = strawberry.field(description="检查日期 — date checked")
    _item_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @strawberry.field(description="抽查事项 — the item")
    async def item(self, info: Info) -> Optional[InspectionItem]:
        r = await info.context.loaders.inspection_item.load(self._item_id)
        return InspectionItem.from_row(r) if r else None

    @strawberry.field(description="录入部门 — the department that recorded it")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)


@strawberry.type(name="InspectionTask", description="检查任务 — a drawn object and its team: one visit for every "
                 "participating department's items (进一次门，查多项事, §24)")
class InspectionTask(relay.Node):
    id: relay.NodeID[int]
    object_key: str = strawberry.field(description="对象标识 — the object's key in the snapshot (credit code, or O… for an object without one)")
    status: InspectionTaskStatus = strawberry.field(description="状态 — status")
    results_due: date = strawberry.field(description="结果公示期限 — results due (§27)")
    checked_on: Optional[date] = strawberry.field(description="检查日期 — date of the last item checked")
    summary: Optional[InspectionResult] = strawberry.field(description="检查结论 — the most serious item result once all are in")
    published_at: Optional[datetime] = strawberry.field(description="公示时间 — when the result was published")
    _plan_id: strawberry.Private[int]
    _entity_id: strawberry.Private[int]
    _inspector_ids: strawberry.Private[list[int]]

    @classmethod
    def from_row(cls, r: TaskRow) -> "InspectionTask":
        return cls(id=r.id, object_key=r.object_key, status=InspectionTaskStatus(r.status), results_due=r.results_due,
                   checked_on=r.checked_on, summary=InspectionResult(r.summary) if r.summary else None,
                   published_at=r.published_at, _plan_id=r.plan_id, _entity_id=r.entity_id,
                   _inspector_ids=list(r.inspector_ids or []))

    @strawberry.field(description="抽查计划 — the plan")
    async def plan(self, info: Info) -> InspectionPlan:
        return InspectionPlan.from_row(await info.context.loaders.inspection_plan.load(self._plan_id))

    @strawberry.field(description="市场主体 — the entity (for an object without a code, the entity responsible for it)")
    async def entity(self, info: Info) -> Optional[MarketEntity]:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="信用提示 — the entity's dishonesty-list flags and the joint measures that apply to a "
                      "spot check (一处失信，处处受限)")
    def credit_alerts(self) -> Annotated["CreditAlerts", strawberry.lazy("api.graphql.credit")]:
        from .credit import CreditAlerts as Alerts
        return Alerts(_entity_id=self._entity_id, _act="DRAW")

    @strawberry.field(description="检查组 — the team")
    async def inspectors(self, info: Info) -> list[Inspector]:
        rows = await info.context.loaders.staff.load_many(self._inspector_ids)
        return [Inspector(username=r.username, display_name=r.display_name, certificate_no=r.certificate_no)
                for r in rows if r is not None]

    @strawberry.field(description="事项检查结果 — results recorded so far")
    async def results(self, info: Info) -> list[ItemResult]:
        return [ItemResult(result=InspectionResult(r.result), description=r.description, checked_on=r.checked_on,
                           _item_id=r.item_id, _department_id=r.department_id)
                for r in await info.context.loaders.results_of_task.load(self.id)]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, TaskRow, acts.tasks_clause(info.context.actor), node_ids)]


@strawberry.type(description="抽查结果公示 — a published random inspection result (§27): plan, entity, code, date, result; public")
class PublishedInspectionResult:
    plan_name: str = strawberry.field(description="抽查计划名称 — plan name")
    department_name: str = strawberry.field(description="抽查部门 — the lead department")
    entity_name: str = strawberry.field(description="市场主体名称 — entity name")
    uscc: str = strawberry.field(description="统一社会信用代码 — credit code")
    checked_on: date = strawberry.field(description="检查日期 — date checked")
    result: InspectionResult = strawberry.field(description="检查结果 — result")
    published_at: datetime = strawberry.field(description="公示时间 — when published")


@strawberry.type(name="AssistanceRequest", description="执法协助 — a request for evidence or an expert opinion from another department (§26)")
class AssistanceRequestNode(relay.Node):
    id: relay.NodeID[int]
    kind: AssistanceKind = strawberry.field(description="协助类型 — kind")
    request: str = strawberry.field(description="协助事项 — what is asked")
    answer: Optional[str] = strawberry.field(description="协助意见 — the answer (null: not yet)")
    answered_at: Optional[datetime] = strawberry.field(description="答复时间 — when answered")
    _from: strawberry.Private[int]
    _to: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: AssistanceRow) -> "AssistanceRequestNode":
        return cls(id=r.id, kind=AssistanceKind(r.kind), request=r.request, answer=r.answer, answered_at=r.answered_at,
                   _from=r.from_department_id, _to=r.to_department_id)

    @strawberry.field(description="请求部门 — the requesting department")
    async def from_department(self, info: Info) -> Department:
        return await _department(info, self._from)

    @strawberry.field(description="被请求部门 — the department asked")
    async def to_department(self, info: Info) -> Department:
        return await _department(info, self._to)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        a = info.context.actor
        clause = sa.true() if a.is_oversight else (sa.false() if a.department_id is None else sa.or_(
            AssistanceRow.from_department_id == a.department_id, AssistanceRow.to_department_id == a.department_id))
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, AssistanceRow, clause, node_ids)]


@strawberry.type(description="非随机检查 — an inspection outside a draw, with its ground (§20)")
class NonDrawInspection:
    reason: NonDrawReason = strawberry.field(description="事由 — ground")
    reference: str = strawberry.field(description="事由依据 — complaint number, alert number, referral or order")
    inspected_on: date = strawberry.field(description="检查日期 — date")
    result: InspectionResult = strawberry.field(description="检查结果 — result")


@strawberry.input(description="抽查计划筛选 — filter for plans")
class InspectionPlanFilter:
    status: Optional[PlanStatus] = strawberry.field(default=None, description="状态 — status")
    year: Optional[int] = strawberry.field(default=None, description="年度 — year")


@strawberry.input(description="检查任务筛选 — filter for tasks")
class InspectionTaskFilter:
    plan_id: Optional[relay.GlobalID] = strawberry.field(default=None, description="抽查计划 — the plan's global ID")
    status: Optional[InspectionTaskStatus] = strawberry.field(default=None, description="状态 — status")


def _announcement(plan: PlanRow, d: DrawRow) -> DrawAnnouncement:
    drawn = d.seed_revealed
    return DrawAnnouncement(plan_id=relay.GlobalID("InspectionPlan", str(plan.id)), plan_name=plan.name, year=plan.year,
                            status=PlanStatus(plan.status), seed_hash=d.seed_hash, snapshot_hash=d.snapshot_hash,
                            committed_at=plan.committed_at, drawn_at=plan.drawn_at, seed=d.seed if drawn else None,
                            snapshot=d.snapshot if drawn else None, result=d.result if drawn else None,
                            _department_id=plan.department_id)


@strawberry.type
class DrawQuery:
    @strawberry.field(description="已公布清单 — published lists and annual plans (三单一计划, 随机抽查事项清单 §20); public")
    def published_lists(self, info: Info, department_code: Optional[str] = None, year: Optional[int] = None,
                        kind: Optional[ListKind] = None, first: Optional[int] = 20,
                        after: Optional[str] = None) -> relay.Connection[ListPublication]:
        stmt = select(PublicationRow)
        if department_code:
            stmt = stmt.where(PublicationRow.department_id == select(DepartmentRow.id).where(
                DepartmentRow.code == department_code.strip().upper()).scalar_subquery())
        if year is not None:
            stmt = stmt.where(PublicationRow.year == year)
        if kind is not None:
            stmt = stmt.where(PublicationRow.kind == kind.value)
        rows, more, prev = page(stmt, PublicationRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[ListPublication], rows, more, prev, ListPublication.from_row)

    @strawberry.field(description="清单未按时公布 — departments without their three lists and annual plan by the end of January (003 §三): the viewer's own (督查部门: all)")
    def list_warnings(self, info: Info, year: int) -> list[ListWarning]:
        ctx = info.context
        return [ListWarning(year=w.year, missing=[ListKind(k.value) for k in w.missing], _department_id=w.department_id)
                for w in acts.unpublished_lists(ctx.session, ctx.actor, year=year)]

    @strawberry.field(description="执法检查人员名录库 — the viewer's department's certified inspectors (§21; public: empty)")
    def inspector_directory(self, info: Info) -> list[Inspector]:
        ctx = info.context
        if ctx.actor.department_id is None:
            return []
        return [Inspector(username=s.username, display_name=s.display_name, certificate_no=s.certificate_no)
                for s in acts.certified_inspectors(ctx.session, ctx.actor.department_id)]

    @strawberry.field(description="检查对象名录库 — the viewer's department's object directory (§23): the active entities "
                      "it supervises, with a plan's filters (region, industry, entity type, permit item, risk level, credit grade, "
                      "establishment date, key-focus only), each with its objects without a credit code; public: empty")
    def object_directory(self, info: Info, filter: Optional[DirectoryFilterInput] = None, first: Optional[int] = 20,
                         after: Optional[str] = None) -> relay.Connection[DirectoryObject]:
        return _directory_page(info, filter, first, after)

    @strawberry.field(description="抽查计划 — plans the viewer's department leads or joins (督查部门: all; public: none)")
    def inspection_plans(self, info: Info, filter: Optional[InspectionPlanFilter] = None, first: Optional[int] = 20,
                         after: Optional[str] = None) -> relay.Connection[InspectionPlan]:
        ctx = info.context
        stmt = select(PlanRow).where(acts.plans_clause(ctx.actor))
        f = filter or InspectionPlanFilter()
        if f.status:
            stmt = stmt.where(PlanRow.status == f.status.value)
        if f.year is not None:
            stmt = stmt.where(PlanRow.year == f.year)
        rows, more, prev = page(stmt, PlanRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[InspectionPlan], rows, more, prev, InspectionPlan.from_row)

    @strawberry.field(description="摇号公告 — every plan's published hashes, and after the draw its seed, snapshot and result; public")
    def draw_announcements(self, info: Info, department_code: Optional[str] = None, first: Optional[int] = 20,
                           after: Optional[str] = None) -> relay.Connection[DrawAnnouncement]:
        stmt = select(PlanRow, DrawRow).join(DrawRow, DrawRow.plan_id == PlanRow.id)
        if department_code:
            stmt = stmt.where(PlanRow.department_id == select(DepartmentRow.id).where(
                DepartmentRow.code == department_code.strip().upper()).scalar_subquery())
        rows, more, prev = page(stmt, PlanRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[DrawAnnouncement], rows, more, prev, lambda r: _announcement(*r),
                          key=lambda r: r[0].id)

    @strawberry.field(description="摇号复核 — re-run a drawn plan from its published snapshot and seed (null if not drawn); public")
    def verify_draw(self, info: Info, plan_id: relay.GlobalID) -> Optional[DrawVerification]:
        try:
            v = acts.verify_plan(info.context.session, pk_of(plan_id, "InspectionPlan"))
        except NotFound:
            return None
        return DrawVerification(matches=v.matches, snapshot_hash_ok=v.snapshot_hash_ok, seed_hash_ok=v.seed_hash_ok,
                                result_ok=v.result_ok, message=v.message, algorithm=v.algorithm)

    @strawberry.field(description="检查任务 — tasks of plans the viewer's department leads or joins (督查部门: all; public: none)")
    def inspection_tasks(self, info: Info, filter: Optional[InspectionTaskFilter] = None, first: Optional[int] = 20,
                         after: Optional[str] = None) -> relay.Connection[InspectionTask]:
        ctx = info.context
        stmt = select(TaskRow).where(acts.tasks_clause(ctx.actor))
        f = filter or InspectionTaskFilter()
        if f.plan_id is not None:
            stmt = stmt.where(TaskRow.plan_id == pk_of(f.plan_id, "InspectionPlan"))
        if f.status:
            stmt = stmt.where(TaskRow.status == f.status.value)
        rows, more, prev = page(stmt, TaskRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[InspectionTask], rows, more, prev, InspectionTask.from_row)

    @strawberry.field(description="抽查结果公示 — published random inspection results (§27), optionally of one entity; public")
    def published_inspection_results(self, info: Info, uscc: Optional[str] = None, first: Optional[int] = 20,
                                     after: Optional[str] = None) -> relay.Connection[PublishedInspectionResult]:
        stmt = (select(TaskRow.id, PlanRow.name, DepartmentRow.name, EntityRow.name, EntityRow.uscc, TaskRow.checked_on,
                       TaskRow.summary, TaskRow.published_at)
                .join(PlanRow, PlanRow.id == TaskRow.plan_id).join(DepartmentRow, DepartmentRow.id == PlanRow.department_id)
                .join(EntityRow, EntityRow.id == TaskRow.entity_id).where(TaskRow.published_at.is_not(None)))
        if uscc:
            stmt = stmt.where(EntityRow.uscc == uscc_mod.normalize(uscc))
        rows, more, prev = page(stmt, TaskRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[PublishedInspectionResult], rows, more, prev,
                          lambda r: PublishedInspectionResult(plan_name=r[1], department_name=r[2], entity_name=r[3],
                                                              uscc=r[4], checked_on=r[5], result=InspectionResult(r[6]),
                                                              published_at=r[7]),
                          key=lambda r: r[0])


# --- the object directory (§23) --------------------------------------------------------------------

@strawberry.type(name="UncodedObject", description="无统一社会信用代码的检查对象 — a site, product or vehicle without a credit "
                 "code, in the department's directory linked to the entity responsible for it (§23)")
class UncodedObjectNode(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="检查对象名称 — name")
    address: str = strawberry.field(description="地址 — address")
    object_key: str = strawberry.field(description="对象标识 — its key in a draw snapshot (O…)")
    _entity_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: UncodedRow) -> "UncodedObjectNode":
        return cls(id=r.id, name=r.name, address=r.address, object_key=f"O{r.id:08d}", _entity_id=r.responsible_entity_id)

    @strawberry.field(description="责任主体 — the entity responsible for it")
    async def responsible_entity(self, info: Info) -> Optional[MarketEntity]:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        a = info.context.actor
        clause = sa.false() if a.department_id is None else UncodedRow.department_id == a.department_id
        return [cls.from_row(r) if r else None for r in rows_by_ids(info, UncodedRow, clause, node_ids)]


@strawberry.type(description="检查对象 — one entry of the department's object directory (检查对象名录库, §23): an active "
                 "entity it supervises, its standing, and its objects without a credit code")
class DirectoryObject:
    entity: MarketEntity = strawberry.field(description="市场主体 — the entity")
    credit_grade: Optional[str] = strawberry.field(description="信用等级 — current credit grade (null: not graded)")
    risk_level: Optional[str] = strawberry.field(description="风险等级 — combined current risk level, the highest (§36; null: not assessed)")
    key_focus: bool = strawberry.field(description="重点监管对象 — listed by the department as a key-focus object (§22)")
    uncoded_objects: list[UncodedObjectNode] = strawberry.field(description="无代码检查对象 — the department's objects "
                                                                 "without a credit code this entity is responsible for")


def _directory_page(info: Info, filter: Optional["DirectoryFilterInput"], first: Optional[int], after: Optional[str]):
    ctx = info.context
    dept = ctx.actor.department_id
    clauses = acts.directory_clauses(dept, _filters(filter)) if dept is not None else [sa.false()]
    stmt = select(EntityRow).where(*clauses)
    rows, more, prev = page(stmt, EntityRow.id, ctx.session, first=first, after=after)
    d = acts.directory_details(ctx.session, dept, [r.id for r in rows]) if rows else None
    return connection(relay.Connection[DirectoryObject], rows, more, prev, lambda r: DirectoryObject(
        entity=MarketEntity.from_row(r), credit_grade=d.grades.get(r.id), risk_level=d.risks.get(r.id),
        key_focus=r.id in d.key_focus, uncoded_objects=[UncodedObjectNode.from_row(o) for o in d.uncoded.get(r.id, [])]))


# --- mutations -----------------------------------------------------------------------------------

@strawberry.input(description="保存抽查事项 — add or change a line of the department's random inspection item list (§20)")
class SaveInspectionItemInput:
    code: str = strawberry.field(description="事项编码 — item code")
    name: str = strawberry.field(description="抽查事项 — item")
    legal_basis: str = strawberry.field(description="检查依据 — legal basis")
    content: str = strawberry.field(description="检查内容 — content")
    method: str = strawberry.field(description="检查方式 — method")
    active: bool = strawberry.field(default=True, description="有效 — false retires the item from the next publication")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="保存抽查事项结果 — result of saveInspectionItem")
class SaveInspectionItemPayload:
    item: Optional[InspectionItem] = strawberry.field(description="抽查事项 — the item (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="公布清单 — publish a new version of a list or the annual plan (§20; 003 §三)")
class PublishListInput:
    year: int = strawberry.field(description="年度 — year")
    kind: ListKind = strawberry.field(description="清单类型 — kind; RANDOM_ITEMS publishes the item list as it stands")
    title: str = strawberry.field(description="标题 — title")
    entries: Optional[list[str]] = strawberry.field(default=None, description="条目 — entries (for kinds other than RANDOM_ITEMS)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="公布清单结果 — result of publishList")
class PublishListPayload:
    publication: Optional[ListPublication] = strawberry.field(description="清单公布 — the publication (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="检查对象筛选条件 — which entities of the department's remit a plan draws from (§23)")
class DirectoryFilterInput:
    region: Optional[str] = strawberry.field(default=None, description="行政区划代码 — region code (or its prefix)")
    industry_code: Optional[str] = strawberry.field(default=None, description="行业代码前缀 — industry code prefix")
    entity_type: Optional[str] = strawberry.field(default=None, description="主体类型 — entity type (EntityType value)")
    permit_item_code: Optional[str] = strawberry.field(default=None, description="许可事项编码 — entities holding a permit for this item")
    risk_levels: Optional[list[str]] = strawberry.field(default=None, description="风险等级 — risk levels (LOW, MEDIUM, HIGHER, HIGH)")
    credit_grades: Optional[list[str]] = strawberry.field(default=None, description="信用等级 — credit grades (A, B, C, D)")
    established_from: Optional[date] = strawberry.field(default=None, description="成立日期（起） — established on or after")
    established_to: Optional[date] = strawberry.field(default=None, description="成立日期（止） — established on or before")
    key_focus_only: Optional[bool] = strawberry.field(default=None, description="仅重点监管对象 — only the department's "
                                                      "key-focus objects (§22)")


@strawberry.input(description="制定抽查计划 — create a plan over the department's published items (§21–25)")
class CreateInspectionPlanInput:
    name: str = strawberry.field(description="计划名称 — name")
    year: int = strawberry.field(description="年度 — year")
    item_codes: list[str] = strawberry.field(description="抽查事项编码 — item codes (all published items for FULL_SWEEP when empty)")
    check_start: date = strawberry.field(description="检查开始日期 — check window start")
    check_end: date = strawberry.field(description="检查结束日期 — check window end")
    team_size: int = strawberry.field(default=2, description="每组人数 — inspectors per team from each department (≥ 2)")
    ratio: Optional[str] = strawberry.field(default=None, description="抽查比例 — expected share drawn, e.g. \"0.05\" (or give count)")
    count: Optional[int] = strawberry.field(default=None, description="抽查数量 — expected number drawn (or give ratio)")
    filter: Optional[DirectoryFilterInput] = strawberry.field(default=None, description="对象筛选条件 — directory filter")
    probability_table: Optional[JSON] = strawberry.field(default=None, description="抽取权重表 — weights per \"grade|risk\"; the default table when omitted")
    key_focus: KeyFocusMode = strawberry.field(default=KeyFocusMode.ALWAYS, description="重点对象处理 — key-focus objects (§22)")
    key_focus_weight: str = strawberry.field(default="2", description="重点对象权重倍数 — weight multiplier when WEIGHTED")
    kind: PlanKind = strawberry.field(default=PlanKind.SINGLE, description="抽查类型 — kind")
    participant_codes: Optional[list[str]] = strawberry.field(default=None, description="参与部门编码 — departments invited to a joint plan (§24)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="抽查计划结果 — result of a plan mutation")
class InspectionPlanPayload:
    plan: Optional[InspectionPlan] = strawberry.field(description="抽查计划 — the plan (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="确认联合抽查 — a participant confirms with its items and inspectors (§24, 5 working days)")
class ConfirmJointParticipationInput:
    plan_id: relay.GlobalID = strawberry.field(description="抽查计划全局ID — the plan's global ID")
    item_codes: list[str] = strawberry.field(description="本部门抽查事项 — the department's item codes (ignored for FULL_SWEEP)")
    inspectors: list[str] = strawberry.field(description="检查人员用户名 — usernames of certified inspectors")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="公布种子哈希 / 摇号 — act on a plan the department leads")
class PlanActionInput:
    plan_id: relay.GlobalID = strawberry.field(description="抽查计划全局ID — the plan's global ID")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="录入检查结果 — record one item's result for a task (§27)")
class RecordInspectionResultInput:
    task_id: relay.GlobalID = strawberry.field(description="检查任务全局ID — the task's global ID")
    item_code: str = strawberry.field(description="抽查事项编码 — the department's item code")
    result: InspectionResult = strawberry.field(description="检查结果 — result")
    checked_on: date = strawberry.field(description="检查日期 — date checked")
    description: Optional[str] = strawberry.field(default=None, description="情况说明 — required for PROBLEMS_FOUND and REFUSED")
    open_case: bool = strawberry.field(default=False, description="立案 — open a case for the department (problems found only)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="录入检查结果结果 — result of recordInspectionResult")
class RecordInspectionResultPayload:
    task: Optional[InspectionTask] = strawberry.field(description="检查任务 — the task after recording (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="请求执法协助 — ask another department for evidence or an expert opinion (§26)")
class RequestAssistanceInput:
    task_id: relay.GlobalID = strawberry.field(description="检查任务全局ID — the task")
    to_department_code: str = strawberry.field(description="被请求部门编码 — the department asked")
    kind: AssistanceKind = strawberry.field(description="协助类型 — kind")
    request: str = strawberry.field(description="协助事项 — what is asked")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="答复执法协助 — answer an assistance request addressed to the department (§26)")
class AnswerAssistanceInput:
    assistance_request_id: relay.GlobalID = strawberry.field(description="协助请求全局ID — the request")
    answer: str = strawberry.field(description="协助意见 — the answer")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="执法协助结果 — result of an assistance mutation")
class AssistancePayload:
    assistance_request: Optional[AssistanceRequestNode] = strawberry.field(description="执法协助 — the request (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="录入非随机检查 — record an inspection outside a draw, with its ground (§20)")
class RecordNonDrawInspectionInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    reason: NonDrawReason = strawberry.field(description="事由 — ground")
    reference: str = strawberry.field(description="事由依据 — complaint number, alert number, referral or order")
    inspected_on: date = strawberry.field(description="检查日期 — date")
    result: InspectionResult = strawberry.field(description="检查结果 — result")
    description: Optional[str] = strawberry.field(default=None, description="情况说明 — description")
    inspectors: list[str] = strawberry.field(description="检查人员用户名 — at least two certified inspectors")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="非随机检查结果 — result of recordNonDrawInspection")
class RecordNonDrawInspectionPayload:
    inspection: Optional[NonDrawInspection] = strawberry.field(description="非随机检查 — the inspection (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="申报回避 — an inspector of the department declares a conflict with an entity")
class DeclareConflictInput:
    username: str = strawberry.field(description="检查人员用户名 — the inspector")
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity")
    reason: str = strawberry.field(description="回避事由 — reason")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="列入重点监管对象 — list an entity of the remit as a key-focus object (§22)")
class MarkKeyFocusInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity")
    reason: KeyFocusReason = strawberry.field(description="列入原因 — reason")
    note: Optional[str] = strawberry.field(default=None, description="说明 — note")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="操作结果 — result of declareConflict or markKeyFocus")
class DirectoryPayload:
    ok: bool = strawberry.field(description="成功 — true when recorded")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="添加无代码检查对象 — add an object without a credit code to the department's directory, "
                  "linked to the entity in its remit responsible for it (§23)")
class AddUncodedObjectInput:
    name: str = strawberry.field(description="检查对象名称 — name (a site, product or vehicle)")
    address: Optional[str] = strawberry.field(default=None, description="地址 — address")
    responsible_uscc: str = strawberry.field(description="责任主体统一社会信用代码 — the responsible entity's code (in the department's remit)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="添加无代码检查对象结果 — result of addUncodedObject")
class AddUncodedObjectPayload:
    uncoded_object: Optional[UncodedObjectNode] = strawberry.field(description="检查对象 — the object (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


def _filters(f: Optional[DirectoryFilterInput]) -> dict:
    if f is None:
        return {}
    return {"region": f.region, "industryCode": f.industry_code, "entityType": f.entity_type,
            "permitItemCode": f.permit_item_code, "riskLevels": f.risk_levels, "creditGrades": f.credit_grades,
            "establishedFrom": f.established_from, "establishedTo": f.established_to, "keyFocusOnly": f.key_focus_only}


def _plan(row) -> Optional[InspectionPlan]:
    return InspectionPlan.from_row(row) if row is not None else None


@strawberry.type
class DrawMutation:
    @strawberry.mutation(description="保存抽查事项 — add or change an item of the department's own list (§20)")
    def save_inspection_item(self, info: Info, input: SaveInspectionItemInput) -> Optional[SaveInspectionItemPayload]:
        ctx = info.context
        row, errors = run(info, "saveInspectionItem", input, lambda: acts.save_inspection_item(
            session=ctx.session, actor=ctx.actor, code=input.code, name=input.name, legal_basis=input.legal_basis,
            content=input.content, method=input.method, active=input.active, request_id=ctx.request_id),
            lambda pk: ctx.session.get(ItemRow, pk))
        return SaveInspectionItemPayload(item=InspectionItem.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="公布清单 — publish a list or the annual plan (§20; 003 §三)")
    def publish_list(self, info: Info, input: PublishListInput) -> Optional[PublishListPayload]:
        ctx = info.context
        row, errors = run(info, "publishList", input, lambda: acts.publish_list(
            session=ctx.session, actor=ctx.actor, year=input.year, kind=input.kind.value, title=input.title,
            content=input.entries, request_id=ctx.request_id), lambda pk: ctx.session.get(PublicationRow, pk))
        return PublishListPayload(publication=ListPublication.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="制定抽查计划 — create a plan (the department's own published items; joint plans invite participants, §24)")
    def create_inspection_plan(self, info: Info, input: CreateInspectionPlanInput) -> Optional[InspectionPlanPayload]:
        ctx = info.context
        table = input.probability_table if isinstance(input.probability_table, dict) else None
        row, errors = run(info, "createInspectionPlan", input, lambda: acts.create_plan(
            session=ctx.session, actor=ctx.actor, name=input.name, year=input.year, item_codes=list(input.item_codes),
            check_start=input.check_start, check_end=input.check_end, team_size=input.team_size, ratio=input.ratio,
            count=input.count, filters=_filters(input.filter), probability_table=table, key_focus=input.key_focus.value,
            key_focus_weight=input.key_focus_weight, kind=input.kind.value,
            participant_codes=list(input.participant_codes or []), request_id=ctx.request_id),
            lambda pk: ctx.session.get(PlanRow, pk))
        return InspectionPlanPayload(plan=_plan(row), user_errors=errors)

    @strawberry.mutation(description="确认联合抽查 — confirm a joint plan with items and inspectors (participants, §24)")
    def confirm_joint_participation(self, info: Info, input: ConfirmJointParticipationInput) -> Optional[InspectionPlanPayload]:
        ctx = info.context
        row, errors = run(info, "confirmJointParticipation", input, lambda: acts.confirm_participation(
            session=ctx.session, actor=ctx.actor, plan_id=pk_of(input.plan_id, "InspectionPlan"),
            item_codes=list(input.item_codes), inspector_usernames=list(input.inspectors), request_id=ctx.request_id),
            lambda pk: ctx.session.get(ParticipationRow, pk))
        return InspectionPlanPayload(plan=_plan(ctx.session.get(PlanRow, row.plan_id)) if row else None, user_errors=errors)

    @strawberry.mutation(description="公布种子哈希 — fix the directory snapshot and a secret seed, publish their hashes (the lead department)")
    def commit_inspection_plan(self, info: Info, input: PlanActionInput) -> Optional[InspectionPlanPayload]:
        ctx = info.context
        row, errors = run(info, "commitInspectionPlan", input, lambda: acts.commit_plan(
            session=ctx.session, actor=ctx.actor, plan_id=pk_of(input.plan_id, "InspectionPlan"), request_id=ctx.request_id),
            lambda pk: ctx.session.get(PlanRow, pk))
        return InspectionPlanPayload(plan=_plan(row), user_errors=errors)

    @strawberry.mutation(description="摇号 — draw objects and teams once, reveal the seed, create tasks (the lead department, §21)")
    def draw_inspection_plan(self, info: Info, input: PlanActionInput) -> Optional[InspectionPlanPayload]:
        ctx = info.context
        row, errors = run(info, "drawInspectionPlan", input, lambda: acts.draw_plan(
            session=ctx.session, actor=ctx.actor, plan_id=pk_of(input.plan_id, "InspectionPlan"), request_id=ctx.request_id),
            lambda pk: ctx.session.get(PlanRow, pk))
        return InspectionPlanPayload(plan=_plan(row), user_errors=errors)

    @strawberry.mutation(description="录入检查结果 — record an item's result; the task is published when all are in (§27)")
    def record_inspection_result(self, info: Info, input: RecordInspectionResultInput) -> Optional[RecordInspectionResultPayload]:
        ctx = info.context
        row, errors = run(info, "recordInspectionResult", input, lambda: acts.record_item_result(
            session=ctx.session, actor=ctx.actor, task_id=pk_of(input.task_id, "InspectionTask"), item_code=input.item_code,
            result=input.result.value, checked_on=input.checked_on, description=input.description or "",
            open_case=input.open_case, request_id=ctx.request_id), lambda pk: ctx.session.get(ResultRow, pk))
        task = ctx.session.get(TaskRow, row.task_id) if row else None
        return RecordInspectionResultPayload(task=InspectionTask.from_row(task) if task else None, user_errors=errors)

    @strawberry.mutation(description="请求执法协助 — ask another department for assistance on a task (§26)")
    def request_assistance(self, info: Info, input: RequestAssistanceInput) -> Optional[AssistancePayload]:
        ctx = info.context
        row, errors = run(info, "requestAssistance", input, lambda: acts.request_assistance(
            session=ctx.session, actor=ctx.actor, task_id=pk_of(input.task_id, "InspectionTask"),
            to_department_code=input.to_department_code, kind=input.kind.value, request=input.request,
            request_id=ctx.request_id), lambda pk: ctx.session.get(AssistanceRow, pk))
        return AssistancePayload(assistance_request=AssistanceRequestNode.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="答复执法协助 — answer a request addressed to the department (§26)")
    def answer_assistance(self, info: Info, input: AnswerAssistanceInput) -> Optional[AssistancePayload]:
        ctx = info.context
        row, errors = run(info, "answerAssistance", input, lambda: acts.answer_assistance(
            session=ctx.session, actor=ctx.actor, request_id_=pk_of(input.assistance_request_id, "AssistanceRequest"),
            answer=input.answer, request_id=ctx.request_id), lambda pk: ctx.session.get(AssistanceRow, pk))
        return AssistancePayload(assistance_request=AssistanceRequestNode.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="录入非随机检查 — an inspection outside a draw, only on one of the four grounds (§20)")
    def record_non_draw_inspection(self, info: Info, input: RecordNonDrawInspectionInput) -> Optional[RecordNonDrawInspectionPayload]:
        ctx = info.context
        row, errors = run(info, "recordNonDrawInspection", input, lambda: acts.record_non_draw_inspection(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, reason=input.reason.value, reference=input.reference,
            inspected_on=input.inspected_on, result=input.result.value, description=input.description or "",
            inspector_usernames=list(input.inspectors), request_id=ctx.request_id),
            lambda pk: ctx.session.get(NonDrawRow, pk))
        node = NonDrawInspection(reason=NonDrawReason(row.reason), reference=row.reference, inspected_on=row.inspected_on,
                                 result=InspectionResult(row.result)) if row else None
        return RecordNonDrawInspectionPayload(inspection=node, user_errors=errors)

    @strawberry.mutation(description="申报回避 — declare an inspector's conflict with an entity; no draw pairs them")
    def declare_conflict(self, info: Info, input: DeclareConflictInput) -> Optional[DirectoryPayload]:
        ctx = info.context
        row, errors = run(info, "declareConflict", input, lambda: acts.declare_conflict(
            session=ctx.session, actor=ctx.actor, username=input.username, uscc=input.uscc, reason=input.reason,
            request_id=ctx.request_id), lambda pk: ctx.session.get(ConflictRow, pk))
        return DirectoryPayload(ok=row is not None, user_errors=errors)

    @strawberry.mutation(description="列入重点监管对象 — list a key-focus object (§22)")
    def mark_key_focus(self, info: Info, input: MarkKeyFocusInput) -> Optional[DirectoryPayload]:
        ctx = info.context
        row, errors = run(info, "markKeyFocus", input, lambda: acts.mark_key_focus(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, reason=input.reason.value, note=input.note or "",
            request_id=ctx.request_id), lambda pk: ctx.session.get(KeyFocusRow, pk))
        return DirectoryPayload(ok=row is not None, user_errors=errors)

    @strawberry.mutation(description="添加无代码检查对象 — add an object without a credit code to the directory (§23)")
    def add_uncoded_object(self, info: Info, input: AddUncodedObjectInput) -> Optional[AddUncodedObjectPayload]:
        ctx = info.context
        row, errors = run(info, "addUncodedObject", input, lambda: acts.add_uncoded_object(
            session=ctx.session, actor=ctx.actor, name=input.name, address=input.address or "",
            responsible_uscc=input.responsible_uscc, request_id=ctx.request_id), lambda pk: ctx.session.get(UncodedRow, pk))
        return AddUncodedObjectPayload(uncoded_object=UncodedObjectNode.from_row(row) if row else None, user_errors=errors)
