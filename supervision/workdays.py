"""Chinese working-day calendar (工作日).

Deadlines on the platform are counted in working days of the statutory
calendar of the People's Republic of China: Monday to Friday, minus the
public holidays (法定节假日) and the days off created by the State Council's
yearly arrangement (放假调休), plus the Saturdays and Sundays that the same
arrangement declares working days (调休上班日).

Data sources, in order of precedence:

1. ``overrides`` passed to :class:`WorkCalendar` (the arrangement table an
   administrator maintains): ``date -> True`` (working day) / ``False`` (day off).
2. The ``holidays`` package (``holidays.China``, public category only), which
   carries the published arrangements in
   ``ChinaStaticHolidays.special_public_holidays``.
3. Weekends.

The State Council publishes each year's arrangement late in the previous
year, so a deadline may fall in a year whose arrangement is not yet known.
That never raises: such a year falls back to what the ``holidays`` package
computes for it — the statutory holidays plus the compensating days off for
holidays falling on a weekend (全国年节及纪念日放假办法 第六条) — and
weekends, with no adjusted working weekends.  Every answer that depends on
such a year is marked ``provisional``.

Years the ``holidays`` package cannot handle at all (before 1950, far future)
fall back to plain weekends.

Dates are calendar dates in China Standard Time; a ``datetime`` passed in is
reduced to its ``.date()``.
"""

from __future__ import annotations

import calendar as _calendar
import operator
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "Deadline",
    "WorkCalendar",
    "add_months",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "next_working_day",
    "working_days_between",
]


# ---------------------------------------------------------------------------
# Package data (shared by every calendar)
# ---------------------------------------------------------------------------


def _special_public_holidays() -> Mapping[int, tuple]:
    try:
        from holidays.countries.china import ChinaStaticHolidays
    except ImportError:  # pragma: no cover - layout of older/newer package versions
        return {}
    return getattr(ChinaStaticHolidays, "special_public_holidays", {}) or {}


def _normalize_entries(value: tuple) -> tuple[tuple, ...]:
    """A year's entry is a tuple of tuples, or a single tuple for one item."""
    if value and isinstance(value[0], int):
        return (value,)
    return tuple(value)


def _parse_arrangements() -> tuple[frozenset[date], int | None, int | None]:
    """Adjusted working weekends and the range of years with a published arrangement.

    Entries are ``(MONTH, DAY, FROM_MONTH, FROM_DAY[, FROM_YEAR])``: MONTH/DAY
    is a day off swapped from the working day FROM_MONTH/FROM_DAY.  Three-item
    entries ``(MONTH, DAY, name)`` are one-off holidays without a swap.
    """
    special = _special_public_holidays()
    workdays: set[date] = set()
    for year, entries in special.items():
        for entry in _normalize_entries(entries):
            if len(entry) < 4 or not isinstance(entry[2], int):
                continue
            from_year = entry[4] if len(entry) >= 5 else year
            try:
                workdays.add(date(from_year, entry[2], entry[3]))
            except (TypeError, ValueError):  # pragma: no cover - malformed package data
                continue
    years = [y for y in special if isinstance(y, int)]
    if not years:
        return frozenset(workdays), None, None
    return frozenset(workdays), min(years), max(years)


_PACKAGE_WORKDAYS, _PACKAGE_FIRST_YEAR, _PACKAGE_LAST_YEAR = _parse_arrangements()


def _package_published(year: int) -> bool:
    """Whether the ``holidays`` package carries the official arrangement for ``year``.

    Every year from the first to the last year listed in
    ``special_public_holidays`` counts, including a year that happens to need
    no swap at all.  Later years are estimates; earlier years were never
    checked against the official notices.
    """
    if _PACKAGE_FIRST_YEAR is None or _PACKAGE_LAST_YEAR is None:
        return False
    return _PACKAGE_FIRST_YEAR <= year <= _PACKAGE_LAST_YEAR


