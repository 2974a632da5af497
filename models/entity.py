from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow
from .enums import EntityStatus, EntityType, ResponsibilityRule


class MarketEntity(SQLModel, table=True):
    """市场主体: identified by its unified social credit code (统一社会信用代码)."""

    __tablename__ = "market_entity"
    __table_args__ = (sa.Index("ix_market_entity_region_industry", "region", "industry_code"),)

    id: int | None = Field(default=None, primary_key=True)
    uscc: str = Field(sa_column=sa.Column(sa.String(18), unique=True, nullable=False))
    uscc_as_entered: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, index=True))
    entity_type: EntityType = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    legal_representative: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    address: str = Field(sa_column=sa.Column(sa.String(300), nullable=False))
    region: str = Field(sa_column=sa.Column(sa.String(6), nullable=False))
    industry_code: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    business_scope: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    established_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    status: EntityStatus = Field(sa_column=sa.Column(sa.String(16), nullable=False, index=True))
    registering_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    street_department_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_market_entity_street_department_id"), nullable=True))
    contact_phone: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    tolerance_until: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class EntityAssignment(SQLModel, table=True):
    """Why a department may read an entity's non-public file: the rule and the record behind it.

    Rows are written by the domain when a record routes an entity to a department (registration,
    a permit, a push, a task) and recomputed when a catalogue item changes status.
    """

    __tablename__ = "entity_assignment"
    __table_args__ = (
        sa.UniqueConstraint("entity_id", "department_id", "rule", "source_kind", "source_id", name="uq_entity_assignment"),
        sa.Index("ix_entity_assignment_department_entity", "department_id", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    rule: ResponsibilityRule = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    source_kind: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    source_id: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    item_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("permit_item.id"), nullable=True, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
