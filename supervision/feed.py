"""The disclosure feed: every change to a published record, in commit order, for credit portals.

A portal stores the cursor of the last change it processed and asks for the changes after it; it
must see each change exactly once, even after a crash, and even when writers commit concurrently.

Why sequence order is commit order: a change row takes its sequence number (a database sequence on
PostgreSQL) only after the writer holds the transaction-level advisory lock that the audit chain
already uses (supervision/audit.py). Every writing act appends an audit record in the same
transaction, so every writer holds that lock until it commits anyway; taking it before the feed
row is inserted costs nothing extra. Two consequences:

* a transaction cannot obtain a sequence number while another transaction that holds a smaller,
  uncommitted one is still open (it waits for the lock), so no reader can see seq N+1 before seq N
  is committed — the gap a plain sequence leaves when transactions commit out of id order cannot
  happen;
* a rolled-back transaction leaves a hole in the numbers, which a reader skips harmlessly: the
  cursor is "greater than", never "next".

The alternative (xid8 / pg_snapshot_xmin visibility horizon) lets writers run in parallel but makes
readers wait behind the oldest open transaction and needs PostgreSQL-only columns; writers here are
already serialised by the audit chain, so the lock is both simpler and free.

SQLite serialises writers itself (one writer at a time), so the same order holds there.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session, select

from models import Disclosure, DisclosureChange
from models.base import utcnow
from models.enums import FeedEvent

from .audit import _LOCK_KEY
from .errors import DomainError, ErrorCode

MAX_FEED_PAGE = 1000


def lock_writers(session: Session) -> None:
    """Serialise feed writers with the audit chain's lock (held until the transaction ends)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})


def append_change(session: Session, disclosure: Disclosure, event: FeedEvent, record: dict | None,
                  at: datetime | None = None) -> DisclosureChange:
    lock_writers(session)
    change = DisclosureChange(disclosure_id=disclosure.id, kind=disclosure.kind, event=event.value,
                              at=at or utcnow(), record=record)
    session.add(change)
    session.flush()
    return change


# --- reading ---------------------------------------------------------------------------------

def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"f1:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """0 (the beginning) for no cursor; a malformed cursor is refused, never read as the beginning."""
    if cursor is None or cursor == "":
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, value = raw.split(":", 1)
        if tag != "f1" or int(value) < 0:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(ErrorCode.INVALID_VALUE, f"无效的订阅游标：{cursor}", "after") from None


@dataclass(frozen=True)
class Change:
    seq: int
    disclosure_id: int
    kind: str
    event: str
    at: datetime
    record: dict[str, Any] | None

    @property
    def cursor(self) -> str:
        return encode_cursor(self.seq)


@dataclass(frozen=True)
class FeedPage:
    changes: list[Change]
    has_next: bool
    end_cursor: str | None


# The record is read as its JSON text and decoded with orjson: a feed page carries megabytes of it.
_COLUMNS = (DisclosureChange.seq, DisclosureChange.disclosure_id, DisclosureChange.kind, DisclosureChange.event,
            DisclosureChange.at, sa.cast(DisclosureChange.record, sa.Text))


def read(session: Session, *, after: str | None, first: int) -> FeedPage:
    """Changes after the cursor in sequence order: one statement, one row more than asked to know if more remain.

    The feed is public (what it carries was published); nothing is narrowed by actor.
    """
    if first < 0 or first > MAX_FEED_PAGE:
        raise DomainError(ErrorCode.INVALID_VALUE, f"first 须在 0—{MAX_FEED_PAGE} 之间，实为 {first}", "first")
    key = decode_cursor(after)
    rows = session.execute(select(*_COLUMNS).where(DisclosureChange.seq > key)
                           .order_by(DisclosureChange.seq).limit(first + 1)).all()
    changes = [Change(seq, did, kind, event, at, orjson.loads(record) if record is not None else None)
               for seq, did, kind, event, at, record in rows[:first]]
    return FeedPage(changes, len(rows) > first, changes[-1].cursor if changes else (after or None))
