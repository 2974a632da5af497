"""行业安全风险评估 (§32–38): rules per industry, assessments with a written report and a level."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class RiskRule(SQLModel, table=True):
    """评估规则 (§34): subject, scope, method, indicators, report use, and the industry's levels."""

    __tablename__ = "risk_rule"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_risk_rule_department_id"), nullable=False))
    industry_code: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    subject: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    scope: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    method: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    indicators: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    report_use: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    levels: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class RiskAssessment(SQLModel, table=True):
    """风险评估报告 (§35) and its level (§36); a later assessment under the same rule supersedes it."""

    __tablename__ = "risk_assessment"
    __table_args__ = (sa.Index("ix_risk_assessment_entity_current", "entity_id", "current"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_risk_assessment_entity_id"), nullable=False))
    rule_id: int = Field(sa_column=sa.Column(sa.ForeignKey("risk_rule.id", name="fk_risk_assessment_rule_id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_risk_assessment_department_id"), nullable=False))
    trigger: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    level: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    process: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    indicators_method: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    result: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    measures: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    third_party: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    assessed_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    current: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
