"""双随机 plan in a real browser: filters on the form, 预览 shows how many entities match, then the plan page."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from models import InspectionPlan
from models.db import new_session
from supervision.clock import today as cst_today

from .conftest import STAFF, sign_in


def test_create_a_plan_with_filters_after_a_preview__s21_s23(scj, page, shots):
    today = cst_today()
    sign_in(page, STAFF["scj"].username)
    page.click("nav.site-nav >> text=双随机")
    form = page.locator("form.plan-form")
    form.locator("input[name=name]").fill("老企业登记事项抽查")
    form.locator("input[name=items][value=SCJ-01]").check()
    form.locator("input[name=ratio]").fill("0.5")
    form.locator("input[name=check_start]").fill(today.isoformat())
    form.locator("input[name=check_end]").fill((today + timedelta(days=30)).isoformat())
    form.locator("select[name=entity_type]").select_option("COMPANY")
    form.locator("input[name=established_from]").fill("2015-01-01")
    form.locator("input[name=established_to]").fill("2019-12-31")
    form.locator("button:has-text('预览')").click()

    assert "2 户市场主体" in page.locator("#plan-preview").inner_text()  # the 2015 and 2018 entities
    form = page.locator("form.plan-form")
    assert form.locator("input[name=established_from]").input_value() == "2015-01-01"  # the form kept the filters
    assert form.locator("input[name=name]").input_value() == "老企业登记事项抽查"
    shots(page, "plan-preview")
    with new_session(scj.engine) as s:
        assert s.exec(select(InspectionPlan)).all() == []

    form.locator("button:has-text('保存计划')").click()
    assert page.locator("h1").first.inner_text().strip() == "老企业登记事项抽查"
    facts = page.locator("#plan-heading ~ dl").inner_text()
    assert "成立日期不早于：2015-01-01" in facts and "成立日期不晚于：2019-12-31" in facts and "主体类型：公司" in facts
    shots(page, "plan-page")
