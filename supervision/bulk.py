"""Bulk writes of many rows: COPY on PostgreSQL, executemany on SQLite, inside the session's transaction.

Used where a batch writes thousands of rows at once (the city seed, credit re-evaluation, a
draw's tasks). Rows are dicts keyed by column name; JSON columns take Python values, serialised once
(orjson when installed), or a `Json` value serialised already, written as it is.
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import Session

import models

try:
    import orjson

    def dumps(value) -> str:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()
except ImportError:  # pragma: no cover - orjson is a dependency
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Json(str):
    """A JSON value serialised already: written to a JSON column as it is (and spliced into bigger documents)."""


def postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def write_rows(session: Session, table: str, rows: list[dict]) -> None:
    """Insert the rows (all with the same keys) into `table`: one COPY on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    t = models.metadata.tables[table]
    if not postgresql(session):
        json_cols = [c.name for c in t.columns if isinstance(c.type, sa.JSON) and c.name in rows[0]]
        if json_cols:  # SQLAlchemy serialises JSON itself here
            rows = [{**r, **{c: json.loads(r[c]) for c in json_cols if isinstance(r[c], Json)}} for r in rows]
        session.execute(sa.insert(t), rows)
        return
    cols = [c.name for c in t.columns if c.name in rows[0]]
    json_at = [n for n, c in enumerate(cols) if isinstance(t.c[c].type, sa.JSON)]
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                values = [r[c] for c in cols]
                for n in json_at:
                    v = values[n]
                    if v is not None and not isinstance(v, Json):
                        values[n] = dumps(v)
                copy.write_row(values)


def next_ids(session: Session, table: str, n: int) -> list[int]:
    """PostgreSQL: n fresh ids from the table's own sequence, in one statement (rows then go in by COPY with them)."""
    if n <= 0:
        return []
    return list(session.execute(sa.text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                                        "FROM generate_series(1, :n)"), {"n": n}).scalars())


def insert_with_ids(session: Session, table: str, rows: list[dict]) -> list[int]:
    """Insert the rows and return their new ids in the rows' order: ids taken from the sequence and one COPY on
    PostgreSQL; one executemany with RETURNING elsewhere."""
    if not rows:
        return []
    if postgresql(session):
        ids = next_ids(session, table, len(rows))
        write_rows(session, table, [{"id": i, **r} for i, r in zip(ids, rows)])
        return ids
    t = models.metadata.tables[table]
    return list(session.execute(sa.insert(t).returning(t.c.id, sort_by_parameter_order=True), rows).scalars())
