"""双评估 and credit consequences (seeds/004 §29–38; 002 §五.5; 001 §3.2; 000 §7; 003 §14): types,
queries, mutations.

List membership and the joint reward/punishment list are public. Grades, risk levels, reports and
credit facts are read by the credit department, OVERSIGHT and the departments responsible for the
entity; the public sees only facts that are public and still in effect. Reads are narrowed once, in
SQL, at the root field; nested fields go through the request's loaders.
"""
from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Iterable, Optional

import sqlalchemy as sa
import strawberry
from sqlmodel import select
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from models import CreditStandard as StandardRow
from models import CreditEvaluation as EvaluationRow, CreditFact as FactRow, JointMeasure as MeasureRow
from models import ListEntry as ListEntryRow, RepairRequest as RepairRow
from models import RiskAssessment as AssessmentRow, RiskRule as RuleRow
from models import enums as m
from supervision import credit as credit_mod, risk as risk_mod
from supervision.entities import find_by_uscc
from supervision.errors import NotFound
from supervision.credit import (fact_visible_clause, grade_visible_clause, is_credit_department, measures_for,
                               repair_visible_clause)
from supervision.ratings import RISK_LEVELS

from .errors import UserError
from .mutations import IDEMPOTENCY_DOC, run
from .pagination import connection, page
from .types import ERRORS_DOC, Department, MarketEntity, _department, _entity, entity_is, pk_of, rows_by_ids

CreditFactKind = strawberry.enum(m.CreditFactKind, description="信用信息类别 — kind of credit fact (行政处罚、经营异常、严重违法失信、违背承诺、跟踪检查发现问题、抽查发现问题、第三方负面评价、表彰荣誉、信守承诺)")
FactSeverity = strawberry.enum(m.FactSeverity, description="严重程度 — severity (轻微、一般、严重)")
FactState = strawberry.enum(m.FactState, description="记录状态 — state of a credit fact (有效、已终止、已信用修复、已撤销)")
DishonestyList = strawberry.enum(m.DishonestyList, description="失信名录 — dishonesty list (经营异常名录、严重违法失信名单)")
CreditAct = strawberry.enum(m.CreditAct, description="办理环节 — act to which a joint measure applies (行政许可、双随机抽查、登记变更、政府采购、财政扶持)")
MeasureKind = strawberry.enum(m.MeasureKind, description="奖惩类别 — joint reward (联合激励) or punishment (联合惩戒)")
RiskTrigger = strawberry.enum(m.RiskTrigger, description="启动情形 — why the assessment was started (法律规定或管理需要、监测或举报、新兴业态、上级要求), §33")
RepairKind = strawberry.enum(m.RepairKind, description="申请类别 — credit repair (信用修复) or objection (异议)")
RepairStatus = strawberry.enum(m.RepairStatus, description="处理状态 — status of a repair request or objection (待处理、予以修复/异议成立、不予修复/异议不成立)")
RiskLevel = strawberry.enum(Enum("RiskLevel", {lv: lv for lv in RISK_LEVELS}, type=str), name="RiskLevel",
                            description="风险等级 — risk level (低、一般、较高、高); an industry may use a subset (§36)")


async def _grade_visible(info: Info, entity_id: int) -> bool:
    return is_credit_department(info.context.actor) or await info.context.can_read_file(entity_id)


# --- types ------------------------------------------------------------------------------------------

@strawberry.type(description="评分依据 — one indicator of the standard that moved the score")
class CreditContribution:
    indicator: str = strawberry.field(description="指标编码 — indicator code")
    label: str = strawberry.field(description="指标名称 — indicator label")
    count: int = strawberry.field(description="计入记录数 — number of credit facts counted")
    points: int = strawberry.field(description="分值 — points added (negative: deducted)")
    fact_ids: list[relay.GlobalID] = strawberry.field(description="信用记录 — global IDs of the credit facts counted")


@strawberry.type(name="CreditEvaluation", description="信用评估结果 — one grading of an entity by the credit department (§29), "
                 "with the standard version and the indicators that moved it")
