"""The audit chain: every write appends a record holding the hash of the one before it.

可计量、可检索、可追溯、可问责 (002 §五.(三).3): a record says who, which department, what act,
on what, when, under which request, and a digest of the change. Verifying the chain offline
recomputes every hash and names the first record that does not match.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Iterator

import sqlalchemy as sa
from sqlmodel import Session, select

from models import AuditRecord

from .actors import Actor

GENESIS = "0" * 64
_LOCK_KEY = 0x6A69616E  # advisory lock that serialises appends on PostgreSQL


def _default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def canonical(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def jsonable(value: Any) -> Any:
    return json.loads(canonical(value))


def digest_of(change: Any) -> str:
    return hashlib.sha256(canonical(change).encode()).hexdigest()


def record_hash(*, prev_hash: str, at: datetime, actor: str, department_id: int | None, act: str,
                target_type: str, target_id: str, request_id: str, digest: str) -> str:
    body = canonical({
        "prev": prev_hash, "at": at, "actor": actor, "department": department_id, "act": act,
        "target": [target_type, target_id], "request": request_id, "digest": digest,
    })
    return hashlib.sha256(body.encode()).hexdigest()


def append(session: Session, *, actor: Actor, act: str, target_type: str, target_id: Any,
           change: dict, request_id: str = "-", at: datetime | None = None) -> AuditRecord:
    """Append one record in the caller's transaction; it commits or rolls back with the act."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    prev = session.exec(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)).first() or GENESIS
    at = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    change = jsonable(change)
    digest = digest_of(change)
    target_id = str(target_id)
    rec = AuditRecord(
        at=at, actor=actor.ident, actor_label=actor.label, department_id=actor.department_id, act=act,
        target_type=target_type, target_id=target_id, request_id=request_id, change=change,
        digest=digest, prev_hash=prev,
        hash=record_hash(prev_hash=prev, at=at, actor=actor.ident, department_id=actor.department_id,
                         act=act, target_type=target_type, target_id=target_id,
                         request_id=request_id, digest=digest),
    )
    session.add(rec)
    session.flush()
    return rec


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str | None = None


def _iter_records(session: Session, batch: int = 5000) -> Iterator[AuditRecord]:
    last = 0
    while True:
        rows = session.exec(select(AuditRecord).where(AuditRecord.id > last).order_by(AuditRecord.id).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify(session: Session) -> ChainReport:
    prev = GENESIS
    n = 0
    for rec in _iter_records(session):
        n += 1
        if rec.prev_hash != prev:
            return ChainReport(False, n, rec.id, "上一条记录的哈希不符（记录被删除或插入）")
        if digest_of(rec.change) != rec.digest:
            return ChainReport(False, n, rec.id, "变更内容摘要不符（变更内容被改动）")
        expected = record_hash(prev_hash=rec.prev_hash, at=rec.at, actor=rec.actor, department_id=rec.department_id,
                               act=rec.act, target_type=rec.target_type, target_id=rec.target_id,
                               request_id=rec.request_id, digest=rec.digest)
        if expected != rec.hash:
            return ChainReport(False, n, rec.id, "记录哈希不符（记录字段被改动）")
        prev = rec.hash
    return ChainReport(True, n)
