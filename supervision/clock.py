"""Dates are calendar dates in China Standard Time."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")


def today() -> date:
    return datetime.now(CST).date()


def to_cst_date(moment: datetime) -> date:
    return moment.astimezone(CST).date()
