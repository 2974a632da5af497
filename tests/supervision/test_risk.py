"""行业安全风险评估 (seeds/004 §32–38): rules per industry, reports with a level, third parties,
and the combined level — the highest (从严监管，风险就高不就低, §36) — that the draw reads (§37)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import MarketEntity, RiskAssessment
from supervision import risk
from supervision.errors import ErrorCode, Forbidden, ValidationErrors
from supervision.ratings import combined_level, risk_levels
from supervision.responsibility import readable_entity_ids
from tests.conftest import TODAY, actor_of


def rule(s, code="R-HYG", dept="T-WJW", industry="H62", levels=("LOW", "MEDIUM", "HIGH")):
    return risk.define_risk_rule(session=s, actor=actor_of(s, dept), code=code, name="公共场所卫生风险评估规则",
                                 industry_code=industry, subject="区卫健委负责，委托第三方实施", scope="辖区理发、住宿场所",
                                 method="现场检查与资料审查", indicators=["卫生许可", "从业人员健康证", "消毒记录"],
                                 report_use="作为双随机抽查比例调整依据", levels=list(levels))


def assess(s, uscc, rule_code, level, dept="T-WJW", third_party=None, on=date(2026, 11, 2)):
    return risk.record_risk_assessment(session=s, actor=actor_of(s, dept), uscc=uscc, rule_code=rule_code,
                                       trigger="MONITORING", level=level, reason="投诉反映卫生状况差",
                                       process="2026年10月现场检查", indicators_method="按规则指标逐项打分",
                                       result=f"风险等级：{level}", measures="责令整改，增加抽查频次",
                                       assessed_on=on, third_party=third_party, today=TODAY)


@pytest.fixture
def s(world):
    session = world.session()
    yield session
    session.rollback()
    session.close()


def test_combined_level_is_the_highest__004_s36():
    assert combined_level(["LOW", "HIGHER", "MEDIUM"]) == "HIGHER"
    assert combined_level(["LOW"]) == "LOW"
    assert combined_level([]) is None


def test_several_assessments_of_one_entity_combine_to_the_highest__004_s36_s37(s, world):
    barber = world.entities["barber"]
    rule(s)
    rule(s, code="R-DRUG", dept="T-SYJ", levels=("LOW", "MEDIUM", "HIGHER", "HIGH"))
    a = assess(s, barber, "R-HYG", "MEDIUM", third_party="上海某某评估咨询有限公司")
    assess(s, barber, "R-DRUG", "HIGHER", dept="T-SYJ")
    e = s.exec(select(MarketEntity).where(MarketEntity.uscc == barber)).one()
    assert risk_levels(s, [e.id]) == {e.id: "HIGHER"}
    assert a.third_party == "上海某某评估咨询有限公司"
    assess(s, barber, "R-DRUG", "LOW", dept="T-SYJ", on=date(2026, 11, 20))  # supersedes the SYJ one
    assert risk_levels(s, [e.id]) == {e.id: "MEDIUM"}
    assert len(s.exec(select(RiskAssessment).where(RiskAssessment.current.is_(True))).all()) == 2


def test_the_level_must_be_one_of_the_industrys_levels_and_the_report_complete__004_s35_s36(s, world):
    rule(s)
    with pytest.raises(ValidationErrors) as err:
        risk.record_risk_assessment(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["barber"],
                                    rule_code="R-HYG", trigger="LAW", level="HIGHER", reason="", process="x",
                                    indicators_method="x", result="x", measures="", assessed_on=TODAY, today=TODAY)
    assert sorted((e.code, e.field) for e in err.value.errors) == [
        (ErrorCode.INVALID_VALUE, "level"), (ErrorCode.REQUIRED, "measures"), (ErrorCode.REQUIRED, "reason")]
    assert s.exec(select(RiskAssessment)).all() == []


def test_only_the_rules_department_assesses_and_only_approval_or_competent_make_rules__004_s32(s, world):
    rule(s)
    with pytest.raises(Forbidden):
        assess(s, world.entities["barber"], "R-HYG", "LOW", dept="T-SYJ")
    with pytest.raises(Forbidden):
        rule(s, code="R-X", dept="T-FGW")


def test_the_assessing_department_may_then_read_the_entitys_file__004_s35(s, world):
    rule(s, code="R-IT", industry="H6210")
    a = assess(s, world.entities["plain"], "R-IT", "LOW")
    assert a.entity_id in readable_entity_ids(s, actor_of(s, "T-WJW"), [a.entity_id])
