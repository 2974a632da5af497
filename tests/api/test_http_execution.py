"""How /graphql runs an operation: one event loop per worker thread, nothing left running after a
request, and on PostgreSQL queries read without a transaction in a session that refuses writes."""
from __future__ import annotations

import asyncio
import contextlib

import pytest
import sqlalchemy as sa

from api.graphql import http
from models import Department
from models.db import new_session


def test_the_thread_keeps_its_loop_and_nothing_outlives_a_request():
    left: list[asyncio.Task] = []

    async def op():
        left.append(asyncio.get_running_loop().create_task(asyncio.sleep(60)))
        return asyncio.get_running_loop()

    first = http._run(op())
    second = http._run(op())
    assert first is second and not first.is_closed()
    assert all(t.cancelled() for t in left)


@pytest.mark.parametrize("doc, reads_only", [
    ("{ viewer { label } }", True),
    ("query Q { entity(uscc: \"x\") { name } }", True),
    ("mutation { recordPermit(input: {}) { permit { id } } }", False),
    ("query A { viewer { label } } mutation B { x }", False),
    ("query { entities(filter: {nameContains: \"mutation\"}) { edges { cursor } } }", False),  # cautious
])
def test_a_document_reads_only_when_it_names_no_mutation(doc, reads_only):
    assert http._reads_only(doc) is reads_only


def test_a_read_only_session_refuses_writes(db):
    with contextlib.closing(new_session(db)) as s:
        s.info[http._READ_ONLY] = True
        s.add(Department(code="T-X", name="某部门", level="DISTRICT", region="310115", kinds=[]))
        with pytest.raises(RuntimeError):
            s.flush()
        s.rollback()
        with pytest.raises(RuntimeError):
            s.execute(sa.update(Department).values(name="改"))


def test_queries_on_postgresql_run_without_a_transaction(db):
    if db.dialect.name != "postgresql":
        pytest.skip("autocommit reads are used on PostgreSQL only")
    with contextlib.closing(http._session_for(db, "{ viewer { label } }")) as s:
        assert s.connection().connection.dbapi_connection.autocommit
    with contextlib.closing(http._session_for(db, "mutation { x }")) as s:
        assert not s.connection().connection.dbapi_connection.autocommit
