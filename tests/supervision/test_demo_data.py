"""The demo catalogue and the demo market entities: integrity, realism checks and determinism."""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import date

import pytest
from stdnum.cn import uscc as stdnum_uscc

from models.enums import (
    LEVEL_RANK,
    DepartmentKind,
    DepartmentLevel,
    EntityStatus,
    EntityType,
    PermitItemStatus,
    PermitMode,
    PermitStatus,
)
from supervision.demo import generate
from supervision.uscc import is_valid as uscc_valid
from supervision.demo.generate import (
    DEMO_TODAY,
    ESTABLISHED_FROM,
    ESTABLISHED_TO,
    PROFILES,
    generate_entities,
    load_catalogue,
    make_uscc,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
APPROVAL_STATUSES = {"ACTIVE", "DELEGATED", "SEPARATED"}
# GB/T 4754-2017: section letter -> range of two-digit divisions.
SECTIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 97), "T": (98, 98),
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def depts(catalogue):
    return {d["code"]: d for d in catalogue["departments"]}


@pytest.fixture(scope="module")
def items(catalogue):
    return {it["code"]: it for it in catalogue["permitItems"]}


@pytest.fixture(scope="module")
def entities():
    return generate_entities()


def _needed(scope: str, items: dict) -> list[dict]:
    return [it for it in items.values() if any(p in scope for p in it["scopePhrases"])]


def _org_check(body: str) -> str:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def _assert_valid_uscc(code: str) -> None:
    assert isinstance(code, str) and len(code) == 18, code
    assert all(c in ALPHABET for c in code), code
    assert code[2:8].isdigit(), code
    assert stdnum_uscc.calc_check_digit(code[:17]) == code[17], code
    assert _org_check(code[8:16]) == code[16], f"organisation code check character of {code}"


# --------------------------------------------------------------------------------------------
# Catalogue

def test_catalogue_file_is_plain_json_with_version(catalogue):
    text = generate.CATALOGUE_PATH.read_text(encoding="utf-8")
    assert json.loads(text) == catalogue
    assert catalogue["version"] == 1
    assert set(catalogue) == {"version", "departments", "permitItems"}


def test_departments_are_well_formed(catalogue, depts):
    assert len(catalogue["departments"]) >= 14
    assert len(depts) == len(catalogue["departments"]), "department codes must be unique"
    kinds_all = {k.value for k in DepartmentKind}
    for d in catalogue["departments"]:
        assert set(d) == {"code", "name", "level", "region", "kinds", "creditCode"}
        assert uscc_valid(d["creditCode"]) and d["creditCode"][:2] == "11", d  # 机关: authority 1, category 1
        assert d["creditCode"][2:8] == d["region"], d
        assert re.fullmatch(r"[A-Z0-9][A-Z0-9\-]{0,31}", d["code"]), d["code"]
        assert d["level"] in {lv.value for lv in DepartmentLevel}
        assert re.fullmatch(r"\d{6}", d["region"]), d
        assert d["kinds"] and set(d["kinds"]) <= kinds_all, d
        assert len(set(d["kinds"])) == len(d["kinds"])
        assert re.search(r"[\u4e00-\u9fff]", d["name"])
        if "STREET" in d["kinds"]:
            assert d["level"] == "STREET", d
        if d["level"] in ("DISTRICT", "STREET"):
            assert d["region"] == "310115", d
    assert len({d["creditCode"] for d in catalogue["departments"]}) == len(catalogue["departments"])
    present = {k for d in catalogue["departments"] for k in d["kinds"]}
    assert present == kinds_all, f"missing kinds: {kinds_all - present}"
    levels = {d["level"] for d in catalogue["departments"]}
    assert {"NATIONAL", "CITY", "DISTRICT", "STREET"} <= levels


