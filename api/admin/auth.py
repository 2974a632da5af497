"""Who is signed in: the staff member behind `request.session["staff_id"]`, checked on every request.

The session cookie only names the user; whether the account is still active is read from the
database each time, so deactivating an account takes effect on its next page.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import Department, StaffUser
from models.db import new_session
from supervision.accounts import staff_actor
from supervision.actors import Actor

SESSION_KEY = "staff_id"
BASE = "/admin"
LOGIN_PATH = BASE + "/login"
HOME_PATH = BASE + "/"


@dataclass(frozen=True)
class Staff:
    user: StaffUser
    department: Department
    actor: Actor


def load_staff(db: Session, session: dict) -> Staff | None:
    staff_id = session.get(SESSION_KEY)
    if not isinstance(staff_id, int) or isinstance(staff_id, bool):
        return None
    user = db.get(StaffUser, staff_id)
    if user is None or not user.active:
        return None
    department = db.get(Department, user.department_id)
    if department is None:
        return None
    return Staff(user, department, staff_actor(user, department))


def safe_next(value: object) -> str | None:
    """A place to return to after signing in: only a relative path inside the admin."""
    if not isinstance(value, str) or not value or len(value) > 2000:
        return None
    if "\\" in value or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        return None
    if not (parts.path == BASE or parts.path.startswith(BASE + "/")):
        return None
    if parts.path.rstrip("/") in (LOGIN_PATH, BASE + "/logout"):
        return None
    return value


def login_redirect(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = LOGIN_PATH
    if safe_next(here) and here != HOME_PATH:
        target += "?" + urlencode({"next": here})
    return RedirectResponse(target, status_code=303)


def staff_required(view: Callable) -> Callable:
    """For a view method `(self, request, db, staff)` of an object with `.engine`.

    Opens one database session for the request and closes it after the page is rendered; an
    anonymous visitor, or one whose account is gone or inactive, is sent to the login page.
    """

    @functools.wraps(view)
    def endpoint(self, request: Request) -> Response:
        with new_session(self.engine) as db:
            staff = load_staff(db, request.session)
            if staff is None:
                if SESSION_KEY in request.session:
                    request.session.clear()
                return login_redirect(request)
            return view(self, request, db, staff)

    return endpoint
