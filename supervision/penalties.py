"""Penalties: cases within a department's enforcement remit, legal review of major decisions (000 §17),
免罚清单 and the tolerance period (000 §12, 003 §16), penalty decisions and their 双公示 (§39–41),
and transfers to public security or the procuratorate (行刑衔接, 002 §五.6).

Remit: a department may open a case against an entity for a catalogue item when the item names it
as the enforcement department (rule 7: 综合执法), or when rules 1–5 make it responsible for the item
(谁审批、谁监管，谁主管、谁监管); a case without an item needs an enforcement department that the
entity is routed to. Anyone else is refused (FORBIDDEN).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlmodel import Session, select

from models import (CaseTransfer, Department, EnforcementCase, EnforcementSetting, EntityAssignment, ExemptionRule,
                    LegalReview, MarketEntity, PenaltyDecision, PermitItem, StaffUser)
from models.base import utcnow
from models.enums import (CaseStatus, CreditFactKind, DecisionStatus, DepartmentKind, DisclosureKind, PenaltyMeasure, PenaltySeverity,
                          StaffRole, TransferStatus)

from . import audit, clock, credit, disclosure, validation
from .actors import Actor
from .entities import find_by_uscc
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import Action, can, responsible_departments

SETTINGS_KEY = "penalties"


@dataclass(frozen=True)
class PenaltySettings:
    """What makes a decision major (法制审核 first), what the tolerance period allows, and publicity periods."""

    major_measures: frozenset[str] = frozenset({
        PenaltyMeasure.REVOKE_LICENCE.value, PenaltyMeasure.SUSPEND_BUSINESS.value, PenaltyMeasure.CLOSE.value,
        PenaltyMeasure.BAN.value, PenaltyMeasure.DETENTION.value})
    major_fine_yuan: Decimal = Decimal("100000")  # fines (with confiscations) at or above this are major
    soft_measures: frozenset[str] = frozenset({
        PenaltyMeasure.WARNING.value, PenaltyMeasure.ORDER_TO_CORRECT.value, PenaltyMeasure.INTERVIEW.value})
    publicity_months: dict = field(default_factory=lambda: {PenaltySeverity.ORDINARY.value: 12,
                                                            PenaltySeverity.SERIOUS.value: 36})

    def as_json(self) -> dict:
        return {"majorMeasures": sorted(self.major_measures), "majorFineYuan": str(self.major_fine_yuan),
                "softMeasures": sorted(self.soft_measures), "publicityMonths": dict(self.publicity_months)}


def load_settings(session: Session) -> PenaltySettings:
    row = session.get(EnforcementSetting, SETTINGS_KEY)
    base = PenaltySettings()
    if row is None:
        return base
    v = row.value or {}
    return PenaltySettings(
        major_measures=frozenset(v.get("majorMeasures", base.major_measures)),
        major_fine_yuan=Decimal(str(v.get("majorFineYuan", base.major_fine_yuan))),
        soft_measures=frozenset(v.get("softMeasures", base.soft_measures)),
        publicity_months={**base.publicity_months, **(v.get("publicityMonths") or {})})


def configure(*, session: Session, actor: Actor, settings: PenaltySettings, request_id: str = "-") -> PenaltySettings:
    decision = can(actor, Action.MANAGE_CATALOGUE)
    if not decision:
        raise Forbidden(decision.reason)
    errors = Collector()
    for m in (*settings.major_measures, *settings.soft_measures):
        validation.choice(errors, "measures", m, PenaltyMeasure, "处罚类别")
    for sev, months in settings.publicity_months.items():
        validation.choice(errors, "publicityMonths", sev, PenaltySeverity, "失信程度")
        if not isinstance(months, int) or not 1 <= months <= 120:
            errors.add(ErrorCode.INVALID_VALUE, "公示期应为 1—120 个月", "publicityMonths")
    if not settings.major_fine_yuan > 0:
        errors.add(ErrorCode.INVALID_VALUE, "重大处罚的罚没金额标准应大于 0 元", "majorFineYuan")
    both = settings.major_measures & settings.soft_measures
    if both:
        errors.add(ErrorCode.INVALID_VALUE, "同一处罚类别不能既属重大处罚又属包容期柔性措施", "measures")
    errors.check()
    row = session.get(EnforcementSetting, SETTINGS_KEY) or EnforcementSetting(key=SETTINGS_KEY)
    row.value = settings.as_json()
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, act="penalty.configure", target_type="EnforcementSetting", target_id=SETTINGS_KEY,
                 request_id=request_id, change=row.value)
    return settings


def add_exemption_rule(*, session: Session, actor: Actor, code: str, name: str, legal_basis: str,
                       request_id: str = "-") -> ExemptionRule:
    """免罚清单: a minor first violation answered with guidance instead of a penalty."""
    decision = can(actor, Action.MANAGE_CATALOGUE)
    if not decision:
        raise Forbidden(decision.reason)
    errors = Collector()
    code_v = validation.text(errors, "code", code, "清单编码", max_len=32)
    name_v = validation.text(errors, "name", name, "违法行为", max_len=200)
    basis_v = validation.text(errors, "legalBasis", legal_basis, "依据", max_len=2000)
    if code_v and session.exec(select(ExemptionRule.id).where(ExemptionRule.code == code_v)).first():
        errors.add(ErrorCode.DUPLICATE, f"免罚清单已有编码 {code_v}", "code")
    errors.check()
    rule = ExemptionRule(code=code_v, name=name_v, legal_basis=basis_v, active=True)
    session.add(rule)
    session.flush()
    audit.append(session, actor=actor, act="exemption_rule.add", target_type="ExemptionRule", target_id=rule.code,
                 request_id=request_id, change={"name": name_v, "legalBasis": basis_v})
    return rule


# --- who sees what (GraphQL and the admin read through these) ------------------------------------

def own_clause(actor: Actor, column) -> sa.ColumnElement[bool]:
    """Cases and decisions: the holding department's own; OVERSIGHT all; the public nothing."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return column == actor.department_id


