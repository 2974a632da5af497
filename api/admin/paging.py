"""Keyset paging for the admin's long lists: "下一页" / "上一页" links that keep the page's filters.

A list is ordered by a few columns ending in a unique one (e.g. decided_on DESC, id DESC). The cursor is the
sort key of the last (or first) row shown, so a page is one statement with a WHERE on the key and a LIMIT,
never OFFSET: its cost and its statement count do not depend on how deep the reader has paged, and rows added
meanwhile neither repeat nor disappear between pages.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Sequence
from urllib.parse import urlencode

import sqlalchemy as sa

PAGE = 50
CURSOR_KEYS = ("after", "before")


@dataclass(frozen=True)
class Order:
    """One sort column and its direction."""
    column: Any
    descending: bool = True


@dataclass(frozen=True)
class Page:
    rows: list
    next_link: str | None
    prev_link: str | None
    first_link: str | None


def _tag(value) -> list:
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, int):
        return ["i", value]
    return ["s", str(value)]


def _untag(pair) -> Any:
    kind, value = pair
    return {"t": datetime.fromisoformat, "d": date.fromisoformat, "i": int, "s": str}[kind](value)


def encode(key: Sequence) -> str:
    raw = json.dumps([_tag(v) for v in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, width: int) -> tuple | None:
    """The key in a cursor, or None for a missing or unreadable one (the list then starts from the top)."""
    if not cursor or len(cursor) > 400:
        return None
    try:
        pairs = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        key = tuple(_untag(p) for p in pairs)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    return key if len(key) == width else None


def _beyond(order: Sequence[Order], key: tuple, forward: bool) -> sa.ColumnElement[bool]:
    """Rows strictly past `key` in the list's order (forward) or strictly before it (backward)."""
    either = []
    for i, o in enumerate(order):
        later = (o.column < key[i]) if o.descending == forward else (o.column > key[i])
        either.append(sa.and_(*[order[j].column == key[j] for j in range(i)], later))
    return sa.or_(*either)


def keyset(db, stmt, query_params, *, order: Sequence[Order], key: Callable[[Any], Sequence],
           size: int = PAGE) -> Page:
    """One page of `stmt`: after the `after` cursor, or the page before the `before` cursor, or the first page.
    Links keep every other query parameter."""
    after = decode(query_params.get("after"), len(order))
    before = None if after is not None else decode(query_params.get("before"), len(order))
    forward = before is None
    if after is not None:
        stmt = stmt.where(_beyond(order, after, True))
    elif before is not None:
        stmt = stmt.where(_beyond(order, before, False))
    by = [(o.column.desc() if o.descending == forward else o.column.asc()) for o in order]
    rows = list(db.exec(stmt.order_by(*by).limit(size + 1)).all())
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    kept = {k: v for k, v in query_params.items() if k not in CURSOR_KEYS and v != ""}
    has_next = more if forward else True
    has_prev = after is not None or (before is not None and more)
    return Page(
        rows=rows,
        next_link="?" + urlencode({**kept, "after": encode(key(rows[-1]))}) if has_next and rows else None,
        prev_link="?" + urlencode({**kept, "before": encode(key(rows[0]))}) if has_prev and rows else None,
        first_link="?" + urlencode(kept) if (after is not None or before is not None) else None,
    )
