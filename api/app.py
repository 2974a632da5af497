"""The ASGI application: /graphql, /admin, /healthz."""
from __future__ import annotations

import contextlib
import gc
import logging

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Mount, Route

from models.db import make_engine

from .admin import admin_routes
from .graphql.http import graphql_endpoint
from .graphql.limits import QueryLimits
from .graphql.schema import build_schema
from .settings import Settings

log = logging.getLogger("jianguan")


def settle_heap() -> None:
    """Move what start-up built (modules, the schema, the engine, the catalogue) out of the garbage
    collector's view. Building a large response (a feed page of 500 changes) allocates enough to set
    off full collections, and each would walk that whole start-up heap again: a quarter of the CPU of
    a feed page before this. Objects made later are collected as usual."""
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, *, engine=None, schema=None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = engine or make_engine(settings.database_url)
    schema = schema or build_schema(QueryLimits(
        max_depth=settings.max_depth, max_aliases=settings.max_aliases, max_tokens=settings.max_tokens,
        max_nodes=settings.max_nodes, max_page_size=settings.max_page_size))

    async def healthz(request: Request) -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except Exception:  # the probe answers, it does not raise
            log.exception("health check failed")
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": engine.dialect.name})

    async def root(request: Request) -> RedirectResponse:
        return RedirectResponse("/admin/", status_code=302)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        if settings.environment != "test":  # the test suite builds many apps in one process
            settle_heap()
        yield

    app = Starlette(
        debug=False,
        lifespan=lifespan,
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/graphql", graphql_endpoint(schema, engine), methods=["GET", "POST"]),
            Mount("/admin", routes=admin_routes(engine, settings)),
        ],
        middleware=[Middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="jianguan_session",
                               max_age=settings.session_max_age, same_site="strict",
                               https_only=settings.https_only_cookies)],
    )
    app.state.engine = engine
    app.state.settings = settings
    return app