class CreditEvaluation(relay.Node):
    id: relay.NodeID[int]
    score: int = strawberry.field(description="得分 — score")
    grade: str = strawberry.field(description="信用等级 — grade (as the standard defines, e.g. A/B/C/D)")
    standard_version: int = strawberry.field(description="评估标准版本 — version of the standard applied")
    evaluated_on: date = strawberry.field(description="评估日期 — date evaluated")
    current: bool = strawberry.field(description="当前有效 — false once a later evaluation replaced it")
    contributions: list[CreditContribution] = strawberry.field(description="评分依据 — the indicators that moved the score")
    _entity_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: EvaluationRow) -> "CreditEvaluation":
        return cls(id=r.id, score=r.score, grade=r.grade, standard_version=r.standard_version,
                   evaluated_on=r.evaluated_on, current=r.current, _entity_id=r.entity_id, contributions=[
                       CreditContribution(indicator=c["indicator"], label=c["label"], count=c["count"], points=c["points"],
                                          fact_ids=[relay.GlobalID("CreditFact", str(i)) for i in c.get("factIds", [])])
                       for c in r.contributions or []])

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, EvaluationRow, grade_visible_clause(info.context.actor, EvaluationRow.entity_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="CreditFact", description="公共信用信息 — one credit fact supplied by a department from its own record")
class CreditFact(relay.Node):
    id: relay.NodeID[int]
    kind: CreditFactKind = strawberry.field(description="信用信息类别 — kind")
    severity: Optional[FactSeverity] = strawberry.field(description="严重程度 — severity")
    occurred_on: date = strawberry.field(description="发生日期 — date of the fact")
    summary: str = strawberry.field(description="信息摘要 — summary")
    state: FactState = strawberry.field(description="记录状态 — state (only ACTIVE counts for the grade)")
    public: bool = strawberry.field(description="公示 — shown to the public while in effect")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: FactRow) -> "CreditFact":
        return cls(id=r.id, kind=CreditFactKind(r.kind), severity=FactSeverity(r.severity) if r.severity else None,
                   occurred_on=r.occurred_on, summary=r.summary, state=FactState(r.state), public=r.public,
                   _entity_id=r.entity_id, _department_id=r.source_department_id)

    @strawberry.field(description="提供部门 — the department whose record it is")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, FactRow, fact_visible_clause(info.context.actor), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="ListEntry", description="名录记录 — an entity on the abnormal-operation list (经营异常名录) or the "
                 "serious-violation list (严重违法失信名单); public")
class ListEntry(relay.Node):
    id: relay.NodeID[int]
    list_kind: DishonestyList = strawberry.field(description="名录类别 — which list")
    reason: str = strawberry.field(description="列入事由 — reason")
    basis: str = strawberry.field(description="列入依据 — legal basis")
    listed_on: date = strawberry.field(description="列入日期 — date listed")
    removed_on: Optional[date] = strawberry.field(description="移出日期 — date removed (null: still listed)")
    removal_reason: Optional[str] = strawberry.field(description="移出事由 — reason of removal")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: ListEntryRow) -> "ListEntry":
        return cls(id=r.id, list_kind=DishonestyList(r.list_kind), reason=r.reason, basis=r.basis, listed_on=r.listed_on,
                   removed_on=r.removed_on, removal_reason=r.removal_reason, _entity_id=r.entity_id,
                   _department_id=r.department_id)

    @strawberry.field(description="作出决定部门 — the deciding department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity listed")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, ListEntryRow, sa.true(), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="JointMeasure", description="联合奖惩措施 — one line of the joint reward/punishment list (§31): "
                 "matter, target, means, implementing department, legal basis; public once published")
