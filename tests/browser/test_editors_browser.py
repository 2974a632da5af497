"""配置 in a real browser: the demo's platform admin lowers the fine that makes a penalty major (000 §17) and
publishes a year's holiday arrangement; both take effect for the rules that read them."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.db import new_session
from supervision import penalties
from supervision.calendar import load_calendar
from supervision.clock import today as cst_today
from supervision.demo.load import DEMO_PASSWORD, load_demo

from .conftest import sign_in


@pytest.fixture
def demo(db):
    with new_session(db) as s:
        load_demo(s, entities_count=12)
        s.commit()
    return db


def _year_row(pg, year: int) -> str:
    return pg.locator("#years-heading ~ table tr", has_text=str(year)).first.inner_text()


def test_the_demo_admin_changes_settings_and_they_take_effect__000_s17(demo, page, shots):
    sign_in(page, "admin", DEMO_PASSWORD)
    page.click("nav.site-nav >> text=配置")
    assert page.locator("h1").first.inner_text() == "配置"
    page.click("a:has-text('行政处罚设置与免罚清单')")
    assert "100000 元及以上" in page.locator("#settings-heading ~ dl").inner_text()

    page.fill("#majorFineYuan", "五万")
    page.click("button:has-text('保存设置')")
    assert page.locator("#majorFineYuan-error").inner_text() == "罚没金额须为数字（元）"
    shots(page, "e1-refused")
    page.fill("#majorFineYuan", "50000")
    page.click("button:has-text('保存设置')")
    assert page.locator("[role=status]").inner_text() == "处罚设置已保存。"
    assert "50000 元及以上" in page.locator("#settings-heading ~ dl").inner_text()
    with new_session(demo) as s:
        settings = penalties.load_settings(s)
    assert settings.major_fine_yuan == Decimal("50000")
    assert penalties.is_major(settings, ["FINE"], Decimal("60000"), None)  # a 60000 yuan fine now needs legal review

    year = cst_today().year + 2
    page.goto("/admin/editors/calendar")
    assert "暂定" in _year_row(page, year)
    page.fill("#year", str(year))
    page.fill("#source", f"国办发明电〔{year - 1}〕9号")
    page.fill("#days", f"{year}-01-01 休 元旦\n{year}-01-02 休 元旦\n{year}-01-03 休 元旦\n")
    page.click("button:has-text('发布安排')")
    assert page.locator("[role=status]").inner_text() == "节假日安排已发布。"
    row = _year_row(page, year)
    assert "已录入公布的安排" in row and "暂定" not in row and f"{year}-01-02 休 元旦" in row
    shots(page, "e2-calendar")
    with new_session(demo) as s:
        cal = load_calendar(s)
    assert cal.is_published(year) and not any(cal.is_working_day(date(year, 1, d)) for d in (1, 2, 3))
