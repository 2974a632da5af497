from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import DepartmentKind, DepartmentLevel


class Department(SQLModel, table=True):
    """部门: a government department; its kinds decide what it may do."""

    __tablename__ = "department"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    level: DepartmentLevel = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    region: str = Field(sa_column=sa.Column(sa.String(6), nullable=False))
    kinds: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))

    def has_kind(self, kind: DepartmentKind) -> bool:
        return kind.value in (self.kinds or [])
