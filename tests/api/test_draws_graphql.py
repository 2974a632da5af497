"""双随机、一公开 through /graphql alone (seeds/004 §20–27): a department publishes its item list, plans, publishes the
hashes, draws once, and records results; the public sees the list, the announcement, the verification and the
results; another department sees none of the plan's tasks and cannot draw it."""
from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from sqlmodel import select

from models import InspectionPlan
from supervision import accounts, clock, inspections
from supervision.actors import SYSTEM
from tests.conftest import actor_of, count_statements, gql
from tests.supervision.test_inspections import as_committed_under_version_1

INSPECTORS = {"T-SCJ": ["scj-a", "scj-b", "scj-c"], "T-WJW": ["wjw-a", "wjw-b"]}
TODAY = clock.today()
START, END = (TODAY - timedelta(days=20)).isoformat(), (TODAY - timedelta(days=1)).isoformat()

SAVE = """mutation($input: SaveInspectionItemInput!) { saveInspectionItem(input: $input) { item { code } userErrors { code } } }"""
PUBLISH = """mutation($input: PublishListInput!) { publishList(input: $input) { publication { id version items { code } }
  userErrors { field code } } }"""
CREATE = """mutation($input: CreateInspectionPlanInput!) { createInspectionPlan(input: $input) {
  plan { id status resultsDue } userErrors { field code message } } }"""
COMMIT = """mutation($input: PlanActionInput!) { commitInspectionPlan(input: $input) { plan { id status seedHash snapshotHash }
  userErrors { field code message } } }"""
DRAW = """mutation($input: PlanActionInput!) { drawInspectionPlan(input: $input) { plan { id status drawnAt }
  userErrors { field code message } } }"""
TASKS = """query($first: Int) { inspectionTasks(first: $first) { edges { node { id objectKey status
  plan { name department { code } participations { department { code } } }
  entity { uscc name } inspectors { username certificateNo } results { result item { code } department { code } } } } } }"""
RESULT = """mutation($input: RecordInspectionResultInput!) { recordInspectionResult(input: $input) {
  task { id status summary publishedAt } userErrors { field code message } } }"""
ANNOUNCEMENTS = """{ drawAnnouncements { edges { node { planId planName status seedHash snapshotHash seed snapshot
  department { code } } } } }"""
VERIFY = """query($id: ID!) { verifyDraw(planId: $id) { matches snapshotHashOk seedHashOk resultOk message algorithm } }"""
PUBLISHED = """query($uscc: String) { publishedInspectionResults(uscc: $uscc) { edges { node { planName departmentName
  entityName uscc checkedOn result } } } }"""


def ok(body: dict) -> dict:
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
def w(world):
    with contextlib.closing(world.session()) as s:
        for code, names in INSPECTORS.items():
            for n in names:
                accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                                      department_code=code, roles=["INSPECTOR"], certificate_no=f"沪执{n}")
        s.commit()
    return world


def publish_items(w, code="T-SCJ"):
    with contextlib.closing(w.session()) as s:
        a = actor_of(s, code)
        inspections.save_inspection_item(session=s, actor=a, code="SCJ-01", name="企业公示信息情况", legal_basis="《企业信息公示暂行条例》",
                                         content="年报公示信息", method="书面检查")
        inspections.publish_list(session=s, actor=a, year=TODAY.year, kind="RANDOM_ITEMS", title="随机抽查事项清单", today=TODAY)
        s.commit()


def create_plan(client, w, team_size=2, ratio="1"):
    body = ok(gql(client, CREATE, {"input": {"name": "企业公示信息抽查", "year": TODAY.year, "itemCodes": ["SCJ-01"],
                                             "checkStart": START, "checkEnd": END, "teamSize": team_size, "ratio": ratio}},
                  w.keys["T-SCJ"]))["createInspectionPlan"]
    assert body["userErrors"] == []
    return body["plan"]["id"]


