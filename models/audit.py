from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime


class AuditRecord(SQLModel, table=True):
    """审计记录: one per write, chained by hash; never updated or deleted."""

    __tablename__ = "audit_record"
    __table_args__ = (
        sa.Index("ix_audit_record_target", "target_type", "target_id"),
        sa.Index("ix_audit_record_department_at", "department_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=sa.Column(UTCDateTime, nullable=False, index=True))
    actor: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, index=True))
    actor_label: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    department_id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    act: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, index=True))
    target_type: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    target_id: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    request_id: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    change: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    digest: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    prev_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
