"""一户一档 · 全生命周期 (002 §六.3): one entity's whole life on one list, each record only for those who may see it."""
from __future__ import annotations

from models.db import new_session
from supervision.entities import find_by_uscc
from api.admin.labels import cn_date
from api.admin.timeline import KIND, entity_timeline
from tests.conftest import actor_of, count_statements

EVERY_KIND = set(KIND)  # registration … list membership: all thirteen


def _timeline(client, uscc):
    r = client.get(f"/admin/entities/{uscc}")
    assert r.status_code == 200
    return r, r.context["timeline"]


def test_every_kind_of_record_appears_newest_first_for_the_supervising_department__002_s6_3(signed_in, rich_history):
    r, items = _timeline(signed_in("wjw"), rich_history.uscc)
    assert {i.kind for i in items} == EVERY_KIND
    assert [i.on for i in items] == sorted((i.on for i in items), reverse=True)
    texts = "\n".join(i.text for i in items)
    for expected in ("依法登记成立", "出具“双告知”告知书", "李四签署承诺书", "推送至测试区卫生健康委员会", "确认接收推送",
                     "准予“公共场所卫生许可”", "许可已变更", "开启照后证前跟踪", "跟踪检查：正常", "告知承诺违诺",
                     f"被“{rich_history.plan_name}”抽中", "抽查结果：未发现问题", "公共信用等级评定为", "风险等级一般",
                     f"立案（{rich_history.wjw_case}）", f"作出行政处罚决定（{rich_history.wjw_decision}）",
                     "公示行政许可信息", f"公示抽查结果信息（{rich_history.plan_name}：", "列入经营异常名录",
                     "移出经营异常名录"):
        assert expected in texts, expected
    # on the page: zh-CN dates, the department, the links to the detail pages, and why the viewer sees it
    assert "全生命周期" in r.text and "为何可见" in r.text and "本部门对该主体负有监管职责" in r.text
    permit = next(i for i in items if i.kind == "PERMIT" and "准予" in i.text)
    assert f'<time datetime="{permit.on.isoformat()}">{cn_date(permit.on)}</time>' in r.text
    assert "测试区卫生健康委员会" in r.text
    assert "None" not in r.text  # every record, the published spot-check result included, is told in words
    draw = next(i for i in items if i.kind == "DRAW")
    assert signed_in("wjw").get(f"/admin/inspections/tasks/{draw.params['id']}").status_code == 200
    assert f'href="/admin/inspections/tasks/{draw.params["id"]}"' in r.text
    assert f'href="/admin/entities/{rich_history.uscc}/notice"' in r.text


def test_another_departments_records_are_left_out_and_public_ones_stay(signed_in, rich_history):
    _r, wjw_items = _timeline(signed_in("wjw"), rich_history.uscc)
    wjw_text = "\n".join(i.text for i in wjw_items)
    # T-SCJ's own case and decision are its own (as GraphQL's cases and penalties): not T-WJW's to see…
    assert rich_history.scj_case not in wjw_text
    assert not [i for i in wjw_items if i.kind == "PENALTY" and rich_history.scj_decision in i.text]
    # …but the decision's 双公示 record is public
    assert [i for i in wjw_items if i.kind == "DISCLOSURE" and rich_history.scj_decision in i.text]

    scj = signed_in("scj")
    r, scj_items = _timeline(scj, rich_history.uscc)
    kinds = {i.kind for i in scj_items}
    assert "DRAW" not in kinds  # T-WJW's drawn task and its team are T-WJW's (tasks_clause)
    assert f"被“{rich_history.plan_name}”抽中" not in r.text
    assert [i for i in scj_items if i.kind == "DISCLOSURE" and rich_history.plan_name in i.text]  # its result is public
    assert rich_history.wjw_case not in "\n".join(i.text for i in scj_items)
    assert f"立案（{rich_history.scj_case}）" in "\n".join(i.text for i in scj_items)
    # T-SCJ reads the file (it registered the entity) and so sees T-WJW's tracking, but without a link to a page it
    # may not open
    tracking = [i for i in scj_items if i.kind == "TRACKING"]
    assert tracking and all(i.route is None for i in tracking)
    assert "/admin/tracking/" not in r.text


def test_a_department_without_remit_gets_no_timeline_and_the_printable_one_is_not_found(signed_in, rich_history):
    wlj = signed_in("wlj")
    r = wlj.get(f"/admin/entities/{rich_history.uscc}")
    assert r.status_code == 200 and r.context["timeline"] is None and "全生命周期" not in r.text
    assert wlj.get(f"/admin/entities/{rich_history.uscc}/timeline").status_code == 404
    assert wlj.get("/admin/entities/91310115MA9999999X/timeline").status_code == 404


def test_the_printable_timeline_for_the_supervising_department(signed_in, rich_history):
    page = signed_in("wjw").get(f"/admin/entities/{rich_history.uscc}/timeline")
    assert page.status_code == 200 and page.template.name == "admin/timeline.html"
    items = page.context["timeline"]
    assert f"共{len(items)}条" in page.text and "浦东新区张江美发店 · 全生命周期" in page.text
    assert "为何可见" in page.text and "谁审批、谁监管" in page.text
    css = signed_in("wjw").get("/admin/static/admin.css").text
    print_rules = css.split("/* 一户一档 · 全生命周期 */")[1]
    assert "@media print" in print_rules and ".timeline-item { page-break-inside: avoid" in print_rules


def test_oversight_sees_every_department_s_records(signed_in, rich_history):
    _r, items = _timeline(signed_in("dcs"), rich_history.uscc)
    texts = "\n".join(i.text for i in items)
    assert rich_history.wjw_case in texts and rich_history.scj_case in texts and rich_history.plan_name in texts


def test_statements_do_not_grow_with_the_number_of_records(rich_history, world):
    """One statement per kind of record at most, whether the entity has one record or thirty."""
    with new_session(world.engine) as s:
        oversight, without_remit = actor_of(s, "T-DCS"), actor_of(s, "T-WLJ")
        rich, plain = find_by_uscc(s, rich_history.uscc), find_by_uscc(s, world.entities["plain"])
        counts, sizes = [], []
        for actor, entity in ((without_remit, plain), (oversight, plain), (oversight, rich)):
            with count_statements(world.engine) as counter:
                items = entity_timeline(s, actor, entity)
            counts.append(counter.count)
            sizes.append(len(items))
    assert sizes[0] == 1 and sizes[2] >= 20, sizes  # registration alone … the salon's whole life
    assert counts[0] == counts[1] == counts[2] <= len(KIND), counts
