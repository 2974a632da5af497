"""The management pages: catalogue and its import, staff and keys, the audit chain, the oversight dashboard."""
from __future__ import annotations

import copy
import json
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from models import ApiKey, AuditRecord, Department, Notification, PermitItem, StaffUser
from models.db import new_session
from supervision import accounts
from supervision.actors import SYSTEM
from supervision.clock import today as cst_today
from tests.conftest import CATALOGUE, count_statements

from .conftest import PASSWORD, csrf_from, login


@pytest.fixture
def platform_admin(staff, world):
    with new_session(world.engine) as s:
        accounts.create_staff(session=s, actor=SYSTEM, username="dsj.admin", display_name="周平", password=PASSWORD,
                              department_code="T-DSJ", roles=["OFFICER", "PLATFORM_ADMIN"])
        s.commit()
    return "dsj.admin"


@pytest.fixture
def as_platform_admin(client, platform_admin):
    assert login(client, platform_admin).status_code == 303
    return client


def _audit(world, act: str) -> list[AuditRecord]:
    with new_session(world.engine) as s:
        return list(s.exec(select(AuditRecord).where(AuditRecord.act == act)).all())


def _upload(client, page, data: dict | str):
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return client.post("/admin/catalogue/preview", data={"csrf_token": csrf_from(page)},
                       files={"file": ("catalogue.json", text.encode(), "application/json")})


# --- catalogue ---------------------------------------------------------------------------------

def test_catalogue_lists_items_with_their_status_and_the_scope_mapping__001_s1(client, signed_in):
    """审管分离, 取消审批, 改为备案, 下放 (001 §一.(一).2) are shown in Chinese; scope phrases map to items (§7)."""
    page = signed_in("wjw").get("/admin/catalogue")
    assert page.status_code == 200 and page.template.name == "admin/catalogue.html"
    for text in ("审管分离", "取消审批", "改为备案", "下放审批", "民办学校办学许可", "理发服务"):
        assert text in page.text
    assert page.context["may_import"] is False
    assert 'enctype="multipart/form-data"' not in page.text  # no import form for a department officer


def test_import_preview_lists_changes_and_writes_nothing(as_platform_admin, world):
    data = copy.deepcopy(CATALOGUE)
    data["permitItems"][0]["timeLimitDays"] = 10
    data["permitItems"].append({**data["permitItems"][1], "code": "HOTEL", "name": "旅馆业特种行业许可", "scopePhrases": ["旅馆"]})
    before = len(_audit(world, "permit_item.update"))
    page = as_platform_admin.get("/admin/catalogue")
    r = _upload(as_platform_admin, page, data)
    assert r.status_code == 200
    changed = {(c.code, c.action) for c in r.context["changed"]}
    assert changed == {("FOOD", "update"), ("HOTEL", "create")}
    assert "法定时限（工作日）" in r.text and "确认导入" in r.text
    with new_session(world.engine) as s:
        assert s.exec(select(PermitItem).where(PermitItem.code == "HOTEL")).first() is None
        assert s.exec(select(PermitItem).where(PermitItem.code == "FOOD")).one().time_limit_days == 20
    assert len(_audit(world, "permit_item.update")) == before

    applied = as_platform_admin.post("/admin/catalogue/import", data={"csrf_token": csrf_from(r), "data": r.context["data"]})
    assert applied.status_code == 200 and "已导入" in applied.text
    with new_session(world.engine) as s:
        assert s.exec(select(PermitItem).where(PermitItem.code == "FOOD")).one().time_limit_days == 10
        assert s.exec(select(PermitItem).where(PermitItem.code == "HOTEL")).first() is not None
    assert len(_audit(world, "permit_item.update")) == before + 1
    assert _audit(world, "permit_item.create")[-1].actor.startswith("staff:")


def test_import_with_errors_names_each_place_and_imports_nothing(as_platform_admin, world):
    data = copy.deepcopy(CATALOGUE)
    data["permitItems"][2]["status"] = "GONE"
    data["departments"][0]["region"] = "12"
    r = _upload(as_platform_admin, as_platform_admin.get("/admin/catalogue"), data)
    assert r.status_code == 400
    assert "permitItems[2].status" in r.text and "departments[0].region" in r.text
    bad_json = _upload(as_platform_admin, as_platform_admin.get("/admin/catalogue"), "{not json")
    assert bad_json.status_code == 400 and "不是有效的 JSON" in bad_json.text


def test_only_a_platform_admin_imports_and_every_form_needs_the_token(client, signed_in, world, platform_admin):
    page = signed_in("scj").get("/admin/catalogue")  # a department admin: not the catalogue's keeper
    assert _upload(client, page, CATALOGUE).status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_from(page)})
    login(client, platform_admin)
    r = client.post("/admin/catalogue/preview", data={}, files={"file": ("c.json", b"{}", "application/json")})
    assert r.status_code == 403
    assert client.post("/admin/catalogue/import", data={"data": json.dumps(CATALOGUE)}).status_code == 403


# --- staff and keys ----------------------------------------------------------------------------