def test_publish_plan_commit_draw_verify_record_and_publish__s20_s21_s27(client, w):
    """Given a department's published list, when it plans, commits, draws and records, then the public sees the hashes
    before the draw, the seed after, a matching verification, and the published result."""
    scj = w.keys["T-SCJ"]
    assert ok(gql(client, SAVE, {"input": {"code": "scj-01", "name": "企业公示信息情况", "legalBasis": "《企业信息公示暂行条例》",
                                           "content": "年报", "method": "书面检查"}}, scj))["saveInspectionItem"]["item"]["code"] == "SCJ-01"
    pub = ok(gql(client, PUBLISH, {"input": {"year": TODAY.year, "kind": "RANDOM_ITEMS", "title": "随机抽查事项清单"}},
                 scj))["publishList"]["publication"]
    assert pub["items"] == [{"code": "SCJ-01"}]
    lists = ok(gql(client, "{ publishedLists(kind: RANDOM_ITEMS) { edges { node { title items { name } department { code } } } } }"))
    assert lists["publishedLists"]["edges"][0]["node"]["department"]["code"] == "T-SCJ"

    plan_id = create_plan(client, w)
    committed = ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, scj))["commitInspectionPlan"]["plan"]
    assert committed["status"] == "COMMITTED" and len(committed["seedHash"]) == 64
    [before] = ok(gql(client, ANNOUNCEMENTS))["drawAnnouncements"]["edges"]
    assert before["node"]["seedHash"] == committed["seedHash"] and before["node"]["seed"] is None
    assert ok(gql(client, VERIFY, {"id": plan_id}))["verifyDraw"] is None

    drawn = ok(gql(client, DRAW, {"input": {"planId": plan_id, "idempotencyKey": "draw-1"}}, scj))["drawInspectionPlan"]
    assert drawn["plan"]["status"] == "DRAWN"
    retried = ok(gql(client, DRAW, {"input": {"planId": plan_id, "idempotencyKey": "draw-1"}}, scj))["drawInspectionPlan"]
    assert retried == drawn  # a retry with the same key answers the first result
    again = ok(gql(client, DRAW, {"input": {"planId": plan_id}}, scj))["drawInspectionPlan"]
    assert again["plan"] is None and again["userErrors"][0]["code"] == "ALREADY_DONE"
    [after] = ok(gql(client, ANNOUNCEMENTS))["drawAnnouncements"]["edges"]
    assert after["node"]["seed"] and after["node"]["snapshot"]
    v = ok(gql(client, VERIFY, {"id": plan_id}))["verifyDraw"]
    assert v["matches"] and v["algorithm"] == "jianguan-draw/2"

    tasks = ok(gql(client, TASKS, {"first": 50}, scj))["inspectionTasks"]["edges"]
    assert len(tasks) == 5
    first = tasks[0]["node"]
    assert len(first["inspectors"]) == 2 and all(i["certificateNo"] for i in first["inspectors"])
    rec = ok(gql(client, RESULT, {"input": {"taskId": first["id"], "itemCode": "SCJ-01", "result": "PROBLEMS_FOUND",
                                            "checkedOn": (TODAY - timedelta(days=5)).isoformat(),
                                            "description": "年报公示信息与实际不符"}}, scj))["recordInspectionResult"]
    assert rec["userErrors"] == [] and rec["task"]["status"] == "DONE"
    published = ok(gql(client, PUBLISHED, {"uscc": first["entity"]["uscc"]}))["publishedInspectionResults"]["edges"]
    assert [(p["node"]["planName"], p["node"]["result"]) for p in published] == [("企业公示信息抽查", "PROBLEMS_FOUND")]


def test_verify_draw_reports_the_algorithm_a_plan_was_committed_under__s21(client, w):
    """A plan whose snapshot was published under jianguan-draw/1 still verifies, and says so."""
    publish_items(w)
    scj = w.keys["T-SCJ"]
    plan_id = create_plan(client, w, ratio="0.5")
    ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, scj))
    with contextlib.closing(w.session()) as s:
        as_committed_under_version_1(s, s.exec(select(InspectionPlan.id)).one())
    ok(gql(client, DRAW, {"input": {"planId": plan_id}}, scj))
    v = ok(gql(client, VERIFY, {"id": plan_id}))["verifyDraw"]
    assert v["matches"] and v["resultOk"] and v["algorithm"] == "jianguan-draw/1"


