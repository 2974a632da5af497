"""行业安全风险评估 (§32–38): the approval and competent departments set rules per industry (§34),
assess entities on a recorded trigger (§33), write a report with a level (§35–36), themselves or
through a third party (§38). An entity's levels combine to the highest (§36); the draw reads it (§37).
"""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models import RiskAssessment, RiskRule
from models.enums import DepartmentKind, ResponsibilityRule, RiskTrigger

from . import audit, clock, validation
from .actors import Actor
from .credit import _entity
from .errors import Collector, ErrorCode, Forbidden, NotFound
from .ratings import RISK_LEVELS
from .responsibility import assign


def is_assessor(actor: Actor) -> bool:
    """Approval and competent departments assess their industries' risk (§32)."""
    return actor.has_kind(DepartmentKind.APPROVAL) or actor.has_kind(DepartmentKind.COMPETENT)


def _require_assessor(actor: Actor) -> None:
    if not is_assessor(actor):
        raise Forbidden("只有许可审批部门和行业主管部门可以开展行业风险评估（§32）")


def define_risk_rule(*, session: Session, actor: Actor, code: str, name: str, industry_code: str, subject: str,
                     scope: str, method: str, indicators: list[str], report_use: str, levels: list[str] | None = None,
                     request_id: str = "-") -> RiskRule:
    """评估规则 (§34). `levels` is the industry's own ordered subset of RISK_LEVELS (default: all four)."""
    _require_assessor(actor)
    errors = Collector()
    code_v = validation.text(errors, "code", code, "规则编码", max_len=32)
    name_v = validation.text(errors, "name", name, "规则名称", max_len=200)
    industry = validation.industry(errors, "industryCode", industry_code)
    texts = {f: validation.text(errors, f, v, label, max_len=4000) for f, v, label in (
        ("subject", subject, "评估主体、实施机构及分工"), ("scope", scope, "评估对象及范围"),
        ("method", method, "评估程序和方法"), ("reportUse", report_use, "评估报告编制及结果运用"))}
    inds = [i.strip() for i in indicators or [] if i and i.strip()]
    if not inds:
        errors.add(ErrorCode.REQUIRED, "指标体系不能为空", "indicators")
    lv = list(levels or RISK_LEVELS)
    if len(lv) < 2 or any(x not in RISK_LEVELS for x in lv) or lv != sorted(set(lv), key=RISK_LEVELS.index):
        errors.add(ErrorCode.INVALID_VALUE, f"风险等级须为 {'、'.join(RISK_LEVELS)} 中至少两级，由低到高", "levels")
    if code_v and session.exec(select(RiskRule.id).where(RiskRule.code == code_v)).first():
        errors.add(ErrorCode.DUPLICATE, f"已有编码为 {code_v} 的评估规则", "code")
    errors.check()
    rule = RiskRule(code=code_v, name=name_v, department_id=actor.department_id, industry_code=industry,
                    subject=texts["subject"], scope=texts["scope"], method=texts["method"], indicators=inds,
                    report_use=texts["reportUse"], levels=lv)
    session.add(rule)
    session.flush()
    audit.append(session, actor=actor, act="risk.rule.define", target_type="RiskRule", target_id=rule.id,
                 request_id=request_id, change={"code": code_v, "name": name_v, "industry": industry, "levels": lv,
                                                "indicators": inds, **texts})
    return rule


def record_risk_assessment(*, session: Session, actor: Actor, uscc: str, rule_code: str, trigger: str, level: str,
                           reason: str, process: str, indicators_method: str, result: str, measures: str,
                           assessed_on: date | None, third_party: str | None = None, request_id: str = "-",
                           today: date | None = None) -> RiskAssessment:
    """风险评估报告 (§35) with its level (§36), by the rule's department; it supersedes that rule's earlier one."""
    _require_assessor(actor)
    rule = session.exec(select(RiskRule).where(RiskRule.code == (rule_code or "").strip())).first()
    if rule is None:
        raise NotFound(f"没有编码为 {rule_code} 的评估规则", "ruleCode")
    if rule.department_id != actor.department_id:
        raise Forbidden("只有制定该评估规则的部门可以按其开展评估")
    entity = _entity(session, uscc=uscc)
    today = today or clock.today()
    errors = Collector()
    trig = validation.choice(errors, "trigger", trigger, RiskTrigger, "启动情形")
    if level not in (rule.levels or []):
        errors.add(ErrorCode.INVALID_VALUE, f"该行业的风险等级为 {'、'.join(rule.levels)}", "level")
    if not entity.industry_code.startswith(rule.industry_code):
        errors.add(ErrorCode.INVALID_VALUE, f"{entity.name}的行业（{entity.industry_code}）不在该规则范围（{rule.industry_code}）内", "uscc")
    report = {f: validation.text(errors, f, v, label, max_len=8000) for f, v, label in (
        ("reason", reason, "评估原因"), ("process", process, "评估过程"),
        ("indicatorsMethod", indicators_method, "评估指标体系及方法"), ("result", result, "评估结果"),
        ("measures", measures, "排除风险措施"))}
    third = validation.text(errors, "thirdParty", third_party, "受托第三方机构", max_len=200, required=False)
    day = validation.past_date(errors, "assessedOn", assessed_on, "评估日期", today)
    errors.check()
    for old in session.exec(select(RiskAssessment).where(RiskAssessment.entity_id == entity.id,
                                                         RiskAssessment.rule_id == rule.id,
                                                         RiskAssessment.current.is_(True))).all():
        old.current = False
        session.add(old)
    a = RiskAssessment(entity_id=entity.id, rule_id=rule.id, department_id=actor.department_id, trigger=trig.value,
                       level=level, reason=report["reason"], process=report["process"],
                       indicators_method=report["indicatorsMethod"], result=report["result"],
                       measures=report["measures"], third_party=third, assessed_on=day)
    session.add(a)
    session.flush()
    assign(session, entity_id=entity.id, department_id=actor.department_id, rule=ResponsibilityRule.ROUTED,
           source_kind="risk_assessment", source_id=a.id)
    audit.append(session, actor=actor, act="risk.assess", target_type="RiskAssessment", target_id=a.id,
                 request_id=request_id, change={"uscc": entity.uscc, "rule": rule.code, "trigger": trig.value,
                                                "level": level, "thirdParty": third, "assessedOn": day, **report})
    return a