def test_department_admin_manages_only_its_own_department(client, signed_in, world):
    page = signed_in("scj").get("/admin/staff")
    assert page.status_code == 200
    assert {u.username for u in page.context["users"]} == {"scj.li"}
    assert [d.code for d in page.context["departments"]] == ["T-SCJ"]
    assert "PLATFORM_ADMIN" not in {r.value for r in page.context["roles"]}
    assert page.context["keys"] and all(k.department_id == world.actor("T-SCJ").department_id for k in page.context["keys"])


def test_officers_without_the_admin_role_see_no_staff_page(client, signed_in):
    signed_in("wjw")
    assert client.get("/admin/staff").status_code == 404


def test_department_admin_creates_resets_and_deactivates_an_account(client, signed_in, world):
    page = signed_in("scj").get("/admin/staff")
    r = client.post("/admin/staff/new", data={"csrf_token": csrf_from(page), "username": "scj.chen", "display_name": "陈静",
                                             "password": "first-password-1", "department": "T-SCJ", "roles": ["OFFICER"]},
                    follow_redirects=False)
    assert r.status_code == 303
    assert client.post("/admin/staff/scj.chen/password",
                       data={"csrf_token": csrf_from(page), "password": "second-password-2"}, follow_redirects=False).status_code == 303
    assert client.post("/admin/staff/scj.chen/active", data={"csrf_token": csrf_from(page), "active": "0"},
                       follow_redirects=False).status_code == 303
    with new_session(world.engine) as s:
        user = s.exec(select(StaffUser).where(StaffUser.username == "scj.chen")).one()
        assert user.active is False
    assert [a.act for a in _audit(world, "staff.create") if a.change["username"] == "scj.chen"]
    assert _audit(world, "staff.reset_password") and _audit(world, "staff.deactivate")
    from starlette.testclient import TestClient
    other = TestClient(client.app)
    assert login(other, "scj.chen", "second-password-2").status_code == 400  # a deactivated account cannot sign in


def test_department_admin_cannot_touch_another_department(client, signed_in, world):
    page = signed_in("scj").get("/admin/staff")
    token = csrf_from(page)
    r = client.post("/admin/staff/new", data={"csrf_token": token, "username": "x.y", "display_name": "某人",
                                             "password": "long-enough-pw", "department": "T-WJW", "roles": ["OFFICER"]})
    assert r.status_code == 400 and "只能管理本部门" in r.text
    assert client.post("/admin/staff/wjw.wang/password", data={"csrf_token": token, "password": "hijacked-pass-1"}).status_code == 404
    assert client.post("/admin/staff/wjw.wang/active", data={"csrf_token": token, "active": "0"}).status_code == 404
    with new_session(world.engine) as s:
        wjw_key = s.exec(select(ApiKey).join(Department, Department.id == ApiKey.department_id)
                         .where(Department.code == "T-WJW")).first()
        assert s.exec(select(StaffUser).where(StaffUser.username == "x.y")).first() is None
    assert client.post(f"/admin/keys/{wjw_key.prefix}/revoke", data={"csrf_token": token}).status_code == 404
    assert login(client, "wjw.wang").status_code == 303  # the password was not changed


def test_a_new_key_is_shown_once_and_works_until_revoked(client, signed_in, world):
    page = signed_in("scj").get("/admin/staff")
    r = client.post("/admin/keys/new", data={"csrf_token": csrf_from(page), "name": "执法办案系统", "department": "T-SCJ"})
    assert r.status_code == 200
    token = r.context["new_key"].token
    assert token in r.text
    assert token not in client.get("/admin/staff").text  # shown once
    ok = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    prefix = r.context["new_key"].key.prefix
    assert client.post(f"/admin/keys/{prefix}/revoke", data={"csrf_token": csrf_from(page)}, follow_redirects=False).status_code == 303
    refused = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert _audit(world, "api_key.revoke")[-1].target_id == prefix


def test_staff_and_key_forms_refuse_a_missing_token(client, signed_in, world):
    signed_in("scj")
    posts = [("/admin/staff/new", {"username": "a.b", "display_name": "甲", "password": "long-enough-pw", "department": "T-SCJ"}),
             ("/admin/staff/scj.li/password", {"password": "another-password"}),
             ("/admin/staff/scj.li/active", {"active": "0"}),
             ("/admin/keys/new", {"name": "k", "department": "T-SCJ"}),
             ("/admin/audit/verify", {})]
    for path, data in posts:
        assert client.post(path, data=data).status_code == 403, path
    assert len(_audit(world, "staff.create")) == 4 and not _audit(world, "staff.reset_password")


def test_platform_admin_sees_every_department_and_may_grant_platform_admin(as_platform_admin):
    page = as_platform_admin.get("/admin/staff")
    assert len({u.department_id for u in page.context["users"]}) == 5
    assert "PLATFORM_ADMIN" in {r.value for r in page.context["roles"]}
    r = as_platform_admin.post("/admin/keys/new", data={"csrf_token": csrf_from(page), "name": "信用门户", "department": ""})
    assert r.context["new_key"].key.department_id is None  # the public scope


# --- audit -------------------------------------------------------------------------------------