def test_another_department_cannot_draw_or_see_the_plan_or_its_tasks__s21(client, w):
    publish_items(w)
    inspectors = "{ inspectorDirectory { username certificateNo } }"
    assert [i["username"] for i in ok(gql(client, inspectors, None, w.keys["T-SCJ"]))["inspectorDirectory"]] == INSPECTORS["T-SCJ"]
    assert ok(gql(client, inspectors))["inspectorDirectory"] == []
    plan_id = create_plan(client, w)
    wjw = w.keys["T-WJW"]
    refused = ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, wjw))["commitInspectionPlan"]
    assert refused["plan"] is None and refused["userErrors"][0]["code"] == "NOT_FOUND"
    ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, w.keys["T-SCJ"]))
    refused = ok(gql(client, DRAW, {"input": {"planId": plan_id}}, wjw))["drawInspectionPlan"]
    assert refused["userErrors"][0]["code"] == "NOT_FOUND"
    ok(gql(client, DRAW, {"input": {"planId": plan_id}}, w.keys["T-SCJ"]))
    scj_tasks = ok(gql(client, TASKS, {"first": 50}, w.keys["T-SCJ"]))["inspectionTasks"]["edges"]
    for who in ("T-WJW", "public"):
        assert ok(gql(client, TASKS, {"first": 50}, w.keys[who]))["inspectionTasks"]["edges"] == []
        assert ok(gql(client, "{ inspectionPlans { edges { node { id } } } }", None, w.keys[who]))["inspectionPlans"]["edges"] == []
        node = ok(gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": scj_tasks[0]["node"]["id"]}, w.keys[who]))
        assert node["node"] is None
    oversight = ok(gql(client, TASKS, {"first": 50}, w.keys["T-DCS"]))["inspectionTasks"]["edges"]
    assert len(oversight) == len(scj_tasks)


def test_too_few_certified_inspectors_is_a_user_error_that_draws_nothing__s21(client, w):
    publish_items(w)
    plan_id = create_plan(client, w, team_size=4)
    body = ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, w.keys["T-SCJ"]))["commitInspectionPlan"]
    assert body["plan"] is None and body["userErrors"][0]["code"] == "TOO_FEW_INSPECTORS"
    assert ok(gql(client, ANNOUNCEMENTS))["drawAnnouncements"]["edges"] == []


def test_task_list_statement_count_does_not_grow_with_tasks(client, w, db):
    """No N+1: a page of tasks with plan, department, entity, inspectors and results costs the same for 5 as for 10."""
    publish_items(w)
    scj = w.keys["T-SCJ"]
    with contextlib.closing(w.session()) as s:  # enough inspectors for a second cycle that avoids the first (§21)
        for n in ("scj-d", "scj-e"):
            accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                                  department_code="T-SCJ", roles=["INSPECTOR"], certificate_no=f"沪执{n}")
        s.commit()

    def plan_and_draw(count):
        pid = ok(gql(client, CREATE, {"input": {"name": f"抽查{count}", "year": TODAY.year, "itemCodes": ["SCJ-01"],
                                                "checkStart": START, "checkEnd": END, "count": count}}, scj))
        pid = pid["createInspectionPlan"]["plan"]["id"]
        ok(gql(client, COMMIT, {"input": {"planId": pid}}, scj))
        ok(gql(client, DRAW, {"input": {"planId": pid}}, scj))

    def measure():
        gql(client, TASKS, {"first": 50}, scj)  # warm: the catalogue is cached
        with count_statements(db) as c:
            body = ok(gql(client, TASKS, {"first": 50}, scj))
        return c.count, len(body["inspectionTasks"]["edges"])

    plan_and_draw(5)
    small, n_small = measure()
    plan_and_draw(5)
    large, n_large = measure()
    assert n_large > n_small > 0
    assert large == small


def test_a_listed_entity_drawn_for_a_spot_check_carries_its_flag_in_the_task__002_s5_5(client, w):
    """一处失信，处处受限: the drawing department sees the dishonesty-list flag in the draw's own answer."""
    from supervision import credit
    with contextlib.closing(w.session()) as s:
        credit.list_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=w.entities["restaurant"],
                           list_kind="ABNORMAL_OPERATION", reason="通过登记的住所无法联系", basis="《企业信息公示暂行条例》第十七条",
                           listed_on=TODAY, today=TODAY)
        s.commit()
    publish_items(w)
    plan_id = create_plan(client, w)
    scj = w.keys["T-SCJ"]
    ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, scj))
    ok(gql(client, DRAW, {"input": {"planId": plan_id}}, scj))
    edges = ok(gql(client, "{ inspectionTasks(first: 50) { edges { node { entity { uscc } creditAlerts { listFlags } } } } }",
                   token=scj))["inspectionTasks"]["edges"]
    flags = {e["node"]["entity"]["uscc"]: e["node"]["creditAlerts"]["listFlags"] for e in edges}
    assert flags[w.entities["restaurant"]] == ["ABNORMAL_OPERATION"]
    assert all(v == [] for k, v in flags.items() if k != w.entities["restaurant"])


