"""双告知 · 双反馈 · 双跟踪 and the oversight view through /graphql alone (seeds/004 §6–18, §42–44).

A partner system registers an entity; each department told sees its push, acknowledges it, records
a tracking inspection and the permit; a department not named sees none of it. Deadlines are shown
as the working-day calendar computes them; every act is audited; every bad input is a userError
that writes nothing; a refused act is a top-level FORBIDDEN; lists cost the same number of SQL
statements whatever their length.
"""
from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select
from strawberry import relay

from models import Department, MarketEntity, Notification, PoolEntry, TrackingTask
from supervision import accounts, catalogue, clock, entities as entities_mod, tracking
from supervision.actors import SYSTEM
from supervision.calendar import load_calendar
from supervision.clock import CST
from supervision.workdays import add_months, default_calendar
from models.db import new_session
from tests.conftest import CATALOGUE, COMMITMENT, actor_of, count_statements, gql, make_uscc
from tests.supervision.test_notices import EXTRA_DEPARTMENTS, district_catalogue

TABLES = ("market_entity", "registration_notice", "commitment", "notification", "pool_entry", "pool_claim",
          "tracking_task", "tracking_inspection", "investigation", "permit_application", "permit", "joint_review",
          "joint_review_opinion", "pre_approval", "supervision_notice", "audit_record", "entity_assignment",
          "idempotency_record")
STAFF = {"T-SCJ": ["scj-wang", "scj-li"], "T-WJW": ["wjw-sun", "wjw-zhou"], "T-SPJ": ["spj-chen", "spj-liu"]}


@pytest.fixture
def w(world):
    """The five-entity district, with a street, an enforcement bureau, a city-level item (§13), a
    pre-registration item (§42), keys for the new departments, and two staff in three departments."""
    with contextlib.closing(world.session()) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=district_catalogue())
        s.flush()
        for d in EXTRA_DEPARTMENTS:
            world.keys[d["code"]] = accounts.create_api_key(session=s, actor=SYSTEM, name=d["code"],
                                                            department_code=d["code"]).token
        for code, names in STAFF.items():
            for name in names:
                accounts.create_staff(session=s, actor=SYSTEM, username=name, display_name=f"{name}（检查员）",
                                      password="x" * 12, department_code=code, roles=["OFFICER"])
        s.commit()
    return world


def key(w, who: str | None) -> str | None:
    return None if who is None else w.keys[who]


def data(client, w, who, query: str, variables: dict | None = None) -> dict:
    body = gql(client, query, variables, key(w, who))
    assert "errors" not in body, body
    return body["data"]


def counts(w) -> dict[str, int]:
    with contextlib.closing(w.session()) as s:
        return {t: s.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}


def acts_audited(w) -> dict[str, int]:
    with contextlib.closing(w.session()) as s:
        return dict(s.execute(sa.text("SELECT act, COUNT(*) FROM audit_record GROUP BY act")).all())


def gid(type_name: str, pk: int) -> str:
    return relay.to_base64(type_name, pk)


def pk(global_id: str) -> int:
    return int(relay.from_base64(global_id)[1])


def edges(conn: dict) -> list[dict]:
    return [e["node"] for e in conn["edges"]]


def calendar(w):
    with contextlib.closing(w.session()) as s:
        return load_calendar(s)


def register_via_domain(w, n: int, scope: str, now: datetime, *, commitment=COMMITMENT) -> str:
    """A registration made earlier (the domain takes an explicit `now`); returns its credit code."""
    with contextlib.closing(w.session()) as s:
        e = entities_mod.register_entity(
            session=s, actor=actor_of(s, "T-SCJ"), uscc=make_uscc(n), name=f"上海早前登记{n}号有限公司",
            entity_type="COMPANY", legal_representative="王五", address=f"上海市浦东新区川沙路{n}号", region="310115",
            industry_code="H6210", business_scope=scope, established_on=date(2024, 3, 1), contact_phone="021-50000000",
            commitment=commitment, today=clock.to_cst_date(now), now=now)
        s.commit()
        return e.uscc


def months_ago(n: int) -> datetime:
    """A working day about `n` months before today, at 10:00 China Standard Time."""
    day = add_months(clock.today(), -n)
    while not default_calendar().is_working_day(day):
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, tzinfo=CST)


REGISTER = """
mutation($input: RegisterEntityInput!) {
  registerEntity(input: $input) {
    entity { id uscc notice { issuedOn department { code } items { code name departmentCode departmentName filing }
                              commitment { signerName signerRole signedOn } } }
    userErrors { field code message }
  }
}"""


def register_input(n: int, scope: str, **over) -> dict:
    inp = {"uscc": make_uscc(n), "name": f"上海新登记{n}号有限公司", "entityType": "COMPANY", "legalRepresentative": "李四",
           "address": f"上海市浦东新区世纪大道{n}号", "region": "310115", "industryCode": "H6210", "businessScope": scope,
           "establishedOn": "2025-06-01", "contactPhone": "021-66660000",
           "commitment": {"signerName": "李四", "signerRole": "LEGAL_REPRESENTATIVE", "signedOn": "2025-06-01"}}
    return {**inp, **over}


NOTIFICATIONS = """
query($filter: NotificationFilter) {
  notifications(filter: $filter, first: 100) { edges { node {
    id role ackDue ackDueProvisional acknowledgedAt workingDaysOverdue
    entity { uscc } department { code } items { code }
  } } }
}"""
ACKNOWLEDGE = """
mutation($input: AcknowledgeNotificationInput!) {
  acknowledgeNotification(input: $input) { notification { id acknowledgedAt workingDaysOverdue } userErrors { field code message } }
}"""
TASKS = """
query($filter: TrackingTaskFilter) {
  trackingTasks(filter: $filter, first: 100) { edges { node {
    id openedOn due status recheckEveryMonths closedReason entity { uscc } department { code } items { code }
    inspections { inspectedOn result notes inspectors { username } investigations { department { code } } }
  } } }
}"""
INSPECT = """
mutation($input: RecordTrackingInspectionInput!) {
  recordTrackingInspection(input: $input) {
    inspection { inspectedOn result inspectors { username displayName } investigations { department { code } foundBy { code } } }
    task { id status due }
    userErrors { field code message }
  }
}"""
RECORD_PERMIT = """
mutation($input: RecordPermitInput!) {
  recordPermit(input: $input) { permit { id number issuingDepartment { code } } userErrors { field code message } }
}"""
FILE = """
query($uscc: String!) {
  entity(uscc: $uscc) { viewerCanReadFile notice { items { code } } notifications { role department { code } }
                        trackingTasks { status department { code } } }
  registrationNotice(uscc: $uscc) { issuedOn }
}"""


