"""The home page and 一户一档: what each department sees, and what it does not."""
from __future__ import annotations


from tests.conftest import count_statements, make_uscc

from .conftest import STAFF



# Phones and permit numbers given to the district's entities by tests/conftest.py.
RESTAURANT_PHONE = "021-58880001"
BARBER_PHONE = "021-58880002"
FOOD_PERMIT = "JY23101150000001"
HYGIENE_PERMIT = "沪卫公字2024第0001号"


# --- home ------------------------------------------------------------------------------------

def test_home_greets_the_person_with_department_and_roles(client, signed_in):
    signed_in("scj")

    r = client.get("/admin/")

    assert r.status_code == 200
    assert r.template.name == "admin/home.html"
    assert r.context["staff"].department.name == STAFF["scj"].department_name
    assert "李强，您好" in r.text
    assert STAFF["scj"].department_name in r.text
    assert "工作人员" in r.text and "部门管理员" in r.text
    assert "待办" in r.text


def test_home_counts_the_entities_in_the_department_remit(client, signed_in):
    signed_in("wjw")
    r = client.get("/admin/")
    assert r.context["remit_count"] == 1  # only the barber's shop holds its permit
    assert [p.number for p in r.context["recent_permits"]] == [HYGIENE_PERMIT]


def test_registration_department_supervises_what_it_registered(client, signed_in):
    signed_in("scj")
    r = client.get("/admin/")
    assert r.context["remit_count"] == 5
    numbers = {p.number for p in r.context["recent_permits"]}
    assert FOOD_PERMIT in numbers and HYGIENE_PERMIT in numbers  # it registered the barber too


def test_oversight_sees_every_entity(client, signed_in):
    signed_in("dcs")
    r = client.get("/admin/")
    assert r.context["remit_count"] == 5
    assert r.context["sees_everything"] is True
    assert len(r.context["recent_permits"]) == 4


def test_department_without_remit_sees_no_permits(client, signed_in):
    signed_in("wlj")
    r = client.get("/admin/")
    assert r.context["remit_count"] == 0
    assert r.context["recent_permits"] == []
    assert FOOD_PERMIT not in r.text and HYGIENE_PERMIT not in r.text


def test_home_lists_only_the_department_audit_entries(client, signed_in, staff, world):
    signed_in("wjw")
    r = client.get("/admin/")
    audit = r.context["recent_audit"]
    assert audit, "the sign-in itself is an entry"
    wjw_id = world.actor("T-WJW").department_id
    assert {a.department_id for a in audit} == {wjw_id}
    assert audit[0].act == "staff.login"
    assert "登录" in r.text


# --- search ----------------------------------------------------------------------------------

def _uscc_of(rows) -> list[str]:
    return [row.uscc for row in rows]


def test_search_by_name_fragment(client, signed_in, world):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"q": "理发"})
    assert r.status_code == 200
    assert r.template.name == "admin/entities.html"
    assert _uscc_of(r.context["rows"]) == [world.entities["barber"]]
    assert "浦东新区张江理发店" in r.text
    assert "个体工商户" in r.text and "存续" in r.text and "2024-03-01" in r.text


def test_search_by_credit_code_as_typed(client, signed_in, world):
    signed_in("wjw")
    code = world.entities["school"]
    for typed in (code, code.lower(), f" {code[:8]} {code[8:]} "):
        r = client.get("/admin/entities", params={"q": typed})
        assert _uscc_of(r.context["rows"]) == [code], typed


def test_search_by_address_fragment(client, signed_in, world):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"q": "张江路4号"})
    assert _uscc_of(r.context["rows"]) == [world.entities["pharmacy"]]


def test_like_wildcards_in_the_query_are_literal(client, signed_in):
    signed_in("wjw")
    for q in ("%", "_", "\\"):
        r = client.get("/admin/entities", params={"q": q})
        assert r.context["rows"] == [], q
        assert "没有找到符合条件的市场主体" in r.text


def test_every_department_finds_every_entity_and_sees_its_own_remit(client, signed_in, world):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"q": "上海"})  # every address is in 上海市
    in_remit = {row.uscc: row.in_remit for row in r.context["rows"]}
    assert in_remit == {
        world.entities["restaurant"]: False, world.entities["barber"]: True, world.entities["school"]: False,
        world.entities["pharmacy"]: False, world.entities["plain"]: False,
    }
    assert "本部门监管" in r.text


def test_only_my_remit(client, signed_in, world):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"mine": "1"})
    assert _uscc_of(r.context["rows"]) == [world.entities["barber"]]


