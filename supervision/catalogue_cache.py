"""Departments and catalogue items, kept per process between requests.

They change only when the catalogue is imported, yet nearly every read shows one (a registering
department, a permit's item and issuer). Each worker keeps one copy per database, tagged with the
catalogue's version token; a request reads the token (in the same statement as its key, see
accounts.authenticate) and uses the copy only when the tokens match, so an import committed by
any worker is seen by every worker's next request. A transaction that itself changed the
catalogue reads from the database instead, to see its own writes.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from models import CatalogueVersion, Department, PermitItem
from models.catalogue import CATALOGUE_CHANGED


@dataclass(frozen=True)
class Catalogue:
    token: str
    departments: dict[int, Department]
    items: dict[int, PermitItem]


_copies: "weakref.WeakKeyDictionary[sa.pool.Pool, Catalogue]" = weakref.WeakKeyDictionary()  # per database
_lock = threading.Lock()


def version_column() -> sa.ScalarSelect:
    """The current token as a scalar subquery, to be read alongside another statement's columns."""
    return select(CatalogueVersion.token).where(CatalogueVersion.id == 1).scalar_subquery()


def read_version(session: Session) -> str | None:
    return session.exec(select(CatalogueVersion.token).where(CatalogueVersion.id == 1)).first()


def _detached(model, rows) -> dict[int, object]:
    """Rows as plain instances that belong to no session: shared read-only between requests and threads."""
    return {r["id"]: model(**r) for r in rows}


def current(session: Session, token: str | None) -> Catalogue | None:
    """The cached catalogue if `token` is current; None when the database must be read instead
    (no token known, or this transaction has changed the catalogue)."""
    if token is None or session.info.get(CATALOGUE_CHANGED):
        return None
    bind = session.get_bind()
    pool = getattr(bind, "engine", bind).pool  # engines with other execution options share it
    copy = _copies.get(pool)
    if copy is not None and copy.token == token:
        return copy
    # read the version before the rows (it was read earlier in this request): a copy is never
    # older than the token it is filed under, at worst newer, which only costs one more reload
    departments = _detached(Department, session.execute(select(*Department.__table__.c)).mappings())
    items = _detached(PermitItem, session.execute(select(*PermitItem.__table__.c)).mappings())
    copy = Catalogue(token, departments, items)
    with _lock:
        _copies[pool] = copy
    return copy


def clear() -> None:
    """Forget every copy (the next request of each worker reads the catalogue again)."""
    with _lock:
        _copies.clear()