@lru_cache(maxsize=None)
def _package_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """``(days off on weekdays or weekends, adjusted working weekends)`` for ``year``."""
    try:
        cn = holidays.China(years=year)
    except Exception:  # any failure of the package for this year means weekends only
        return frozenset(), frozenset()
    days_off = frozenset(d for d in cn if d.year == year)
    extra = getattr(cn, "weekend_workdays", None) or ()
    workdays = frozenset(
        d for d in (*_PACKAGE_WORKDAYS, *extra) if d.year == year and d not in days_off
    )
    return days_off, workdays


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due date.

    ``provisional`` is True when a day that was counted lies in a year whose
    official arrangement is not published (neither in the ``holidays``
    package nor entered by an administrator): the date may still move once
    the State Council publishes that year's 放假安排.
    """

    due: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class _Year:
    start_ordinal: int
    # flags[i] == 1 when day i (0 = Jan 1) is a working day.
    flags: bytes
    # cum[i] == number of working days among days 0 .. i-1; len(flags) + 1 items.
    cum: array

    @property
    def total(self) -> int:
        return self.cum[-1]


def _as_date(d: date) -> date:
    if isinstance(d, datetime):
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


class WorkCalendar:
    """Working-day calendar with optional administrator overrides.

    ``overrides``: ``date -> True`` (working day, e.g. a 调休 Saturday) or
    ``False`` (day off, e.g. a holiday).  They take precedence over the
    ``holidays`` package and over weekends.

    ``published_years``: years whose full arrangement has been entered as
    overrides; they count as published even when the ``holidays`` package
    does not know them.  Overrides alone do not make a year published.

    Instances are immutable and safe to share between threads; per-year
    tables are built lazily on first use and cached.
    """

    def __init__(
        self,
        *,
        overrides: Mapping[date, bool] | None = None,
        published_years: Iterable[int] = (),
    ) -> None:
        self._overrides: dict[date, bool] = {
            _as_date(k): bool(v) for k, v in (overrides or {}).items()
        }
        self._published_years: frozenset[int] = frozenset(
            operator.index(y) for y in published_years
        )
        self._years: dict[int, _Year] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(overrides={len(self._overrides)} days, "
            f"published_years={sorted(self._published_years)})"
        )

    # -- per-year tables ---------------------------------------------------

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = self._build_year(year)
                    self._years[year] = table
        return table

    def _build_year(self, year: int) -> _Year:
        days_off, workdays = _package_year(year)
        first = date(year, 1, 1)
        start_ordinal = first.toordinal()
        length = 366 if _calendar.isleap(year) else 365
        overrides = self._overrides
        flags = bytearray(length)
        cum = array("l", [0]) * (length + 1)
        count = 0
        for i in range(length):
            d = date.fromordinal(start_ordinal + i)
            working = overrides.get(d)
            if working is None:
                if d in days_off:
                    working = False
                elif d in workdays:
                    working = True
                else:
                    working = d.weekday() < 5
            if working:
                flags[i] = 1
                count += 1
            cum[i + 1] = count
        return _Year(start_ordinal=start_ordinal, flags=bytes(flags), cum=cum)

    # -- queries -----------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        d = _as_date(d)
        table = self._year(d.year)
        return bool(table.flags[d.toordinal() - table.start_ordinal])

    def is_published(self, year: int) -> bool:
        """Whether the official arrangement for ``year`` is known."""
        return year in self._published_years or _package_published(year)

    def is_provisional_between(self, a: date, b: date) -> bool:
        """True when any year from ``a`` to ``b`` (either order, inclusive) is unpublished."""
        a, b = _as_date(a), _as_date(b)
        lo, hi = (a.year, b.year) if a.year <= b.year else (b.year, a.year)
        return any(not self.is_published(y) for y in range(lo, hi + 1))

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        d = _as_date(d)
        table = self._year(d.year)
        idx = d.toordinal() - table.start_ordinal
        year = d.year
        while True:
            pos = table.flags.find(1, idx)
            if pos >= 0:
                return date.fromordinal(table.start_ordinal + pos)
            year += 1
            table = self._year(year)
            idx = 0

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The ``n``-th working day after ``start`` (``start`` itself not counted).

        ``n == 0`` returns ``start`` rolled forward to a working day.  A
        negative ``n`` gives the ``-n``-th working day before ``start``.
        """
        start = _as_date(start)
        n = operator.index(n)
        if n == 0:
            due = self.next_working_day(start)
            return Deadline(due, self.is_provisional_between(start, due))
        if n > 0:
            due = self._forward(start, n)
            first_counted = start + timedelta(days=1)
            return Deadline(due, self.is_provisional_between(first_counted, due))
        due = self._backward(start, -n)
        last_counted = start - timedelta(days=1)
        return Deadline(due, self.is_provisional_between(due, last_counted))

    def _forward(self, start: date, n: int) -> date:
        year = start.year
        table = self._year(year)
        seen = table.cum[start.toordinal() - table.start_ordinal + 1]
        target = seen + n
        while target > table.total:
            target -= table.total
            year += 1
            table = self._year(year)
        # smallest i with cum[i] >= target; the working day is index i - 1
        i = bisect_left(table.cum, target)
        return date.fromordinal(table.start_ordinal + i - 1)

    def _backward(self, start: date, n: int) -> date:
        year = start.year
        table = self._year(year)
        before = table.cum[start.toordinal() - table.start_ordinal]
        # want the working day preceded (within its year) by `target - 1` working days
        target = before - n + 1
        while target < 1:
            year -= 1
            table = self._year(year)
            target += table.total
        i = bisect_left(table.cum, target)
        return date.fromordinal(table.start_ordinal + i - 1)

    def _count_through(self, d: date) -> tuple[int, int]:
        """``(year, working days from Jan 1 of that year through d inclusive)``."""
        table = self._year(d.year)
        return d.year, table.cum[d.toordinal() - table.start_ordinal + 1]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; ``0`` if equal; ``-(working days in (b, a])`` if ``b < a``.

        ``working_days_between(d, add_working_days(d, n).due) == n`` for ``n >= 1``.
        """
        a, b = _as_date(a), _as_date(b)
        if a == b:
            return 0
        if b < a:
            return -self.working_days_between(b, a)
        ya, ca = self._count_through(a)
        yb, cb = self._count_through(b)
        if ya == yb:
            return cb - ca
        total = self._year(ya).total - ca + cb
        for y in range(ya + 1, yb):
            total += self._year(y).total
        return total


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar built from the ``holidays`` package only (shared, cached)."""
    return WorkCalendar()


def _resolve(calendar: WorkCalendar | None) -> WorkCalendar:
    return default_calendar() if calendar is None else calendar


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> Deadline:
    return _resolve(calendar).add_working_days(start, n)


def working_days_between(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    return _resolve(calendar).working_days_between(a, b)


def is_working_day(d: date, calendar: WorkCalendar | None = None) -> bool:
    return _resolve(calendar).is_working_day(d)


def next_working_day(d: date, calendar: WorkCalendar | None = None) -> date:
    return _resolve(calendar).next_working_day(d)


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, clamped to the end of the target month.

    ``add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)``.  Used for
    deadlines such as "within two months of receipt".
    """
    d = _as_date(d)
    n = operator.index(n)
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    month += 1
    day = min(d.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day)