def test_expected_pudong_departments_present(catalogue):
    names = {d["name"] for d in catalogue["departments"]}
    for name in ("浦东新区市场监督管理局", "浦东新区行政审批局", "浦东新区卫生健康委员会", "浦东新区教育局",
                 "浦东新区民政局", "浦东新区人力资源和社会保障局", "浦东新区生态环境局", "浦东新区应急管理局",
                 "浦东新区建设和交通委员会", "浦东新区文化体育和旅游局", "浦东新区商务委员会",
                 "浦东新区城市管理行政执法局", "上海市公安局浦东分局", "浦东新区发展和改革委员会",
                 "浦东新区大数据中心", "上海市药品监督管理局"):
        assert name in names
    by_name = {d["name"]: d for d in catalogue["departments"]}
    assert {"REGISTRATION", "APPROVAL", "ENFORCEMENT"} <= set(by_name["浦东新区市场监督管理局"]["kinds"])
    assert "JUDICIAL" in by_name["上海市公安局浦东分局"]["kinds"]
    assert "CREDIT" in by_name["浦东新区发展和改革委员会"]["kinds"]
    assert by_name["浦东新区大数据中心"]["kinds"] == ["OPERATOR"]


def test_permit_items_are_well_formed(catalogue, depts, items):
    assert len(catalogue["permitItems"]) >= 32
    assert len(items) == len(catalogue["permitItems"]), "item codes must be unique"
    fields = {"code", "name", "legalBasis", "approvingDepartment", "competentDepartment", "level", "mode",
              "noticeCommitment", "status", "delegatedTo", "highRisk", "timeLimitDays", "scopePhrases"}
    for it in catalogue["permitItems"]:
        assert fields <= set(it) <= fields | {"enforcementDepartment"}, it["code"]
        assert it.get("enforcementDepartment") in (None, *depts), it["code"]
        assert re.fullmatch(r"[A-Z0-9][A-Z0-9\-]{0,31}", it["code"])
        assert it["mode"] in {m.value for m in PermitMode}
        assert it["status"] in {s.value for s in PermitItemStatus}
        assert it["level"] in {lv.value for lv in DepartmentLevel}
        assert isinstance(it["noticeCommitment"], bool) and isinstance(it["highRisk"], bool)
        assert "《" in it["legalBasis"] and "》" in it["legalBasis"], it["code"]
        approving, competent = depts[it["approvingDepartment"]], depts[it["competentDepartment"]]
        assert it["level"] == approving["level"], it["code"]
        assert "COMPETENT" in competent["kinds"], it["code"]
        if it["status"] == "DELEGATED":
            lower = depts[it["delegatedTo"]]
            assert LEVEL_RANK[DepartmentLevel(lower["level"])] > LEVEL_RANK[DepartmentLevel(approving["level"])], it["code"]
            assert "APPROVAL" in lower["kinds"]
        else:
            assert it["delegatedTo"] is None, it["code"]
        if it["status"] in APPROVAL_STATUSES:
            issuer = depts[it["delegatedTo"] or it["approvingDepartment"]]
            assert "APPROVAL" in issuer["kinds"], it["code"]
            assert isinstance(it["timeLimitDays"], int) and 0 < it["timeLimitDays"] <= 365, it["code"]
        else:
            assert it["timeLimitDays"] is None, it["code"]
        if it["status"] == "SEPARATED":
            assert it["approvingDepartment"] != it["competentDepartment"]
            assert "COMPETENT" not in approving["kinds"], "审管分离: the approval bureau does not supervise"
        if it["noticeCommitment"]:
            assert it["status"] in APPROVAL_STATUSES and not it["highRisk"], it["code"]


def test_required_statuses_and_modes(catalogue):
    status = Counter(it["status"] for it in catalogue["permitItems"])
    mode = Counter(it["mode"] for it in catalogue["permitItems"])
    assert status["CANCELLED"] >= 3
    assert status["FILING"] >= 3
    assert status["SEPARATED"] >= 3
    assert status["DELEGATED"] >= 2
    assert status["ACTIVE"] >= 10
    assert mode["PRE_REGISTRATION"] >= 2
    assert mode["POST_REGISTRATION"] >= 32
    assert sum(it["highRisk"] for it in catalogue["permitItems"]) >= 4