def test_search_pages_by_fifty_with_a_more_link(client, big_world, staff, signed_in):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"q": "上海"})
    first = r.context["rows"]
    assert len(first) == 50
    assert r.context["more_link"] == f"?q=%E4%B8%8A%E6%B5%B7&after={first[-1].id}"
    assert "更多结果" in r.text

    r = client.get("/admin/entities" + r.context["more_link"])
    second = r.context["rows"]
    assert len(second) == 65 - 50  # every address is in 上海市: the district's five and the 60 extra
    assert second[0].id > first[-1].id
    assert r.context["more_link"] is None
    assert "回到第一页" in r.text


def test_a_malformed_after_starts_from_the_beginning(client, signed_in):
    signed_in("wjw")
    r = client.get("/admin/entities", params={"after": "1 OR 1=1"})
    assert r.status_code == 200
    assert r.context["after"] is None
    assert len(r.context["rows"]) == 5


def test_statement_count_does_not_grow_with_the_page(client, big_world, staff, signed_in, db):
    signed_in("wjw")
    with count_statements(db) as small:
        client.get("/admin/entities", params={"q": "理发"})  # one row
    with count_statements(db) as large:
        client.get("/admin/entities", params={"q": "上海"})  # fifty rows
    assert small.count == large.count


# --- one entity's file -----------------------------------------------------------------------

def test_entity_in_remit_shows_phone_and_permits(client, signed_in, world):
    signed_in("wjw")

    r = client.get(f"/admin/entities/{world.entities['barber']}")

    assert r.status_code == 200
    assert r.template.name == "admin/entity.html"
    assert r.context["decision"].allowed is True
    file = r.context["file"]
    assert file.contact_phone == BARBER_PHONE
    assert [(p.item_name, p.number, p.issuing_department) for p in file.permits] == [
        ("公共场所卫生许可", HYGIENE_PERMIT, "测试区卫生健康委员会")]
    assert BARBER_PHONE in r.text
    assert HYGIENE_PERMIT in r.text
    assert "准予许可" in r.text and "2024-05-10" in r.text and "2029-05-09" in r.text
    assert "2024年3月1日" in r.text  # 成立日期 in prose
    explanation = r.context["explanation"]
    assert explanation.can_read_file is True
    assert "为什么我能看到" in r.text
    assert "谁审批、谁监管：本部门审批了该主体的“公共场所卫生许可”" in r.text


def test_entity_out_of_remit_shows_only_public_information(client, signed_in, world):
    signed_in("wjw")

    r = client.get(f"/admin/entities/{world.entities['restaurant']}")

    assert r.status_code == 200
    assert r.context["file"] is None
    assert not hasattr(r.context["public"], "contact_phone")
    assert RESTAURANT_PHONE not in r.text
    assert FOOD_PERMIT not in r.text
    assert "食品经营许可" not in r.text
    # public registration information is there
    assert "上海味道餐饮管理有限公司" in r.text
    assert world.entities["restaurant"] in r.text
    assert "上海市浦东新区张江路1号" in r.text
    assert "许可项目：餐饮服务。" in r.text
    assert "测试区市场监督管理局" in r.text  # 登记机关
    # and why not
    assert "非本部门监管对象，只能查看公示信息" in r.text
    assert r.context["explanation"].can_read_file is False
    assert r.context["explanation"].summary in r.text


def test_oversight_reads_every_file_and_every_responsible_department(client, signed_in, world):
    signed_in("dcs")

    r = client.get(f"/admin/entities/{world.entities['school']}")

    assert r.context["file"] is not None
    assert "021-58880003" in r.text
    departments = {reason.department_name for reason in r.context["explanation"].reasons}
    assert departments == {"测试区市场监督管理局", "测试区教育局", "测试区行政审批局"}
    assert "审管分离" in r.text


def test_unknown_credit_code_is_404(client, signed_in):
    signed_in("wjw")
    r = client.get(f"/admin/entities/{make_uscc(9999)}")
    assert r.status_code == 404
    assert r.template.name == "admin/error.html"
    assert "没有统一社会信用代码为" in r.text


def test_code_in_the_404_page_is_escaped(client, signed_in):
    signed_in("wjw")
    r = client.get("/admin/entities/%3Cscript%3Ealert(1)")
    assert r.status_code == 404
    assert r.template.name == "admin/error.html"
    assert "<script>" not in r.text
    assert "&lt;script&gt;" in r.text


def test_entity_pages_need_a_session(client, staff, world):
    r = client.get(f"/admin/entities/{world.entities['barber']}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/admin/login?next=%2Fadmin%2Fentities%2F")
