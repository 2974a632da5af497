"""Demo credit and risk data: a published standard, the joint measures, a list entry, a penalty fact,
an industry risk rule with an assessment, a repair request, and every active entity graded."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models import Department, MarketEntity, RiskRule
from models.enums import DepartmentKind, EntityStatus

from .. import credit, grading, risk
from ..actors import ActorKind, department_actor


def _actor(session: Session, code: str):
    d = session.exec(select(Department).where(Department.code == code)).first()
    return department_actor(ActorKind.SYSTEM, f"demo:{code.lower()}", d.name, d) if d else None


def load_credit_demo(session: Session, *, today: date) -> None:
    credit_dept = next((d for d in session.exec(select(Department)).all() if DepartmentKind.CREDIT.value in d.kinds), None)
    reg = next((d for d in session.exec(select(Department)).all() if DepartmentKind.REGISTRATION.value in d.kinds), None)
    if credit_dept is None or reg is None:
        return
    fgw, scj = _actor(session, credit_dept.code), _actor(session, reg.code)
    credit.publish_credit_standard(session=session, actor=fgw, name="浦东新区企业信用评估标准（演示）",
                                   data=grading.DEFAULT_STANDARD, request_id="demo", today=today)
    credit.save_joint_measure(session=session, actor=fgw, code="JCCJ-001", kind="PUNISHMENT", matter="行政许可从严审查",
                              target="列入严重违法失信名单的市场主体", target_list="SERIOUS_VIOLATION",
                              means="不适用告知承诺制，加强现场核查", implementing_department_code=reg.code,
                              legal_basis="《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》",
                              acts=["PERMIT", "REGISTRATION_CHANGE"], request_id="demo")
    credit.save_joint_measure(session=session, actor=fgw, code="JCCJ-002", kind="PUNISHMENT", matter="提高抽查比例和频次",
                              target="列入经营异常名录或信用等级为D的市场主体", target_list="ABNORMAL_OPERATION",
                              target_grades=["D"], means="双随机抽查中列为重点检查对象", implementing_department_code=reg.code,
                              legal_basis="《关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》", acts=["DRAW"],
                              request_id="demo")
    active = list(session.exec(select(MarketEntity).where(MarketEntity.status == EntityStatus.ACTIVE.value)
                               .order_by(MarketEntity.id).limit(4)).all())
    if len(active) < 4:
        return
    entry = credit.list_entity(session=session, actor=scj, uscc=active[0].uscc, list_kind="ABNORMAL_OPERATION",
                               reason="通过登记的住所或者经营场所无法联系", basis="《企业经营异常名录管理暂行办法》第四条",
                               listed_on=today, request_id="demo", today=today)
    fact = credit.record_credit_fact(session=session, actor=scj, entity_id=active[1].id, kind="PENALTY",
                                     severity="ORDINARY", occurred_on=today, summary="未按规定公示食品经营许可证（演示）",
                                     source_type="demo_penalty", source_id=1, request_id="demo", today=today)
    credit.file_repair_request(session=session, actor=scj, fact_id=fact.id, kind="OBJECTION",
                               reason="处罚对象有误，已提交营业执照复印件", request_id="demo", today=today)
    credit.file_repair_request(session=session, actor=scj, fact_id=entry.fact_id, kind="REPAIR",
                               reason="已办理住所变更登记，申请移出经营异常名录", request_id="demo", today=today)
    for ent in active[2:4]:
        industry = ent.industry_code[:3]
        code = f"R-{industry}"
        assessor = next((_actor(session, d.code) for d in session.exec(select(Department)).all()
                         if DepartmentKind.COMPETENT.value in d.kinds), None)
        if assessor is None:
            break
        if session.exec(select(RiskRule).where(RiskRule.code == code)).first() is None:
            risk.define_risk_rule(session=session, actor=assessor, code=code, name=f"{industry}行业安全风险评估规则（演示）",
                                  industry_code=industry, subject="行业主管部门负责，可委托第三方机构实施",
                                  scope="本行业辖区内市场主体", method="资料审查、现场检查、专家评议",
                                  indicators=["安全管理制度", "从业人员资质", "投诉举报", "既往检查结果"],
                                  report_use="综合风险等级用于调整双随机抽查比例和频次（§37）", request_id="demo")
        risk.record_risk_assessment(session=session, actor=assessor, uscc=ent.uscc, rule_code=code, trigger="MONITORING",
                                    level="HIGHER", reason="风险监测发现投诉量上升", process="资料审查与现场检查",
                                    indicators_method="按规则指标逐项评分", result="风险较高",
                                    measures="责令整改，提高抽查频次", assessed_on=today, third_party="上海某某安全评估有限公司",
                                    request_id="demo", today=today)
    credit.reevaluate_all(session=session, actor=fgw, request_id="demo", today=today)