class JointMeasure(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="措施编码 — code")
    kind: MeasureKind = strawberry.field(description="奖惩类别 — reward or punishment")
    matter: str = strawberry.field(description="奖惩事项 — matter")
    target: str = strawberry.field(description="实施对象 — target")
    target_list: Optional[DishonestyList] = strawberry.field(description="对象名录 — the list whose members it targets")
    target_grades: list[str] = strawberry.field(description="对象信用等级 — the grades it targets")
    means: str = strawberry.field(description="实施手段 — means")
    acts: list[CreditAct] = strawberry.field(description="适用环节 — the acts it applies to")
    legal_basis: str = strawberry.field(description="实施依据 — legal basis")
    published: bool = strawberry.field(description="已公布 — published to the public")
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: MeasureRow) -> "JointMeasure":
        return cls(id=r.id, code=r.code, kind=MeasureKind(r.kind), matter=r.matter, target=r.target,
                   target_list=DishonestyList(r.target_list) if r.target_list else None,
                   target_grades=list(r.target_grades or []), means=r.means, acts=[CreditAct(a) for a in r.acts or []],
                   legal_basis=r.legal_basis, published=r.published, _department_id=r.implementing_department_id)

    @strawberry.field(description="实施主体 — implementing department")
    async def implementing_department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        clause = sa.true() if is_credit_department(info.context.actor) else MeasureRow.published.is_(True)
        rows = rows_by_ids(info, MeasureRow, clause, node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(description="信用状况 — an entity's standing as every department sees it (一处失信，处处受限)")
class CreditStanding:
    _entity_id: strawberry.Private[int]

    @strawberry.field(description="信用等级 — current grade (null: never graded, or outside the viewer's remit)")
    async def grade(self, info: Info) -> Optional[str]:
        if not await _grade_visible(info, self._entity_id):
            return None
        return await info.context.loaders.credit_grade.load(self._entity_id)

    @strawberry.field(description="综合风险等级 — combined risk level, the highest of current assessments (§36) (null: none, or outside the viewer's remit)")
    async def risk_level(self, info: Info) -> Optional[RiskLevel]:
        if not await _grade_visible(info, self._entity_id):
            return None
        level = await info.context.loaders.risk_level.load(self._entity_id)
        return RiskLevel(level) if level else None

    @strawberry.field(description="失信名录标记 — the dishonesty lists the entity is on now (public)")
    async def list_flags(self, info: Info) -> list[DishonestyList]:
        return [DishonestyList(f) for f in await info.context.loaders.list_flags.load(self._entity_id)]

    @strawberry.field(description="适用的联合惩戒措施 — published joint punishment measures that apply to the entity "
                      "(by its list flags; by its grade only where the viewer may see the grade), optionally for one act")
    async def joint_measures(self, info: Info, act: Optional[CreditAct] = None) -> list[JointMeasure]:
        return await _measures(info, self._entity_id, act.value if act else None)


async def _measures(info: Info, entity_id: int, act: Optional[str]) -> list[JointMeasure]:
    flags = await info.context.loaders.list_flags.load(entity_id)
    grade = await info.context.loaders.credit_grade.load(entity_id) if await _grade_visible(info, entity_id) else None
    rows = await info.context.loaders.joint_measures.load(0)
    return [JointMeasure.from_row(r) for r in measures_for(rows, flags, grade, act)]


@strawberry.type(description="失信提示 — the entity's list flags and the joint measures that apply to this act, "
                 "returned with the act itself (一处失信，处处受限)")
class CreditAlerts:
    _entity_id: strawberry.Private[int]
    _act: strawberry.Private[str]

    @strawberry.field(description="失信名录标记 — the dishonesty lists the entity is on now")
    async def list_flags(self, info: Info) -> list[DishonestyList]:
        return [DishonestyList(f) for f in await info.context.loaders.list_flags.load(self._entity_id)]

    @strawberry.field(description="适用的联合惩戒措施 — joint punishment measures that apply to this act")
    async def joint_measures(self, info: Info) -> list[JointMeasure]:
        return await _measures(info, self._entity_id, self._act)


@strawberry.type(name="RiskRule", description="风险评估规则 — an industry's assessment rule (§34); public")
class RiskRule(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="规则编码 — code")
    name: str = strawberry.field(description="规则名称 — name")
    industry_code: str = strawberry.field(description="行业代码 — GB/T 4754 code or prefix the rule covers")
    subject: str = strawberry.field(description="评估主体、实施机构及责任分工 — who assesses")
    scope: str = strawberry.field(description="评估对象及范围 — scope")
    method: str = strawberry.field(description="评估程序和方法 — procedure and method")
    indicators: list[str] = strawberry.field(description="指标体系 — indicators")
    report_use: str = strawberry.field(description="评估报告编制及结果运用 — report and use of results")
    levels: list[RiskLevel] = strawberry.field(description="风险等级 — the industry's levels, low to high")
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: RuleRow) -> "RiskRule":
        return cls(id=r.id, code=r.code, name=r.name, industry_code=r.industry_code, subject=r.subject, scope=r.scope,
                   method=r.method, indicators=list(r.indicators or []), report_use=r.report_use,
                   levels=[RiskLevel(lv) for lv in r.levels or []], _department_id=r.department_id)

    @strawberry.field(description="制定部门 — the department that assesses under it")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, RuleRow, sa.true(), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="RiskAssessment", description="风险评估报告 — a written risk assessment report (§35) and its level (§36)")
