"""Signing in and out: the session, the failure counter and lockout, CSRF on every form, and `next`."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import select

from models import AuditRecord, StaffUser
from models.db import new_session

from .conftest import PASSWORD, csrf_from, login



BAD_PASSWORD_MESSAGE = "用户名或密码错误"
LOCKED_MESSAGE = "登录失败次数过多，账户已临时锁定，请15分钟后再试"
CSRF_MESSAGE = "请求已失效，请刷新页面后重试"


def _user(engine, username: str) -> StaffUser:
    with new_session(engine) as s:
        return s.exec(select(StaffUser).where(StaffUser.username == username)).one()


def _audit_count(engine) -> int:
    with new_session(engine) as s:
        return s.exec(select(sa.func.count()).select_from(AuditRecord)).one()


def _is_signed_in(client) -> bool:
    r = client.get("/admin/", follow_redirects=False)
    return r.status_code == 200


def test_login_form_carries_a_csrf_token(client, staff):
    r = client.get("/admin/login")
    assert r.status_code == 200
    assert r.template.name == "admin/login.html"
    token = r.context["csrf_token"]
    assert len(token) >= 32
    assert f'name="csrf_token" value="{token}"' in r.text
    assert '<html lang="zh-CN">' in r.text


def test_login_success_redirects_home_with_a_new_session(client, staff, db):
    anonymous_token = csrf_from(client.get("/admin/login"))
    before = _audit_count(db)

    r = login(client, "wjw.wang", token=anonymous_token)

    assert r.status_code == 303
    assert r.headers["location"] == "/admin/"
    home = client.get("/admin/")
    assert home.status_code == 200
    assert home.context["staff"].user.username == "wjw.wang"
    assert home.context["csrf_token"] != anonymous_token  # rotated at sign-in
    assert _audit_count(db) == before + 1


def test_wrong_password_is_refused_with_the_domain_message(client, staff):
    r = login(client, "wjw.wang", "not-the-password")

    assert r.status_code == 400
    assert r.template.name == "admin/login.html"
    assert r.context["error"] == BAD_PASSWORD_MESSAGE
    assert r.context["username"] == "wjw.wang"
    assert BAD_PASSWORD_MESSAGE in r.text
    assert "not-the-password" not in r.text
    assert not _is_signed_in(client)


def test_unknown_user_gets_the_same_message(client, staff):
    r = login(client, "nobody", PASSWORD)
    assert r.status_code == 400
    assert r.context["error"] == BAD_PASSWORD_MESSAGE


def test_five_failures_lock_the_account_even_for_the_right_password(client, staff, db):
    for attempt in range(5):
        r = login(client, "wjw.wang", f"wrong-{attempt}")
        assert r.status_code == 400
        assert r.context["error"] == BAD_PASSWORD_MESSAGE

    r = login(client, "wjw.wang", PASSWORD)

    assert r.status_code == 400
    assert r.context["error"] == LOCKED_MESSAGE
    assert r.context["locked"] is True
    assert LOCKED_MESSAGE in r.text
    assert not _is_signed_in(client)
    user = _user(db, "wjw.wang")
    assert user.locked_until is not None and user.locked_until > datetime.now(timezone.utc)


def test_failures_are_committed_one_by_one(client, staff, db):
    login(client, "wjw.wang", "wrong-1")
    login(client, "wjw.wang", "wrong-2")
    assert _user(db, "wjw.wang").failed_logins == 2
    with new_session(db) as s:
        acts = s.exec(select(AuditRecord.act).where(AuditRecord.act == "staff.login_failed")).all()
    assert len(acts) == 2


def test_login_without_csrf_token_is_refused_and_changes_nothing(client, staff, db):
    before = _audit_count(db)

    r = client.post("/admin/login", data={"username": "wjw.wang", "password": PASSWORD}, follow_redirects=False)

    assert r.status_code == 403
    assert r.template.name == "admin/error.html"
    assert CSRF_MESSAGE in r.text
    assert _audit_count(db) == before
    assert not _is_signed_in(client)


def test_login_with_a_wrong_csrf_token_does_not_count_as_a_failure(client, staff, db):
    client.get("/admin/login")
    r = client.post("/admin/login", data={"username": "wjw.wang", "password": "wrong", "csrf_token": "forged"},
                    follow_redirects=False)

    assert r.status_code == 403
    assert CSRF_MESSAGE in r.text
    assert _user(db, "wjw.wang").failed_logins == 0


def test_logout_clears_the_session(client, signed_in):
    signed_in("wjw")
    token = csrf_from(client.get("/admin/"))

    r = client.post("/admin/logout", data={"csrf_token": token}, follow_redirects=False)

    assert r.status_code == 303
    assert r.headers["location"] == "/admin/login"
    assert not _is_signed_in(client)


@pytest.mark.parametrize("data", [{}, {"csrf_token": "forged"}, {"csrf_token": ""}])
def test_logout_without_a_valid_token_is_refused(client, signed_in, data):
    signed_in("wjw")

    r = client.post("/admin/logout", data=data, follow_redirects=False)

    assert r.status_code == 403
    assert CSRF_MESSAGE in r.text
    assert _is_signed_in(client)


def test_the_anonymous_token_is_not_valid_after_signing_in(client, staff):
    anonymous_token = csrf_from(client.get("/admin/login"))
    login(client, "wjw.wang", token=anonymous_token)

    r = client.post("/admin/logout", data={"csrf_token": anonymous_token}, follow_redirects=False)

    assert r.status_code == 403
    assert _is_signed_in(client)


def test_anonymous_visitor_is_sent_to_login(client, staff):
    r = client.get("/admin/", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/admin/login"


def test_login_returns_to_the_page_asked_for(client, staff):
    r = client.get("/admin/entities?q=理发", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/admin/login?next=")

    form = client.get(r.headers["location"])
    wanted = "/admin/entities?q=%E7%90%86%E5%8F%91"  # 理发, as the browser sent it
    assert form.context["next"] == wanted
    r = login(client, "wjw.wang", next_path=form.context["next"])

    assert r.status_code == 303
    assert r.headers["location"] == wanted
    assert client.get(wanted).context["q"] == "理发"


@pytest.mark.parametrize("target", [
    "https://evil.example/admin/",
    "//evil.example/admin/",
    "/\\evil.example",
    "http:/admin/",
    "/administrator",
    "/graphql",
    "javascript:alert(1)",
    "/admin/\r\nSet-Cookie: x=y",
])
def test_next_outside_the_admin_is_ignored(client, staff, target):
    form = client.get("/admin/login", params={"next": target})
    assert form.context["next"] is None

    r = login(client, "wjw.wang", next_path=target)

    assert r.status_code == 303
    assert r.headers["location"] == "/admin/"


def test_signed_in_visitor_skips_the_login_form(client, signed_in):
    signed_in("wjw")
    r = client.get("/admin/login", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/admin/"