def ack(client, w, who, notification_id: str, **extra) -> dict:
    return data(client, w, who, ACKNOWLEDGE, {"input": {"notificationId": notification_id, **extra}})["acknowledgeNotification"]


def inspect(client, w, who, task_id: str, inspectors: list[str], *, on: date | None = None, result: str = "NORMAL",
            notes: str | None = None, **extra) -> dict:
    inp = {"taskId": task_id, "inspectedOn": (on or clock.today()).isoformat(), "inspectors": inspectors,
           "result": result, "notes": notes, **extra}
    return data(client, w, who, INSPECT, {"input": inp})["recordTrackingInspection"]


def user_errors(payload: dict) -> list[tuple]:
    return [(tuple(e["field"]) if e["field"] else None, e["code"]) for e in payload["userErrors"]]


# --- the whole path through GraphQL -------------------------------------------------------------

def test_a_partner_registers_and_each_department_told_acknowledges_tracks_and_permits__004_s6_s18(client, w):
    today = clock.today()
    cal = calendar(w)
    audited = acts_audited(w)
    inp = register_input(700, "许可项目：餐饮服务；理发服务。一般项目：技术服务。", streetDepartmentCode="T-ZJZ")
    out = data(client, w, "T-SCJ", REGISTER, {"input": inp})["registerEntity"]
    assert out["userErrors"] == []
    uscc = out["entity"]["uscc"]
    notice = out["entity"]["notice"]
    assert notice["department"] == {"code": "T-SCJ"} and notice["issuedOn"] == today.isoformat()
    assert [(i["code"], i["departmentCode"], i["departmentName"], i["filing"]) for i in notice["items"]] == [
        ("FOOD", "T-SCJ", "测试区市场监督管理局", False), ("HYGIENE", "T-WJW", "测试区卫生健康委员会", False)]
    assert notice["commitment"] == {"signerName": "李四", "signerRole": "LEGAL_REPRESENTATIVE", "signedOn": "2025-06-01"}

    ack_due = cal.add_working_days(today, 1)
    tracking_due = cal.next_working_day(add_months(today, 2))
    for code, item, number, staff in (("T-SCJ", "FOOD", "JY31011500700", STAFF["T-SCJ"]),
                                      ("T-WJW", "HYGIENE", "沪卫公字700号", STAFF["T-WJW"])):
        mine = edges(data(client, w, code, NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])
        assert [(n["role"], n["department"]["code"], [i["code"] for i in n["items"]]) for n in mine] == [
            ("APPROVAL", code, [item])]
        n = mine[0]
        assert (n["ackDue"], n["ackDueProvisional"], n["acknowledgedAt"], n["workingDaysOverdue"]) == (
            ack_due.due.isoformat(), ack_due.provisional, None, 0)

        done = ack(client, w, code, n["id"])
        assert done["userErrors"] == [] and done["notification"]["acknowledgedAt"] is not None
        assert done["notification"]["workingDaysOverdue"] is None
        assert edges(data(client, w, code, NOTIFICATIONS, {"filter": {"uscc": uscc, "acknowledged": False}})["notifications"]) == []

        tasks = edges(data(client, w, code, TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
        assert [(t["status"], t["openedOn"], t["due"], [i["code"] for i in t["items"]]) for t in tasks] == [
            ("OPEN", today.isoformat(), tracking_due.isoformat(), [item])]
        rec = inspect(client, w, code, tasks[0]["id"], staff, notes="尚未开业")
        assert rec["userErrors"] == []
        assert [i["username"] for i in rec["inspection"]["inspectors"]] == staff
        assert rec["task"]["status"] == "INSPECTED"

        granted = data(client, w, code, RECORD_PERMIT, {"input": {
            "uscc": uscc, "itemCode": item, "number": number, "decisionDate": today.isoformat()}})["recordPermit"]
        assert granted["userErrors"] == []
        closed = edges(data(client, w, code, TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
        assert [t["status"] for t in closed] == ["CLOSED"] and "§18" in closed[0]["closedReason"]
        assert [i["inspectors"] for i in closed[0]["inspections"]] == [[{"username": u} for u in staff]]

    # The street is told, owes no receipt and tracks nothing.
    street = edges(data(client, w, "T-ZJZ", NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])
    assert [(n["role"], n["workingDaysOverdue"]) for n in street] == [("STREET", None)]
    assert edges(data(client, w, "T-ZJZ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"]) == []

    # Departments not named see none of it, not even by global ID.
    with contextlib.closing(w.session()) as s:
        ids = [gid("Notification", n.id) for n in s.exec(
            select(Notification).join(MarketEntity, MarketEntity.id == Notification.entity_id)
            .join(Department, Department.id == Notification.department_id)
            .where(MarketEntity.uscc == uscc, Department.code.in_(["T-SCJ", "T-WJW"])).order_by(Department.code))]
    for outsider in ("T-JYJ", "T-SPJ", "T-WLJ", "T-FGW", "public", None):
        assert edges(data(client, w, outsider, NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"]) == [], outsider
        assert edges(data(client, w, outsider, TASKS, {"filter": {"uscc": uscc}})["trackingTasks"]) == [], outsider
        seen = data(client, w, outsider, FILE, {"uscc": uscc})
        assert seen == {"entity": {"viewerCanReadFile": False, "notice": None, "notifications": [], "trackingTasks": []},
                        "registrationNotice": None}, outsider
        assert data(client, w, outsider, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})["nodes"] == [None, None]
    # The registering department reads the whole file.
    mine = data(client, w, "T-SCJ", FILE, {"uscc": uscc})
    assert sorted((n["role"], n["department"]["code"]) for n in mine["entity"]["notifications"]) == [
        ("APPROVAL", "T-SCJ"), ("APPROVAL", "T-WJW"), ("STREET", "T-ZJZ")]
    assert mine["registrationNotice"] == {"issuedOn": today.isoformat()}
    # Each department finds its own push by global ID; OVERSIGHT finds both.
    nodes = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Notification { department { code } } } }"
    assert data(client, w, "T-WJW", nodes, {"ids": ids})["nodes"] == [None, {"department": {"code": "T-WJW"}}]
    assert data(client, w, "T-DCS", nodes, {"ids": ids})["nodes"] == [{"department": {"code": "T-SCJ"}},
                                                                      {"department": {"code": "T-WJW"}}]

    grew = {a: n - audited.get(a, 0) for a, n in acts_audited(w).items() if n != audited.get(a, 0)}
    assert grew == {"entity.register": 1, "entity.notify": 1, "notification.acknowledge": 2, "tracking.inspect": 2,
                    "permit.record": 2}


# --- who sees what: the matrix ------------------------------------------------------------------

VISIBILITY = """
query {
  notifications(first: 100) { edges { node { entity { uscc } } } }
  trackingTasks(first: 100) { edges { node { entity { uscc } } } }
  pool(first: 100) { edges { node { entity { uscc } } } }
  jointReviews(first: 100) { edges { node { entity { uscc } } } }
  permitApplications(first: 100) { edges { node { entity { uscc } } } }
  preApprovals(first: 100) { edges { node { applicantName } } }
  supervisionNotices(first: 100) { edges { node { message } } }
  investigations(first: 100) { edges { node { reason } } }
}"""
# The district of conftest: restaurant (FOOD: T-SCJ), barber (HYGIENE: T-WJW), school (SCHOOL 审管分离: T-SPJ
# approves, T-JYJ supervises; high-risk, §43), pharmacy (DRUG delegated to T-SCJ), plain (no item: the pool).
SEEN = {
    "T-SCJ": {"notifications": ["restaurant", "pharmacy"], "trackingTasks": ["restaurant", "pharmacy"], "pool": ["plain"]},
    "T-WJW": {"notifications": ["barber"], "trackingTasks": ["barber"], "pool": ["plain"]},
    "T-SPJ": {"notifications": ["school"], "trackingTasks": ["school"], "pool": ["plain"], "jointReviews": ["school"]},
    "T-JYJ": {"notifications": ["school"], "trackingTasks": ["school"], "pool": ["plain"], "jointReviews": ["school"]},
    "T-WLJ": {"pool": ["plain"]},
    "T-DCS": {"notifications": ["restaurant", "barber", "school", "school", "pharmacy"],
              "trackingTasks": ["restaurant", "barber", "school", "school", "pharmacy"], "pool": ["plain"],
              "jointReviews": ["school"]},
    "T-FGW": {}, "T-DSJ": {}, "public": {}, None: {},
}


@pytest.mark.parametrize("who", list(SEEN))
def test_each_department_sees_the_records_addressed_to_it_oversight_all_the_public_none__004_s9_s18_s44(client, w, who):
    got = data(client, w, who, VISIBILITY)
    labels = {u: label for label, u in w.entities.items()}
    seen = {f: sorted(labels[n["entity"]["uscc"]] for n in edges(conn)) for f, conn in got.items()
            if f in ("notifications", "trackingTasks", "pool", "jointReviews", "permitApplications") and edges(conn)}
    assert seen == {f: sorted(v) for f, v in SEEN[who].items()}
    assert [f for f in ("preApprovals", "supervisionNotices", "investigations") if edges(got[f])] == []


@pytest.mark.parametrize("who", list(SEEN))
def test_only_the_department_told_acknowledges_a_push__004_s11(client, w, who):
    with contextlib.closing(w.session()) as s:
        pushed = s.exec(select(Notification.id, Department.code, MarketEntity.uscc)
                        .join(Department, Department.id == Notification.department_id)
                        .join(MarketEntity, MarketEntity.id == Notification.entity_id)).all()
    assert len(pushed) == 5
    before = counts(w)
    acknowledged = 0
    for nid, code, uscc in pushed:
        out = ack(client, w, who, gid("Notification", nid))
        if who == code:
            assert out["userErrors"] == [] and out["notification"]["acknowledgedAt"], (uscc, code)
            acknowledged += 1
        else:
            assert out["notification"] is None and user_errors(out) == [(("input", "notificationId"), "NOT_FOUND")]
    assert acknowledged == {"T-SCJ": 2, "T-WJW": 1, "T-SPJ": 1, "T-JYJ": 1}.get(who, 0)
    after = counts(w)
    assert after["audit_record"] - before["audit_record"] == acknowledged
    assert {t: after[t] - before[t] for t in TABLES if t != "audit_record" and after[t] != before[t]} == {}


# --- the pool (§9) -------------------------------------------------------------------------------

POOL = "query { pool(first: 10) { edges { node { id reason entity { uscc } claims { department { code } } } } } }"
CLAIM = """
mutation($input: ClaimPoolEntryInput!) {
  claimPoolEntry(input: $input) { poolEntry { claims { department { code } } } notification { role acknowledgedAt }
                                  userErrors { field code message } }
}"""
PHONE = "query($uscc: String!) { entity(uscc: $uscc) { viewerCanReadFile contactPhone } }"


def test_a_pooled_registration_is_claimed_once_per_department_and_its_file_opens__004_s9(client, w):
    plain = w.entities["plain"]
    entry = edges(data(client, w, "T-WLJ", POOL)["pool"])
    assert [(e["entity"]["uscc"], e["claims"]) for e in entry] == [(plain, [])]
    assert data(client, w, "T-WLJ", PHONE, {"uscc": plain})["entity"] == {"viewerCanReadFile": False, "contactPhone": None}

    out = data(client, w, "T-WLJ", CLAIM, {"input": {"poolEntryId": entry[0]["id"]}})["claimPoolEntry"]
    assert out["userErrors"] == [] and out["poolEntry"]["claims"] == [{"department": {"code": "T-WLJ"}}]
    assert out["notification"]["role"] == "CLAIMED" and out["notification"]["acknowledgedAt"]
    assert data(client, w, "T-WLJ", PHONE, {"uscc": plain})["entity"] == {"viewerCanReadFile": True,
                                                                           "contactPhone": "021-58880005"}
    before = counts(w)
    again = data(client, w, "T-WLJ", CLAIM, {"input": {"poolEntryId": entry[0]["id"]}})["claimPoolEntry"]
    assert user_errors(again) == [(("input", "poolEntryId"), "ALREADY_DONE")] and counts(w) == before
    assert data(client, w, "T-WLJ", NOTIFICATIONS, {"filter": {"uscc": plain}})["notifications"]["edges"][0]["node"]["role"] == "CLAIMED"


@pytest.mark.parametrize("who", ["T-DCS", "T-FGW", "T-ZJZ", "public", None])
def test_only_approval_competent_and_enforcement_departments_claim__004_s9(client, w, who):
    with contextlib.closing(w.session()) as s:
        entry = s.exec(select(PoolEntry.id)).one()
    before = counts(w)
    body = gql(client, CLAIM, {"input": {"poolEntryId": gid("PoolEntry", entry)}}, key(w, who))
    assert body["data"] == {"claimPoolEntry": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert counts(w) == before


# --- deadlines across holidays (§11, §15, §18) ----------------------------------------------------

def test_deadlines_are_shown_as_the_working_day_calendar_computes_them__004_s11(client, w):
    across = register_via_domain(w, 710, "餐饮服务", datetime(2025, 9, 30, 10, tzinfo=CST))
    unpublished = register_via_domain(w, 711, "餐饮服务", datetime(2026, 12, 31, 10, tzinfo=CST))
    got = {}
    for uscc in (across, unpublished):
        [n] = edges(data(client, w, "T-SCJ", NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])
        got[uscc] = (n["ackDue"], n["ackDueProvisional"])
    assert got == {across: ("2025-10-09", False), unpublished: ("2027-01-04", True)}


# --- tracking (§14–17) ---------------------------------------------------------------------------

def test_inspection_inputs_are_user_errors_that_write_nothing__004_s16_s17(client, w):
    uscc = register_via_domain(w, 720, "餐饮服务", months_ago(1))
    [task] = edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
    before = counts(w)
    cases = [
        (dict(inspectors=["scj-wang"]), [(("input", "inspectors"), "TOO_FEW_INSPECTORS")]),
        (dict(inspectors=["scj-wang", "wjw-sun"]), [(("input", "inspectors"), "INVALID_INSPECTOR")]),
        (dict(inspectors=STAFF["T-SCJ"], on=clock.today() + timedelta(days=1)), [(("input", "inspectedOn"), "INVALID_DATE")]),
        (dict(inspectors=STAFF["T-SCJ"], result="UNLICENSED_OPERATION"), [(("input", "notes"), "REQUIRED")]),
    ]
    for kw, expected in cases:
        out = inspect(client, w, "T-SCJ", task["id"], **kw)
        assert (out["inspection"], user_errors(out)) == (None, expected), kw
    assert user_errors(inspect(client, w, "T-WJW", task["id"], STAFF["T-WJW"])) == [(("input", "taskId"), "NOT_FOUND")]
    assert counts(w) == before


def test_unlicensed_operation_opens_an_investigation_the_law_named_department_sees__004_s15_s43(client, w):
    school = register_via_domain(w, 721, "民办教育", months_ago(1))
    [task] = edges(data(client, w, "T-SPJ", TASKS, {"filter": {"uscc": school}})["trackingTasks"])
    out = inspect(client, w, "T-SPJ", task["id"], STAFF["T-SPJ"], result="UNLICENSED_OPERATION", notes="已招收学员开课")
    assert out["inspection"]["investigations"] == [{"department": {"code": "T-JYJ"}, "foundBy": {"code": "T-SPJ"}}]
    q = "query { investigations(first: 10) { edges { node { reason entity { uscc } department { code } item { code } } } } }"
    for who, expected in (("T-JYJ", 1), ("T-SPJ", 1), ("T-DCS", 1), ("T-WJW", 0), ("public", 0)):
        found = edges(data(client, w, who, q)["investigations"])
        assert len(found) == expected, who
    [inv] = edges(data(client, w, "T-JYJ", q)["investigations"])
    assert (inv["entity"]["uscc"], inv["department"]["code"], inv["item"]["code"]) == (school, "T-JYJ", "SCHOOL")
    assert "已招收学员开课" in inv["reason"]


OVERDUE = """
query($kind: OverdueKind!, $dept: String, $completed: Boolean! = false, $after: String) {
  overdue(kind: $kind, departmentCode: $dept, completed: $completed, first: 50, after: $after) {
    edges { node { kind subjectId due workingDaysOverdue completedOn department { code } entity { uscc } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def overdue(client, w, who, kind: str, **kw) -> list[dict]:
    return edges(data(client, w, who, OVERDUE, {"kind": kind, **kw})["overdue"])


def test_a_task_two_months_old_without_inspection_is_overdue_until_inspected_and_retracking_reopens_it__004_s15(client, w):
    received = months_ago(4)
    uscc = register_via_domain(w, 730, "餐饮服务", received)
    cal = calendar(w)
    today = clock.today()
    [task] = edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
    due = cal.next_working_day(add_months(received.date(), 2))
    assert task["due"] == due.isoformat()
    mine = [a for a in overdue(client, w, "T-SCJ", "TRACKING") if a["entity"]["uscc"] == uscc]
    assert [(a["subjectId"], a["due"], a["workingDaysOverdue"], a["completedOn"], a["department"]["code"]) for a in mine] == [
        (task["id"], due.isoformat(), cal.working_days_between(due, today), None, "T-SCJ")]
    assert [a for a in overdue(client, w, "T-WJW", "TRACKING") if a["entity"]["uscc"] == uscc] == []

    visited = received.date() + timedelta(days=70)
    inspect(client, w, "T-SCJ", task["id"], STAFF["T-SCJ"], on=visited)
    assert [a for a in overdue(client, w, "T-DCS", "TRACKING") if a["entity"]["uscc"] == uscc] == []

    sched = """mutation($input: ScheduleRetrackingInput!) {
      scheduleRetracking(input: $input) { task { status due recheckEveryMonths } userErrors { field code message } } }"""
    bad = data(client, w, "T-SCJ", sched, {"input": {"taskId": task["id"], "everyMonths": 30}})["scheduleRetracking"]
    assert user_errors(bad) == [(("input", "everyMonths"), "INVALID_VALUE")]
    out = data(client, w, "T-SCJ", sched, {"input": {"taskId": task["id"], "everyMonths": 1}})["scheduleRetracking"]
    new_due = cal.next_working_day(add_months(visited, 1))
    assert out == {"task": {"status": "OPEN", "due": new_due.isoformat(), "recheckEveryMonths": 1}, "userErrors": []}
    again = [a for a in overdue(client, w, "T-DCS", "TRACKING") if a["entity"]["uscc"] == uscc]
    assert [(a["due"], a["workingDaysOverdue"]) for a in again] == [
        (new_due.isoformat(), cal.working_days_between(new_due, today))]


# --- applications (§18) --------------------------------------------------------------------------

APPLY = """
mutation($input: RecordPermitApplicationInput!) {
  recordPermitApplication(input: $input) {
    application { id appliedOn due dueProvisional status workingDaysLeft item { code } department { code } }
    userErrors { field code message }
  }
}"""
APPLICATIONS = """
query($filter: PermitApplicationFilter) {
  permitApplications(filter: $filter, first: 100) { edges { node {
    id status due workingDaysLeft decidedOn entity { uscc } permit { number } } } }
}"""


def test_oversight_follows_a_pending_applications_time_limit_until_the_permit_closes_it__004_s18(client, w):
    cal = calendar(w)
    today = clock.today()
    fresh = register_via_domain(w, 740, "理发服务", months_ago(0))
    late = register_via_domain(w, 741, "理发服务", months_ago(4))
    out = data(client, w, "T-WJW", APPLY, {"input": {"uscc": fresh, "itemCode": "HYGIENE",
                                                     "appliedOn": today.isoformat()}})["recordPermitApplication"]
    due = cal.add_working_days(today, 20)
    assert out["userErrors"] == []
    assert {k: out["application"][k] for k in ("due", "dueProvisional", "status", "workingDaysLeft")} == {
        "due": due.due.isoformat(), "dueProvisional": due.provisional, "status": "PENDING", "workingDaysLeft": 20}

    applied = add_months(today, -3)
    old = data(client, w, "T-WJW", APPLY, {"input": {"uscc": late, "itemCode": "HYGIENE",
                                                     "appliedOn": applied.isoformat()}})["recordPermitApplication"]
    old_due = cal.add_working_days(applied, 20).due
    behind = cal.working_days_between(old_due, today)
    assert old["application"]["workingDaysLeft"] == -behind

    seen = {a["entity"]["uscc"]: a["workingDaysLeft"] for a in edges(data(client, w, "T-DCS", APPLICATIONS)["permitApplications"])}
    assert seen == {fresh: 20, late: -behind}
    assert edges(data(client, w, "T-SCJ", APPLICATIONS)["permitApplications"]) == []
    assert edges(data(client, w, "public", APPLICATIONS)["permitApplications"]) == []
    acts = overdue(client, w, "T-DCS", "APPLICATION")
    assert [(a["subjectId"], a["due"], a["workingDaysOverdue"], a["department"]["code"]) for a in acts] == [
        (old["application"]["id"], old_due.isoformat(), behind, "T-WJW")]

    data(client, w, "T-WJW", RECORD_PERMIT, {"input": {"uscc": late, "itemCode": "HYGIENE", "number": "沪卫公字741号",
                                                       "decisionDate": today.isoformat()}})
    [closed] = edges(data(client, w, "T-WJW", APPLICATIONS, {"filter": {"uscc": late}})["permitApplications"])
    assert (closed["status"], closed["decidedOn"], closed["workingDaysLeft"], closed["permit"]) == (
        "GRANTED", today.isoformat(), None, {"number": "沪卫公字741号"})
    assert overdue(client, w, "T-DCS", "APPLICATION") == []


def test_only_the_approving_department_records_and_closes_an_application__004_s18(client, w):
    uscc = register_via_domain(w, 742, "理发服务", months_ago(0))
    before = counts(w)
    body = gql(client, APPLY, {"input": {"uscc": uscc, "itemCode": "HYGIENE", "appliedOn": clock.today().isoformat()}},
               w.keys["T-SCJ"])
    assert body["data"] == {"recordPermitApplication": None} and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert counts(w) == before
    out = data(client, w, "T-WJW", APPLY, {"input": {"uscc": uscc, "itemCode": "HYGIENE",
                                                     "appliedOn": clock.today().isoformat()}})["recordPermitApplication"]
    close = """mutation($input: ClosePermitApplicationInput!) {
      closePermitApplication(input: $input) { application { status decidedOn } userErrors { field code message } } }"""
    inp = {"applicationId": out["application"]["id"], "status": "GRANTED", "decidedOn": clock.today().isoformat()}
    assert user_errors(data(client, w, "T-WJW", close, {"input": inp})["closePermitApplication"]) == [
        (("input", "status"), "INVALID_STATUS_TRANSITION")]
    assert user_errors(data(client, w, "T-SCJ", close, {"input": {**inp, "status": "REFUSED"}})["closePermitApplication"]) == [
        (("input", "applicationId"), "NOT_FOUND")]
    done = data(client, w, "T-WJW", close, {"input": {**inp, "status": "WITHDRAWN"}})["closePermitApplication"]
    assert done == {"application": {"status": "WITHDRAWN", "decidedOn": clock.today().isoformat()}, "userErrors": []}


# --- permit feedback (§12), city-level permits (§13) ---------------------------------------------

def test_permits_recorded_long_after_their_decision_are_feedback_done_late_per_department__004_s12(client, w):
    cal = calendar(w)
    due = cal.add_working_days(date(2024, 5, 10), 7).due  # the district's permits were decided on 10 May 2024
    late_by = cal.working_days_between(due, clock.today())
    expected = {"T-DCS": ["T-SCJ", "T-SCJ", "T-SPJ", "T-WJW"], "T-SCJ": ["T-SCJ", "T-SCJ"], "T-WJW": ["T-WJW"],
                "T-JYJ": [], "public": [], None: []}
    for who, depts in expected.items():
        acts = overdue(client, w, who, "PERMIT_FEEDBACK", completed=True)
        assert sorted(a["department"]["code"] for a in acts) == depts, who
        assert {(a["due"], a["workingDaysOverdue"], a["completedOn"]) for a in acts} <= {
            (due.isoformat(), late_by, clock.today().isoformat())}
    assert overdue(client, w, "T-DCS", "PERMIT_FEEDBACK") == []
    assert [a["department"]["code"] for a in overdue(client, w, "T-DCS", "PERMIT_FEEDBACK", completed=True, dept="T-WJW")] == ["T-WJW"]


def test_a_city_level_permit_is_entered_by_the_district_competent_department__004_s13(client, w):
    out = data(client, w, "T-SCJ", REGISTER, {"input": register_input(750, "第三类医疗器械经营")})["registerEntity"]
    uscc = out["entity"]["uscc"]
    assert [n["department"]["code"] for n in edges(data(client, w, "T-WJW", NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])] == ["T-WJW"]
    inp = {"uscc": uscc, "itemCode": "MEDDEV", "number": "沪浦食药监械经营许20250750号", "decisionDate": clock.today().isoformat()}
    body = gql(client, RECORD_PERMIT, {"input": inp}, w.keys["T-JYJ"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    granted = data(client, w, "T-WJW", RECORD_PERMIT, {"input": inp})["recordPermit"]
    assert granted["userErrors"] == [] and granted["permit"]["issuingDepartment"] == {"code": "T-SYJ"}
    assert [t["status"] for t in edges(data(client, w, "T-WJW", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])] == ["CLOSED"]


# --- joint review (§43) --------------------------------------------------------------------------

REVIEWS = """
query { jointReviews(first: 10) { edges { node { id status entity { uscc } items { code }
        opinions { department { code } opinion completedAt } } } } }"""
COMPLETE = """
mutation($input: CompleteJointReviewInput!) {
  completeJointReview(input: $input) { jointReview { status opinions { department { code } opinion } } userErrors { field code message } }
}"""


def test_a_high_risk_registration_is_reviewed_jointly_and_completes_when_all_have_spoken__004_s43(client, w):
    [review] = edges(data(client, w, "T-SPJ", REVIEWS)["jointReviews"])
    assert (review["status"], review["entity"]["uscc"], [i["code"] for i in review["items"]]) == (
        "OPEN", w.entities["school"], ["SCHOOL"])
    assert sorted((o["department"]["code"], o["opinion"]) for o in review["opinions"]) == [("T-JYJ", None), ("T-SPJ", None)]
    before = counts(w)
    assert user_errors(data(client, w, "T-WJW", COMPLETE, {"input": {"reviewId": review["id"], "opinion": "同意"}})[
        "completeJointReview"]) == [(("input", "reviewId"), "NOT_FOUND")]
    assert user_errors(data(client, w, "T-SPJ", COMPLETE, {"input": {"reviewId": review["id"], "opinion": " "}})[
        "completeJointReview"]) == [(("input", "opinion"), "REQUIRED")]
    assert counts(w) == before
    first = data(client, w, "T-SPJ", COMPLETE, {"input": {"reviewId": review["id"], "opinion": "场地消防合格"}})["completeJointReview"]
    assert first["jointReview"]["status"] == "OPEN"
    last = data(client, w, "T-JYJ", COMPLETE, {"input": {"reviewId": review["id"], "opinion": "师资符合要求"}})["completeJointReview"]
    assert last["jointReview"]["status"] == "COMPLETED"
    assert sorted((o["department"]["code"], o["opinion"]) for o in last["jointReview"]["opinions"]) == [
        ("T-JYJ", "师资符合要求"), ("T-SPJ", "场地消防合格")]


# --- pre-registration approvals (§42) ------------------------------------------------------------

INFORM = """
mutation($input: InformPreApprovalInput!) {
  informPreApproval(input: $input) { preApproval { id licenceNumber approvingDepartment { code } registrationDepartment { code } }
                                     userErrors { field code message } }
}"""
FEEDBACK = """
mutation($input: FeedBackPreApprovalInput!) {
  feedBackPreApproval(input: $input) { preApproval { entity { uscc } fedBackAt } permit { number issuingDepartment { code } }
                                       userErrors { field code message } }
}"""


def test_the_approval_department_informs_and_the_named_registration_department_feeds_back__004_s42(client, w):
    inp = {"itemCode": "HAZCHEM", "applicantName": "上海安化贸易有限公司", "licenceNumber": "沪危化经字〔2025〕0042",
           "decisionDate": clock.today().isoformat(), "registrationDepartmentCode": "T-SCJ"}
    refused = gql(client, INFORM, {"input": inp}, w.keys["T-SCJ"])
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = gql(client, INFORM, {"input": {**inp, "itemCode": "FOOD"}}, w.keys["T-YJJ"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    out = data(client, w, "T-YJJ", INFORM, {"input": inp})["informPreApproval"]
    assert out["userErrors"] == []
    pre = out["preApproval"]
    assert (pre["approvingDepartment"], pre["registrationDepartment"]) == ({"code": "T-YJJ"}, {"code": "T-SCJ"})

    q = "query { preApprovals(first: 10) { edges { node { licenceNumber } } } }"
    for who, n in (("T-YJJ", 1), ("T-SCJ", 1), ("T-DCS", 1), ("T-LGJ", 0), ("T-WJW", 0), ("public", 0)):
        assert len(edges(data(client, w, who, q)["preApprovals"])) == n, who

    uscc = data(client, w, "T-SCJ", REGISTER, {"input": register_input(760, "危险化学品经营（不带储存设施）")})[
        "registerEntity"]["entity"]["uscc"]
    assert user_errors(data(client, w, "T-LGJ", FEEDBACK, {"input": {"preApprovalId": pre["id"], "uscc": uscc}})[
        "feedBackPreApproval"]) == [(("input", "preApprovalId"), "NOT_FOUND")]
    done = data(client, w, "T-SCJ", FEEDBACK, {"input": {"preApprovalId": pre["id"], "uscc": uscc}})["feedBackPreApproval"]
    assert done["userErrors"] == [] and done["preApproval"]["entity"] == {"uscc": uscc}
    assert done["permit"] == {"number": "沪危化经字〔2025〕0042", "issuingDepartment": {"code": "T-YJJ"}}
    assert data(client, w, "T-YJJ", PHONE, {"uscc": uscc})["entity"]["viewerCanReadFile"] is True
    again = data(client, w, "T-SCJ", FEEDBACK, {"input": {"preApprovalId": pre["id"], "uscc": uscc}})["feedBackPreApproval"]
    assert user_errors(again) == [(("input", "preApprovalId"), "ALREADY_DONE")]


# --- supervision notices and counts (§4, §44) ----------------------------------------------------

ISSUE = """
mutation($input: IssueSupervisionNoticeInput!) {
  issueSupervisionNotice(input: $input) { supervisionNotice { id kind subjectId message department { code } issuedBy { code } }
                                          userErrors { field code message } }
}"""
NOTICES = "query { supervisionNotices(first: 10) { edges { node { id kind subjectId acknowledgedAt department { code } } } } }"
SIGN = """
mutation($input: AcknowledgeSupervisionNoticeInput!) {
  acknowledgeSupervisionNotice(input: $input) { supervisionNotice { acknowledgedAt } userErrors { field code message } }
}"""


def test_oversight_issues_a_notice_about_an_overdue_act_that_only_the_department_addressed_sees__004_s4_s44(client, w):
    uscc = register_via_domain(w, 770, "餐饮服务", months_ago(3))
    [act] = [a for a in overdue(client, w, "T-DCS", "ACKNOWLEDGEMENT") if a["entity"]["uscc"] == uscc]
    [task] = edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
    inp = {"departmentCode": "T-SCJ", "kind": "ACKNOWLEDGEMENT", "subjectId": act["subjectId"], "message": "请立即确认接收"}
    before = counts(w)
    refused = gql(client, ISSUE, {"input": inp}, w.keys["T-SCJ"])
    assert refused["data"] == {"issueSupervisionNotice": None} and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for bad, expected in (({"subjectId": task["id"]}, [(("input", "subjectId"), "NOT_FOUND")]),  # a task is not a push
                          ({"departmentCode": "T-WJW"}, [(("input", "subjectId"), "NOT_FOUND")]),
                          ({"message": ""}, [(("input", "message"), "REQUIRED")])):
        assert user_errors(data(client, w, "T-DCS", ISSUE, {"input": {**inp, **bad}})["issueSupervisionNotice"]) == expected
    assert counts(w) == before

    out = data(client, w, "T-DCS", ISSUE, {"input": inp})["issueSupervisionNotice"]
    notice = out["supervisionNotice"]
    assert (notice["kind"], notice["subjectId"], notice["department"], notice["issuedBy"]) == (
        "ACKNOWLEDGEMENT", act["subjectId"], {"code": "T-SCJ"}, {"code": "T-DCS"})
    for who, n in (("T-SCJ", 1), ("T-DCS", 1), ("T-WJW", 0), ("public", 0), (None, 0)):
        assert len(edges(data(client, w, who, NOTICES)["supervisionNotices"])) == n, who
    assert user_errors(data(client, w, "T-WJW", SIGN, {"input": {"noticeId": notice["id"]}})[
        "acknowledgeSupervisionNotice"]) == [(("input", "noticeId"), "NOT_FOUND")]
    signed = data(client, w, "T-SCJ", SIGN, {"input": {"noticeId": notice["id"]}})["acknowledgeSupervisionNotice"]
    assert signed["userErrors"] == [] and signed["supervisionNotice"]["acknowledgedAt"]
    assert acts_audited(w)["supervision_notice.acknowledge"] == 1


COUNTS = "query { overdueCounts { department { code } kind count } }"


def test_overdue_counts_per_department_and_kind_own_for_a_department_all_for_oversight__004_s44(client, w):
    register_via_domain(w, 780, "餐饮服务；民办教育", months_ago(3))
    register_via_domain(w, 781, "理发服务", months_ago(3))
    everyone = sorted((c["department"]["code"], c["kind"], c["count"]) for c in data(client, w, "T-DCS", COUNTS)["overdueCounts"])
    # the world's permits (decided in 2024) still wait for their 双公示: their departments have no credit code yet (§40)
    assert everyone == [("T-JYJ", "ACKNOWLEDGEMENT", 1), ("T-JYJ", "TRACKING", 1),
                        ("T-SCJ", "ACKNOWLEDGEMENT", 1), ("T-SCJ", "DISCLOSURE", 2), ("T-SCJ", "TRACKING", 1),
                        ("T-SPJ", "ACKNOWLEDGEMENT", 1), ("T-SPJ", "DISCLOSURE", 1), ("T-SPJ", "TRACKING", 1),
                        ("T-WJW", "ACKNOWLEDGEMENT", 1), ("T-WJW", "DISCLOSURE", 1), ("T-WJW", "TRACKING", 1)]
    own = sorted((c["department"]["code"], c["kind"], c["count"]) for c in data(client, w, "T-WJW", COUNTS)["overdueCounts"])
    assert own == [("T-WJW", "ACKNOWLEDGEMENT", 1), ("T-WJW", "DISCLOSURE", 1), ("T-WJW", "TRACKING", 1)]
    assert data(client, w, "public", COUNTS)["overdueCounts"] == []
    assert data(client, w, None, COUNTS)["overdueCounts"] == []


def test_overdue_pages_resume_from_the_cursor__004_s44(client, w):
    for i in range(3):
        register_via_domain(w, 790 + i, "餐饮服务", months_ago(3))
    q = """query($after: String) { overdue(kind: ACKNOWLEDGEMENT, first: 2, after: $after) {
             edges { node { subjectId } } pageInfo { hasNextPage endCursor } } }"""
    first = data(client, w, "T-DCS", q)["overdue"]
    second = data(client, w, "T-DCS", q, {"after": first["pageInfo"]["endCursor"]})["overdue"]
    assert (len(first["edges"]), first["pageInfo"]["hasNextPage"]) == (2, True)
    assert (len(second["edges"]), second["pageInfo"]["hasNextPage"]) == (1, False)
    ids = [pk(e["node"]["subjectId"]) for e in first["edges"] + second["edges"]]
    assert ids == sorted(ids) and len(set(ids)) == 3


# --- bad input writes nothing; idempotency ---------------------------------------------------------

def test_a_registration_needing_a_commitment_without_one_is_a_user_error_that_writes_nothing__004_s8(client, w):
    before = counts(w)
    out = data(client, w, "T-SCJ", REGISTER, {"input": register_input(800, "餐饮服务", commitment=None)})["registerEntity"]
    assert (out["entity"], user_errors(out)) == (None, [(("input", "commitment"), "COMMITMENT_REQUIRED")])
    out = data(client, w, "T-SCJ", REGISTER, {"input": register_input(800, "餐饮服务", streetDepartmentCode="T-NOWHERE")})[
        "registerEntity"]
    assert user_errors(out) == [(("input", "streetDepartmentCode"), "NOT_FOUND")]
    assert counts(w) == before
    plain = data(client, w, "T-SCJ", REGISTER, {"input": register_input(800, "一般项目：企业管理咨询。", commitment=None)})
    assert plain["registerEntity"]["userErrors"] == [] and plain["registerEntity"]["entity"]["notice"]["commitment"] is None


def test_an_acknowledgement_sent_twice_with_one_key_is_made_once__004_s11(client, w):
    uscc = register_via_domain(w, 810, "餐饮服务", months_ago(0))
    [n] = edges(data(client, w, "T-SCJ", NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])
    first = ack(client, w, "T-SCJ", n["id"], idempotencyKey="ack-810")
    before = counts(w)
    second = ack(client, w, "T-SCJ", n["id"], idempotencyKey="ack-810")
    assert second == first and second["userErrors"] == []
    assert counts(w) == before
    other = ack(client, w, "T-SCJ", gid("Notification", pk(n["id"]) + 1000), idempotencyKey="ack-810")
    assert user_errors(other) == [(("input", "idempotencyKey"), "IDEMPOTENCY_KEY_REUSED")]
    without_key = ack(client, w, "T-SCJ", n["id"])
    assert user_errors(without_key) == [(("input", "notificationId"), "ALREADY_DONE")]


def test_an_inspection_sent_twice_with_one_key_is_recorded_once__004_s17(client, w):
    uscc = register_via_domain(w, 811, "餐饮服务", months_ago(1))
    [task] = edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
    first = inspect(client, w, "T-SCJ", task["id"], STAFF["T-SCJ"], idempotencyKey="visit-811")
    second = inspect(client, w, "T-SCJ", task["id"], STAFF["T-SCJ"], idempotencyKey="visit-811")
    assert first == second and first["userErrors"] == []
    assert len(edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])[0]["inspections"]) == 1


# --- no N+1 ----------------------------------------------------------------------------------------

WIDE = """
query {
  notifications(first: 100) { edges { node {
    id role ackDue ackDueProvisional acknowledgedAt workingDaysOverdue
    entity { name uscc viewerCanReadFile notice { items { code } commitment { signerName } }
             trackingTasks { status items { code } inspections { inspectors { username } investigations { reason } } } }
    department { name }
    items { code approvingDepartment { name } }
  } } }
  trackingTasks(first: 100) { edges { node { due entity { name } department { name } items { code } inspections { result } } } }
}"""


@pytest.mark.parametrize("who", ["T-SCJ", "T-DCS", "public"])
def test_the_notifications_list_costs_the_same_statements_for_3_and_30_rows__004_s9(client, db, who):
    with contextlib.closing(new_session(db)) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=CATALOGUE)
        s.flush()
        keys = {c: accounts.create_api_key(session=s, actor=SYSTEM, name=c, department_code=c).token for c in ("T-SCJ", "T-DCS")}
        keys["public"] = accounts.create_api_key(session=s, actor=SYSTEM, name="portal", department_code=None).token
        for u in ("scj-a", "scj-b"):
            accounts.create_staff(session=s, actor=SYSTEM, username=u, display_name=u, password="x" * 12,
                                  department_code="T-SCJ", roles=["OFFICER"])
        s.commit()

    def grow(upto: int) -> None:
        with contextlib.closing(new_session(db)) as s:
            have = s.execute(sa.text("SELECT COUNT(*) FROM market_entity")).scalar_one()
            for n in range(have, upto):
                e = entities_mod.register_entity(
                    session=s, actor=actor_of(s, "T-SCJ"), uscc=make_uscc(500 + n), name=f"上海计数{n}号餐饮有限公司",
                    entity_type="COMPANY", legal_representative="赵六", address=f"上海市浦东新区东方路{n}号", region="310115",
                    industry_code="H6210", business_scope="餐饮服务", established_on=date(2024, 3, 1),
                    commitment=COMMITMENT)
                if n % 2:
                    task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id)).one()
                    tracking.record_tracking_inspection(session=s, actor=actor_of(s, "T-SCJ"), task_id=task.id,
                                                        inspected_on=clock.today(), inspector_usernames=["scj-a", "scj-b"],
                                                        result="UNLICENSED_OPERATION", notes="无证经营")
            s.commit()

    def measure() -> tuple[int, int]:
        gql(client, WIDE, token=keys[who])  # warm: the catalogue is cached
        with count_statements(db) as c:
            body = gql(client, WIDE, token=keys[who])
        assert "errors" not in body, body
        return c.count, len(body["data"]["notifications"]["edges"])

    grow(3)
    small, rows_small = measure()
    grow(30)
    large, rows_large = measure()
    assert (rows_small, rows_large) == ((3, 30) if who != "public" else (0, 0))
    assert large == small


SCHEDULE = """
mutation($input: ScheduleRetrackingInput!) { scheduleRetracking(input: $input) { task { id } userErrors { field code message } } }"""
CLOSE = """
mutation($input: ClosePermitApplicationInput!) {
  closePermitApplication(input: $input) { application { id } userErrors { field code message } } }"""


def test_every_refused_input_is_a_user_error_that_writes_nothing__004_s15_s18_s42_s44(client, w):
    """Given open work of every kind, when each act is sent with a bad input, then each answers with the
    field and code, returns no object, and no table gains or loses a row."""
    today, tomorrow = clock.today().isoformat(), (clock.today() + timedelta(days=1)).isoformat()
    uscc = register_via_domain(w, 820, "餐饮服务", months_ago(4))
    [task] = edges(data(client, w, "T-SCJ", TASKS, {"filter": {"uscc": uscc}})["trackingTasks"])
    [push] = edges(data(client, w, "T-SCJ", NOTIFICATIONS, {"filter": {"uscc": uscc}})["notifications"])
    app = data(client, w, "T-SCJ", APPLY, {"input": {"uscc": uscc, "itemCode": "FOOD", "appliedOn": today}})[
        "recordPermitApplication"]["application"]["id"]
    inform = {"itemCode": "HAZCHEM", "applicantName": "上海安化贸易有限公司", "licenceNumber": "沪危化经0820",
              "decisionDate": today, "registrationDepartmentCode": "T-SCJ"}
    pre = data(client, w, "T-YJJ", INFORM, {"input": inform})["informPreApproval"]["preApproval"]["id"]
    notice = data(client, w, "T-DCS", ISSUE, {"input": {"departmentCode": "T-SCJ", "kind": "ACKNOWLEDGEMENT",
                                                        "subjectId": push["id"], "message": "请确认接收"}})[
        "issueSupervisionNotice"]["supervisionNotice"]["id"]
    cases = [
        ("T-SCJ", SCHEDULE, {"taskId": task["id"], "everyMonths": 0}, [("everyMonths", "INVALID_VALUE")]),
        ("T-WJW", SCHEDULE, {"taskId": task["id"], "everyMonths": 3}, [("taskId", "NOT_FOUND")]),
        ("T-SCJ", APPLY, {"uscc": make_uscc(99999), "itemCode": "FOOD", "appliedOn": today}, [("uscc", "NOT_FOUND")]),
        ("T-SCJ", APPLY, {"uscc": uscc, "itemCode": "NOPE", "appliedOn": today}, [("itemCode", "NOT_FOUND")]),
        ("T-SCJ", APPLY, {"uscc": uscc, "itemCode": "FOOD", "appliedOn": today}, [("itemCode", "DUPLICATE")]),
        ("T-SCJ", CLOSE, {"applicationId": app, "status": "REFUSED", "decidedOn": tomorrow}, [("decidedOn", "INVALID_DATE")]),
        ("T-YJJ", INFORM, {**inform, "licenceNumber": " "}, [("licenceNumber", "REQUIRED")]),
        ("T-YJJ", INFORM, {**inform, "registrationDepartmentCode": "T-WJW"}, [("registrationDepartmentCode", "NOT_FOUND")]),
        ("T-SCJ", FEEDBACK, {"preApprovalId": pre, "uscc": make_uscc(99999)}, [("uscc", "NOT_FOUND")]),
        ("T-SCJ", FEEDBACK, {"preApprovalId": task["id"], "uscc": uscc}, [("preApprovalId", "NOT_FOUND")]),
        ("T-WJW", SIGN, {"noticeId": notice}, [("noticeId", "NOT_FOUND")]),
        ("T-SCJ", ACKNOWLEDGE, {"notificationId": task["id"]}, [("notificationId", "NOT_FOUND")]),
        ("T-DCS", ISSUE, {"departmentCode": "T-SCJ", "kind": "TRACKING", "subjectId": push["id"], "message": "督办"},
         [("subjectId", "NOT_FOUND")]),
    ]
    before = counts(w)
    for who, mutation, inp, expected in cases:
        [payload] = data(client, w, who, mutation, {"input": inp}).values()
        assert user_errors(payload) == [(("input", f), c) for f, c in expected], (who, inp)
        assert all(v is None for k, v in payload.items() if k != "userErrors"), (who, inp)
    assert counts(w) == before