def transfers_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """行刑衔接: both the sending department and the receiving judicial department see a transfer."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.or_(CaseTransfer.from_department_id == actor.department_id, CaseTransfer.to_department_id == actor.department_id)


def awaiting_review_clause(actor: Actor) -> sa.ColumnElement[bool]:
    """法制审核 queue (000 §17): open cases of the actor's department that no legal reviewer has looked at yet.
    OVERSIGHT sees every department's queue; the public nothing."""
    pending = sa.and_(EnforcementCase.status == CaseStatus.OPEN.value,
                      ~sa.exists().where(LegalReview.case_id == EnforcementCase.id))
    return sa.and_(own_clause(actor, EnforcementCase.department_id), pending)


# --- remit ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Remit:
    allowed: bool
    rule: str
    reason: str


def enforcement_remit(session: Session, actor: Actor, entity: MarketEntity, item: PermitItem | None) -> Remit:
    if actor.department_id is None:
        return Remit(False, "PUBLIC", "只有执法部门可以立案")
    if item is not None:
        if item.enforcement_department_id == actor.department_id:
            return Remit(True, "ENFORCEMENT_NAMED", f"本部门是“{item.name}”的综合执法部门（规则7）")
        for r in responsible_departments(entity, item):
            if r.department_id == actor.department_id:
                return Remit(True, r.rule.value, f"本部门对“{item.name}”负有监管职责（{r.rule.value}）")
        return Remit(False, "NOT_IN_REMIT", f"“{item.name}”不在本部门执法职责范围内")
    if actor.has_kind(DepartmentKind.ENFORCEMENT) and session.exec(select(EntityAssignment.id).where(
            EntityAssignment.entity_id == entity.id, EntityAssignment.department_id == actor.department_id)).first():
        return Remit(True, "ENFORCEMENT_ROUTED", "本部门是综合执法部门，且该主体在本部门监管范围内")
    return Remit(False, "NOT_IN_REMIT", "该主体不在本部门执法职责范围内")


def _own_case(session: Session, actor: Actor, case_id: int) -> EnforcementCase:
    case = session.get(EnforcementCase, case_id)
    if case is None or case.department_id != actor.department_id:
        raise NotFound("未找到该案件", "caseId")
    return case


# --- 立案 ---------------------------------------------------------------------------------------