def test_high_risk_covers_the_four_sectors(catalogue, depts):
    def sector(it):
        names = it["name"] + depts[it["approvingDepartment"]]["name"] + depts[it["competentDepartment"]]["name"]
        if "养老" in it["name"]:
            return "elderly"
        if "教育" in depts[it["competentDepartment"]]["name"]:
            return "education"
        if "金融" in names or "人民银行" in names:
            return "finance"
        if "危险化学品" in it["name"]:
            return "hazardous chemicals"
        return None

    covered = set()
    for it in catalogue["permitItems"]:
        s = sector(it)
        if s:
            assert it["highRisk"], f"{it['code']} {it['name']} is in a high-risk sector (§43)"
            covered.add(s)
    assert covered == {"elderly", "education", "finance", "hazardous chemicals"}
    elderly = [it for it in catalogue["permitItems"] if "养老" in it["name"]]
    assert elderly and all(it["status"] == "FILING" for it in elderly), "养老机构设立许可 was changed to filing"


def test_scope_phrases_are_unambiguous(catalogue):
    phrases = set()
    for it in catalogue["permitItems"]:
        assert 1 <= len(it["scopePhrases"]) <= 4, it["code"]
        assert len(set(it["scopePhrases"])) == len(it["scopePhrases"])
        for p in it["scopePhrases"]:
            assert p == p.strip() and p and "；" not in p and "。" not in p, p
            phrases.add(p)
    for p in phrases:
        for q in phrases:
            assert p == q or p not in q, f"scope phrase “{p}” is part of “{q}”: a scope would match both"


# --------------------------------------------------------------------------------------------
# Unified social credit codes

@pytest.mark.parametrize("authority,kind", [("9", "1"), ("9", "2"), ("9", "3"), ("1", "1"), ("5", "2"), ("N", "2"), ("Y", "1")])
def test_make_uscc_is_valid(authority, kind):
    rng = random.Random(7)
    for _ in range(200):
        code = make_uscc(rng, authority=authority, kind=kind)
        _assert_valid_uscc(code)
        assert code[:8] == authority + kind + "310115"
        assert code[8:10] == "MA"
        if authority.isdigit() and kind.isdigit():
            assert stdnum_uscc.is_valid(code)


def test_make_uscc_is_deterministic_and_checks_input():
    assert make_uscc(random.Random(1)) == make_uscc(random.Random(1))
    assert make_uscc(random.Random(1)) != make_uscc(random.Random(2))
    assert make_uscc(random.Random(1), region="310104")[2:8] == "310104"
    with pytest.raises(ValueError):
        make_uscc(random.Random(1), region="31011")
    with pytest.raises(ValueError):
        make_uscc(random.Random(1), authority="I")


def test_known_code_check_character():
    # A published code: the check character computed the same way.
    assert stdnum_uscc.calc_check_digit("91110000600037341") == "L"


# --------------------------------------------------------------------------------------------
# Entities

def test_default_count_and_keys(entities):
    assert len(entities) >= 200
    assert len(generate_entities(n=37, seed=5)) == 37
    keys = {"uscc", "name", "entityType", "legalRepresentative", "address", "region", "industryCode",
            "businessScope", "establishedOn", "status", "contactPhone", "permits"}
    for e in entities:
        assert set(e) == keys


def test_generation_is_deterministic():
    a = generate_entities()
    b = generate_entities()
    assert a == b
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
    assert generate_entities(seed=20261124) != a
    assert generate_entities(n=60, seed=3) == generate_entities(n=60, seed=3)


