"""Enforcement: cases (立案), legal reviews (法制审核), penalty decisions, transfers to the judiciary
(行刑衔接), and the configuration that shapes them (免罚清单, major-decision rules, publicity periods)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class EnforcementSetting(SQLModel, table=True):
    """Configuration of penalties (one JSON value per key): what counts as a major decision, publicity periods."""

    __tablename__ = "enforcement_setting"

    key: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True))
    value: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class ExemptionRule(SQLModel, table=True):
    """免罚清单: a minor first violation that gets guidance instead of a penalty (000 §12, 003 §16)."""

    __tablename__ = "exemption_rule"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))


class EnforcementCase(SQLModel, table=True):
    """立案: a case against an entity by a department within its enforcement remit."""

    __tablename__ = "enforcement_case"
    __table_args__ = (sa.Index("ix_enforcement_case_department", "department_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_enforcement_case_entity_id"),
                                               nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_enforcement_case_department_id"),
                                                   nullable=False))
    item_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("permit_item.id", name="fk_enforcement_case_item_id"), nullable=True))
    remit_rule: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    opened_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    violation_type: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    exemption_code: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    touches_safety: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    findings: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    guidance: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class LegalReview(SQLModel, table=True):
    """法制审核: a legal reviewer of the department approves (or not) a major decision before it is made (000 §17)."""

    __tablename__ = "legal_review"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.ForeignKey("enforcement_case.id", name="fk_legal_review_case_id"),
                                             nullable=False, index=True))
    reviewer_id: int = Field(sa_column=sa.Column(sa.ForeignKey("staff_user.id", name="fk_legal_review_reviewer_id"),
                                                 nullable=False))
    approved: bool = Field(sa_column=sa.Column(sa.Boolean, nullable=False))
    opinion: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    reviewed_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class PenaltyDecision(SQLModel, table=True):
    """行政处罚决定: measures, legal basis, facts, number and date; amounts in Decimal yuan."""

    __tablename__ = "penalty_decision"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.ForeignKey("enforcement_case.id", name="fk_penalty_decision_case_id"),
                                             nullable=False, unique=True))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_penalty_decision_entity_id"),
                                               nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_penalty_decision_department_id"),
                                                   nullable=False, index=True))
    number: str = Field(sa_column=sa.Column(sa.String(100), unique=True, nullable=False))
    decided_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    measures: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    fine_amount: Decimal | None = Field(default=None, sa_column=sa.Column(sa.Numeric(16, 2), nullable=True))
    confiscated_amount: Decimal | None = Field(default=None, sa_column=sa.Column(sa.Numeric(16, 2), nullable=True))
    licence: str | None = Field(default=None, sa_column=sa.Column(sa.String(300), nullable=True))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    facts: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    content: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    severity: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    valid_until: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    major: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    legal_review_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("legal_review.id", name="fk_penalty_decision_legal_review_id"), nullable=True))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    status_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class CaseTransfer(SQLModel, table=True):
    """行刑衔接: a case handed to public security or the procuratorate; both sides see its status (002 §五.6)."""

    __tablename__ = "case_transfer"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.ForeignKey("enforcement_case.id", name="fk_case_transfer_case_id"),
                                             nullable=False, index=True))
    from_department_id: int = Field(sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_case_transfer_from_department_id"), nullable=False, index=True))
    to_department_id: int = Field(sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_case_transfer_to_department_id"), nullable=False, index=True))
    transferred_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
