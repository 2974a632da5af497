from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import DepartmentLevel, PermitItemStatus, PermitMode


class PermitItem(SQLModel, table=True):
    """审批事项: an item of the permit catalogue and the departments that approve and supervise it."""

    __tablename__ = "permit_item"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    approving_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    competent_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    delegated_to_department_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=True))
    enforcement_department_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_permit_item_enforcement_department_id"), nullable=True))
    level: DepartmentLevel = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    mode: PermitMode = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    notice_commitment: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    status: PermitItemStatus = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    high_risk: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    time_limit_days: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    scope_phrases: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