def test_codes_are_valid_unique_and_match_the_entity_type(entities):
    codes = [e["uscc"] for e in entities]
    assert len(set(codes)) == len(codes)
    expected = {"INDIVIDUAL_BUSINESS": ("9", "2"), "FARMER_COOPERATIVE": ("9", "3")}
    for e in entities:
        _assert_valid_uscc(e["uscc"])
        assert e["uscc"][2:8] == e["region"] == "310115"
        if e["entityType"] == "OTHER":
            assert e["uscc"][0] in "NY"
        else:
            assert tuple(e["uscc"][:2]) == expected.get(e["entityType"], ("9", "1")), e["name"]
    authorities = Counter(c[0] for c in codes)
    assert authorities["N"] >= 1 and authorities["Y"] >= 1, "codes with letter authorities exercise the validator"


def test_names_are_unique_and_realistic(entities):
    names = [e["name"] for e in entities]
    assert len(set(names)) == len(names)
    for e in entities:
        name, etype = e["name"], e["entityType"]
        assert re.fullmatch(r"[\u4e00-\u9fff（）0-9]+", name), name
        if etype == "INDIVIDUAL_BUSINESS":
            assert name.startswith("浦东新区"), name
        elif etype == "FARMER_COOPERATIVE":
            assert name.endswith("专业合作社"), name
        elif etype == "PARTNERSHIP":
            assert name.endswith("合伙企业（有限合伙）"), name
        elif etype == "BRANCH":
            assert "有限公司" in name and name.endswith("分公司"), name
        elif etype == "FOREIGN_INVESTED":
            assert "（上海）" in name and name.endswith("有限公司"), name
        elif etype == "COMPANY":
            assert name.startswith("上海") and name.endswith("有限公司"), name
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", e["legalRepresentative"]), e["legalRepresentative"]


def test_type_and_status_mix(entities):
    types = Counter(e["entityType"] for e in entities)
    assert set(types) == {t.value for t in EntityType}
    assert types.most_common(1)[0][0] == "COMPANY"
    assert 0.12 <= types["INDIVIDUAL_BUSINESS"] / len(entities) <= 0.30
    statuses = Counter(e["status"] for e in entities)
    assert set(statuses) == {s.value for s in EntityStatus}
    assert statuses["ACTIVE"] / len(entities) >= 0.8


def test_fields_look_real(entities):
    for e in entities:
        assert e["address"].startswith(("上海市浦东新区", "中国（上海）自由贸易试验区")), e["address"]
        assert "号" in e["address"]
        assert re.fullmatch(r"021-\d{8}|1[3-9]\d{9}", e["contactPhone"]), e["contactPhone"]
        established = date.fromisoformat(e["establishedOn"])
        assert ESTABLISHED_FROM <= established <= ESTABLISHED_TO
        m = re.fullmatch(r"([A-T])(\d{2})(\d{2})", e["industryCode"])
        assert m, e["industryCode"]
        lo, hi = SECTIONS[m.group(1)]
        assert lo <= int(m.group(2)) <= hi, f"{e['industryCode']}: division outside its section"


def test_business_scope_reads_like_a_licence(entities, items):
    for e in entities:
        scope = e["businessScope"]
        assert scope.endswith(("。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
                               "【依法须经批准的项目，经相关部门批准后方可开展经营活动】")), scope
        if scope.startswith(("许可项目：", "一般项目：")):
            approval = [it for it in _needed(scope, items) if it["status"] in APPROVAL_STATUSES]
            assert scope.startswith("许可项目：") == bool(approval), scope
            if approval:
                licensed = scope.split("一般项目：")[0]
                for it in approval:
                    assert any(p in licensed for p in it["scopePhrases"]), (it["code"], scope)


def test_most_entities_need_a_catalogue_item(entities, items):
    share = sum(1 for e in entities if _needed(e["businessScope"], items)) / len(entities)
    assert 0.6 <= share <= 0.85, share


