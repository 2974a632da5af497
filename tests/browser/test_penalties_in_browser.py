"""执法案件 in a real browser: a major decision waits for the legal reviewer (000 §17), then is published (§39)."""
from __future__ import annotations

from sqlmodel import select

from models import PenaltyDecision
from models.db import new_session
from .conftest import REVIEWER, STAFF, sign_in


def _heading(pg) -> str:
    return pg.locator("h1").first.inner_text().strip()


def _decide(pg) -> None:
    pg.fill("#number", "沪市监罚〔2026〕21号")
    pg.check("input[name=measures][value=FINE]")
    pg.fill("#fine_amount", "120000")
    pg.fill("#legal_basis", "《中华人民共和国食品安全法》第一百二十四条")
    pg.fill("#facts", "当事人经营超过保质期的食品")
    pg.click("button:has-text('作出处罚决定')")


def test_open_a_case_refused_major_decision_review_then_publish__000_s17(enforcement, page, shots):
    world = enforcement
    sign_in(page, STAFF["scj"].username)
    page.goto(f"/admin/entities/{world.entities['restaurant']}")
    page.click("a:has-text('立案')")
    assert _heading(page) == "立案"
    page.select_option("#item_code", "FOOD")
    page.fill("#number", "沪市监案〔2026〕21号")
    page.fill("#violation_type", "经营超过保质期的食品")
    page.fill("#findings", "现场查获过期食品12件")
    page.click("button:has-text('立案')")
    assert _heading(page) == "执法案件 沪市监案〔2026〕21号"
    case_url = page.url.split("?")[0]

    _decide(page)
    alert = page.locator("#decide [role=alert]").inner_text()
    assert "重大执法决定须经本部门法制审核通过后方可作出" in alert
    shots(page, "p1-refused")
    with new_session(world.engine) as s:
        assert s.exec(select(PenaltyDecision)).all() == []
    page.click("button:has-text('退出登录')")

    sign_in(page, REVIEWER)
    page.click("a:has-text('沪市监案〔2026〕21号')")
    page.check("input[name=approved][value='1']")
    page.fill("#opinion", "事实清楚，证据确凿，程序合法，同意。")
    page.click("button:has-text('提交法制审核')")
    assert "审核通过" in page.locator("#review-heading ~ ul").inner_text()
    page.click("button:has-text('退出登录')")

    sign_in(page, STAFF["scj"].username)
    page.goto(case_url)
    _decide(page)
    assert "罚款人民币120000元" in page.locator("#decision-heading ~ dl").inner_text()
    page.click("nav.site-nav >> text=双公示")
    assert _heading(page) == "双公示"
    assert "沪市监罚〔2026〕21号" in page.locator("main table").inner_text()
    shots(page, "p2-published")
