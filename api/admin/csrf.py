"""CSRF: one random token per session, sent back by every form and compared in constant time.

The session cookie is SameSite=Strict already; the token covers browsers and paths where that
is not enough (and login CSRF, where an attacker signs a victim in to the attacker's account).
"""
from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

FIELD = "csrf_token"
SESSION_KEY = "csrf"
MESSAGE = "请求已失效，请刷新页面后重试"


class CSRFError(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=403, detail=MESSAGE)


def token(request: Request) -> str:
    """The session's token, made on first use (also for the anonymous session of the login form)."""
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = value
    return value


def rotate(request: Request) -> str:
    value = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = value
    return value


def is_valid(request: Request, sent: object) -> bool:
    expected = request.session.get(SESSION_KEY)
    if not isinstance(sent, str) or not isinstance(expected, str) or not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


async def protected_form(request: Request) -> FormData:
    """The posted form, once its token matches the session's; otherwise CSRFError (403)."""
    form = await request.form()
    if not is_valid(request, form.get(FIELD)):
        await form.close()  # uploaded files are spooled to disk: let them go now
        raise CSRFError()
    return form
