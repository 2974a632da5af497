"""/graphql over HTTP. Authenticated by bearer key only: an admin session cookie authorises nothing here.

Each request runs in a worker thread on that thread's own event loop (made once per thread and
reused: a new loop per request costs more than some whole requests): resolvers use the synchronous
database session and the batch loaders, and the server's event loop never waits on SQL.

On PostgreSQL a document without a mutation reads in autocommit mode: no BEGIN and no ROLLBACK
round trip (under READ COMMITTED each statement takes its own snapshot either way); a read-only
session refuses any write, which would otherwise commit at once.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import uuid
import weakref

import anyio
import orjson
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from models.db import new_session
from supervision import catalogue_cache
from supervision.accounts import InvalidKey, actor_for_key_with
from supervision.actors import PUBLIC

from ..context import Context

log = logging.getLogger("jianguan.graphql")
MAX_BODY = 1_000_000
_thread = threading.local()


class _Loop:
    """A thread's event loop, closed when the thread ends (its thread-local storage is released)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        if not self.loop.is_closed() and not self.loop.is_running():
            self.loop.close()


_WRITES = re.compile(r"\b(mutation|subscription)\b")
_READ_ONLY = "graphql_read_only"
_read_engines: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _reads_only(query: str) -> bool:
    """True when the document cannot hold a mutation: an operation other than a query must be
    introduced by its keyword, so a document without the word is queries only (a string that
    merely contains the word only costs the transaction)."""
    return _WRITES.search(query) is None


def _session_for(engine, query: str):
    if engine.dialect.name != "postgresql" or not _reads_only(query):
        return new_session(engine)
    read_engine = _read_engines.get(engine)
    if read_engine is None:
        read_engine = _read_engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    session = new_session(read_engine)
    session.info[_READ_ONLY] = True
    return session


@event.listens_for(OrmSession, "before_flush")
def _refuse_flush(session, _flush_context, _instances) -> None:
    if session.info.get(_READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a GraphQL query must not write")


@event.listens_for(OrmSession, "do_orm_execute")
def _refuse_write(state) -> None:
    if state.session.info.get(_READ_ONLY) and (state.is_insert or state.is_update or state.is_delete):
        raise RuntimeError("a GraphQL query must not write")


def _run(coro):
    """Run a coroutine to completion on this thread's loop; whatever it left running is cancelled."""
    holder = getattr(_thread, "holder", None)
    if holder is None or holder.loop.is_closed():
        holder = _thread.holder = _Loop()
    loop = holder.loop
    try:
        return loop.run_until_complete(coro)
    finally:
        pending = asyncio.all_tasks(loop)
        if pending:
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


def execute(schema, engine, *, query: str, variables: dict | None, operation_name: str | None,
            token: str | None, request_id: str) -> tuple[int, dict]:
    """Run one operation synchronously (in the calling thread) and return (HTTP status, body)."""
    session = _session_for(engine, query)
    try:
        if token:
            try:
                # the key, its department and the catalogue's version: one statement
                actor, (version,) = actor_for_key_with(session, token, catalogue_cache.version_column())
            except InvalidKey:
                return 401, {"errors": [{"message": "无效或已吊销的密钥", "extensions": {"code": "UNAUTHENTICATED"}}]}
            ctx = Context(session=session, actor=actor, request_id=request_id, catalogue_version=version)
        else:
            ctx = Context(session=session, actor=PUBLIC, request_id=request_id)
        result = _run(schema.execute(query, variable_values=variables, context_value=ctx,
                                     operation_name=operation_name))
        body: dict = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return 200, body
    finally:
        session.rollback()
        session.close()


def _encoded(status: int, body: dict) -> tuple[int, bytes]:
    """The response body as UTF-8 JSON, encoded in the worker thread: a feed page is megabytes, and
    orjson writes it an order of magnitude faster than the json module."""
    return status, orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)


def graphql_endpoint(schema, engine, *, graphiql: bool = True):
    async def endpoint(request: Request) -> Response:
        if request.method == "GET":
            if graphiql and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(get_graphql_ide_html())
            return _error(405, "请使用 POST 发送 GraphQL 请求（Content-Type: application/json）", "METHOD_NOT_ALLOWED")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error(415, "Content-Type 须为 application/json", "UNSUPPORTED_MEDIA_TYPE")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _error(413, "请求体过大", "PAYLOAD_TOO_LARGE")
        try:
            payload = json.loads(raw)
            query = payload["query"]
            if not isinstance(query, str):
                raise TypeError
            variables = payload.get("variables") or None
            if variables is not None and not isinstance(variables, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            return _error(400, "请求体须为 JSON 对象，含字符串字段 query", "BAD_REQUEST")
        auth = request.headers.get("authorization", "")
        token = None
        if auth:
            scheme, _, value = auth.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                return _error(401, "Authorization 须为 Bearer <密钥>", "UNAUTHENTICATED")
            token = value.strip()
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        status, content = await anyio.to_thread.run_sync(lambda: _encoded(*execute(
            schema, engine, query=query, variables=variables, operation_name=payload.get("operationName"),
            token=token, request_id=request_id[:64])))
        return Response(content, status_code=status, media_type="application/json",
                        headers={"x-request-id": request_id[:64]})

    return endpoint
