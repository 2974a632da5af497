"""照后证前跟踪 (§14–17), permit applications (§18), joint reviews (§43), pre-registration approvals (§42)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class TrackingTask(SQLModel, table=True):
    """At least one tracking inspection within 2 months of receiving the push (§15)."""

    __tablename__ = "tracking_task"
    __table_args__ = (sa.Index("ix_tracking_task_department_status", "department_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    notification_id: int = Field(sa_column=sa.Column(sa.ForeignKey("notification.id"), nullable=False))
    item_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    opened_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    due: date = Field(sa_column=sa.Column(sa.Date, nullable=False, index=True))
    due_provisional: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    closed_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    recheck_every_months: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class TrackingInspection(SQLModel, table=True):
    """一次跟踪检查: by at least two staff of the department (§16); the result is recorded (§17)."""

    __tablename__ = "tracking_inspection"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=sa.Column(sa.ForeignKey("tracking_task.id"), nullable=False, index=True))
    inspected_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    inspector_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    result: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    notes: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    # the task's deadline this inspection answered: an inspection after it was late (§15)
    due: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class Investigation(SQLModel, table=True):
    """立案查处: of unlicensed operation by the department the law names (rule 8), or of an approval
    obtained by a false or broken commitment by the approving department (rule 6)."""

    __tablename__ = "investigation"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    item_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("permit_item.id"), nullable=True))
    found_by_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    inspection_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("tracking_inspection.id"), nullable=True))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    status: str = Field(default="OPEN", sa_column=sa.Column(sa.String(16), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    kind: str = Field(default="UNLICENSED", sa_column=sa.Column(sa.String(24), nullable=False, server_default="UNLICENSED"))
    permit_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("permit.id", name="fk_investigation_permit_id"), nullable=True, index=True))
    breach: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    outcome: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    conclusion: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))


class PermitApplication(SQLModel, table=True):
    """办证申请: OVERSIGHT follows its statutory time limit while it is pending (§18)."""

    __tablename__ = "permit_application"
    __table_args__ = (sa.Index("ix_permit_application_status_due", "status", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    item_id: int = Field(sa_column=sa.Column(sa.ForeignKey("permit_item.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    applied_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    due: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    due_provisional: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    decided_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    permit_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("permit.id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class JointReview(SQLModel, table=True):
    """联合审查 of a registration in a high-risk sector (§43)."""

    __tablename__ = "joint_review"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    item_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    opened_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    status: str = Field(default="OPEN", sa_column=sa.Column(sa.String(16), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class JointReviewOpinion(SQLModel, table=True):
    __tablename__ = "joint_review_opinion"
    __table_args__ = (sa.UniqueConstraint("review_id", "department_id", name="uq_joint_review_department"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(sa_column=sa.Column(sa.ForeignKey("joint_review.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    opinion: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    completed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    completed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))


class PreApproval(SQLModel, table=True):
    """前置审批 (§42): the approval department informs, the registration department feeds back the licence."""

    __tablename__ = "pre_approval"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(sa_column=sa.Column(sa.ForeignKey("permit_item.id"), nullable=False))
    approving_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    registration_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    # §42: the licence is told to the district comprehensive enforcement department as well
    enforcement_department_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_pre_approval_enforcement_department_id"), nullable=True, index=True))
    applicant_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    licence_number: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    decision_date: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    entity_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=True))
    fed_back_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class SupervisionNotice(SQLModel, table=True):
    """督办: OVERSIGHT tells a department about an overdue act (§4, §44)."""

    __tablename__ = "supervision_notice"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    issued_by_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    subject_id: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    message: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    issued_at: datetime = Field(sa_column=sa.Column(UTCDateTime, nullable=False))
    acknowledged_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
