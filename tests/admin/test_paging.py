"""Keyset paging on the admin's long lists: every row once, in order, the filters kept from page to page, and
the same number of SQL statements for a full page as for a short one."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from models import AuditRecord, Disclosure, EnforcementCase, InspectionPlan, InspectionTask
from models.db import new_session
from supervision import disclosure, inspections, penalties, permits
from supervision.actors import SYSTEM
from supervision.clock import today as cst_today
from tests.conftest import actor_of, count_statements
from tests.supervision.penalty_fixtures import DEPT_CODES

from .conftest import add_inspection_item

SIZE = 50


def _walk(client, path: str, ids, back: bool = True, pager: str = "pager"):
    """Follow 下一页 from the first page to the last, then 上一页 back to the first; the ids seen each way."""
    pages, link = [], ""
    base = path.split("?")[0]
    while True:
        page = client.get(base + link if link else path)
        assert page.status_code == 200
        pages.append(page)
        nav = page.context[pager]
        if nav.next_link is None:
            break
        assert "下一页" in page.text
        link = nav.next_link
    forward = [i for p in pages for i in ids(p)]
    backward = []
    if back and len(pages) > 1:
        page = pages[-1]
        while page.context[pager].prev_link:
            assert "上一页" in page.text
            page = client.get(base + page.context[pager].prev_link)
            backward = ids(page) + backward
        assert page.context[pager].prev_link is None
        backward = backward + ids(pages[-1])
    return pages, forward, backward


def _open_cases(world, n: int) -> list[int]:
    """n open cases at T-SCJ over three opening days, so many share a date."""
    today = cst_today()
    with new_session(world.engine) as s:
        actor = actor_of(s, "T-SCJ")
        for i in range(n):
            penalties.open_case(session=s, actor=actor, uscc=world.entities["restaurant"], item_code="FOOD",
                                number=f"沪市监案〔2026〕{i + 100}号", opened_on=today - timedelta(days=i % 3),
                                violation_type="经营超过保质期的食品", today=today)
        s.commit()
        cases = s.exec(select(EnforcementCase)).all()
        return [c.id for c in sorted(cases, key=lambda c: (c.opened_on, c.id), reverse=True)]


def test_enforcement_cases_page_through_every_row_once_keeping_the_status(enforcement, signed_in, db):
    expected = _open_cases(enforcement, SIZE + 7)
    client = signed_in("scj")
    pages, forward, backward = _walk(client, "/admin/enforcement?status=OPEN", lambda p: [r.id for r in p.context["rows"]])
    assert len(pages) == 2 and [len(p.context["rows"]) for p in pages] == [SIZE, 7]
    assert forward == expected and backward == expected
    assert "status=OPEN" in pages[0].context["pager"].next_link
    assert all(p.context["status"] == "OPEN" for p in pages)
    with count_statements(db) as full:
        client.get("/admin/enforcement?status=OPEN")
    with count_statements(db) as short:
        client.get("/admin/enforcement" + pages[0].context["pager"].next_link)
    assert full.count == short.count
    other = client.get("/admin/enforcement?status=DECIDED")
    assert other.context["rows"] == [] and other.context["pager"].next_link is None


def test_an_unreadable_cursor_starts_from_the_top(enforcement, signed_in):
    expected = _open_cases(enforcement, 3)
    client = signed_in("scj")
    for junk in ("after=%%%", "after=bm90LWpzb24", "before=W1siaSIsMV1d", "after=" + "A" * 500):
        page = client.get(f"/admin/enforcement?status=OPEN&{junk}")
        assert page.status_code == 200 and [r.id for r in page.context["rows"]] == expected


def test_audit_viewer_pages_keep_the_filter(big_world, signed_in):
    with new_session(big_world.engine) as s:
        expected = list(s.exec(select(AuditRecord.id).where(AuditRecord.act == "entity.register")
                               .order_by(AuditRecord.id.desc())).all())
    assert len(expected) > SIZE
    client = signed_in("dcs")
    pages, forward, backward = _walk(client, "/admin/audit?act=entity.register",
                                     lambda p: [a.id for a in p.context["rows"]])
    assert forward == expected and backward == expected
    assert all(a.act == "entity.register" for p in pages for a in p.context["rows"])
    assert all("act=entity.register" in p.context["pager"].next_link for p in pages[:-1])


def _planning_department(s, today):
    """T-SCJ with one published random-inspection item and two inspectors: its actor."""
    add_inspection_item(s, "T-SCJ", "SCJ-01", "登记事项检查", ("scj.a", "scj.b"))
    actor = actor_of(s, "T-SCJ")
    inspections.publish_list(session=s, actor=actor, year=today.year, kind="RANDOM_ITEMS", title="清单")
    return actor


def test_inspection_tasks_page_in_due_order_with_a_fixed_statement_count(big_world, signed_in, db):
    """A plan over all 65 entities of T-SCJ's directory: more tasks than a page, all with the same due date."""
    today = cst_today()
    with new_session(big_world.engine) as s:
        actor = _planning_department(s, today)
        plan = inspections.create_plan(session=s, actor=actor, name="全部检查", year=today.year, item_codes=["SCJ-01"],
                                       check_start=today, check_end=today + timedelta(days=30), ratio="1")
        inspections.commit_plan(session=s, actor=actor, plan_id=plan.id)
        inspections.draw_plan(session=s, actor=actor, plan_id=plan.id)
        s.commit()
        expected = [t.id for t in sorted(s.exec(select(InspectionTask)).all(), key=lambda t: (t.results_due, t.id))]
    assert len(expected) > SIZE
    client = signed_in("scj")
    pages, forward, backward = _walk(client, "/admin/inspections/tasks?status=OPEN",
                                     lambda p: [t.id for t, _p, _e, _left in p.context["rows"]])
    assert forward == expected and backward == expected
    with count_statements(db) as full:
        client.get("/admin/inspections/tasks?status=OPEN")
    with count_statements(db) as short:
        client.get("/admin/inspections/tasks" + pages[0].context["pager"].next_link)
    assert len(pages[-1].context["rows"]) < SIZE and full.count == short.count
    assert client.get("/admin/inspections/tasks?status=DONE").context["rows"] == []
    # the plan page lists the plan's tasks a page at a time too (a city plan has tens of thousands)
    plan_path, seen, link = f"/admin/inspections/plans/{plan.id}", [], ""
    while True:
        page = client.get(plan_path + link)
        assert page.status_code == 200
        seen += [t.id for t, _e in page.context["tasks"].rows]
        link = page.context["tasks"].next_link
        if link is None:
            break
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))


