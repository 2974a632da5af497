"""双公示 (§39–41): the published records of permit and penalty decisions, and the change log that
credit portals pull (the feed)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class DepartmentCreditCode(SQLModel, table=True):
    """A department's own unified social credit code (机关统一社会信用代码): 许可机关/处罚机关/数据来源单位 carry it."""

    __tablename__ = "department_credit_code"

    department_id: int = Field(sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_department_credit_code_department_id"), primary_key=True))
    uscc: str = Field(sa_column=sa.Column(sa.String(18), nullable=False))


class Disclosure(SQLModel, table=True):
    """One published record: the standard's fields (English keys, masked where required) and its public window."""

    __tablename__ = "disclosure"
    __table_args__ = (
        sa.UniqueConstraint("kind", "source_id", name="uq_disclosure_kind_source"),
        sa.Index("ix_disclosure_uscc", "uscc", "id"),
        sa.Index("ix_disclosure_department_status", "department_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    source_id: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id", name="fk_disclosure_entity_id"),
                                               nullable=False))
    uscc: str = Field(sa_column=sa.Column(sa.String(18), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id", name="fk_disclosure_department_id"),
                                                   nullable=False))
    decided_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False, index=True))
    due_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    published_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    public_until: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    severity: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    fields: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    missing: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class DisclosureChange(SQLModel, table=True):
    """The feed: one row per change in commit order (seq), with the record as published or a tombstone (null)."""

    __tablename__ = "disclosure_change"

    seq: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                                                              primary_key=True, autoincrement=True))
    disclosure_id: int = Field(sa_column=sa.Column(
        sa.ForeignKey("disclosure.id", name="fk_disclosure_change_disclosure_id"), nullable=False, index=True))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    event: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    record: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
