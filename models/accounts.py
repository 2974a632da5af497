from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class StaffUser(SQLModel, table=True):
    """工作人员: a civil servant of one department who signs in to the admin."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    display_name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    password_hash: str = Field(sa_column=sa.Column(sa.String(255), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    roles: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    certificate_no: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    failed_logins: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    locked_until: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class ApiKey(SQLModel, table=True):
    """A partner system's key: bound to a department, or to the public scope when department_id is null.

    Only a SHA-256 digest of the secret is kept: keys are long random strings, so a slow
    password hash would add nothing but latency to every request.
    """

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(sa_column=sa.Column(sa.String(16), unique=True, nullable=False))
    secret_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    department_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=True, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
