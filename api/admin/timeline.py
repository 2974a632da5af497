"""一户一档 · 全生命周期 (002 §六.3): an entity's whole life as one list, newest first.

Every kind of record is read by one statement, narrowed in SQL by the same clause that GraphQL and
the other admin pages apply to it, so the page costs the same number of statements whatever the
length of the entity's history, and a record the viewer may not see is never loaded:

- registration, 失信名录 membership and 双公示 records: public;
- the notice and commitment, pushes and receipts, the pool and its claims, tracking: the file
  (`supervised_clause`, as GraphQL's `MarketEntity.notice / notifications / trackingTasks`);
- permits: `restrict(READ_PERMIT)`; credit grades and risk assessments: `grade_visible_clause`;
- investigations: `investigations.visible_clause`; draw tasks: `inspections.tasks_clause`;
- cases and penalty decisions: `penalties.own_clause`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from models import (Commitment, CreditEvaluation, CreditStandard, Department, Disclosure, EnforcementCase,
                    InspectionPlan, InspectionTask, Investigation, ListEntry, MarketEntity, Notification, Permit,
                    PermitItem, PenaltyDecision, PoolClaim, PoolEntry, RegistrationNotice, RiskAssessment, RiskRule,
                    TrackingInspection, TrackingTask)
from models.enums import DecisionStatus, PermitStatus
from supervision import clock, credit, disclosure, inspections, investigations, penalties
from supervision.actors import Actor
from supervision.clock import CST
from supervision.responsibility import Action, restrict, supervised_clause

from . import labels
from .acts import TRACKING_RESULT
from .cases import KIND as INVESTIGATION_KIND, OUTCOME
from .credit import LIST_KIND, RISK_LEVEL
from .inspections import RESULT as DRAW_RESULT
from .penalties import DECISION_STATUS, DISCLOSURE_KIND

# The kinds in the order of an entity's life: on one day, the later step is listed above the earlier.
KIND = {
    "REGISTRATION": "登记注册",
    "NOTICE": "告知承诺",
    "PUSH": "推送告知",
    "RECEIPT": "接收认领",
    "PERMIT": "行政许可",
    "TRACKING": "跟踪检查",
    "INVESTIGATION": "立案查处",
    "DRAW": "双随机抽查",
    "CREDIT": "信用评价",
    "RISK": "风险评估",
    "PENALTY": "行政处罚",
    "DISCLOSURE": "双公示",
    "LIST": "失信名录",
}
_RANK = {kind: n for n, kind in enumerate(KIND)}

PUSH_ROLE = {"APPROVAL": "许可审批部门", "COMPETENT": "行业主管部门", "ENFORCEMENT": "综合执法部门",
             "STREET": "所在街镇", "CLAIMED": "认领部门"}


@dataclass(frozen=True)
class TimelineItem:
    on: date
    kind: str
    text: str
    department: str = ""
    public: bool = False  # 公示信息, as the enterprise credit publicity system shows it
    route: str | None = None  # the detail page, when there is one the viewer may open
    params: dict = field(default_factory=dict)
    query: str = ""
    seq: int = 0  # order among the same kind on the same day

    @property
    def kind_label(self) -> str:
        return KIND[self.kind]


def _day(value: date | datetime) -> date:
    return value.astimezone(CST).date() if isinstance(value, datetime) else value


def _first_of_each(rows):
    """Rows of a record outer-joined to its children, each with whether it is the record's first row."""
    seen: set[int] = set()
    for record, *rest in rows:
        yield record, *rest, record.id not in seen
        seen.add(record.id)


def entity_timeline(session: Session, actor: Actor, entity: MarketEntity, *, today: date | None = None) -> list[TimelineItem]:
    """Everything the viewer may see of the entity's life, newest first; one statement per kind."""
    today = today or clock.today()
    items: list[TimelineItem] = []
    for part in (_registration, _notice, _pushes, _pool, _permits, _tracking, _investigations, _draws,
                 _credit, _risk, _penalties, _disclosures, _lists):
        items.extend(part(session, actor, entity, today))
    items.sort(key=lambda i: (i.on, _RANK[i.kind], i.seq), reverse=True)
    return items


