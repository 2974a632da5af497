"""配置: each capability's settings seen and changed in the admin, by whom the domain lets change them,
through the domain's acts (validated, audited), with messages beside the fields and nothing written on error."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from models import (AuditRecord, CalendarDay, CalendarYear, CreditStandard, ExemptionRule, InspectionItem, JointMeasure,
                    ListPublication, RiskRule)
from models.db import new_session
from supervision import accounts, grading, penalties
from supervision.actors import SYSTEM
from supervision.calendar import load_calendar
from tests.conftest import count_statements

from .conftest import PASSWORD, csrf_from, login

ADMIN = "dsj.admin"  # 平台管理员 at the operator
CREDIT = "fgw.qian"  # 信用主管部门


@pytest.fixture
def editors_staff(world, staff):
    with new_session(world.engine) as s:
        accounts.create_staff(session=s, actor=SYSTEM, username=ADMIN, display_name="平台管理员", password=PASSWORD,
                              department_code="T-DSJ", roles=["PLATFORM_ADMIN"])
        accounts.create_staff(session=s, actor=SYSTEM, username=CREDIT, display_name="钱程", password=PASSWORD,
                              department_code="T-FGW", roles=["OFFICER"])
        s.commit()
    return world


@pytest.fixture
def as_user(client, editors_staff, staff):
    def sign_in(username: str):
        client.cookies.clear()
        assert login(client, staff[username].username if username in staff else username).status_code == 303
        return client
    return sign_in


def _acts(world, act: str) -> list[AuditRecord]:
    with new_session(world.engine) as s:
        return list(s.exec(select(AuditRecord).where(AuditRecord.act == act).order_by(AuditRecord.id)).all())


def _rows(world, model) -> list:
    with new_session(world.engine) as s:
        return list(s.exec(select(model)).all())


def _post(c, key: str, form: str, data: dict, *, token: str | None = None):
    if token is None:
        token = csrf_from(c.get(f"/admin/editors/{key}"))
    return c.post(f"/admin/editors/{key}/{form}", data={"csrf_token": token, **data}, follow_redirects=False)


# --- the index and who may use what ------------------------------------------------------------------

def test_the_index_lists_only_the_editors_the_domain_lets_this_department_use(as_user):
    keys = {}
    for who in (ADMIN, CREDIT, "wjw", "scj", "dcs"):
        page = as_user(who).get("/admin/editors")
        assert page.template.name == "admin/editors.html" and page.context["active"] == "editors"
        keys[who] = [e.key for e in page.context["editors"]]
        assert 'href="/admin/editors"' in page.text and ">配置</a>" in page.text  # in the navigation
    assert keys[ADMIN] == ["penalties", "calendar"]
    assert keys[CREDIT] == ["credit-standard", "credit-measures"]
    assert keys["wjw"] == ["inspection-items", "risk-rules"]  # approval and competent department
    assert keys["scj"] == ["inspection-items", "risk-rules"]  # approval and enforcement department
    assert keys["dcs"] == [] and "本部门没有需要维护的配置项" in page.text


def test_an_editor_outside_ones_remit_answers_404_and_writes_nothing(as_user, editors_staff):
    wjw = as_user("wjw")
    token = csrf_from(wjw.get("/admin/editors"))
    for key in ("calendar", "penalties", "credit-standard", "credit-measures", "no-such-editor"):
        assert wjw.get(f"/admin/editors/{key}").status_code == 404
    r = _post(wjw, "calendar", "calendar", {"year": "2027", "source": "国办发明电〔2026〕1号",
                                             "days": "2027-02-06 班 春节调休上班"}, token=token)
    assert r.status_code == 404
    r = _post(wjw, "penalties", "exemption", {"code": "MJ-09", "name": "x", "legalBasis": "y"}, token=token)
    assert r.status_code == 404
    assert _post(wjw, "risk-rules", "no-such-form", {}, token=token).status_code == 404
    assert _rows(editors_staff, CalendarYear) == [] and _rows(editors_staff, ExemptionRule) == []


def test_a_post_without_the_sessions_token_is_refused(as_user, editors_staff):
    admin = as_user(ADMIN)
    admin.get("/admin/editors/calendar")
    for token in ("", "forged"):
        r = _post(admin, "calendar", "calendar", {"year": "2027", "source": "国办发明电〔2026〕1号",
                                                   "days": "2027-02-06 班 春节调休上班"}, token=token)
        assert r.status_code == 403 and "请求已失效" in r.text
    assert _rows(editors_staff, CalendarYear) == [] and _acts(editors_staff, "calendar.publish") == []


# --- the calendar ------------------------------------------------------------------------------------------

def test_publishing_a_years_arrangement_makes_it_count_and_no_longer_provisional(as_user, editors_staff):
    admin = as_user(ADMIN)
    page = admin.get("/admin/editors/calendar")
    assert page.template.name == "admin/editor_calendar.html"
    assert {y.year: y.entered for y in page.context["years"]}.get(2099) is None
    r = _post(admin, "calendar", "calendar", {
        "year": "2099", "source": "国办发明电〔2098〕7号",
        "days": "2099-01-01 休 元旦\n2099-01-02 休 元旦\n2099-01-03 班 元旦调休上班\n"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/editors/calendar?done=calendar"
    page = admin.get(r.headers["location"])
    assert "节假日安排已发布" in page.text
    year = next(y for y in page.context["years"] if y.year == 2099)
    assert year.entered and year.published and year.source == "国办发明电〔2098〕7号" and len(year.days) == 3
    with new_session(editors_staff.engine) as s:
        cal = load_calendar(s)
        assert cal.is_published(2099)
        assert not cal.is_working_day(date(2099, 1, 2))  # a Friday off
        assert cal.is_working_day(date(2099, 1, 3))  # a Saturday at work
    [rec] = _acts(editors_staff, "calendar.publish")
    assert rec.target_id == "2099" and rec.actor_label.startswith("平台管理员") and rec.change["days"][2] == ["2099-01-03", True]


def test_a_malformed_arrangement_is_shown_beside_its_field_and_nothing_is_written(as_user, editors_staff):
    admin = as_user(ADMIN)
    r = _post(admin, "calendar", "calendar", {"year": "2099", "source": "", "days": "2099-01-01 休 元旦\n2099-01-02 放工"})
    assert r.status_code == 400 and r.template.name == "admin/editor_calendar.html"
    errors = r.context["errors"]
    assert errors["days"] == ["第 2 行应为“日期 休/班 备注”，如 2027-02-06 班 春节调休上班"]
    assert 'id="days-error"' in r.text and "2099-01-02 放工" in r.text  # the input comes back to be corrected
    r = _post(admin, "calendar", "calendar", {"year": "2099", "source": "", "days": "2098-06-01 休 端午"})
    assert r.status_code == 400
    assert r.context["errors"]["source"] == ["须注明依据（如国务院办公厅通知文号）"]
    assert r.context["errors"]["days"] == ["2098-06-01 不属于 2099 年的安排"]
    assert _rows(editors_staff, CalendarYear) == [] and _rows(editors_staff, CalendarDay) == []
    assert _acts(editors_staff, "calendar.publish") == []


# --- the credit standard ------------------------------------------------------------------------------------

def test_the_credit_department_publishes_standards_as_versions__004_s29(as_user, editors_staff):
    fgw = as_user(CREDIT)
    page = fgw.get("/admin/editors/credit-standard")
    assert page.template.name == "admin/editor_credit_standard.html" and page.context["current"] is None
    form = page.context["form"]
    assert form["grades"] == "A 90\nB 75\nC 60\nD 0" and form["repairDays"] == "15"  # the default standard to start from
    r = _post(fgw, "credit-standard", "standard", {**form, "name": "测试区企业信用评估标准", "grades": "A 85\nB 70\nC 50\nd 0",
                                                    "objectionDays": "7"})
    assert r.status_code == 303
    page = fgw.get(r.headers["location"])
    assert "已发布新版信用评估标准" in page.text and page.context["current"].version == 1
    data = page.context["current"].data
    assert data["grades"] == [{"grade": "A", "minScore": 85}, {"grade": "B", "minScore": 70}, {"grade": "C", "minScore": 50},
                              {"grade": "D", "minScore": 0}]
    assert data["timeLimits"] == {"REPAIR": 15, "OBJECTION": 7}
    assert data["indicators"][0]["code"] == "PENALTY_SERIOUS" and len(data["indicators"]) == len(grading.DEFAULT_STANDARD["indicators"])
    assert page.context["form"]["grades"] == "A 85\nB 70\nC 50\nD 0"  # the next version starts from the current one
    again = _post(fgw, "credit-standard", "standard", {**page.context["form"], "name": "测试区企业信用评估标准（修订）"})
    assert again.status_code == 303
    page = fgw.get("/admin/editors/credit-standard")
    assert [s.version for s, _d in page.context["versions"]] == [2, 1] and "第1版" in page.text
    assert [r.target_id for r in _acts(editors_staff, "credit.standard.publish")] == ["1", "2"]


def test_a_standard_the_domain_rejects_is_not_published(as_user, editors_staff):
    fgw = as_user(CREDIT)
    form = fgw.get("/admin/editors/credit-standard").context["form"]
    r = _post(fgw, "credit-standard", "standard", {**form, "data": "{\"indicators\": [", "baseScore": "x"})
    assert r.status_code == 400
    assert r.context["errors"]["data"][0].startswith("JSON 格式有误") and r.context["errors"]["baseScore"] == ["基础分须为整数"]
    r = _post(fgw, "credit-standard", "standard", {**form, "grades": "A 60\nB 75"})
    assert r.status_code == 400 and r.context["errors"]["data"] == ["信用等级须从高到低排列，分数线严格递减"]
    assert 'id="data-error"' in r.text
    assert _rows(editors_staff, CreditStandard) == [] and _acts(editors_staff, "credit.standard.publish") == []


# --- risk rules and joint measures ------------------------------------------------------------------------

RULE = {"code": "WJW-HYG", "name": "公共场所卫生风险评估规则", "industryCode": "O80", "subject": "区卫生健康委员会",
        "scope": "本区理发、住宿等公共场所", "method": "现场检查与资料审查", "reportUse": "结果用于确定抽查比例",
        "indicators": "卫生许可情况\n从业人员健康证明\n", "levels": ["LOW", "MEDIUM", "HIGH"]}


def test_a_department_defines_its_own_risk_rules__004_s34(as_user, editors_staff):
    wjw = as_user("wjw")
    r = _post(wjw, "risk-rules", "rule", {**RULE, "levels": ["HIGH"], "code": ""})
    assert r.status_code == 400
    assert r.context["errors"]["levels"] == ["风险等级须为 LOW、MEDIUM、HIGHER、HIGH 中至少两级，由低到高"]
    assert "code" in r.context["errors"] and _rows(editors_staff, RiskRule) == []
    r = _post(wjw, "risk-rules", "rule", RULE)
    assert r.status_code == 303
    page = wjw.get(r.headers["location"])
    assert [x.code for x in page.context["rules"]] == ["WJW-HYG"] and page.context["rules"][0].indicators == [
        "卫生许可情况", "从业人员健康证明"]
    assert _acts(editors_staff, "risk.rule.define")[0].change["levels"] == ["LOW", "MEDIUM", "HIGH"]
    assert as_user("scj").get("/admin/editors/risk-rules").context["rules"] == []  # another department's rules are not its own
    r = _post(as_user("wjw"), "risk-rules", "rule", RULE)
    assert r.status_code == 400 and r.context["errors"]["code"] == ["已有编码为 WJW-HYG 的评估规则"]


MEASURE = {"code": "JM-02", "kind": "PUNISHMENT", "matter": "限制政府采购", "target": "列入严重违法失信名单的市场主体",
           "targetList": "SERIOUS_VIOLATION", "acts": ["PROCUREMENT"], "means": "依法限制参与政府采购活动",
           "implementingDepartmentCode": "T-SCJ", "legalBasis": "国发〔2016〕33号", "published": "1"}


def test_the_credit_department_keeps_the_joint_measures_list__004_s31(as_user, editors_staff):
    fgw = as_user(CREDIT)
    r = _post(fgw, "credit-measures", "measure", {k: v for k, v in MEASURE.items() if k != "acts"})
    assert r.status_code == 400 and r.context["errors"]["acts"] == ["须列明适用的办理环节"]
    assert _rows(editors_staff, JointMeasure) == []
    assert _post(fgw, "credit-measures", "measure", MEASURE).status_code == 303
    r = _post(fgw, "credit-measures", "measure", {**MEASURE, "acts": ["PROCUREMENT", "SUBSIDY"], "published": ""})
    assert r.status_code == 303
    page = fgw.get(r.headers["location"])
    [(m, dept)] = page.context["rows"]
    assert m.acts == ["PROCUREMENT", "SUBSIDY"] and not m.published and dept.code == "T-SCJ"
    assert "措施已保存" in page.text and "未公布" in page.text
    assert [a.change["published"] for a in _acts(editors_staff, "credit.measure.save")] == [True, False]
    assert as_user("scj").get("/admin/credit/measures").context["rows"] == []  # unpublished: out of the public list


# --- penalty settings and the 免罚清单 ---------------------------------------------------------------------

def test_the_platform_admin_changes_what_counts_as_major__000_s17(as_user, editors_staff):
    admin = as_user(ADMIN)
    page = admin.get("/admin/editors/penalties")
    assert page.template.name == "admin/editor_penalties.html"
    form = page.context["form"]
    assert form["majorFineYuan"] == "100000" and form["months_SERIOUS"] == "36"
    r = _post(admin, "penalties", "settings", {**form, "majorFineYuan": "50000", "months_ORDINARY": "6",
                                                "majorMeasures": [*form["majorMeasures"], "SUSPEND_LICENCE"]})
    assert r.status_code == 303
    with new_session(editors_staff.engine) as s:
        settings = penalties.load_settings(s)
    assert settings.major_fine_yuan == Decimal("50000") and settings.publicity_months["ORDINARY"] == 6
    assert "SUSPEND_LICENCE" in settings.major_measures
    assert penalties.is_major(settings, ["FINE"], Decimal("60000"), None)  # now a major decision
    assert "50000 元及以上" in admin.get(r.headers["location"]).text
    [rec] = _acts(editors_staff, "penalty.configure")
    assert rec.change["majorFineYuan"] == "50000"


def test_penalty_settings_the_domain_refuses_leave_the_settings_as_they_were(as_user, editors_staff):
    admin = as_user(ADMIN)
    form = admin.get("/admin/editors/penalties").context["form"]
    r = _post(admin, "penalties", "settings", {**form, "majorFineYuan": "十万", "months_SERIOUS": ""})
    assert r.status_code == 400
    assert r.context["errors"]["majorFineYuan"] == ["罚没金额须为数字（元）"]
    assert r.context["errors"]["months_SERIOUS"] == ["严重失信行为公示期须为整数"]
    r = _post(admin, "penalties", "settings", {**form, "majorFineYuan": "0", "softMeasures": ["WARNING", "CLOSE"]})
    assert r.status_code == 400
    assert r.context["errors"]["majorFineYuan"] == ["重大处罚的罚没金额标准应大于 0 元"]
    assert r.context["errors"]["measures"] == ["同一处罚类别不能既属重大处罚又属包容期柔性措施"]
    r = _post(admin, "penalties", "settings", {**form, "months_ORDINARY": "200"})
    assert r.status_code == 400 and r.context["errors"]["publicityMonths"] == ["公示期应为 1—120 个月"]
    assert _acts(editors_staff, "penalty.configure") == []
    with new_session(editors_staff.engine) as s:
        assert penalties.load_settings(s) == penalties.PenaltySettings()


def test_the_exemption_list_grows_from_its_page__000_s12(as_user, editors_staff):
    admin = as_user(ADMIN)
    data = {"code": "MJ-02", "name": "未按规定悬挂营业执照，首次且及时改正", "legalBasis": "《轻微违法行为不予处罚清单》第2项"}
    r = _post(admin, "penalties", "exemption", data)
    assert r.status_code == 303 and r.headers["location"].endswith("?done=exemption")
    page = admin.get(r.headers["location"])
    assert [x.code for x in page.context["rules"]] == ["MJ-02"] and "已列入免罚清单" in page.text
    r = _post(admin, "penalties", "exemption", {**data, "name": "另一项"})
    assert r.status_code == 400 and r.context["errors"]["code"] == ["免罚清单已有编码 MJ-02"]
    assert r.context["failed"] == "exemption" and 'value="另一项"' in r.text
    assert [x.name for x in _rows(editors_staff, ExemptionRule)] == [data["name"]]
    assert len(_acts(editors_staff, "exemption_rule.add")) == 1


# --- 抽查事项清单 ---------------------------------------------------------------------------------------

ITEM = {"code": "WJW-01", "name": "公共场所卫生检查", "legalBasis": "《公共场所卫生管理条例》第十四条",
        "content": "卫生许可证、从业人员健康证明", "method": "现场检查", "active": "1"}


def test_a_department_keeps_its_items_and_publishes_them_as_versions__004_s20(as_user, editors_staff):
    wjw = as_user("wjw")
    r = _post(wjw, "inspection-items", "publish", {"year": "2026", "title": "2026年随机抽查事项清单"})
    assert r.status_code == 400 and r.context["other_errors"] == ["随机抽查事项清单为空，请先录入抽查事项"]
    r = _post(wjw, "inspection-items", "item", {**ITEM, "name": ""})
    assert r.status_code == 400 and list(r.context["errors"]) == ["name"] and 'id="name-error"' in r.text
    assert _rows(editors_staff, InspectionItem) == []
    assert _post(wjw, "inspection-items", "item", ITEM).status_code == 303
    r = _post(wjw, "inspection-items", "publish", {"year": "2026", "title": "2026年随机抽查事项清单"})
    assert r.status_code == 303
    page = wjw.get(r.headers["location"])
    assert page.template.name == "admin/editor_inspection_items.html" and "已发布新版本" in page.text
    assert [(v.year, v.version, len(v.content)) for v in page.context["versions"]] == [(2026, 1, 1)]
    assert [a.act for a in _acts(editors_staff, "inspection_item.save") + _acts(editors_staff, "list.publish")] == [
        "inspection_item.save", "list.publish"]
    assert as_user("scj").get("/admin/editors/inspection-items").context["items"] == []  # its own list only
    assert [p.department_id for p in _rows(editors_staff, ListPublication)] == [_acts(editors_staff, "list.publish")[0].department_id]


def test_the_pages_read_in_a_fixed_number_of_statements(as_user, editors_staff):
    wjw, counts = as_user("wjw"), []
    for codes, total in ((range(0, 1), 1), (range(1, 6), 6)):
        for i in codes:
            assert _post(wjw, "inspection-items", "item", {**ITEM, "code": f"WJW-{i:02d}"}).status_code == 303
        assert _post(wjw, "inspection-items", "publish", {"year": "2026", "title": "清单"}).status_code == 303
        with count_statements(editors_staff.engine) as counter:
            assert len(wjw.get("/admin/editors/inspection-items").context["items"]) == total
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_measures_and_exemption_lists_read_in_a_fixed_number_of_statements(as_user, editors_staff):
    counts = []
    for codes in (range(0, 1), range(1, 5)):
        fgw = as_user(CREDIT)
        for i in codes:
            assert _post(fgw, "credit-measures", "measure", {**MEASURE, "code": f"JM-{i:02d}"}).status_code == 303
        with count_statements(editors_staff.engine) as measures:
            assert len(fgw.get("/admin/editors/credit-measures").context["rows"]) == codes.stop
        admin = as_user(ADMIN)
        for i in codes:
            assert _post(admin, "penalties", "exemption", {"code": f"MJ-{i:02d}", "name": "轻微违法", "legalBasis": "清单"}
                         ).status_code == 303
        with count_statements(editors_staff.engine) as exemptions:
            assert len(admin.get("/admin/editors/penalties").context["rules"]) == codes.stop
        counts.append((measures.count, exemptions.count))
    assert counts[0] == counts[1]