ENTITY_FILE_TASKS = """query($uscc: String!, $first: Int, $after: String) { entity(uscc: $uscc) { name
  inspections(first: $first, after: $after) { edges { cursor node { id objectKey status plan { name } } }
    pageInfo { hasNextPage endCursor } } } }"""
LIST_TASKS = """query($n: Int) { entities(first: $n) { edges { node { uscc inspections(first: 2) { edges { node { id } } } } } } }"""


def _drawn_plans(client, w, names=("企业公示信息抽查", "企业公示信息复查")):
    """Two drawn plans of T-SCJ over its whole directory (ratio 1): each entity in it has two tasks. Two more
    inspectors join first, as the second team must avoid both who visited the object in the first (§21)."""
    publish_items(w)
    with contextlib.closing(w.session()) as s:
        for n in ("scj-d", "scj-e"):
            accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                                  department_code="T-SCJ", roles=["INSPECTOR"], certificate_no=f"沪执{n}")
        s.commit()
    for name in names:
        plan_id = ok(gql(client, CREATE, {"input": {"name": name, "year": TODAY.year, "itemCodes": ["SCJ-01"],
                                                    "checkStart": START, "checkEnd": END, "teamSize": 2, "ratio": "1"}},
                         w.keys["T-SCJ"]))["createInspectionPlan"]["plan"]["id"]
        ok(gql(client, COMMIT, {"input": {"planId": plan_id}}, w.keys["T-SCJ"]))
        ok(gql(client, DRAW, {"input": {"planId": plan_id}}, w.keys["T-SCJ"]))


def test_an_entity_file_lists_the_viewers_inspections_newest_first_in_pages__s21(client, w):
    """Given two drawn plans over an entity, its file shows the department's two tasks, the newer plan first, a page
    at a time; another department and the public see none, oversight sees both."""
    _drawn_plans(client, w)
    uscc = ok(gql(client, TASKS, {"first": 1}, w.keys["T-SCJ"]))["inspectionTasks"]["edges"][0]["node"]["entity"]["uscc"]
    page1 = ok(gql(client, ENTITY_FILE_TASKS, {"uscc": uscc, "first": 1}, w.keys["T-SCJ"]))["entity"]["inspections"]
    assert [e["node"]["plan"]["name"] for e in page1["edges"]] == ["企业公示信息复查"]
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = ok(gql(client, ENTITY_FILE_TASKS, {"uscc": uscc, "first": 1, "after": page1["pageInfo"]["endCursor"]},
                   w.keys["T-SCJ"]))["entity"]["inspections"]
    assert [e["node"]["plan"]["name"] for e in page2["edges"]] == ["企业公示信息抽查"]
    assert page2["pageInfo"]["hasNextPage"] is False
    assert all(e["node"]["objectKey"] == uscc and e["node"]["status"] == "OPEN" for e in page1["edges"] + page2["edges"])
    for who in ("T-WJW", "public"):
        assert ok(gql(client, ENTITY_FILE_TASKS, {"uscc": uscc, "first": 5}, w.keys[who]))["entity"]["inspections"]["edges"] == []
    oversight = ok(gql(client, ENTITY_FILE_TASKS, {"uscc": uscc, "first": 5}, w.keys["T-DCS"]))["entity"]["inspections"]
    assert len(oversight["edges"]) == 2


def test_inspections_of_a_page_of_entities_take_the_same_statements_for_2_or_20_entities(client, w):
    _drawn_plans(client, w)
    with count_statements(w.engine) as few:
        small = ok(gql(client, LIST_TASKS, {"n": 2}, w.keys["T-SCJ"]))["entities"]["edges"]
    with count_statements(w.engine) as many:
        large = ok(gql(client, LIST_TASKS, {"n": 20}, w.keys["T-SCJ"]))["entities"]["edges"]
    assert len(small) == 2 and len(large) > 2
    assert sum(len(e["node"]["inspections"]["edges"]) for e in large) > sum(len(e["node"]["inspections"]["edges"]) for e in small)
    assert many.count == few.count
