"""The admin: server-rendered pages for department staff, mounted at /admin by api.app.

Everything under /admin, its error pages and stylesheet included, passes through the same
wrapping: a request body limit, the security headers, and Chinese error pages.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from .headers import SecurityHeadersMiddleware
from .templating import STATIC_DIR
from .views import AdminViews
from .workflow import WorkflowViews

MAX_BODY_SIZE = 256 * 1024


def admin_routes(engine, settings) -> list[BaseRoute]:
    views = AdminViews(engine, settings)
    work = WorkflowViews(views)
    views.workflow = work
    routes = [
        Route("/", views.home, name="admin_home"),
        Route("/login", views.login_form, methods=["GET"], name="admin_login"),
        Route("/login", views.login, methods=["POST"], name="admin_login_submit"),
        Route("/logout", views.logout, methods=["POST"], name="admin_logout"),
        Route("/entities", views.entities, name="admin_entities"),
        Route("/entities/{uscc}", views.entity, name="admin_entity"),
        Route("/entities/{uscc}/notice", work.notice, name="admin_notice"),
        Route("/notifications/{id:int}/acknowledge", work.acknowledge, methods=["POST"], name="admin_acknowledge"),
        Route("/overdue", work.overdue, name="admin_overdue"),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="admin_static"),
    ]
    return [
        Mount("", routes=routes, middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY_SIZE),
            Middleware(ExceptionMiddleware, handlers={HTTPException: views.http_error}),
        ]),
    ]


__all__ = ["admin_routes"]
