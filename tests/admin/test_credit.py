"""信用与风险 in the admin: credit standing on the entity page, dishonesty lists, joint measures, repair and
objections, risk assessment and re-grading (§29–38) — each read as GraphQL shows it, each write through its act."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import CreditEvaluation, CreditFact, ListEntry, MarketEntity, RepairRequest, RiskAssessment
from models.db import new_session
from supervision import accounts, credit, grading, risk
from supervision.actors import SYSTEM
from supervision.clock import today as cst_today
from tests.conftest import TODAY, actor_of

from .conftest import PASSWORD, csrf_from, login


@pytest.fixture
def graded(world, staff):
    """A standard, a penalty on the restaurant from T-SCJ, a grade by T-FGW, a joint measure, and a FGW account."""
    with new_session(world.engine) as s:
        fgw = actor_of(s, "T-FGW")
        credit.publish_credit_standard(session=s, actor=fgw, name="测试区企业信用评估标准", data=grading.DEFAULT_STANDARD,
                                       today=TODAY)
        e = s.exec(select(MarketEntity).where(MarketEntity.uscc == world.entities["restaurant"])).one()
        fact = credit.record_credit_fact(session=s, actor=actor_of(s, "T-SCJ"), entity_id=e.id, kind="PENALTY",
                                         severity="ORDINARY", occurred_on=date(2026, 3, 1), summary="未按规定公示食品经营许可证",
                                         source_type="penalty", source_id=1, today=TODAY)
        credit.evaluate_credit(session=s, actor=fgw, uscc=e.uscc, today=TODAY)
        credit.save_joint_measure(session=s, actor=fgw, code="JM-01", kind="PUNISHMENT", matter="限制行政许可",
                                  target="列入经营异常名录的市场主体", means="审慎审查，不适用告知承诺",
                                  implementing_department_code="T-WJW", legal_basis="国发〔2016〕33号",
                                  acts=["PERMIT"], target_list="ABNORMAL_OPERATION")
        accounts.create_staff(session=s, actor=SYSTEM, username="fgw.qian", display_name="钱程", password=PASSWORD,
                              department_code="T-FGW", roles=["OFFICER"])
        s.commit()
        return fact.id


def test_the_grade_and_its_indicators_show_only_to_those_graphql_shows_them_to__004_s29(world, signed_in, graded):
    url = f"/admin/entities/{world.entities['restaurant']}"
    scj = signed_in("scj").get(url)  # in remit
    c = scj.context["credit"]
    assert c["grade_visible"] and c["evaluation"].grade == "A" and c["evaluation"].standard_version == 1
    assert "评估标准第1版" in scj.text and "PENALTY_ORDINARY" in scj.text and not c["may_evaluate"]
    wlj = signed_in("wlj").get(url)  # not in remit: public part only
    c = wlj.context["credit"]
    assert not c["grade_visible"] and c["evaluation"] is None and c["assessments"] is None
    assert "评估标准第" not in wlj.text and "未列入经营异常名录" in wlj.text


def test_the_credit_department_regrades_an_entity_and_others_cannot(world, client, signed_in, graded):
    url = f"/admin/entities/{world.entities['barber']}"
    wjw = signed_in("wjw")
    page = wjw.get(url)
    assert not page.context["credit"]["may_evaluate"]
    assert wjw.post(f"{url}/evaluate", data={"csrf_token": csrf_from(page)}).status_code == 403
    client.cookies.clear()
    assert login(client, "fgw.qian").status_code == 303
    page = client.get(url)
    assert page.context["credit"]["may_evaluate"] and "按现行标准重新评定" in page.text
    assert client.post(f"{url}/evaluate", data={}).status_code == 403  # no token
    with new_session(world.engine) as s:
        assert s.exec(select(CreditEvaluation).where(CreditEvaluation.entity_id == s.exec(
            select(MarketEntity.id).where(MarketEntity.uscc == world.entities["barber"])).one())).all() == []
    r = client.post(f"{url}/evaluate", data={"csrf_token": csrf_from(page)}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(url).context["credit"]["evaluation"].grade == "A"
    assert client.post("/admin/entities/91310115MA9999999X/evaluate",
                       data={"csrf_token": csrf_from(page)}).status_code == 404


def test_listing_is_public_and_only_the_deciding_department_removes__002_s5(world, signed_in, graded):
    url = f"/admin/entities/{world.entities['restaurant']}"
    wjw = signed_in("wjw")
    page = wjw.get(url)
    assert not page.context["credit"]["may_list"]
    assert wjw.post(f"{url}/list", data={"csrf_token": csrf_from(page), "list_kind": "ABNORMAL_OPERATION", "reason": "x",
                                         "basis": "y", "listed_on": cst_today().isoformat()}).status_code == 403
    scj = signed_in("scj")
    page = scj.get(url)
    assert scj.post(f"{url}/list", data={"list_kind": "ABNORMAL_OPERATION", "reason": "x", "basis": "y",
                                         "listed_on": cst_today().isoformat()}).status_code == 403  # no token
    with new_session(world.engine) as s:
        assert s.exec(select(ListEntry)).all() == []
    r = scj.post(f"{url}/list", data={"csrf_token": csrf_from(page), "list_kind": "ABNORMAL_OPERATION",
                                      "reason": "通过登记的住所无法联系", "basis": "《企业经营异常名录管理暂行办法》第四条第（四）项",
                                      "listed_on": cst_today().isoformat()}, follow_redirects=False)
    assert r.status_code == 303
    lists = signed_in("wlj").get("/admin/credit/lists")  # public: any department sees membership
    assert lists.template.name == "admin/credit_lists.html"
    assert [e.name for _entry, e, _d in lists.context["rows"]] == ["上海味道餐饮管理有限公司"]
    assert "移出</button>" not in lists.text
    standing = signed_in("wlj").get(url).context["credit"]
    assert [m.code for m in standing["measures"]] == ["JM-01"] and len(standing["listings"]) == 1
    entry_id = lists.context["rows"][0][0].id
    wlj = signed_in("wlj")
    assert wlj.post(f"/admin/credit/lists/{entry_id}/remove",
                    data={"csrf_token": csrf_from(lists), "reason": "x", "removed_on": cst_today().isoformat()}).status_code == 403
    scj = signed_in("scj")
    page = scj.get("/admin/credit/lists")
    assert "移出</button>" in page.text
    assert scj.post(f"/admin/credit/lists/{entry_id}/remove", data={"reason": "x"}).status_code == 403  # no token
    r = scj.post(f"/admin/credit/lists/{entry_id}/remove", data={"csrf_token": csrf_from(page), "reason": "已补报年度报告",
                                                                "removed_on": cst_today().isoformat()}, follow_redirects=False)
    assert r.status_code == 303
    assert scj.get("/admin/credit/lists").context["rows"] == []
    assert "已补报年度报告" in scj.get("/admin/credit/lists?all=1").text
    assert scj.post("/admin/credit/lists/999999/remove", data={"csrf_token": csrf_from(page), "reason": "x",
                                                              "removed_on": cst_today().isoformat()}).status_code == 404


def test_the_joint_measures_list_is_public__004_s31(world, signed_in, graded):
    page = signed_in("wlj").get("/admin/credit/measures")
    assert page.template.name == "admin/credit_measures.html"
    assert [m.code for m, _d in page.context["rows"]] == ["JM-01"] and "国发〔2016〕33号" in page.text


def test_a_repair_request_is_filed_and_decided_by_the_department_of_the_record_in_working_days__000_s7(
        world, signed_in, graded):
    url = f"/admin/entities/{world.entities['restaurant']}"
    scj = signed_in("scj")
    page = scj.get(url)
    assert page.context["credit"]["may_file"]
    assert scj.post(f"/admin/credit/facts/{graded}/repair", data={"kind": "REPAIR", "reason": "x"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(RepairRequest)).all() == []
    r = scj.post(f"/admin/credit/facts/{graded}/repair", data={"csrf_token": csrf_from(page), "kind": "REPAIR",
                                                              "reason": "已整改并公示许可证"}, follow_redirects=False)
    assert r.status_code == 303
    home = scj.get("/admin/")
    [row] = home.context["repairs"]
    assert row.working_days_left == 15 and "待决定的信用修复申请和异议" in home.text
    listed = scj.get("/admin/credit/repairs")
    assert listed.template.name == "admin/credit_repairs.html" and "剩余15个工作日" in listed.text
    wjw = signed_in("wjw")  # neither filed nor decides it
    assert wjw.get("/admin/credit/repairs").context["rows"] == []
    assert wjw.post(f"/admin/credit/repairs/{row.request.id}/decide",
                    data={"csrf_token": csrf_from(wjw.get("/admin/")), "accept": "1", "reason": "x"}).status_code == 404
    scj = signed_in("scj")
    listed = scj.get("/admin/credit/repairs")
    assert scj.post(f"/admin/credit/repairs/{row.request.id}/decide", data={"accept": "1", "reason": "x"}).status_code == 403
    r = scj.post(f"/admin/credit/repairs/{row.request.id}/decide",
                 data={"csrf_token": csrf_from(listed), "accept": "1", "reason": "整改到位，予以修复"}, follow_redirects=False)
    assert r.status_code == 303
    assert scj.get("/admin/").context["repairs"] == []
    with new_session(world.engine) as s:
        assert s.get(CreditFact, graded).state == "REPAIRED"
    assert scj.post("/admin/credit/facts/999999/repair", data={"csrf_token": csrf_from(listed), "kind": "REPAIR",
                                                              "reason": "x"}).status_code == 404


@pytest.fixture
def hygiene_rule(world, staff):
    with new_session(world.engine) as s:
        risk.define_risk_rule(session=s, actor=actor_of(s, "T-WJW"), code="WJW-R1", name="公共场所卫生风险评估规则",
                              industry_code="H62", subject="区卫健委负责", scope="辖区理发、住宿场所", method="现场检查与资料审查",
                              indicators=["卫生许可", "消毒记录"], report_use="作为抽查比例调整依据")
        s.commit()


def test_recording_a_risk_assessment_sets_the_entitys_level__004_s35(world, signed_in, hygiene_rule):
    barber = world.entities["barber"]
    wjw = signed_in("wjw")
    entity_page = wjw.get(f"/admin/entities/{barber}")
    assert entity_page.context["credit"]["may_assess"] and "录入风险评估报告" in entity_page.text
    form = wjw.get(f"/admin/entities/{barber}/risk")
    assert form.template.name == "admin/risk_form.html"
    data = {"rule_code": "WJW-R1", "trigger": "MONITORING", "level": "HIGHER", "assessed_on": cst_today().isoformat(),
            "reason": "举报发现隐患", "process": "现场检查", "indicators_method": "按规则指标打分", "result": "较高风险",
            "measures": "限期整改"}
    assert wjw.post(f"/admin/entities/{barber}/risk", data=data).status_code == 403  # no token
    with new_session(world.engine) as s:
        assert s.exec(select(RiskAssessment)).all() == []
    bad = wjw.post(f"/admin/entities/{barber}/risk", data={**data, "csrf_token": csrf_from(form), "result": " "})
    assert bad.status_code == 400 and "评估结果" in bad.text
    ok = wjw.post(f"/admin/entities/{barber}/risk", data={**data, "csrf_token": csrf_from(form)}, follow_redirects=False)
    assert ok.status_code == 303
    c = wjw.get(f"/admin/entities/{barber}").context["credit"]
    assert c["risk_level"] == "HIGHER" and len(c["assessments"]) == 1
    wlj = signed_in("wlj")  # barber not in its remit
    assert wlj.get(f"/admin/entities/{barber}/risk").status_code == 404
    assert wlj.get(f"/admin/entities/{barber}").context["credit"]["risk_level"] is None
    assert wlj.post(f"/admin/entities/{barber}/risk",
                    data={**data, "csrf_token": csrf_from(wlj.get("/admin/"))}).status_code == 404