class RiskAssessment(relay.Node):
    id: relay.NodeID[int]
    level: RiskLevel = strawberry.field(description="风险等级 — level")
    trigger: RiskTrigger = strawberry.field(description="启动情形 — trigger (§33)")
    reason: str = strawberry.field(description="评估原因 — reason")
    process: str = strawberry.field(description="评估过程 — process")
    indicators_method: str = strawberry.field(description="评估指标体系及方法 — indicators and method")
    result: str = strawberry.field(description="评估结果 — result")
    measures: str = strawberry.field(description="排除风险措施 — measures")
    third_party: Optional[str] = strawberry.field(description="受托第三方机构 — third party that assessed on the department's behalf (§38)")
    assessed_on: date = strawberry.field(description="评估日期 — date")
    current: bool = strawberry.field(description="当前有效 — false once a later assessment under the same rule replaced it")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _rule_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: AssessmentRow) -> "RiskAssessment":
        return cls(id=r.id, level=RiskLevel(r.level), trigger=RiskTrigger(r.trigger), reason=r.reason, process=r.process,
                   indicators_method=r.indicators_method, result=r.result, measures=r.measures,
                   third_party=r.third_party, assessed_on=r.assessed_on, current=r.current,
                   _entity_id=r.entity_id, _department_id=r.department_id, _rule_id=r.rule_id)

    @strawberry.field(description="评估部门 — the assessing department")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @strawberry.field(description="评估规则 — the rule applied")
    async def rule(self, info: Info) -> RiskRule:
        return RiskRule.from_row(info.context.session.get(RuleRow, self._rule_id))

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, AssessmentRow, grade_visible_clause(info.context.actor, AssessmentRow.entity_id), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="RepairRequest", description="信用修复申请或异议 — a repair request or objection (000 §7; 003 §14)")
class RepairRequest(relay.Node):
    id: relay.NodeID[int]
    kind: RepairKind = strawberry.field(description="申请类别 — repair or objection")
    reason: str = strawberry.field(description="申请理由 — reason")
    filed_on: date = strawberry.field(description="申请日期 — date filed")
    due: date = strawberry.field(description="办理期限 — decision due (working days per the standard)")
    due_provisional: bool = strawberry.field(description="期限暂定 — true when the deadline falls in a year with no published holiday arrangement")
    status: RepairStatus = strawberry.field(description="处理状态 — status")
    decided_on: Optional[date] = strawberry.field(description="处理日期 — date decided")
    decision_reason: Optional[str] = strawberry.field(description="处理意见 — decision")
    fact_id: relay.GlobalID = strawberry.field(description="信用记录 — the credit fact concerned")
    _entity_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, r: RepairRow) -> "RepairRequest":
        return cls(id=r.id, kind=RepairKind(r.kind), reason=r.reason, filed_on=r.filed_on, due=r.due,
                   due_provisional=r.due_provisional, status=RepairStatus(r.status), decided_on=r.decided_on,
                   decision_reason=r.decision_reason, fact_id=relay.GlobalID("CreditFact", str(r.fact_id)),
                   _entity_id=r.entity_id, _department_id=r.department_id)

    @strawberry.field(description="处理部门 — the department that decides")
    async def department(self, info: Info) -> Department:
        return await _department(info, self._department_id)

    @strawberry.field(description="市场主体 — the entity")
    async def entity(self, info: Info) -> MarketEntity:
        return await _entity(info, self._entity_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = rows_by_ids(info, RepairRow, repair_visible_clause(info.context.actor), node_ids)
        return [cls.from_row(r) if r else None for r in rows]


# --- queries --------------------------------------------------------------------------------------------

@strawberry.type
class CreditQuery:
    @strawberry.field(description="信用评估结果 — current evaluations the viewer may see (信用主管部门、督查: all; "
                      "a department: entities in its remit; public: none)")
    def credit_evaluations(self, info: Info, uscc: Optional[str] = None, grade: Optional[str] = None,
                           first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[CreditEvaluation]:
        ctx = info.context
        stmt = select(EvaluationRow).where(EvaluationRow.current.is_(True),
                                           grade_visible_clause(ctx.actor, EvaluationRow.entity_id))
        if uscc:
            stmt = stmt.where(entity_is(EvaluationRow.entity_id, uscc))
        if grade:
            stmt = stmt.where(EvaluationRow.grade == grade.strip().upper())
        rows, more, prev = page(stmt, EvaluationRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[CreditEvaluation], rows, more, prev, CreditEvaluation.from_row)

    @strawberry.field(description="公共信用信息 — an entity's credit facts (in remit: all; otherwise: public facts in effect)")
    def credit_facts(self, info: Info, uscc: str, first: Optional[int] = 20,
                     after: Optional[str] = None) -> relay.Connection[CreditFact]:
        ctx = info.context
        stmt = select(FactRow).where(entity_is(FactRow.entity_id, uscc), fact_visible_clause(ctx.actor))
        rows, more, prev = page(stmt, FactRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[CreditFact], rows, more, prev, CreditFact.from_row)

    @strawberry.field(description="失信名录 — entries of the abnormal-operation list and serious-violation list (public); "
                      "current: only entities still listed")
    def dishonesty_list(self, info: Info, list_kind: Optional[DishonestyList] = None, current: bool = True,
                        uscc: Optional[str] = None, first: Optional[int] = 20,
                        after: Optional[str] = None) -> relay.Connection[ListEntry]:
        stmt = select(ListEntryRow)
        if list_kind is not None:
            stmt = stmt.where(ListEntryRow.list_kind == list_kind.value)
        if current:
            stmt = stmt.where(ListEntryRow.removed_on.is_(None))
        if uscc:
            stmt = stmt.where(entity_is(ListEntryRow.entity_id, uscc))
        rows, more, prev = page(stmt, ListEntryRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[ListEntry], rows, more, prev, ListEntry.from_row)

    @strawberry.field(description="联合奖惩清单 — the joint reward/punishment list (§31): published lines (信用主管部门: all)")
    def joint_measures(self, info: Info, act: Optional[CreditAct] = None, first: Optional[int] = 20,
                       after: Optional[str] = None) -> relay.Connection[JointMeasure]:
        ctx = info.context
        stmt = select(MeasureRow)
        if not is_credit_department(ctx.actor):
            stmt = stmt.where(MeasureRow.published.is_(True))
        if act is not None:
            stmt = stmt.where(sa.cast(MeasureRow.acts, sa.String).like(f'%"{act.value}"%'))
        rows, more, prev = page(stmt, MeasureRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[JointMeasure], rows, more, prev, JointMeasure.from_row)

    @strawberry.field(description="风险评估规则 — industry assessment rules (§34, public)")
    def risk_rules(self, info: Info, first: Optional[int] = 20, after: Optional[str] = None) -> relay.Connection[RiskRule]:
        rows, more, prev = page(select(RuleRow), RuleRow.id, info.context.session, first=first, after=after)
        return connection(relay.Connection[RiskRule], rows, more, prev, RiskRule.from_row)

    @strawberry.field(description="风险评估报告 — assessment reports the viewer may see (信用主管部门、督查: all; a department: "
                      "entities in its remit; public: none)")
    def risk_assessments(self, info: Info, uscc: Optional[str] = None, current: bool = True, first: Optional[int] = 20,
                         after: Optional[str] = None) -> relay.Connection[RiskAssessment]:
        ctx = info.context
        stmt = select(AssessmentRow).where(grade_visible_clause(ctx.actor, AssessmentRow.entity_id))
        if current:
            stmt = stmt.where(AssessmentRow.current.is_(True))
        if uscc:
            stmt = stmt.where(entity_is(AssessmentRow.entity_id, uscc))
        rows, more, prev = page(stmt, AssessmentRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[RiskAssessment], rows, more, prev, RiskAssessment.from_row)

    @strawberry.field(description="信用修复申请和异议 — requests the viewer decides or filed (信用主管部门、督查: all)")
    def repair_requests(self, info: Info, status: Optional[RepairStatus] = None, first: Optional[int] = 20,
                        after: Optional[str] = None) -> relay.Connection[RepairRequest]:
        ctx = info.context
        stmt = select(RepairRow).where(repair_visible_clause(ctx.actor))
        if status is not None:
            stmt = stmt.where(RepairRow.status == status.value)
        rows, more, prev = page(stmt, RepairRow.id, ctx.session, first=first, after=after)
        return connection(relay.Connection[RepairRequest], rows, more, prev, RepairRequest.from_row)


# --- mutations ------------------------------------------------------------------------------------------

@strawberry.input(description="评定信用等级 — grade one entity under the current standard (信用主管部门 only, §29)")
class EvaluateCreditInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="评定结果 — result of evaluateCredit")
class EvaluateCreditPayload:
    evaluation: Optional[CreditEvaluation] = strawberry.field(description="信用评估结果 — the evaluation (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="列入名录 — put an entity on the abnormal-operation or serious-violation list")
class ListEntityInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    list_kind: DishonestyList = strawberry.field(description="名录类别 — which list")
    reason: str = strawberry.field(description="列入事由 — reason")
    basis: str = strawberry.field(description="列入依据 — legal basis")
    listed_on: date = strawberry.field(description="列入日期 — date of the decision")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="名录操作结果 — result of listEntity or removeFromList")
class ListEntryPayload:
    list_entry: Optional[ListEntry] = strawberry.field(description="名录记录 — the entry (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="移出名录 — remove an entity from a list (the deciding department)")
class RemoveFromListInput:
    entry_id: relay.GlobalID = strawberry.field(description="名录记录的全局ID — the entry's global ID")
    reason: str = strawberry.field(description="移出事由 — reason")
    removed_on: date = strawberry.field(description="移出日期 — date")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="保存联合奖惩措施 — add or update a line of the joint reward/punishment list (§31)")
class SaveJointMeasureInput:
    code: str = strawberry.field(description="措施编码 — code (same code updates)")
    kind: MeasureKind = strawberry.field(description="奖惩类别 — reward or punishment")
    matter: str = strawberry.field(description="奖惩事项 — matter")
    target: str = strawberry.field(description="实施对象 — target, in words")
    target_list: Optional[DishonestyList] = strawberry.field(default=None, description="对象名录 — the list whose members it targets")
    target_grades: Optional[list[str]] = strawberry.field(default=None, description="对象信用等级 — grades it targets")
    means: str = strawberry.field(description="实施手段 — means")
    acts: list[CreditAct] = strawberry.field(description="适用环节 — the acts it applies to")
    implementing_department_code: str = strawberry.field(description="实施主体编码 — implementing department code")
    legal_basis: str = strawberry.field(description="实施依据 — legal basis")
    published: bool = strawberry.field(default=True, description="公布 — publish to the public")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="联合奖惩措施保存结果 — result of saveJointMeasure")