# --- one statement each ------------------------------------------------------------------------

def _registration(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    registrar = s.exec(select(Department.name).where(Department.id == e.registering_department_id)).first() or ""
    return [TimelineItem(e.established_on, "REGISTRATION",
                         f"依法登记成立（{labels.entity_type(e.entity_type)}，法定代表人（负责人）{e.legal_representative}）",
                         registrar, public=True)]


def _notice(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(RegistrationNotice, Commitment, Department.name)
                  .join(Department, Department.id == RegistrationNotice.department_id)
                  .outerjoin(Commitment, Commitment.notice_id == RegistrationNotice.id)
                  .where(RegistrationNotice.entity_id == e.id, supervised_clause(actor, RegistrationNotice.entity_id))).all()
    out = []
    link = {"route": "admin_notice", "params": {"uscc": e.uscc}}
    for notice, commitment, dept in rows:
        count = len(notice.items or [])
        text = f"出具“双告知”告知书，告知{count}项须经批准的经营项目" if count else "出具“双告知”告知书（经营范围不涉及审批事项）"
        out.append(TimelineItem(notice.issued_on, "NOTICE", text, dept, seq=0, **link))
        if commitment is not None:
            out.append(TimelineItem(commitment.signed_on, "NOTICE",
                                    f"{labels.signer_role(commitment.signer_role)}{commitment.signer_name}签署承诺书，承诺取得许可前不开展相应经营活动",
                                    dept, seq=1, **link))
    return out


def _pushes(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(Notification, Department.name).join(Department, Department.id == Notification.department_id)
                  .where(Notification.entity_id == e.id, supervised_clause(actor, Notification.entity_id))
                  .order_by(Notification.id)).all()
    out = []
    for n, dept in rows:
        role = PUSH_ROLE.get(n.role, n.role)
        out.append(TimelineItem(_day(n.pushed_at), "PUSH", f"登记信息推送至{dept}（{role}），应于{labels.cn_date(n.ack_due)}前确认接收",
                                dept, seq=n.id))
        if n.acknowledged_at is not None:
            late = "（逾期）" if _day(n.acknowledged_at) > n.ack_due else ""
            out.append(TimelineItem(_day(n.acknowledged_at), "RECEIPT", f"{dept}确认接收推送{late}", dept, seq=n.id))
    return out


def _pool(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(PoolEntry, PoolClaim, Department.name)
                  .outerjoin(PoolClaim, PoolClaim.pool_entry_id == PoolEntry.id)
                  .outerjoin(Department, Department.id == PoolClaim.department_id)
                  .where(PoolEntry.entity_id == e.id, supervised_clause(actor, PoolEntry.entity_id))
                  .order_by(PoolEntry.id, PoolClaim.id)).all()
    out = []
    for entry, claim, dept, first in _first_of_each(rows):
        if first:
            out.append(TimelineItem(_day(entry.pooled_at), "PUSH", f"经营范围未明确监管部门，进入待认领库：{entry.reason}",
                                    seq=entry.id))
        if claim is not None:
            out.append(TimelineItem(_day(claim.claimed_at), "RECEIPT", f"{dept}认领该主体，纳入本部门监管", dept or "", seq=claim.id))
    return out


def _permits(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    stmt = (select(Permit, PermitItem.name, Department.name).join(PermitItem, PermitItem.id == Permit.item_id)
            .join(Department, Department.id == Permit.issuing_department_id)
            .where(Permit.entity_id == e.id).order_by(Permit.id))
    out = []
    for p, item, dept in s.exec(restrict(stmt, actor, Action.READ_PERMIT, Permit.entity_id)).all():
        how = "，以告知承诺方式取得" if p.by_commitment else ""
        until = f"，有效期至{labels.cn_date(p.valid_to)}" if p.valid_to else ""
        out.append(TimelineItem(p.decision_date, "PERMIT", f"准予“{item}”（许可证编号 {p.number}{until}{how}）", dept, seq=2 * p.id))
        if p.status != PermitStatus.GRANTED.value:
            reason = f"：{p.status_reason}" if p.status_reason else ""
            out.append(TimelineItem(_day(p.updated_at), "PERMIT",
                                    f"“{item}”许可{labels.permit_status(p.status)}（{p.number}）{reason}", dept, seq=2 * p.id + 1))
    return out


def _tracking(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(TrackingTask, TrackingInspection, Department.name)
                  .join(Department, Department.id == TrackingTask.department_id)
                  .outerjoin(TrackingInspection, TrackingInspection.task_id == TrackingTask.id)
                  .where(TrackingTask.entity_id == e.id, supervised_clause(actor, TrackingTask.entity_id))
                  .order_by(TrackingTask.id, TrackingInspection.id)).all()
    out = []
    for task, visit, dept, first in _first_of_each(rows):
        link = {"route": "admin_tracking", "params": {"id": task.id}} if task.department_id == actor.department_id else {}
        if first:
            closed = f"；已结束：{task.closed_reason}" if task.closed_reason else ""
            out.append(TimelineItem(task.opened_on, "TRACKING",
                                    f"开启照后证前跟踪，应于{labels.cn_date(task.due)}前完成检查{closed}", dept, seq=2 * task.id, **link))
        if visit is not None:
            result = TRACKING_RESULT.get(visit.result, visit.result)
            notes = f"；{visit.notes}" if visit.notes else ""
            out.append(TimelineItem(visit.inspected_on, "TRACKING", f"跟踪检查：{result}{notes}", dept,
                                    seq=2 * task.id + 1, **link))
    return out


def _investigations(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(Investigation, Department.name).join(Department, Department.id == Investigation.department_id)
                  .where(Investigation.entity_id == e.id, investigations.visible_clause(actor))
                  .order_by(Investigation.id)).all()
    out = []
    for inv, dept in rows:
        link = {"route": "admin_case", "params": {"id": inv.id}}
        kind = INVESTIGATION_KIND.get(inv.kind, "随机抽查发现问题")
        out.append(TimelineItem(_day(inv.created_at), "INVESTIGATION", f"立案查处（{kind}）：{inv.reason}", dept,
                                seq=2 * inv.id, **link))
        if inv.closed_at is not None:
            outcome = OUTCOME.get(inv.outcome or "", inv.outcome or "")
            out.append(TimelineItem(_day(inv.closed_at), "INVESTIGATION", f"查处终结：{outcome}。{inv.conclusion or ''}",
                                    dept, seq=2 * inv.id + 1, **link))
    return out


def _draws(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(InspectionTask, InspectionPlan.name, InspectionPlan.drawn_at, Department.name)
                  .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
                  .join(Department, Department.id == InspectionPlan.department_id)
                  .where(InspectionTask.entity_id == e.id, inspections.tasks_clause(actor))
                  .order_by(InspectionTask.id)).all()
    out = []
    for task, plan, drawn_at, dept in rows:
        link = {"route": "admin_inspection_task", "params": {"id": task.id}}
        out.append(TimelineItem(_day(drawn_at or task.created_at), "DRAW",
                                f"被“{plan}”抽中，结果应于{labels.cn_date(task.results_due)}前录入", dept, seq=2 * task.id, **link))
        if task.checked_on is not None:
            result = DRAW_RESULT.get(task.summary or "", task.summary or "")
            out.append(TimelineItem(task.checked_on, "DRAW", f"“{plan}”抽查结果：{result}", dept, seq=2 * task.id + 1, **link))
    return out


def _credit(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(CreditEvaluation, Department.name)
                  .outerjoin(CreditStandard, CreditStandard.version == CreditEvaluation.standard_version)
                  .outerjoin(Department, Department.id == CreditStandard.department_id)
                  .where(CreditEvaluation.entity_id == e.id, credit.grade_visible_clause(actor, CreditEvaluation.entity_id))
                  .order_by(CreditEvaluation.id)).all()
    return [TimelineItem(ev.evaluated_on, "CREDIT",
                         f"公共信用等级评定为{ev.grade}（{ev.score}分，评估标准第{ev.standard_version}版）{'' if ev.current else '，已被新的评定取代'}",
                         dept or "", seq=ev.id)
            for ev, dept in rows]


def _risk(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(RiskAssessment, RiskRule.name, Department.name)
                  .join(RiskRule, RiskRule.id == RiskAssessment.rule_id)
                  .join(Department, Department.id == RiskAssessment.department_id)
                  .where(RiskAssessment.entity_id == e.id, credit.grade_visible_clause(actor, RiskAssessment.entity_id))
                  .order_by(RiskAssessment.id)).all()
    return [TimelineItem(a.assessed_on, "RISK",
                         f"按“{rule}”评估，风险等级{RISK_LEVEL.get(a.level, a.level)}：{a.result}{'' if a.current else '（已被新的评估取代）'}",
                         dept, seq=a.id)
            for a, rule, dept in rows]


def _penalties(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(EnforcementCase, PenaltyDecision, Department.name)
                  .join(Department, Department.id == EnforcementCase.department_id)
                  .outerjoin(PenaltyDecision, PenaltyDecision.case_id == EnforcementCase.id)
                  .where(EnforcementCase.entity_id == e.id, penalties.own_clause(actor, EnforcementCase.department_id))
                  .order_by(EnforcementCase.id)).all()
    out = []
    for case, decision, dept in rows:
        link = {"route": "admin_enforcement_case", "params": {"id": case.id}}
        out.append(TimelineItem(case.opened_on, "PENALTY", f"立案（{case.number}）：{case.violation_type}", dept,
                                seq=3 * case.id, **link))
        if decision is not None:
            out.append(TimelineItem(decision.decided_on, "PENALTY", f"作出行政处罚决定（{decision.number}）：{decision.content}",
                                    dept, seq=3 * case.id + 1, **link))
            if decision.status != DecisionStatus.EFFECTIVE.value:
                reason = f"：{decision.status_reason}" if decision.status_reason else ""
                out.append(TimelineItem(_day(decision.updated_at), "PENALTY",
                                        f"处罚决定{DECISION_STATUS.get(decision.status, decision.status)}（{decision.number}）{reason}",
                                        dept, seq=3 * case.id + 2, **link))
        elif case.guidance:
            out.append(TimelineItem(case.opened_on, "PENALTY", f"免予处罚，予以指导：{case.guidance}", dept,
                                    seq=3 * case.id + 1, **link))
    return out


def _disclosures(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    rows = s.exec(select(Disclosure, Department.name).join(Department, Department.id == Disclosure.department_id)
                  .where(Disclosure.entity_id == e.id, disclosure.public_clause(today),
                         Disclosure.kind.in_(list(DISCLOSURE_KIND)))
                  .order_by(Disclosure.id)).all()
    out = []
    for d, dept in rows:
        f = d.fields or {}
        what = f.get("decisionNumber") or f.get("decisionDocumentNumber") or "：".join(
            v for v in (f.get("planName"), f.get("checkResult")) if v)
        until = f"，公示至{labels.cn_date(d.public_until)}" if d.public_until else ""
        out.append(TimelineItem(_day(d.published_at) if d.published_at else d.decided_on, "DISCLOSURE",
                                f"公示{DISCLOSURE_KIND[d.kind]}信息{('（' + what + '）') if what else ''}{until}", dept,
                                public=True, route="admin_disclosures", query=f"uscc={e.uscc}", seq=d.id))
    return out


def _lists(s: Session, actor: Actor, e: MarketEntity, today: date) -> list[TimelineItem]:
    remover = aliased(Department)
    rows = s.exec(select(ListEntry, Department.name, remover.name)
                  .join(Department, Department.id == ListEntry.department_id)
                  .outerjoin(remover, remover.id == ListEntry.removed_by_department_id)
                  .where(ListEntry.entity_id == e.id).order_by(ListEntry.id)).all()
    out = []
    for entry, dept, removed_by in rows:
        kind = LIST_KIND.get(entry.list_kind, entry.list_kind)
        link = {"route": "admin_credit_lists", "query": "all=1"}
        out.append(TimelineItem(entry.listed_on, "LIST", f"列入{kind}：{entry.reason}（依据：{entry.basis}）", dept,
                                public=True, seq=2 * entry.id, **link))
        if entry.removed_on is not None:
            out.append(TimelineItem(entry.removed_on, "LIST", f"移出{kind}：{entry.removal_reason or ''}", removed_by or dept,
                                    public=True, seq=2 * entry.id + 1, **link))
    return out
