from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a mutation sent with an idempotency key, replayed for retries."""

    __tablename__ = "idempotency_record"
    __table_args__ = (sa.UniqueConstraint("actor", "key", name="uq_idempotency_actor_key"),)

    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    key: str = Field(sa_column=sa.Column(sa.String(128), nullable=False))
    operation: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    request_digest: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    result: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
