"""The plan form (§21–25): every directory filter, the establishment-date range and key-focus-only filters, the
预览 count before a plan exists, joint plans with their participants' deadlines."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from models import AuditRecord, InspectionDraw, InspectionPlan, JointParticipation
from models.db import new_session
from supervision import draws, inspections
from supervision.calendar import load_calendar
from supervision.clock import today as cst_today
from tests.conftest import count_statements, gql

from .conftest import csrf_from


def _form(page, **extra):
    today = cst_today()
    return {"csrf_token": csrf_from(page), "name": "登记事项双随机抽查", "year": str(today.year), "items": ["SCJ-01"],
            "ratio": "1", "team_size": "2", "check_start": today.isoformat(),
            "check_end": (today + timedelta(days=20)).isoformat(), **extra}


def _plans(world) -> list[InspectionPlan]:
    with new_session(world.engine) as s:
        return list(s.exec(select(InspectionPlan)).all())


def test_the_form_offers_every_directory_filter(scj, signed_in):
    page = signed_in("scj").get("/admin/inspections")
    for name in ("region", "industry_code", "entity_type", "permit_item_code", "risk_levels", "credit_grades",
                 "established_from", "established_to", "key_focus_only", "kind", "participants", "key_focus"):
        assert f'name="{name}"' in page.text, name
    assert "成立日期（起）" in page.text and "仅抽取重点监管对象" in page.text and ">预览</button>" in page.text
    assert "测试区卫生健康委员会" in page.text  # a department that may be invited to a joint plan
    assert '<option value="INDIVIDUAL_BUSINESS">个体工商户</option>' in page.text


def test_preview_counts_the_matching_entities_and_creates_nothing(scj, signed_in, db):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    r = client.post("/admin/inspections/plans", data=_form(page, op="preview", established_from="2017-01-01",
                                                           established_to="2019-12-31"))
    assert r.status_code == 200 and r.context["preview"] == {"count": 1}
    assert "<strong>1</strong> 户市场主体" in r.text
    assert r.context["form"]["established_from"] == "2017-01-01"  # the form keeps what was typed
    r = client.post("/admin/inspections/plans", data=_form(page, op="preview", established_from="2024-01-01"))
    assert r.context["preview"]["count"] == 6  # the world's five of 2024 and the one of 2025
    r = client.post("/admin/inspections/plans", data=_form(page, op="preview", key_focus_only="1"))
    assert r.context["preview"]["count"] == 1
    r = client.post("/admin/inspections/plans", data=_form(page, op="preview", entity_type="INDIVIDUAL_BUSINESS"))
    assert r.context["preview"]["count"] == 1  # the barber's shop
    with count_statements(db) as counter:
        client.post("/admin/inspections/plans", data=_form(page, op="preview", established_to="2019-12-31"))
    counting = [st for st in counter.statements if "count(" in st.lower() and "market_entity" in st]
    assert len(counting) == 1 and not any("market_entity.name" in st for st in counter.statements)
    assert _plans(scj) == []
    with new_session(scj.engine) as s:
        assert s.exec(select(AuditRecord).where(AuditRecord.act == "plan.create")).all() == []


def test_a_reversed_date_range_is_refused_on_preview_and_on_save(scj, signed_in):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    for op in ("preview", "create"):
        r = client.post("/admin/inspections/plans", data=_form(page, op=op, established_from="2020-01-01",
                                                               established_to="2019-01-01"))
        assert r.status_code == 400 and "成立日期（止）不能早于成立日期（起）" in r.text
    assert client.post("/admin/inspections/plans", data={**_form(page, op="preview"), "csrf_token": "x"}).status_code == 403
    assert _plans(scj) == []


def test_a_plan_with_filters_draws_only_from_the_matching_entities(scj, signed_in):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    r = client.post("/admin/inspections/plans", data=_form(page, op="create", established_to="2019-12-31",
                                                           entity_type="COMPANY", risk_levels=[], credit_grades=[]),
                    follow_redirects=False)
    assert r.status_code == 303
    [plan] = _plans(scj)
    assert plan.filters == {"entityType": "COMPANY", "establishedTo": "2019-12-31"}
    plan_page = client.get(r.headers["location"])
    assert "成立日期不晚于：2019-12-31" in plan_page.text and "主体类型：公司" in plan_page.text
    assert client.post(f"{r.headers['location']}/commit", data={"csrf_token": csrf_from(plan_page)},
                       follow_redirects=False).status_code == 303
    with new_session(scj.engine) as s:
        snapshot = json.loads(s.exec(select(InspectionDraw.snapshot)).one())
    assert {o["uscc"] for o in draws.object_rows(snapshot)} == {scj.entities["old"], scj.entities["mid"]}


def test_a_key_focus_only_plan_keeps_the_filter(scj, signed_in):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    r = client.post("/admin/inspections/plans", data=_form(page, key_focus_only="1", key_focus="WEIGHTED",
                                                           key_focus_weight="3"), follow_redirects=False)
    assert r.status_code == 303
    [plan] = _plans(scj)
    assert plan.filters == {"keyFocusOnly": True} and plan.key_focus == "WEIGHTED" and plan.key_focus_weight == "3"
    assert "仅重点监管对象：是" in client.get(r.headers["location"]).text


def test_a_joint_plan_lists_its_participants_and_their_deadlines__s24(scj, signed_in):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    bare = client.post("/admin/inspections/plans", data=_form(page, kind="JOINT"))
    assert bare.status_code == 400 and "联合抽查须邀请至少一个参与部门" in bare.text
    r = client.post("/admin/inspections/plans", data=_form(page, kind="JOINT", participants=["T-WJW", "T-SPJ"]),
                    follow_redirects=False)
    assert r.status_code == 303
    [plan] = _plans(scj)
    assert plan.kind == "JOINT" and plan.status == "AWAITING_CONFIRMATION"
    with new_session(scj.engine) as s:
        due = load_calendar(s).add_working_days(cst_today(), inspections.CONFIRM_WORKING_DAYS).due
        parts = s.exec(select(JointParticipation).where(JointParticipation.plan_id == plan.id)).all()
    assert sorted(p.confirm_due for p in parts if not p.lead) == [due, due]
    text = client.get(r.headers["location"]).text
    assert "测试区卫生健康委员会" in text and "测试区行政审批局" in text
    assert text.count(due.isoformat()) == 2 and text.count("待确认") == 2


def test_a_full_sweep_without_items_takes_every_published_item__s25(scj, signed_in):
    client = signed_in("scj")
    page = client.get("/admin/inspections")
    r = client.post("/admin/inspections/plans", data=_form(page, kind="FULL_SWEEP", items=[], participants=["T-WJW"]),
                    follow_redirects=False)
    assert r.status_code == 303
    [plan] = _plans(scj)
    assert plan.kind == "FULL_SWEEP" and len(plan.item_ids) == 1
    assert "全项彻查" in client.get(r.headers["location"]).text


def test_graphql_directory_filters_by_establishment_date_and_key_focus(scj, client):
    query = """query($f: DirectoryFilterInput) { objectDirectory(filter: $f, first: 50) { edges { node {
        keyFocus entity { uscc } } } } }"""
    token = scj.keys["T-SCJ"]

    def usccs(f):
        data = gql(client, query, {"f": f}, token=token)["data"]
        return {e["node"]["entity"]["uscc"] for e in data["objectDirectory"]["edges"]}
    assert usccs({"establishedFrom": "2015-01-01", "establishedTo": "2019-12-31"}) == {scj.entities["old"],
                                                                                     scj.entities["mid"]}
    assert usccs({"keyFocusOnly": True}) == {scj.entities["mid"]}
    assert usccs({"establishedFrom": "2025-01-01"}) == {scj.entities["new"]}
