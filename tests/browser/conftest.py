"""End-to-end fixtures: the real app under uvicorn on a free local port, driven by Debian's chromium.

No browser is ever downloaded: Playwright launches /usr/bin/chromium. Without it the tests skip,
unless JIANGUAN_REQUIRE_BROWSER=1 (as CI sets), when they fail instead.
"""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from tests.admin.conftest import (PASSWORD, REVIEWER, STAFF, big_world, district, enforcement,  # noqa: F401  (fixtures, re-exported)
                                  rich_history, scj, staff)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _unavailable(reason: str):
    if os.environ.get("JIANGUAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (JIANGUAN_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(engine):
    """The app on the session's database; each test's `world` cleans and refills the tables under it."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(database_url=str(engine.url), secret_key="b" * 40, environment="test"), engine=engine)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                           ws="none", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _unavailable(f"chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def shots(tmp_path):
    """Take a full-page screenshot and check it is a non-empty PNG; returns its path."""
    folder = tmp_path / "screenshots"
    folder.mkdir()

    def shot(pg, name: str):
        path = folder / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, name
        return path

    return shot


def sign_in(pg, username: str, password: str = PASSWORD) -> None:
    pg.goto("/admin/login")
    pg.fill("#username", username)
    pg.fill("#password", password)
    with pg.expect_navigation():  # the form posts and the answer (home page or the form again) has loaded
        pg.click("button[type=submit]:has-text('登录')")


__all__ = ["REVIEWER", "STAFF", "big_world", "district", "enforcement", "rich_history", "scj", "sign_in", "staff"]