def test_profile_phrases_are_consistent_with_the_catalogue(items):
    phrases = [p for it in items.values() for p in it["scopePhrases"]]
    for profile in PROFILES:
        for general in profile["general"]:
            hits = [p for p in phrases if p in general]
            assert not hits, f"general phrase “{general}” would call for {hits}"
        for code, probability, choices, industry in profile["items"]:
            assert code in items and 0 < probability <= 1
            assert set(choices or ()) <= set(items[code]["scopePhrases"])
        for industry in profile["industries"]:
            assert re.fullmatch(r"[A-T]\d{4}", industry)
        assert profile["types"] and set(profile["types"]) <= {t.value for t in EntityType}


def test_industry_follows_the_business(entities, items):
    section = {"PD-SP-002": "C", "PD-YP-001": "F", "PD-WS-003": "Q", "PD-JT-002": "G", "PD-JS-001": "E",
               "PD-WH-002": "R", "PD-DX-001": "I", "PD-JR-004": "J", "PD-WS-002": "H"}
    for e in entities:
        for it in _needed(e["businessScope"], items):
            if it["code"] in section:
                assert e["industryCode"][0] == section[it["code"]], (e["name"], it["code"], e["industryCode"])


# --------------------------------------------------------------------------------------------
# Permits

def test_permits_match_the_scope_and_the_catalogue(entities, items):
    for e in entities:
        seen = set()
        for p in e["permits"]:
            item = items[p["itemCode"]]
            assert item["status"] in APPROVAL_STATUSES, p
            assert any(ph in e["businessScope"] for ph in item["scopePhrases"]), (e["name"], p["itemCode"])
            assert p["itemCode"] not in seen, "one permit record per item"
            seen.add(p["itemCode"])
            assert set(p) == {"itemCode", "number", "decisionDate", "validFrom", "validTo", "status"}
            assert p["status"] in {s.value for s in PermitStatus}
            assert p["number"] and len(p["number"]) <= 64


def test_permit_numbers_are_unique(entities):
    numbers = [p["number"] for e in entities for p in e["permits"]]
    assert len(set(numbers)) == len(numbers)
    per_item = [(p["itemCode"], p["number"]) for e in entities for p in e["permits"]]
    assert len(set(per_item)) == len(per_item)
    food = [p["number"] for e in entities for p in e["permits"] if p["itemCode"] == "PD-SP-001"]
    assert food and all(re.fullmatch(r"JY[12]310115\d{7}", n) for n in food)


def test_permit_dates_and_statuses(entities, items):
    statuses = Counter()
    for e in entities:
        established = date.fromisoformat(e["establishedOn"])
        for p in e["permits"]:
            statuses[p["status"]] += 1
            decided = date.fromisoformat(p["decisionDate"])
            start = date.fromisoformat(p["validFrom"])
            end = date.fromisoformat(p["validTo"]) if p["validTo"] else None
            assert decided <= DEMO_TODAY and decided <= start
            assert end is None or end > start
            if items[p["itemCode"]]["mode"] == "PRE_REGISTRATION":
                assert decided < established, "a pre-registration approval comes before the licence"
            else:
                assert decided > established
            if p["status"] == "EXPIRED":
                assert end is not None and end < DEMO_TODAY
            elif p["status"] in ("GRANTED", "CHANGED"):
                assert end is None or end >= DEMO_TODAY
            if e["status"] != "ACTIVE":
                assert p["status"] not in ("GRANTED", "CHANGED"), (e["name"], p)
    assert statuses["GRANTED"] > sum(statuses.values()) / 2
    assert statuses["EXPIRED"] and statuses["REVOKED"] and statuses["CHANGED"]


def test_share_of_needed_items_with_a_permit(entities, items):
    needed = held = 0
    for e in entities:
        have = {p["itemCode"] for p in e["permits"]}
        for it in _needed(e["businessScope"], items):
            if it["status"] not in APPROVAL_STATUSES:
                continue
            needed += 1
            held += it["code"] in have
            if it["mode"] == "PRE_REGISTRATION":
                assert it["code"] in have, "a pre-registration item is always held"
    assert 0.45 <= held / needed <= 0.75, held / needed


def test_demo_today_is_fixed():
    assert DEMO_TODAY == date(2026, 11, 23)
