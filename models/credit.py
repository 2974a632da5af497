"""企业公共信用评估 (§29–31), dishonesty lists (002 §五.5), credit repair and objections (000 §7; 003 §14)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class CreditStandard(SQLModel, table=True):
    """信用评估标准: indicators with points and rules, grade thresholds; a new version per change, never edited."""

    __tablename__ = "credit_standard"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False, unique=True))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    data: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_credit_standard_department_id"), nullable=False))
    published_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class CreditFact(SQLModel, table=True):
    """公共信用信息: one fact about an entity, supplied by the department whose record it is."""

    __tablename__ = "credit_fact"
    __table_args__ = (
        sa.UniqueConstraint("source_type", "source_id", "kind", name="uq_credit_fact_source"),
        sa.Index("ix_credit_fact_entity_state", "entity_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_credit_fact_entity_id"), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    severity: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    source_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_credit_fact_source_department_id"), nullable=False))
    occurred_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    source_type: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    source_id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    summary: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    public: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    state: str = Field(default="ACTIVE", sa_column=sa.Column(sa.String(16), nullable=False))
    ended_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class CreditEvaluation(SQLModel, table=True):
    """One grading of one entity: score, grade, the indicators that moved it, the standard version."""

    __tablename__ = "credit_evaluation"
    __table_args__ = (sa.Index("ix_credit_evaluation_entity_current", "entity_id", "current"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_credit_evaluation_entity_id"), nullable=False))
    standard_version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    score: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    grade: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    contributions: list[dict] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    evaluated_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    current: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class ListEntry(SQLModel, table=True):
    """列入经营异常名录 / 严重违法失信名单, and removal (移出) with its reason. Membership is public."""

    __tablename__ = "list_entry"
    __table_args__ = (sa.Index("ix_list_entry_entity_removed", "entity_id", "removed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_list_entry_entity_id"), nullable=False))
    list_kind: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_list_entry_department_id"), nullable=False))
    listed_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    fact_id: int = Field(sa_column=sa.Column(sa.ForeignKey("credit_fact.id", name="fk_list_entry_fact_id"), nullable=False))
    removed_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    removal_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    removed_by_department_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_list_entry_removed_by_department_id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class JointMeasure(SQLModel, table=True):
    """联合奖惩清单 (§31): matter, target, means, implementing department, legal basis; published."""

    __tablename__ = "joint_measure"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    matter: str = Field(sa_column=sa.Column(sa.String(300), nullable=False))
    target_list: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    target_grades: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    target: str = Field(sa_column=sa.Column(sa.String(300), nullable=False))
    means: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    acts: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    implementing_department_id: int = Field(sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_joint_measure_implementing_department_id"), nullable=False))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    published: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class RepairRequest(SQLModel, table=True):
    """信用修复申请或异议: decided by the department whose record it is, within a time limit in working days."""

    __tablename__ = "repair_request"
    __table_args__ = (sa.Index("ix_repair_request_department_status", "department_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    fact_id: int = Field(sa_column=sa.Column(sa.ForeignKey("credit_fact.id", name="fk_repair_request_fact_id"), nullable=False))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_repair_request_entity_id"), nullable=False, index=True))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    filed_by: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    filed_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_repair_request_department_id"), nullable=False))
    due: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    due_provisional: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    status: str = Field(default="PENDING", sa_column=sa.Column(sa.String(16), nullable=False))
    decided_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    decision_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
