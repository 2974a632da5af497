"""Headers, cookies and markup that keep the admin safe to open in a browser."""
from __future__ import annotations

import re

import pytest

from .conftest import csrf_from



EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def _assert_security_headers(r) -> None:
    for name, value in EXPECTED.items():
        assert r.headers.get(name) == value, (r.url, name)
    csp = r.headers["content-security-policy"]
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";")}
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'none'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def _pages(client, world):
    yield client.get("/admin/")
    yield client.get("/admin/entities", params={"q": "上海"})
    yield client.get(f"/admin/entities/{world.entities['barber']}")
    yield client.get(f"/admin/entities/{world.entities['restaurant']}")
    yield client.get("/admin/entities/91310115MA9999999X")
    yield client.get("/admin/no-such-page")


def test_anonymous_responses_carry_the_headers(client, staff):
    for r in (client.get("/admin/login"), client.get("/admin/", follow_redirects=False),
              client.get("/admin/static/admin.css"), client.get("/admin/no-such-page"),
              client.post("/admin/login", data={}, follow_redirects=False)):
        _assert_security_headers(r)


def test_signed_in_pages_carry_the_headers_and_are_not_cached(client, signed_in, world):
    signed_in("wjw")
    for r in _pages(client, world):
        _assert_security_headers(r)
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["content-type"].startswith("text/html")


def test_pages_need_no_script_and_no_inline_style(client, signed_in, world):
    pages = [client.get("/admin/login")]
    signed_in("wjw")
    pages += list(_pages(client, world))
    for r in pages:
        assert r.text
        html = r.text.lower()
        assert "<script" not in html
        assert "<style" not in html
        assert not re.search(r"\sstyle\s*=", html)
        assert not re.search(r"\son[a-z]+\s*=", html)  # no event handler attributes


def test_pages_are_chinese_and_link_the_stylesheet(client, signed_in, world):
    signed_in("wjw")
    for r in _pages(client, world):
        assert '<html lang="zh-CN">' in r.text
        assert '<link rel="stylesheet" href="/admin/static/admin.css">' in r.text


def test_stylesheet_is_served_and_hides_the_navigation_in_print(client, staff):
    r = client.get("/admin/static/admin.css")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/css")
    print_rules = r.text[r.text.index("@media print"):]
    assert ".site-nav" in print_rules and "display: none" in print_rules


def test_session_cookie_is_http_only_and_same_site_strict(client, staff):
    r = client.get("/admin/login")
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("jianguan_session=")
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_every_form_posts_a_csrf_token(client, signed_in, world):
    signed_in("wjw")
    for r in _pages(client, world):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", r.text, flags=re.S):
            if 'method="post"' in form:
                assert 'name="csrf_token"' in form, form
    assert csrf_from(client.get("/admin/"))


def test_wrong_method_gets_a_chinese_page(client, staff):
    r = client.get("/admin/logout")
    assert r.status_code == 405
    assert r.template.name == "admin/error.html"
    assert "不支持该请求方式" in r.text
    assert "POST" in r.headers["allow"]
    _assert_security_headers(r)


def test_unknown_admin_page_gets_a_chinese_404(client, staff):
    r = client.get("/admin/no-such-page")
    assert r.status_code == 404
    assert r.template.name == "admin/error.html"
    assert "页面不存在" in r.text
    assert 'name="csrf_token"' not in r.text  # an anonymous visitor gets no logout form


@pytest.mark.parametrize("size", [300 * 1024])
def test_oversized_posts_are_refused(client, staff, size):
    token = csrf_from(client.get("/admin/login"))
    r = client.post("/admin/login", data={"username": "x" * size, "password": "y", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 413
    _assert_security_headers(r)
