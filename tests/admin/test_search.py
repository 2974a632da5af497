"""一户一档 search (002 §六.3: searchable by name, industry, type, address): filters combine, survive paging,
and every department finds every entity (registration information is public) while its remit is marked."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from models.db import new_session
from supervision import entities
from tests.conftest import TODAY, actor_of, make_uscc


@pytest.fixture
def varied(world, staff):
    """Three more entities beside the district's five (all H6210 companies but the barber, an individual business)."""
    labels = {}
    with new_session(world.engine) as s:
        scj = actor_of(s, "T-SCJ")
        for label, n, name, kind, industry, address, scope in (
                ("mill", 21, "上海科苑粮食加工有限公司", "COMPANY", "C1310", "上海市浦东新区科苑路88号", "一般项目：谷物加工。"),
                ("snack", 22, "浦东新区祖冲之路小吃店", "INDIVIDUAL_BUSINESS", "6210", "上海市浦东新区祖冲之路12号", "一般项目：小吃制售。"),
                ("software", 23, "上海启明软件有限公司", "COMPANY", "I6510", "上海市浦东新区碧波路5号", "一般项目：软件开发。")):
            e = entities.register_entity(session=s, actor=scj, uscc=make_uscc(n, "2" if kind != "COMPANY" else "1"), name=name,
                                         entity_type=kind, legal_representative="王五", address=address, region="310115",
                                         industry_code=industry, business_scope=scope, established_on=date(2025, 6, 1),
                                         today=TODAY)
            labels[label] = e.uscc
        s.commit()
    return {**world.entities, **labels}


def _search(client, **params):
    r = client.get("/admin/entities", params=params)
    assert r.status_code == 200 and r.template.name == "admin/entities.html"
    return r, {row.uscc for row in r.context["rows"]}


DISTRICT = ("restaurant", "barber", "school", "pharmacy", "plain")


def test_industry_by_section_division_or_longer_prefix__002_s6_3(signed_in, varied):
    client = signed_in("wjw")
    mill = {varied["mill"]}
    for code in ("C", "c", "C13", "13", "C131", "C1310"):
        assert _search(client, industry=code)[1] == mill, code
    catering = {varied[k] for k in DISTRICT} | {varied["snack"]}  # 6210 is stored without its section letter
    for code in ("H", "H62", "62", "H6210"):
        assert _search(client, industry=code)[1] == catering, code
    assert _search(client, industry="I65")[1] == {varied["software"]}
    assert _search(client, industry="A")[1] == set()
    r, _rows = _search(client, industry="C13")
    assert 'value="C13"' in r.text and "农副食品加工业" in r.text  # the form keeps it; the row names the division


def test_a_code_that_is_no_industry_answers_with_a_message_not_with_everything(signed_in, varied):
    client = signed_in("wjw")
    for code in ("H13", "Z", "C1", "食品"):
        r, found = _search(client, industry=code)
        assert found == set(), code
        assert "国民经济行业代码" in r.text and "无效" in r.text


def test_industry_by_name_of_its_division_or_section(signed_in, varied):
    client = signed_in("wjw")
    assert _search(client, industry_name="餐饮")[1] == {varied[k] for k in DISTRICT} | {varied["snack"]}
    assert _search(client, industry_name="制造业")[1] == {varied["mill"]}  # 门类 C 制造业 takes in 13 农副食品加工业
    assert _search(client, industry_name="软件")[1] == {varied["software"]}
    assert _search(client, industry_name="航空运输")[1] == set()
    assert _search(client, industry="C", industry_name="餐饮")[1] == set()  # both given: both must hold


def test_entity_type_and_address(signed_in, varied):
    client = signed_in("wjw")
    assert _search(client, type="INDIVIDUAL_BUSINESS")[1] == {varied["barber"], varied["snack"]}
    assert _search(client, address="祖冲之路")[1] == {varied["snack"]}
    assert _search(client, address="理发")[1] == set()  # the barber's name, not its address
    assert _search(client, address="%")[1] == set()  # wildcards are literal
    assert _search(client, type="NOT_A_TYPE")[1] == {varied[k] for k in varied}  # an unknown type filters nothing
    r, _rows = _search(client, type="INDIVIDUAL_BUSINESS")
    assert '<option value="INDIVIDUAL_BUSINESS" selected>个体工商户</option>' in r.text


def test_filters_combine(signed_in, varied):
    client = signed_in("wjw")
    companies = {varied[k] for k in ("restaurant", "school", "pharmacy", "plain")}
    assert _search(client, industry="H", type="COMPANY")[1] == companies
    assert _search(client, industry="H", type="COMPANY", address="张江路4号")[1] == {varied["pharmacy"]}
    assert _search(client, q="明德", industry_name="餐饮", type="COMPANY")[1] == {varied["school"]}
    assert _search(client, q="明德", type="INDIVIDUAL_BUSINESS")[1] == set()


def test_the_filters_are_kept_in_the_next_page_link(signed_in, big_world):
    client = signed_in("wjw")
    filters = {"industry": "H62", "industry_name": "餐饮", "type": "COMPANY", "address": "张江路"}
    r, first = _search(client, **filters)
    assert len(first) == 50
    link = r.context["more_link"]
    assert {k: v[0] for k, v in parse_qs(urlsplit(link).query).items() if k != "after"} == filters
    r, second = _search(client, **{k: v[0] for k, v in parse_qs(urlsplit(link).query).items()})
    assert len(second) == 60 + 4 - 50 and not first & second  # the 60 extra companies and four of the district's
    assert r.context["more_link"] is None
    assert {k: v[0] for k, v in parse_qs(urlsplit(r.context["first_link"]).query).items()} == filters
    assert "回到第一页" in r.text


def test_the_remit_is_marked_and_only_mine_narrows_it(signed_in, varied):
    client = signed_in("wjw")
    r, found = _search(client, industry="H")
    assert {row.uscc for row in r.context["rows"] if row.in_remit} == {varied["barber"]}
    assert _search(client, industry="H", mine="1")[1] == {varied["barber"]}
    assert _search(client, industry="C", mine="1")[1] == set()
    assert _search(signed_in("dcs"), industry="H", mine="1")[1] == found  # OVERSIGHT: every file