def test_audit_viewer_filters_and_pages_by_key__002_s5_3(client, signed_in, world):
    """可检索、可追溯 (002 §五.(三).3): a department sees its own records, filtered by act, newest first."""
    signed_in("scj")
    page = client.get("/admin/audit")
    scj_id = world.actor("T-SCJ").department_id
    assert page.status_code == 200 and {a.department_id for a in page.context["rows"]} == {scj_id}
    ids = [a.id for a in page.context["rows"]]
    assert ids == sorted(ids, reverse=True)
    registered = client.get("/admin/audit", params={"act": "entity.register"})
    assert {a.act for a in registered.context["rows"]} == {"entity.register"} and len(registered.context["rows"]) == 5
    first = client.get("/admin/audit", params={"act": "entity.register", "to": "2000-01-01"})
    assert first.context["rows"] == []
    assert page.context["may_verify"] is False
    assert client.post("/admin/audit/verify", data={"csrf_token": csrf_from(page)}).status_code == 403


def test_audit_pages_follow_the_cursor(client, signed_in, world):
    signed_in("dcs")
    seen, link = [], ""
    while True:
        page = client.get("/admin/audit" + link)
        seen += [a.id for a in page.context["rows"]]
        if not page.context["pager"].next_link:
            break
        link = page.context["pager"].next_link
    with new_session(world.engine) as s:
        assert sorted(seen, reverse=True) == seen and len(seen) == len(s.exec(select(AuditRecord.id)).all())


def test_oversight_verifies_the_chain_and_sees_a_broken_one(client, signed_in, world):
    signed_in("dcs")
    page = client.get("/admin/audit")
    ok = client.post("/admin/audit/verify", data={"csrf_token": csrf_from(page)})
    assert ok.status_code == 200 and ok.context["report"].ok and "审计链完整" in ok.text
    with new_session(world.engine) as s:
        rec = s.exec(select(AuditRecord).where(AuditRecord.act == "entity.register")).first()
        rec.change = {**rec.change, "name": "篡改"}
        s.add(rec)
        s.commit()
    broken = client.post("/admin/audit/verify", data={"csrf_token": csrf_from(page)})
    assert not broken.context["report"].ok and broken.context["report"].first_broken_id == rec.id
    assert "校验未通过" in broken.text


def test_audit_page_statement_count_does_not_grow_with_rows(client, signed_in, world):
    signed_in("dcs")
    client.get("/admin/audit")
    with count_statements(world.engine) as few:
        client.get("/admin/audit")
    with new_session(world.engine) as s:
        for i in range(30):
            accounts.create_api_key(session=s, actor=SYSTEM, name=f"k{i}", department_code="T-SCJ")
        s.commit()
    with count_statements(world.engine) as many:
        client.get("/admin/audit")
    assert many.count == few.count


# --- oversight dashboard -----------------------------------------------------------------------

def _make_pushes_overdue(world, days: int = 14):
    with new_session(world.engine) as s:
        for n in s.exec(select(Notification)).all():
            n.ack_due = cst_today() - timedelta(days=days)
            s.add(n)
        s.commit()


def test_dashboard_charts_overdue_acts_per_department_and_kind__004_s44(client, signed_in, world):
    """§44: OVERSIGHT follows overdue acts of every department; the chart is server-drawn SVG, no script."""
    _make_pushes_overdue(world)
    page = signed_in("dcs").get("/admin/oversight")
    assert page.status_code == 200 and page.template.name == "admin/dashboard.html"
    per_dept = dict(page.context["per_dept"])
    assert per_dept["测试区卫生健康委员会"][0] == 1
    assert "<svg" in page.text and "测试区卫生健康委员会" in str(page.context["dept_chart"])
    assert "<script" not in page.text.lower() and not re.search(r"\sstyle\s*=", page.text)


def test_dashboard_trend_rebuilds_past_weeks_from_the_recorded_dates__004_s11(client, signed_in, world):
    """§11: a push acknowledged late counts as overdue in the weeks before its receipt, and not after it."""
    _make_pushes_overdue(world, days=30)
    page = signed_in("dcs").get("/admin/oversight")
    trend = page.context["trend"]
    assert len(trend) == 12 and trend[-1].on == cst_today()
    open_now = trend[-1].total
    assert open_now >= 2 and trend[0].total == 0  # 12 weeks ago these pushes had not been made
    wjw = signed_in("wjw")
    home = wjw.get("/admin/")
    n = home.context["waiting"]["notifications"][0]
    wjw.post(f"/admin/notifications/{n.id}/acknowledge", data={"csrf_token": csrf_from(home)})
    login(client, "dcs.zhao")
    after = client.get("/admin/oversight").context["trend"]
    assert after[-1].total == open_now - 1
    assert after[-2].total == trend[-2].total  # last week it was still overdue


def test_a_department_dashboard_shows_only_its_own_acts(client, signed_in, world):
    _make_pushes_overdue(world)
    page = signed_in("wjw").get("/admin/oversight")
    assert [name for name, _ in page.context["per_dept"]] == ["测试区卫生健康委员会"]