class SaveJointMeasurePayload:
    joint_measure: Optional[JointMeasure] = strawberry.field(description="联合奖惩措施 — the measure (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="录入风险评估报告 — record a risk assessment report and level (§35–36)")
class RecordRiskAssessmentInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    rule_code: str = strawberry.field(description="评估规则编码 — the rule applied (the viewer's department's own)")
    trigger: RiskTrigger = strawberry.field(description="启动情形 — trigger (§33)")
    level: RiskLevel = strawberry.field(description="风险等级 — level (one of the rule's levels)")
    reason: str = strawberry.field(description="评估原因 — reason")
    process: str = strawberry.field(description="评估过程 — process")
    indicators_method: str = strawberry.field(description="评估指标体系及方法 — indicators and method")
    result: str = strawberry.field(description="评估结果 — result")
    measures: str = strawberry.field(description="排除风险措施 — measures")
    assessed_on: date = strawberry.field(description="评估日期 — date")
    third_party: Optional[str] = strawberry.field(default=None, description="受托第三方机构 — third party assessing on the department's behalf (§38)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="风险评估录入结果 — result of recordRiskAssessment")
class RecordRiskAssessmentPayload:
    assessment: Optional[RiskAssessment] = strawberry.field(description="风险评估报告 — the report (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="提交信用修复申请或异议 — file a repair request or objection (registration department or partner key)")
class FileCreditRepairInput:
    fact_id: relay.GlobalID = strawberry.field(description="信用记录的全局ID — the credit fact concerned")
    kind: RepairKind = strawberry.field(description="申请类别 — repair or objection")
    reason: str = strawberry.field(description="申请理由 — reason")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.input(description="处理信用修复申请或异议 — decide a repair request or objection (the department whose record it is)")
class DecideCreditRepairInput:
    repair_id: relay.GlobalID = strawberry.field(description="申请的全局ID — the request's global ID")
    accept: bool = strawberry.field(description="予以修复/异议成立 — true to accept")
    reason: str = strawberry.field(description="处理意见 — decision reason")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="信用修复办理结果 — result of fileCreditRepair or decideCreditRepair")
class CreditRepairPayload:
    repair_request: Optional[RepairRequest] = strawberry.field(description="申请 — the request (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.type(description="信用评估标准 — a published version of the evaluation standard (§29): indicators, points, grade thresholds")
class CreditStandard:
    version: int = strawberry.field(description="版本 — version (earlier evaluations keep the version they were made under)")
    name: str = strawberry.field(description="标准名称 — name")
    data: JSON = strawberry.field(description="标准内容 — the standard as published (indicators, points, grade thresholds)")
    published_on: date = strawberry.field(description="发布日期 — date published")

    @classmethod
    def from_row(cls, r: StandardRow) -> "CreditStandard":
        return cls(version=r.version, name=r.name, data=r.data, published_on=r.published_on)


@strawberry.input(description="发布信用评估标准 — publish a new version of the standard (信用主管部门 only, §29)")
class PublishCreditStandardInput:
    name: str = strawberry.field(description="标准名称 — name")
    data: JSON = strawberry.field(description="标准内容 — the standard as JSON (indicators with points and rules, grade "
                                  "thresholds); validated before anything is written")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="发布信用评估标准结果 — result of publishCreditStandard")
class PublishCreditStandardPayload:
    standard: Optional[CreditStandard] = strawberry.field(description="信用评估标准 — the new version (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="保存风险评估规则 — define an industry's assessment rule (许可审批部门、行业主管部门, §34)")
class SaveRiskRuleInput:
    code: str = strawberry.field(description="规则编码 — code (unique)")
    name: str = strawberry.field(description="规则名称 — name")
    industry_code: str = strawberry.field(description="行业代码 — GB/T 4754 code or prefix the rule covers")
    subject: str = strawberry.field(description="评估主体、实施机构及责任分工 — who assesses")
    scope: str = strawberry.field(description="评估对象及范围 — scope")
    method: str = strawberry.field(description="评估程序和方法 — procedure and method")
    indicators: list[str] = strawberry.field(description="指标体系 — indicators")
    report_use: str = strawberry.field(description="评估报告编制及结果运用 — report and use of results")
    levels: Optional[list[RiskLevel]] = strawberry.field(default=None, description="风险等级 — the industry's levels, low to high (default: all four)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="保存风险评估规则结果 — result of saveRiskRule")
class SaveRiskRulePayload:
    rule: Optional[RiskRule] = strawberry.field(description="风险评估规则 — the rule (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


@strawberry.input(description="提供公共信用信息 — a department supplies one fact from its own record (§30)")
class RecordCreditFactInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    kind: CreditFactKind = strawberry.field(description="信用信息类别 — kind (list entries come only from listEntity)")
    occurred_on: date = strawberry.field(description="发生日期 — date of the fact")
    summary: str = strawberry.field(description="信息摘要 — summary")
    severity: Optional[FactSeverity] = strawberry.field(default=None, description="严重程度 — severity (required for PENALTY)")
    public: bool = strawberry.field(default=True, description="公示 — shown to the public while in effect")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="提供公共信用信息结果 — result of recordCreditFact")
class RecordCreditFactPayload:
    fact: Optional[CreditFact] = strawberry.field(description="公共信用信息 — the fact (null on error)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS_DOC)


def _entity_id(session, uscc: str) -> int:
    e = find_by_uscc(session, uscc or "")
    if e is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    return e.id


def _maybe(cls, row):
    return cls.from_row(row) if row is not None else None


@strawberry.type
class CreditMutation:
    @strawberry.mutation(description="评定信用等级 — grade one entity (信用主管部门 only, §29)")
    def evaluate_credit(self, info: Info, input: EvaluateCreditInput) -> Optional[EvaluateCreditPayload]:
        ctx = info.context
        row, errors = run(info, "evaluateCredit", input, lambda: credit_mod.evaluate_credit(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, request_id=ctx.request_id),
            lambda pk: ctx.session.get(EvaluationRow, pk))
        return EvaluateCreditPayload(evaluation=_maybe(CreditEvaluation, row), user_errors=errors)

    @strawberry.mutation(description="列入名录 — list an entity (登记注册（市场监管）部门, 002 §五.5)")
    def list_entity(self, info: Info, input: ListEntityInput) -> Optional[ListEntryPayload]:
        ctx = info.context
        row, errors = run(info, "listEntity", input, lambda: credit_mod.list_entity(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, list_kind=input.list_kind.value, reason=input.reason,
            basis=input.basis, listed_on=input.listed_on, request_id=ctx.request_id),
            lambda pk: ctx.session.get(ListEntryRow, pk))
        return ListEntryPayload(list_entry=_maybe(ListEntry, row), user_errors=errors)

    @strawberry.mutation(description="移出名录 — remove an entity from a list (the deciding department)")
    def remove_from_list(self, info: Info, input: RemoveFromListInput) -> Optional[ListEntryPayload]:
        ctx = info.context
        row, errors = run(info, "removeFromList", input, lambda: credit_mod.remove_from_list(
            session=ctx.session, actor=ctx.actor, entry_id=pk_of(input.entry_id, "ListEntry"), reason=input.reason,
            removed_on=input.removed_on, request_id=ctx.request_id), lambda pk: ctx.session.get(ListEntryRow, pk))
        return ListEntryPayload(list_entry=_maybe(ListEntry, row), user_errors=errors)

    @strawberry.mutation(description="保存联合奖惩措施 — maintain the joint reward/punishment list (信用主管部门 only, §31)")
    def save_joint_measure(self, info: Info, input: SaveJointMeasureInput) -> Optional[SaveJointMeasurePayload]:
        ctx = info.context
        row, errors = run(info, "saveJointMeasure", input, lambda: credit_mod.save_joint_measure(
            session=ctx.session, actor=ctx.actor, code=input.code, kind=input.kind.value, matter=input.matter,
            target=input.target, target_list=input.target_list.value if input.target_list else None,
            target_grades=input.target_grades, means=input.means, acts=[a.value for a in input.acts],
            implementing_department_code=input.implementing_department_code, legal_basis=input.legal_basis,
            published=input.published, request_id=ctx.request_id), lambda pk: ctx.session.get(MeasureRow, pk))
        return SaveJointMeasurePayload(joint_measure=_maybe(JointMeasure, row), user_errors=errors)

    @strawberry.mutation(description="录入风险评估报告 — record an assessment (the rule's approval or competent department, §35–36)")
    def record_risk_assessment(self, info: Info, input: RecordRiskAssessmentInput) -> Optional[RecordRiskAssessmentPayload]:
        ctx = info.context
        row, errors = run(info, "recordRiskAssessment", input, lambda: risk_mod.record_risk_assessment(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, rule_code=input.rule_code,
            trigger=input.trigger.value, level=input.level.value, reason=input.reason, process=input.process,
            indicators_method=input.indicators_method, result=input.result, measures=input.measures,
            assessed_on=input.assessed_on, third_party=input.third_party, request_id=ctx.request_id),
            lambda pk: ctx.session.get(AssessmentRow, pk))
        return RecordRiskAssessmentPayload(assessment=_maybe(RiskAssessment, row), user_errors=errors)

    @strawberry.mutation(description="提交信用修复申请或异议 — file (registration department or partner key, 000 §7)")
    def file_credit_repair(self, info: Info, input: FileCreditRepairInput) -> Optional[CreditRepairPayload]:
        ctx = info.context
        row, errors = run(info, "fileCreditRepair", input, lambda: credit_mod.file_repair_request(
            session=ctx.session, actor=ctx.actor, fact_id=pk_of(input.fact_id, "CreditFact"), kind=input.kind.value,
            reason=input.reason, request_id=ctx.request_id), lambda pk: ctx.session.get(RepairRow, pk))
        return CreditRepairPayload(repair_request=_maybe(RepairRequest, row), user_errors=errors)

    @strawberry.mutation(description="处理信用修复申请或异议 — decide (the department whose record it is, 003 §14)")
    def decide_credit_repair(self, info: Info, input: DecideCreditRepairInput) -> Optional[CreditRepairPayload]:
        ctx = info.context
        row, errors = run(info, "decideCreditRepair", input, lambda: credit_mod.decide_repair_request(
            session=ctx.session, actor=ctx.actor, repair_id=pk_of(input.repair_id, "RepairRequest"), accept=input.accept,
            reason=input.reason, request_id=ctx.request_id), lambda pk: ctx.session.get(RepairRow, pk))
        return CreditRepairPayload(repair_request=_maybe(RepairRequest, row), user_errors=errors)

    @strawberry.mutation(description="发布信用评估标准 — publish a new version of the standard (信用主管部门 only, §29)")
    def publish_credit_standard(self, info: Info, input: PublishCreditStandardInput) -> Optional[PublishCreditStandardPayload]:
        ctx = info.context
        row, errors = run(info, "publishCreditStandard", input, lambda: credit_mod.publish_credit_standard(
            session=ctx.session, actor=ctx.actor, name=input.name, data=input.data,
            request_id=ctx.request_id),
            lambda pk: ctx.session.get(StandardRow, pk))
        return PublishCreditStandardPayload(standard=_maybe(CreditStandard, row), user_errors=errors)

    @strawberry.mutation(description="保存风险评估规则 — define an industry's assessment rule (许可审批部门、行业主管部门, §34)")
    def save_risk_rule(self, info: Info, input: SaveRiskRuleInput) -> Optional[SaveRiskRulePayload]:
        ctx = info.context
        row, errors = run(info, "saveRiskRule", input, lambda: risk_mod.define_risk_rule(
            session=ctx.session, actor=ctx.actor, code=input.code, name=input.name, industry_code=input.industry_code,
            subject=input.subject, scope=input.scope, method=input.method, indicators=list(input.indicators),
            report_use=input.report_use, levels=[lv.value for lv in input.levels] if input.levels else None,
            request_id=ctx.request_id), lambda pk: ctx.session.get(RuleRow, pk))
        return SaveRiskRulePayload(rule=_maybe(RiskRule, row), user_errors=errors)

    @strawberry.mutation(description="提供公共信用信息 — supply a fact from the department's own record (§30); "
                         "only the credit department grades")
    def record_credit_fact(self, info: Info, input: RecordCreditFactInput) -> Optional[RecordCreditFactPayload]:
        ctx = info.context
        row, errors = run(info, "recordCreditFact", input, lambda: credit_mod.record_credit_fact(
            session=ctx.session, actor=ctx.actor, entity_id=_entity_id(ctx.session, input.uscc), kind=input.kind.value,
            occurred_on=input.occurred_on, summary=input.summary,
            severity=input.severity.value if input.severity else None, public=input.public,
            request_id=ctx.request_id), lambda pk: ctx.session.get(FactRow, pk))
        return RecordCreditFactPayload(fact=_maybe(CreditFact, row), user_errors=errors)