def open_case(*, session: Session, actor: Actor, uscc: str, item_code: str | None, number: str, opened_on: date | None,
              violation_type: str, findings: str = "", exemption_code: str | None = None, touches_safety: bool = False,
              request_id: str = "-", today: date | None = None) -> EnforcementCase:
    entity = find_by_uscc(session, uscc)
    if entity is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    item = None
    if item_code:
        item = session.exec(select(PermitItem).where(PermitItem.code == item_code.strip())).first()
        if item is None:
            raise NotFound(f"审批事项目录中没有编码为 {item_code} 的事项", "itemCode")
    remit = enforcement_remit(session, actor, entity, item)
    if not remit.allowed:
        raise Forbidden(remit.reason)
    today = today or clock.today()
    errors = Collector()
    number_v = validation.text(errors, "number", number, "立案编号", max_len=64)
    day = validation.past_date(errors, "openedOn", opened_on, "立案日期", today)
    vtype = validation.text(errors, "violationType", violation_type, "违法行为类型", max_len=200)
    ex_code = (exemption_code or "").strip() or None
    if ex_code and not session.exec(select(ExemptionRule.id).where(ExemptionRule.code == ex_code)).first():
        errors.add(ErrorCode.NOT_FOUND, f"免罚清单中没有编码 {ex_code}", "exemptionCode")
    if number_v and session.exec(select(EnforcementCase.id).where(EnforcementCase.number == number_v)).first():
        errors.add(ErrorCode.DUPLICATE, f"立案编号 {number_v} 已存在", "number")
    errors.check()
    case = EnforcementCase(number=number_v, entity_id=entity.id, department_id=actor.department_id,
                           item_id=item.id if item else None, remit_rule=remit.rule, opened_on=day,
                           violation_type=vtype, exemption_code=ex_code, touches_safety=bool(touches_safety),
                           findings=(findings or "").strip(), status=CaseStatus.OPEN.value)
    session.add(case)
    session.flush()
    audit.append(session, actor=actor, act="case.open", target_type="EnforcementCase", target_id=case.id,
                 request_id=request_id, change={"uscc": entity.uscc, "itemCode": item.code if item else None,
                                                "number": number_v, "openedOn": day, "violationType": vtype,
                                                "exemptionCode": ex_code, "touchesSafety": case.touches_safety,
                                                "remit": remit.rule})
    return case


# --- 法制审核 (000 §17) --------------------------------------------------------------------------

def record_legal_review(*, session: Session, actor: Actor, case_id: int, approved: bool, opinion: str,
                        request_id: str = "-", now: datetime | None = None) -> LegalReview:
    """Only a legal reviewer (法制审核人员) of the case's department reviews it."""
    case = _own_case(session, actor, case_id)
    if actor.staff_id is None or not actor.has_role(StaffRole.LEGAL_REVIEWER):
        raise Forbidden("只有本部门的法制审核人员可以进行法制审核")
    errors = Collector()
    text = validation.text(errors, "opinion", opinion, "审核意见", max_len=4000)
    if case.status != CaseStatus.OPEN.value:
        errors.add(ErrorCode.ALREADY_DONE, "该案件已办结", "caseId")
    errors.check()
    review = LegalReview(case_id=case.id, reviewer_id=actor.staff_id, approved=bool(approved), opinion=text,
                         reviewed_at=now or utcnow())
    session.add(review)
    session.flush()
    audit.append(session, actor=actor, act="case.legal_review", target_type="EnforcementCase", target_id=case.id,
                 request_id=request_id, change={"approved": review.approved, "opinion": text})
    return review


def _latest_review(session: Session, case_id: int) -> LegalReview | None:
    return session.exec(select(LegalReview).where(LegalReview.case_id == case_id)
                        .order_by(LegalReview.id.desc()).limit(1)).first()


def is_major(settings: PenaltySettings, measures: list[str], fine: Decimal | None, confiscated: Decimal | None) -> bool:
    total = (fine or Decimal(0)) + (confiscated or Decimal(0))
    return bool(set(measures) & settings.major_measures) or total >= settings.major_fine_yuan


# --- 免罚清单 / 包容期 ---------------------------------------------------------------------------

def exemption_applies(session: Session, case: EnforcementCase) -> bool:
    """A listed minor violation, and the entity's first: no earlier case of it was decided or exempted."""
    if not case.exemption_code:
        return False
    rule = session.exec(select(ExemptionRule).where(ExemptionRule.code == case.exemption_code)).first()
    if rule is None or not rule.active:
        return False
    earlier = session.exec(select(EnforcementCase.id).where(
        EnforcementCase.entity_id == case.entity_id, EnforcementCase.exemption_code == case.exemption_code,
        EnforcementCase.id != case.id,
        EnforcementCase.status.in_([CaseStatus.DECIDED.value, CaseStatus.EXEMPTED.value]))).first()
    return earlier is None