def test_published_records_page_with_the_kind_and_date_filters_kept__s39(big_world, signed_in, db):
    """55 food permits of T-SCJ over five decision days, each published as a 双公示 record."""
    today = cst_today()
    with new_session(big_world.engine) as s:
        disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code="T-SCJ",
                                              uscc=DEPT_CODES["T-SCJ"])
        actor = actor_of(s, "T-SCJ")
        for i in range(55):
            permits.record_permit(session=s, actor=actor, uscc=big_world.entities[f"extra{i}"], item_code="FOOD",
                                  number=f"JY9910115{i:07d}", decision_date=today - timedelta(days=1 + i % 5),
                                  valid_to=today + timedelta(days=1000), today=today)
        s.commit()
        expected = [d.id for d in sorted(s.exec(select(Disclosure).where(Disclosure.kind == "PERMIT",
                                                                          Disclosure.decided_on >= today - timedelta(days=5))
                                                ).all(), key=lambda d: (d.decided_on, d.id), reverse=True)]
    assert len(expected) == 55
    client = signed_in("wlj")  # public records: any department reads them
    start = (today - timedelta(days=5)).isoformat()
    pages, forward, backward = _walk(client, f"/admin/disclosures?kind=PERMIT&from={start}",
                                     lambda p: [d.id for d in p.context["rows"]])
    assert forward == expected and backward == expected
    assert all(p.context["filters"]["kind"] == "PERMIT" for p in pages)
    with count_statements(db) as full:
        client.get(f"/admin/disclosures?kind=PERMIT&from={start}")
    with count_statements(db) as short:
        client.get("/admin/disclosures" + pages[0].context["pager"].next_link)
    assert full.count == short.count


def test_the_plan_list_pages_newest_first_through_every_plan_once(big_world, signed_in, db):
    """More plans than a page: 下一页 walks them all, newest first, each once, in statements of a fixed count."""
    today = cst_today()
    with new_session(big_world.engine) as s:
        actor = _planning_department(s, today)
        for i in range(SIZE + 5):
            inspections.create_plan(session=s, actor=actor, name=f"第{i + 1}号计划", year=today.year, item_codes=["SCJ-01"],
                                    check_start=today, check_end=today + timedelta(days=30), ratio="0.05")
        s.commit()
        expected = sorted(s.exec(select(InspectionPlan.id)).all(), reverse=True)
    client = signed_in("scj")
    pages, forward, backward = _walk(client, "/admin/inspections",
                                     lambda p: [plan.id for plan, _d in p.context["plans"].rows], pager="plans")
    assert len(pages) == 2 and forward == expected and backward == expected
    with count_statements(db) as full:
        client.get("/admin/inspections")
    with count_statements(db) as short:
        client.get("/admin/inspections" + pages[0].context["plans"].next_link)
    assert full.count == short.count
    assert client.get("/admin/inspections").context["plans"].rows[0][0].name == f"第{SIZE + 5}号计划"
