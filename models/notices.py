"""双告知 · 双反馈 · 双跟踪 (seeds/004 §6–18, §42–43)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class RegistrationNotice(SQLModel, table=True):
    """告知书 (§8): the post-registration items the business scope calls for, as told at registration."""

    __tablename__ = "registration_notice"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, unique=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    issued_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    items: list[dict] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class Commitment(SQLModel, table=True):
    """承诺书 (§8): not to operate the listed items before approval."""

    __tablename__ = "commitment"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, unique=True))
    notice_id: int = Field(sa_column=sa.Column(sa.ForeignKey("registration_notice.id"), nullable=False))
    signer_name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    signer_role: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    signed_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class Notification(SQLModel, table=True):
    """推送告知 (§9) to one department, its acknowledgement (§11) and the permit fed back (§12)."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_department_status", "department_id", "acknowledged_at"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    role: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    item_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    pushed_at: datetime = Field(sa_column=sa.Column(UTCDateTime, nullable=False))
    ack_due: date = Field(sa_column=sa.Column(sa.Date, nullable=False, index=True))
    ack_due_provisional: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    acknowledged_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    acknowledged_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))


class PoolEntry(SQLModel, table=True):
    """待认领 (§9): a registration whose scope names no clear department, for departments to claim."""

    __tablename__ = "pool_entry"

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    reason: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    pooled_at: datetime = Field(sa_column=sa.Column(UTCDateTime, nullable=False))


class PoolClaim(SQLModel, table=True):
    """A department's claim on a pooled entity; several departments may claim one entity."""

    __tablename__ = "pool_claim"
    __table_args__ = (sa.UniqueConstraint("pool_entry_id", "department_id", name="uq_pool_claim"),)

    id: int | None = Field(default=None, primary_key=True)
    pool_entry_id: int = Field(sa_column=sa.Column(sa.ForeignKey("pool_entry.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    claimed_at: datetime = Field(sa_column=sa.Column(UTCDateTime, nullable=False))
    notification_id: int = Field(sa_column=sa.Column(sa.ForeignKey("notification.id"), nullable=False))
