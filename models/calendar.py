from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CalendarDay(SQLModel, table=True):
    """A day of a published holiday arrangement entered by an admin: off (holiday) or working (调休)."""

    __tablename__ = "calendar_day"

    day: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    working: bool = Field(sa_column=sa.Column(sa.Boolean, nullable=False))
    note: str = Field(default="", sa_column=sa.Column(sa.String(100), nullable=False, server_default=""))


class CalendarYear(SQLModel, table=True):
    """A year whose arrangement an admin has entered in full: its deadlines are no longer provisional."""

    __tablename__ = "calendar_year"

    year: int = Field(sa_column=sa.Column(sa.Integer, primary_key=True, autoincrement=False))
    source: str = Field(default="", sa_column=sa.Column(sa.String(200), nullable=False, server_default=""))
