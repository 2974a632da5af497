from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow
from .enums import PermitStatus


class Permit(SQLModel, table=True):
    """行政许可: a permit decision for an entity under a catalogue item."""

    __tablename__ = "permit"
    __table_args__ = (
        sa.UniqueConstraint("item_id", "number", name="uq_permit_item_number"),
        sa.Index("ix_permit_entity", "entity_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False))
    item_id: int = Field(sa_column=sa.Column(sa.ForeignKey("permit_item.id"), nullable=False, index=True))
    number: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    decision_date: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    valid_from: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    valid_to: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    status: PermitStatus = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    status_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    issuing_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    # 告知承诺: granted on the applicant's written commitment, conditions checked afterwards (rule 6)
    by_commitment: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()))
    # 二反馈 (§12): the decision is fed back within 7 working days; the permit row is that feedback.
    feedback_due: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    notification_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("notification.id", name="fk_permit_notification_id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