def in_tolerance(entity: MarketEntity, case: EnforcementCase) -> bool:
    """包容期 (003 §16): a new-economy entity within its period, for a violation off the safety bottom line."""
    return bool(entity.tolerance_until and case.opened_on <= entity.tolerance_until and not case.touches_safety)


def exempt_case(*, session: Session, actor: Actor, case_id: int, guidance: str, request_id: str = "-") -> EnforcementCase:
    """Close a case without a penalty, with guidance (行政指导): only when the 免罚清单 or the tolerance period applies."""
    case = _own_case(session, actor, case_id)
    entity = session.get(MarketEntity, case.entity_id)
    errors = Collector()
    text = validation.text(errors, "guidance", guidance, "指导意见", max_len=4000)
    if case.status != CaseStatus.OPEN.value:
        errors.add(ErrorCode.ALREADY_DONE, "该案件已办结", "caseId")
    elif not exemption_applies(session, case) and not in_tolerance(entity, case):
        errors.add(ErrorCode.INVALID_VALUE, "该案件不属于免罚清单首次轻微违法，也不在包容期内，不能免予处罚", "caseId")
    errors.check()
    case.status = CaseStatus.EXEMPTED.value
    case.guidance = text
    session.add(case)
    session.flush()
    audit.append(session, actor=actor, act="case.exempt", target_type="EnforcementCase", target_id=case.id,
                 request_id=request_id, change={"guidance": text, "exemptionCode": case.exemption_code})
    return case


# --- 处罚决定 -----------------------------------------------------------------------------------

