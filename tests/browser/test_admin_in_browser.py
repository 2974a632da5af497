"""The admin in a real browser (chromium): what a member of staff does on a working day."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from models import Department, Notification
from models.db import new_session
from supervision.clock import today as cst_today

from .conftest import STAFF, sign_in


def _heading(pg) -> str:
    return pg.locator("h1").first.inner_text().strip()


def test_sign_in_search_open_the_file_acknowledge_and_sign_out__004_s11(world, staff, page, shots):
    """一户一档 and 双反馈: the health commission finds the barber's shop, reads its file and acknowledges the push (§11)."""
    sign_in(page, STAFF["wjw"].username)
    assert page.title() == "首页 · 事中事后综合监管平台"
    assert _heading(page) == "王芳，您好"
    shots(page, "01-home")

    page.click("nav.site-nav >> text=一户一档")
    page.fill("#q", "理发")
    page.click("form.search button[type=submit]")
    assert page.locator("table.results tbody tr").count() == 1
    assert "浦东新区张江理发店" in page.locator("table.results").inner_text()
    shots(page, "02-search")

    page.click(f"table.results >> text={world.entities['barber']}")
    assert _heading(page) == "浦东新区张江理发店"
    assert "沪卫公字2024第0001号" in page.content()  # the permit: the non-public part of the file
    shots(page, "03-entity")

    page.click("nav.site-nav >> text=首页")
    waiting = page.locator("#notifications tbody tr")
    assert waiting.count() == 1
    waiting.first.locator("button:has-text('确认接收')").click()
    assert page.locator("#notifications tbody tr").count() == 0
    shots(page, "04-acknowledged")

    page.click("button:has-text('退出登录')")
    assert _heading(page) == "工作人员登录"
    page.goto("/admin/")
    assert page.url.endswith("/admin/login")  # signed out: the home page asks to sign in again


def test_oversight_sees_an_overdue_push_on_the_overdue_page__004_s44(world, staff, page, shots):
    """督查 (§44): a push to the market-supervision bureau left unacknowledged for two weeks is listed as overdue."""
    with new_session(world.engine) as s:
        scj = s.exec(select(Department).where(Department.code == "T-SCJ")).one()
        for n in s.exec(select(Notification).where(Notification.department_id == scj.id)).all():
            n.ack_due = cst_today() - timedelta(days=14)
            s.add(n)
        s.commit()
    sign_in(page, STAFF["dcs"].username)
    page.click("nav.site-nav >> text=超期督查")
    assert _heading(page) == "超期督查"
    listed = page.locator("#list ~ table tbody tr")
    assert listed.count() >= 1
    assert "测试区市场监督管理局" in listed.first.inner_text()
    shots(page, "05-overdue")


def test_a_wrong_password_shows_the_error(world, staff, page, shots):
    sign_in(page, STAFF["wjw"].username, "not-the-password")
    assert page.locator("p.notice.error").inner_text() == "用户名或密码错误"
    assert page.url.endswith("/admin/login")
    shots(page, "06-wrong-password")


def test_oversight_dashboard_chart_and_audit_verification__004_s44(world, staff, page, shots):
    """督查 (§44) and 可追溯 (002 §五.(三).3): the dashboard draws its charts without script; the chain verifies."""
    with new_session(world.engine) as s:
        for n in s.exec(select(Notification)).all():
            n.ack_due = cst_today() - timedelta(days=20)
            s.add(n)
        s.commit()
    sign_in(page, STAFF["dcs"].username)
    page.click("nav.site-nav >> text=督查看板")
    assert _heading(page) == "督查看板"
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect").count() >= 3  # bars and legend drawn
    shots(page, "07-dashboard")

    page.click("nav.site-nav >> text=审计记录")
    page.click("button:has-text('校验')")
    assert "审计链完整" in page.locator("#verify-result").inner_text()
    shots(page, "08-audit")

    page.click("nav.site-nav >> text=事项目录")
    assert "审管分离" in page.locator("main").inner_text()
    shots(page, "09-catalogue")


def test_report_a_commitment_breach_and_close_the_case__rule_6(world, staff, page, shots):
    """Rule 6: the registering bureau reports a false commitment on the entity page; the approving commission
    finds it in its 案件 list and closes it as substantiated, which revokes the permit."""
    from datetime import date

    from supervision import permits
    from tests.conftest import TODAY, actor_of

    with new_session(world.engine) as s:
        permits.record_permit(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["restaurant"], item_code="HYGIENE",
                              number="沪卫公字2026第0099号", decision_date=date(2026, 9, 1), by_commitment=True, today=TODAY)
        s.commit()
    sign_in(page, STAFF["scj"].username)
    page.goto(f"/admin/entities/{world.entities['restaurant']}")
    assert "告知承诺" in page.locator("#file-heading").locator("..").inner_text()
    page.select_option("select[name=breach]", "FALSE")
    page.fill("textarea[name=facts]", "承诺已具备消毒设施，现场核查无消毒间")
    shots(page, "10-report-breach")
    page.click("button:has-text('报告违诺，移交审批部门查处')")
    assert "已报告违诺线索" in page.locator("main").inner_text()
    page.click("nav.site-nav >> text=案件")
    assert page.locator("main table tbody tr").count() == 1
    shots(page, "11-cases")
    page.click("button:has-text('退出登录')")

    sign_in(page, STAFF["wjw"].username)
    page.click("nav.site-nav >> text=案件")
    page.locator("main table tbody tr a").first.click()
    page.select_option("#outcome", "SUBSTANTIATED")
    page.fill("#conclusion", "虚假承诺查实，撤销许可。")
    page.click("button:has-text('办结')")
    text = page.locator("main").inner_text()
    assert "已撤销" in text and "违诺查实" in text
    shots(page, "12-case-closed")


def test_search_by_industry_and_type_then_read_and_print_the_whole_life__002_s6_3(rich_history, page, shots):
    """一户一档: the health commission finds the salon by industry and type and reads its life on one timeline."""
    sign_in(page, STAFF["wjw"].username)
    page.click("nav.site-nav >> text=一户一档")
    page.fill("#industry", "O80")
    page.select_option("#type", "INDIVIDUAL_BUSINESS")
    page.click("form.search button[type=submit]")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 1 and "居民服务业" in rows.first.inner_text()
    assert page.input_value("#industry") == "O80"  # the form keeps what was asked
    shots(page, "05-search-by-industry")

    page.click(f"table.results >> text={rich_history.uscc}")
    assert _heading(page) == "浦东新区张江美发店"
    timeline = page.locator("#timeline-heading ~ ol.timeline > li")
    assert timeline.count() >= 20
    first_date = timeline.first.locator("time").inner_text()
    assert first_date.endswith("日") and "年" in first_date and "月" in first_date
    text = page.locator("ol.timeline").inner_text()
    assert rich_history.wjw_decision in text and rich_history.scj_case not in text
    assert page.locator("#why-heading").is_visible()
    shots(page, "06-entity-timeline")

    page.click("text=打印全生命周期")
    assert _heading(page) == "浦东新区张江美发店 · 全生命周期"
    page.emulate_media(media="print")
    assert not page.locator("nav.site-nav").is_visible()  # the printout carries the records, not the navigation
    assert page.locator("ol.timeline > li").first.is_visible()
    shots(page, "07-timeline-print")
