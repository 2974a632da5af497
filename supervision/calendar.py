"""Published holiday arrangements entered by an admin, on top of the holidays package.

The State Council publishes each year's arrangement late in the year before; until the package
knows it, an admin enters it here, and deadlines in that year stop being provisional.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from models import CalendarDay, CalendarYear

from . import audit
from .actors import Actor
from .errors import Collector, ErrorCode, Forbidden
from .responsibility import Action, can
from .workdays import WorkCalendar


def load_calendar(session: Session) -> WorkCalendar:
    days = {d.day: d.working for d in session.exec(select(CalendarDay)).all()}
    years = session.exec(select(CalendarYear.year)).all()
    return WorkCalendar(overrides=days, published_years=years)


def publish_arrangement(*, session: Session, actor: Actor, year: int, days: list[dict], source: str,
                        request_id: str = "-") -> int:
    """Replace the arrangement of `year`: days = [{"date": "2027-02-06", "working": true, "note": "春节调休上班"}]."""
    decision = can(actor, Action.MANAGE_CATALOGUE)
    if not decision:
        raise Forbidden(decision.reason)
    errors = Collector()
    parsed: dict[date, tuple[bool, str]] = {}
    if not 2000 <= year <= 2100:
        errors.add(ErrorCode.INVALID_VALUE, f"年份 {year} 无效", "year")
    if not (source or "").strip():
        errors.add(ErrorCode.REQUIRED, "须注明依据（如国务院办公厅通知文号）", "source")
    for i, d in enumerate(days):
        try:
            day = date.fromisoformat(str(d["date"]))
            working = d["working"]
            if not isinstance(working, bool):
                raise ValueError
        except (KeyError, ValueError, TypeError):
            errors.add(ErrorCode.INVALID_VALUE, f"第 {i + 1} 项须含 date（YYYY-MM-DD）和 working（true/false）", f"days[{i}]")
            continue
        if day.year != year and not (day.year == year - 1 and day.month == 12):
            errors.add(ErrorCode.INVALID_DATE, f"{day.isoformat()} 不属于 {year} 年的安排", f"days[{i}].date")
        parsed[day] = (working, str(d.get("note", ""))[:100])
    errors.check()
    session.execute(sa.delete(CalendarDay).where(CalendarDay.day.in_(list(parsed))))
    session.execute(sa.delete(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)))
    for day, (working, note) in sorted(parsed.items()):
        session.add(CalendarDay(day=day, working=working, note=note))
    row = session.get(CalendarYear, year) or CalendarYear(year=year)
    row.source = source.strip()
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, act="calendar.publish", target_type="CalendarYear", target_id=year,
                 request_id=request_id, change={"source": row.source,
                                                "days": [[d.isoformat(), w] for d, (w, _) in sorted(parsed.items())]})
    return len(parsed)