def _amount(errors: Collector, field_name: str, value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        errors.add(ErrorCode.INVALID_VALUE, f"{label}不是有效金额", field_name)
        return None
    if d <= 0 or d != d.quantize(Decimal("0.01")) or d >= Decimal("1e14"):
        errors.add(ErrorCode.INVALID_VALUE, f"{label}应为正数，单位元，至多两位小数", field_name)
        return None
    return d


def _default_content(measures: list[str], fine: Decimal | None, confiscated: Decimal | None, licence: str | None) -> str:
    parts = []
    for m in measures:
        text = disclosure.PENALTY_CATEGORY_TEXT[m] if m not in ("ORDER_TO_CORRECT", "INTERVIEW") else \
            {"ORDER_TO_CORRECT": "责令改正", "INTERVIEW": "约谈"}[m]
        if m == "FINE" and fine is not None:
            text += f"人民币{fine}元"
        if m in ("CONFISCATE_GAINS", "CONFISCATE_PROPERTY") and confiscated is not None:
            text += f"人民币{confiscated}元"
        if m in ("SUSPEND_LICENCE", "REVOKE_LICENCE") and licence:
            text += f"（{licence}）"
        parts.append(text)
    return "；".join(parts)


def penalty_fields(*, entity: MarketEntity, decision: PenaltyDecision, violation_type: str, authority: str,
                   authority_uscc: str | None, publicity_until: date | None, legal_rep_id_type: str | None = None,
                   legal_rep_id_number: str | None = None) -> dict:
    return {
        **disclosure.counterpart_fields(name=entity.name, uscc=entity.uscc, entity_type=entity.entity_type,
                                        legal_representative=entity.legal_representative, id_type=legal_rep_id_type,
                                        id_number=legal_rep_id_number),
        "decisionNumber": decision.number, "violationType": violation_type, "violationFacts": decision.facts,
        "legalBasis": decision.legal_basis,
        "penaltyCategories": list(dict.fromkeys(disclosure.PENALTY_CATEGORY_TEXT[m] for m in decision.measures)),
        "penaltyContent": decision.content, "fineAmount": decision.fine_amount,
        "confiscatedAmount": decision.confiscated_amount, "licenceSuspendedOrRevoked": decision.licence,
        "decisionDate": decision.decided_on, "validUntil": decision.valid_until, "publicityUntil": publicity_until,
        "authority": authority, "authorityUscc": authority_uscc, "sourceUnit": authority,
        "sourceUnitUscc": authority_uscc, "remarks": None,
    }


def decide_penalty(*, session: Session, actor: Actor, case_id: int, number: str, decided_on: date | None,
                   measures: list[str], legal_basis: str, facts: str, content: str | None = None,
                   fine_amount=None, confiscated_amount=None, licence: str | None = None, severity: str = "ORDINARY",
                   valid_until: date | None = None, legal_rep_id_type: str | None = None,
                   legal_rep_id_number: str | None = None, request_id: str = "-", today: date | None = None,
                   now: datetime | None = None) -> PenaltyDecision:
    """行政处罚决定 and its 双公示 record, in one transaction: a major decision needs an approving legal review
    (000 §17); a listed first minor violation gets no penalty; in the tolerance period only soft measures."""
    case = _own_case(session, actor, case_id)
    entity = session.get(MarketEntity, case.entity_id)
    settings = load_settings(session)
    today = today or clock.today()
    errors = Collector()
    if case.status != CaseStatus.OPEN.value:
        errors.add(ErrorCode.ALREADY_DONE, "该案件已办结或已移送", "caseId")
    number_v = validation.text(errors, "number", number, "行政处罚决定书文号", max_len=100)
    day = validation.past_date(errors, "decidedOn", decided_on, "处罚决定日期", today)
    if day and day < case.opened_on:
        errors.add(ErrorCode.INVALID_DATE, "处罚决定日期不能早于立案日期", "decidedOn")
    ms = [validation.choice(errors, "measures", m, PenaltyMeasure, "处罚类别") for m in (measures or [])]
    ms = list(dict.fromkeys(m.value for m in ms if m))
    if not measures:
        errors.add(ErrorCode.REQUIRED, "处罚类别不能为空", "measures")
    basis = validation.text(errors, "legalBasis", legal_basis, "处罚依据", max_len=4000)
    facts_v = validation.text(errors, "facts", facts, "违法事实", max_len=8000)
    fine = _amount(errors, "fineAmount", fine_amount, "罚款金额")
    confiscated = _amount(errors, "confiscatedAmount", confiscated_amount, "没收金额")
    if "FINE" in ms and fine is None:
        errors.add(ErrorCode.REQUIRED, "处罚类别含罚款时须填写罚款金额（元）", "fineAmount")
    if fine is not None and "FINE" not in ms:
        errors.add(ErrorCode.INVALID_VALUE, "填写了罚款金额，但处罚类别不含罚款", "fineAmount")
    if confiscated is not None and not {"CONFISCATE_GAINS", "CONFISCATE_PROPERTY"} & set(ms):
        errors.add(ErrorCode.INVALID_VALUE, "填写了没收金额，但处罚类别不含没收", "confiscatedAmount")
    licence_v = validation.text(errors, "licence", licence, "暂扣或吊销证照名称及编号", max_len=300,
                                required=bool({"SUSPEND_LICENCE", "REVOKE_LICENCE"} & set(ms)))
    sev = validation.choice(errors, "severity", severity, PenaltySeverity, "失信程度")
    if number_v and session.exec(select(PenaltyDecision.id).where(PenaltyDecision.number == number_v)).first():
        errors.add(ErrorCode.DUPLICATE, f"处罚决定书文号 {number_v} 已存在", "number")
    errors.check()

    if exemption_applies(session, case):
        raise DomainError(ErrorCode.EXEMPT_FIRST_VIOLATION, "该违法行为在免罚清单内且为首次，不予处罚，应予指导（exemptCase）",
                          "caseId")
    if in_tolerance(entity, case) and set(ms) - settings.soft_measures:
        raise DomainError(ErrorCode.TOLERANCE_PERIOD, f"{entity.name}在包容期内（至{entity.tolerance_until}），"
                          f"未触及安全底线的违法行为只适用警告、责令改正、约谈等柔性措施", "measures")
    major = is_major(settings, ms, fine, confiscated)
    review = _latest_review(session, case.id) if major else None
    if major and (review is None or not review.approved):
        raise DomainError(ErrorCode.LEGAL_REVIEW_REQUIRED, "重大执法决定须经本部门法制审核通过后方可作出（000 §17）"
                          + ("；法制审核未通过" if review else "；尚未进行法制审核"), "caseId")

    now = now or utcnow()
    months = settings.publicity_months[sev.value]
    until = disclosure.publicity_until(day, months)
    decision = PenaltyDecision(case_id=case.id, entity_id=entity.id, department_id=case.department_id, number=number_v,
                               decided_on=day, measures=ms, fine_amount=fine, confiscated_amount=confiscated,
                               licence=licence_v, legal_basis=basis, facts=facts_v,
                               content=(content or "").strip() or _default_content(ms, fine, confiscated, licence_v),
                               severity=sev.value, valid_until=valid_until or disclosure.LONG_TERM, major=major,
                               legal_review_id=review.id if review else None, status=DecisionStatus.EFFECTIVE.value,
                               created_at=now, updated_at=now)
    dept = session.get(Department, case.department_id)
    code = disclosure.department_codes(session, [dept.id]).get(dept.id)
    fields = penalty_fields(entity=entity, decision=decision, violation_type=case.violation_type, authority=dept.name,
                            authority_uscc=code, publicity_until=until, legal_rep_id_type=legal_rep_id_type,
                            legal_rep_id_number=legal_rep_id_number)
    disclosure.required_errors(DisclosureKind.PENALTY, fields).check()
    session.add(decision)
    session.flush()
    case.status = CaseStatus.DECIDED.value
    session.add(case)
    record = disclosure.create(session, kind=DisclosureKind.PENALTY, source_id=decision.id, entity=entity,
                               department_id=dept.id, decided_on=day, fields=fields, public_until=until,
                               severity=sev.value, now=now)
    # a penalty is public credit information (§29); severity follows the decision's 失信程度
    credit.record_credit_fact(session=session, actor=actor, entity_id=entity.id, kind=CreditFactKind.PENALTY.value,
                              severity=sev.value, occurred_on=day, summary=f"{number_v}：{case.violation_type}",
                              source_type="penalty", source_id=decision.id, request_id=request_id, today=today)
    audit.append(session, actor=actor, act="penalty.decide", target_type="PenaltyDecision", target_id=decision.id,
                 request_id=request_id, change={
                     "caseId": case.id, "uscc": entity.uscc, "number": number_v, "decidedOn": day, "measures": ms,
                     "fineAmount": fine, "confiscatedAmount": confiscated, "licence": licence_v, "severity": sev.value,
                     "major": major, "legalReviewId": decision.legal_review_id, "disclosureId": record.id,
                     "publicUntil": until})
    return decision


CHANGE_STATUSES = {DecisionStatus.CHANGED, DecisionStatus.REVOKED, DecisionStatus.WITHDRAWN}


def change_penalty(*, session: Session, actor: Actor, decision_id: int, status: str, reason: str,
                   content: str | None = None, request_id: str = "-", now: datetime | None = None) -> PenaltyDecision:
    """§40: a changed or revoked decision updates its published record (UPDATED in the feed); a withdrawn one
    leaves public view (a WITHDRAWN tombstone)."""
    decision = session.get(PenaltyDecision, decision_id)
    if decision is None or decision.department_id != actor.department_id:
        raise NotFound("未找到该处罚决定", "decisionId")
    errors = Collector()
    new = validation.choice(errors, "status", status, DecisionStatus, "决定状态")
    if new and new not in CHANGE_STATUSES:
        errors.add(ErrorCode.INVALID_STATUS_TRANSITION, "只能变更、撤销或撤回处罚决定", "status")
    reason_v = validation.text(errors, "reason", reason, "原因", max_len=2000)
    content_v = (content or "").strip() or None
    if content_v and new != DecisionStatus.CHANGED:
        errors.add(ErrorCode.INVALID_VALUE, "只有变更决定时可以修改处罚内容", "content")
    if decision.status in (DecisionStatus.REVOKED.value, DecisionStatus.WITHDRAWN.value):
        errors.add(ErrorCode.INVALID_STATUS_TRANSITION, "该处罚决定已撤销或撤回", "status")
    errors.check()
    now = now or utcnow()
    decision.status = new.value
    decision.status_reason = reason_v
    if content_v:
        decision.content = content_v
    decision.updated_at = now
    session.add(decision)
    session.flush()
    record = disclosure.find(session, DisclosureKind.PENALTY, decision.id)
    if record is not None:
        if new == DecisionStatus.WITHDRAWN:
            disclosure.withdraw(session, record, now=now)
        else:
            label = "已变更" if new == DecisionStatus.CHANGED else "已撤销"
            changes = {"remarks": f"处罚决定{label}：{reason_v}"}
            if content_v:
                changes["penaltyContent"] = content_v
            disclosure.update(session, record, changes, now=now)
    if new in (DecisionStatus.REVOKED, DecisionStatus.WITHDRAWN):  # no longer a penalty: no longer a credit fact
        credit.withdraw_source_facts(session, source_type="penalty", source_id=decision.id)
    audit.append(session, actor=actor, act="penalty.change", target_type="PenaltyDecision", target_id=decision.id,
                 request_id=request_id, change={"status": new.value, "reason": reason_v, "content": content_v})
    return decision


# --- 行刑衔接 (002 §五.6) ---------------------------------------------------------------------

TRANSFER_NEXT = {
    TransferStatus.TRANSFERRED: {TransferStatus.ACCEPTED, TransferStatus.RETURNED},
    TransferStatus.ACCEPTED: {TransferStatus.JUDGED, TransferStatus.RETURNED},
    TransferStatus.RETURNED: set(),
    TransferStatus.JUDGED: set(),
}


def transfer_case(*, session: Session, actor: Actor, case_id: int, to_department_code: str, reason: str,
                  transferred_on: date | None, request_id: str = "-", today: date | None = None) -> CaseTransfer:
    case = _own_case(session, actor, case_id)
    today = today or clock.today()
    errors = Collector()
    to = session.exec(select(Department).where(Department.code == (to_department_code or "").strip().upper())).first()
    if to is None or not to.has_kind(DepartmentKind.JUDICIAL):
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {to_department_code} 的公安或检察机关", "toDepartmentCode")
    reason_v = validation.text(errors, "reason", reason, "移送理由", max_len=4000)
    day = validation.past_date(errors, "transferredOn", transferred_on, "移送日期", today)
    if case.status not in (CaseStatus.OPEN.value, CaseStatus.DECIDED.value):
        errors.add(ErrorCode.ALREADY_DONE, "该案件已移送或已免予处罚", "caseId")
    errors.check()
    t = CaseTransfer(case_id=case.id, from_department_id=case.department_id, to_department_id=to.id, transferred_on=day,
                     reason=reason_v, status=TransferStatus.TRANSFERRED.value)
    session.add(t)
    case.status = CaseStatus.TRANSFERRED.value
    session.add(case)
    session.flush()
    audit.append(session, actor=actor, act="case.transfer", target_type="CaseTransfer", target_id=t.id,
                 request_id=request_id, change={"caseId": case.id, "to": to.code, "reason": reason_v, "on": day})
    return t


def update_transfer(*, session: Session, actor: Actor, transfer_id: int, status: str, note: str | None = None,
                    request_id: str = "-", now: datetime | None = None) -> CaseTransfer:
    """The receiving public security or procuratorate records acceptance, return or judgment."""
    t = session.get(CaseTransfer, transfer_id)
    if t is None or actor.department_id not in (t.to_department_id, t.from_department_id):
        raise NotFound("未找到该移送案件", "transferId")
    if actor.department_id != t.to_department_id:
        raise Forbidden("只有接收移送的公安或检察机关可以更新移送状态")
    errors = Collector()
    new = validation.choice(errors, "status", status, TransferStatus, "移送状态")
    old = TransferStatus(t.status)
    if new and new not in TRANSFER_NEXT[old]:
        errors.add(ErrorCode.INVALID_STATUS_TRANSITION, f"移送状态不能从{old.value}变为{new.value}", "status")
    note_v = validation.text(errors, "note", note, "说明", max_len=4000, required=new == TransferStatus.RETURNED)
    errors.check()
    t.status = new.value
    t.note = note_v
    t.updated_at = now or utcnow()
    session.add(t)
    if new == TransferStatus.RETURNED:
        case = session.get(EnforcementCase, t.case_id)
        case.status = CaseStatus.OPEN.value  # returned: the department continues the administrative case
        session.add(case)
    session.flush()
    audit.append(session, actor=actor, act="case.transfer_status", target_type="CaseTransfer", target_id=t.id,
                 request_id=request_id, change={"from": old.value, "to": new.value, "note": note_v})
    return t


def reviewer_names(session: Session, review_ids: list[int]) -> dict[int, str]:
    rows = session.exec(select(LegalReview.id, StaffUser.display_name).join(StaffUser, StaffUser.id == LegalReview.reviewer_id)
                        .where(LegalReview.id.in_(review_ids or [-1]))).all()
    return dict(rows)
