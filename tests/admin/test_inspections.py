"""双随机、一公开 in the admin (§20–27): publish items, create, commit and draw a plan, verify it, record results."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import InspectionPlan, InspectionTask, ItemResult, ListPublication
from models.db import new_session
from supervision.clock import today as cst_today

from .conftest import add_inspection_item, csrf_from


@pytest.fixture
def items(world, staff):
    """T-WJW has one inspection item (not yet published) and two certified inspectors."""
    with new_session(world.engine) as s:
        add_inspection_item(s, "T-WJW", "WJW-01", "公共场所卫生检查", ("wjw.a", "wjw.b"))
        s.commit()


def _plan_data(page, **extra):
    today = cst_today()
    return {"csrf_token": csrf_from(page), "name": "2026年公共场所卫生双随机抽查", "year": str(today.year),
            "items": ["WJW-01"], "ratio": "1", "team_size": "2", "industry_code": "",
            "check_start": (today - timedelta(days=3)).isoformat(), "check_end": (today + timedelta(days=10)).isoformat(),
            **extra}


def test_publish_plan_commit_draw_verify_and_record_a_result__s20_s27(world, signed_in, items):
    wjw = signed_in("wjw")
    page = wjw.get("/admin/inspections")
    assert page.template.name == "admin/inspections.html" and page.context["published"] == []
    r = wjw.post("/admin/inspections/items/publish", data={"csrf_token": csrf_from(page), "year": str(cst_today().year),
                                                           "title": "随机抽查事项清单"}, follow_redirects=False)
    assert r.status_code == 303
    page = wjw.get("/admin/inspections")
    assert [i["code"] for i in page.context["published"]] == ["WJW-01"]
    bad = wjw.post("/admin/inspections/plans", data=_plan_data(page, team_size="1"))
    assert bad.status_code == 400 and "每组检查人员" in bad.text
    r = wjw.post("/admin/inspections/plans", data=_plan_data(page), follow_redirects=False)
    assert r.status_code == 303
    plan_url = r.headers["location"]
    plan_page = wjw.get(plan_url)
    assert plan_page.template.name == "admin/plan.html" and "公布种子哈希" in plan_page.text
    plan_id = plan_page.context["plan"].id
    assert wjw.post(f"{plan_url}/commit", data={"csrf_token": csrf_from(plan_page)}, follow_redirects=False).status_code == 303
    committed = wjw.get(plan_url)
    assert committed.context["plan"].seed_hash in committed.text and "摇号</button>" in committed.text
    assert committed.context["draw"].seed not in committed.text  # the seed stays secret until the draw
    assert wjw.post(f"{plan_url}/draw", data={"csrf_token": csrf_from(committed)}, follow_redirects=False).status_code == 303
    drawn = wjw.get(plan_url)
    assert drawn.context["verification"].matches and "复核一致" in drawn.text and drawn.context["draw"].seed in drawn.text
    assert '<dd class="code" id="draw-algorithm">jianguan-draw/2</dd>' in drawn.text
    [(task, entity)] = drawn.context["tasks"].rows  # the barber: the one entity T-WJW supervises
    assert entity.uscc == world.entities["barber"]
    home = wjw.get("/admin/")
    assert [t.id for t in home.context["draw_tasks"]] == [task.id]
    task_page = wjw.get(f"/admin/inspections/tasks/{task.id}")
    assert task_page.template.name == "admin/inspection_task.html"
    result = {"item_code": "WJW-01", "result": "COMPLIANT", "checked_on": cst_today().isoformat(), "description": ""}
    assert wjw.post(f"/admin/inspections/tasks/{task.id}/result", data=result).status_code == 403  # no token
    with new_session(world.engine) as s:
        assert s.exec(select(ItemResult)).all() == []
    ok = wjw.post(f"/admin/inspections/tasks/{task.id}/result", data={**result, "csrf_token": csrf_from(task_page)},
                  follow_redirects=False)
    assert ok.status_code == 303
    assert wjw.get("/admin/").context["draw_tasks"] == []
    results = signed_in("wlj").get("/admin/inspections/results")  # public
    assert [e.name for _t, _p, _d, e in results.context["rows"]] == ["浦东新区张江理发店"]
    assert "未发现问题" in results.text
    with new_session(world.engine) as s:
        assert s.get(InspectionTask, task.id).status == "DONE" and s.get(InspectionPlan, plan_id).status == "DRAWN"


def test_other_departments_plans_and_tasks_are_not_found_and_tokenless_posts_write_nothing(world, signed_in, items):
    wjw = signed_in("wjw")
    page = wjw.get("/admin/inspections")
    assert wjw.post("/admin/inspections/items/publish", data={"year": "2026", "title": "x"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(ListPublication)).all() == []
    wjw.post("/admin/inspections/items/publish", data={"csrf_token": csrf_from(page), "year": str(cst_today().year),
                                                       "title": "随机抽查事项清单"})
    page = wjw.get("/admin/inspections")
    assert wjw.post("/admin/inspections/plans", data={k: v for k, v in _plan_data(page).items()
                                                      if k != "csrf_token"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(InspectionPlan)).all() == []
    plan_url = wjw.post("/admin/inspections/plans", data=_plan_data(page), follow_redirects=False).headers["location"]
    assert wjw.post(f"{plan_url}/commit", data={}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(InspectionPlan)).one().status == "DRAFT"
    plan_page = wjw.get(plan_url)
    wjw.post(f"{plan_url}/commit", data={"csrf_token": csrf_from(plan_page)})
    assert wjw.post(f"{plan_url}/draw", data={}).status_code == 403
    wjw.post(f"{plan_url}/draw", data={"csrf_token": csrf_from(plan_page)})
    with new_session(world.engine) as s:
        task_id = s.exec(select(InspectionTask.id)).one()
    scj = signed_in("scj")
    home = scj.get("/admin/")
    assert scj.get(plan_url).status_code == 404
    assert scj.get(f"/admin/inspections/tasks/{task_id}").status_code == 404
    assert scj.post(f"{plan_url}/draw", data={"csrf_token": csrf_from(home)}).status_code == 404
    assert scj.post(f"/admin/inspections/tasks/{task_id}/result",
                    data={"csrf_token": csrf_from(home), "item_code": "WJW-01", "result": "COMPLIANT",
                          "checked_on": cst_today().isoformat()}).status_code == 404
    assert scj.get("/admin/inspections/tasks").context["rows"] == []
    dcs = signed_in("dcs")  # OVERSIGHT sees every plan and task
    assert dcs.get(plan_url).status_code == 200 and len(dcs.get("/admin/inspections/tasks").context["rows"]) == 1
