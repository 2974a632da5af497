"""Keyset pagination: an opaque cursor over a unique sort key, never OFFSET."""
from __future__ import annotations

import base64
from typing import Any, Callable, Sequence, TypeVar

from strawberry import relay

from .limits import PublicError

T = TypeVar("T")
MAX_PAGE = 100


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k1:{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, value = raw.split(":", 1)
        if tag != "k1":
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise PublicError(f"无效的分页游标：{cursor}", code="INVALID_CURSOR") from None


def check_first(first: int | None) -> int:
    if first is None:
        return 20
    if first < 0 or first > MAX_PAGE:
        raise PublicError(f"first 须在 0—{MAX_PAGE} 之间，实为 {first}", code="PAGE_SIZE_EXCEEDED")
    return first


def page(stmt, id_column, session, *, first: int | None, after: str | None):
    """Rows of `stmt` after the cursor, ordered by id, one more than asked to know if more remain."""
    first = check_first(first)
    key = decode_cursor(after)
    if key is not None:
        stmt = stmt.where(id_column > key)
    rows = session.exec(stmt.order_by(id_column).limit(first + 1)).all()
    return rows[:first], len(rows) > first, key is not None


def connection(conn_cls, rows: Sequence[Any], has_next: bool, has_previous: bool,
               to_node: Callable[[Any], T], key: Callable[[Any], int] = lambda r: r.id):
    edges = [relay.Edge(node=to_node(r), cursor=encode_cursor(key(r))) for r in rows]
    return conn_cls(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next, has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None),
    )
