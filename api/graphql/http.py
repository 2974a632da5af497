"""/graphql over HTTP. Authenticated by bearer key only: an admin session cookie authorises nothing here.

Each request runs in a worker thread with its own event loop: resolvers use the synchronous
database session and the batch loaders, and the server's event loop never waits on SQL.
"""
from __future__ import annotations

import asyncio
import json
import logging
import uuid

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from models.db import new_session
from supervision.accounts import InvalidKey, actor_for_key
from supervision.actors import PUBLIC

from ..context import Context

log = logging.getLogger("jianguan.graphql")
MAX_BODY = 1_000_000


def _error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


def execute(schema, engine, *, query: str, variables: dict | None, operation_name: str | None,
            token: str | None, request_id: str) -> tuple[int, dict]:
    """Run one operation synchronously (in the calling thread) and return (HTTP status, body)."""
    session = new_session(engine)
    try:
        actor = PUBLIC
        if token:
            try:
                actor = actor_for_key(session, token)
            except InvalidKey:
                return 401, {"errors": [{"message": "无效或已吊销的密钥", "extensions": {"code": "UNAUTHENTICATED"}}]}
        ctx = Context(session=session, actor=actor, request_id=request_id)
        result = asyncio.run(schema.execute(query, variable_values=variables, context_value=ctx,
                                            operation_name=operation_name))
        body: dict = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return 200, body
    finally:
        session.rollback()
        session.close()


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
        status, body = await anyio.to_thread.run_sync(lambda: execute(
            schema, engine, query=query, variables=variables, operation_name=payload.get("operationName"),
            token=token, request_id=request_id[:64]))
        return JSONResponse(body, status_code=status, headers={"x-request-id": request_id[:64]})

    return endpoint
