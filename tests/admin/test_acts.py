"""Forms for acts GraphQL offers too: tracking inspection (§15–17), closing an application (§18), 督办 (§44)."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from models import Department, Notification, PermitApplication, SupervisionNotice, TrackingInspection, TrackingTask
from models.db import new_session
from supervision import accounts, entities, tracking
from supervision.actors import SYSTEM
from supervision.clock import today as cst_today
from tests.conftest import COMMITMENT, actor_of, make_uscc

from .conftest import PASSWORD, csrf_from


@pytest.fixture
def new_barber(world, staff):
    """A barber's shop registered today: T-WJW owes a tracking visit (§15); a second inspector exists (§16)."""
    with new_session(world.engine) as s:
        e = entities.register_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc=make_uscc(50, "2"), name="浦东新区新开理发店",
                                     entity_type="INDIVIDUAL_BUSINESS", legal_representative="李四",
                                     address="上海市浦东新区科苑路50号", region="310115", industry_code="O8010",
                                     business_scope="许可项目：理发服务。", established_on=cst_today(),
                                     commitment=replace(COMMITMENT, signed_on=cst_today()), today=cst_today())
        accounts.create_staff(session=s, actor=SYSTEM, username="wjw.liu", display_name="刘洋", password=PASSWORD,
                              department_code="T-WJW", roles=["OFFICER", "INSPECTOR"], certificate_no="沪卫执0001")
        s.commit()
        task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id)).one()
        return e, task


def test_recording_a_tracking_inspection_with_two_inspectors__004_s16(world, signed_in, new_barber):
    """§15–16: the department records its visit, made by at least two of its staff; the task leaves the list."""
    _entity, task = new_barber
    client = signed_in("wjw")
    home = client.get("/admin/")
    assert [w.id for w in home.context["waiting"]["tracking"]] == [task.id]
    form = client.get(f"/admin/tracking/{task.id}")
    assert form.status_code == 200 and "录入跟踪检查" in form.text
    one = client.post(f"/admin/tracking/{task.id}/inspect",
                      data={"csrf_token": csrf_from(form), "inspected_on": cst_today().isoformat(),
                            "inspectors": ["wjw.wang"], "result": "NORMAL"})
    assert one.status_code == 400 and "不得少于2人" in one.text
    ok = client.post(f"/admin/tracking/{task.id}/inspect",
                     data={"csrf_token": csrf_from(form), "inspected_on": cst_today().isoformat(),
                           "inspectors": ["wjw.wang", "wjw.liu"], "result": "NORMAL"}, follow_redirects=False)
    assert ok.status_code == 303
    with new_session(world.engine) as s:
        assert len(s.exec(select(TrackingInspection).where(TrackingInspection.task_id == task.id)).all()) == 1
    assert client.get("/admin/").context["waiting"]["tracking"] == []


def test_another_departments_task_is_not_found_and_a_tokenless_post_writes_nothing(world, signed_in, new_barber):
    _entity, task = new_barber
    client = signed_in("scj")
    assert client.get(f"/admin/tracking/{task.id}").status_code == 404
    page = client.get("/admin/")
    r = client.post(f"/admin/tracking/{task.id}/inspect", data={"csrf_token": csrf_from(page), "inspected_on": "2026-11-20",
                                                                "inspectors": ["scj.li", "x"], "result": "NORMAL"})
    assert r.status_code == 404
    assert client.post(f"/admin/tracking/{task.id}/inspect", data={"inspectors": ["wjw.wang", "wjw.liu"]}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(TrackingInspection)).all() == []


def test_closing_a_pending_application_as_refused__004_s18(world, signed_in, new_barber):
    """§18: the application leaves the tracked list when it is refused or withdrawn."""
    entity, _task = new_barber
    with new_session(world.engine) as s:
        app = tracking.record_permit_application(session=s, actor=actor_of(s, "T-WJW"), uscc=entity.uscc, item_code="HYGIENE",
                                                 applied_on=cst_today(), today=cst_today())
        s.commit()
    client = signed_in("wjw")
    home = client.get("/admin/")
    assert [w.id for w in home.context["waiting"]["applications"]] == [app.id]
    assert client.post(f"/admin/applications/{app.id}/close", data={"status": "REFUSED"}).status_code == 403
    r = client.post(f"/admin/applications/{app.id}/close",
                    data={"csrf_token": csrf_from(home), "status": "REFUSED", "decided_on": cst_today().isoformat()},
                    follow_redirects=False)
    assert r.status_code == 303
    with new_session(world.engine) as s:
        assert s.get(PermitApplication, app.id).status == "REFUSED"
    other = signed_in("scj")
    assert other.post(f"/admin/applications/{app.id}/close",
                      data={"csrf_token": csrf_from(other.get("/admin/")), "status": "WITHDRAWN",
                            "decided_on": "2026-11-20"}).status_code == 404


def test_oversight_issues_a_supervision_notice_from_the_overdue_page__004_s44(world, signed_in):
    """§44: OVERSIGHT presses a department on an overdue act; the department sees it on its home page."""
    with new_session(world.engine) as s:
        wjw = s.exec(select(Department).where(Department.code == "T-WJW")).one()
        n = s.exec(select(Notification).where(Notification.department_id == wjw.id)).one()
        n.ack_due = cst_today() - timedelta(days=14)
        s.add(n)
        s.commit()
    client = signed_in("dcs")
    page = client.get("/admin/overdue?kind=ACKNOWLEDGEMENT")
    assert "发出督办" in page.text
    r = client.post("/admin/overdue/notice", data={"csrf_token": csrf_from(page), "department": "T-WJW",
                                                   "kind": "ACKNOWLEDGEMENT", "subject_id": str(n.id),
                                                   "message": "请立即确认接收。"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.post("/admin/overdue/notice", data={"department": "T-WJW", "kind": "ACKNOWLEDGEMENT",
                                                      "subject_id": str(n.id), "message": "x"}).status_code == 403
    with new_session(world.engine) as s:
        assert len(s.exec(select(SupervisionNotice)).all()) == 1
    with new_session(world.engine) as s:
        notice = s.exec(select(SupervisionNotice)).one()
    scj = signed_in("scj")  # another department cannot sign for it
    assert scj.post(f"/admin/supervision-notices/{notice.id}/sign",
                    data={"csrf_token": csrf_from(scj.get("/admin/"))}).status_code == 404
    wjw_client = signed_in("wjw")
    home = wjw_client.get("/admin/")
    assert "请立即确认接收。" in home.text
    # a post without the CSRF token writes nothing
    assert wjw_client.post(f"/admin/supervision-notices/{notice.id}/sign", data={}).status_code == 403
    with new_session(world.engine) as s:
        assert s.get(SupervisionNotice, notice.id).acknowledged_at is None
    r = wjw_client.post(f"/admin/supervision-notices/{notice.id}/sign", data={"csrf_token": csrf_from(home)},
                        follow_redirects=False)
    assert r.status_code == 303
    with new_session(world.engine) as s:
        assert s.get(SupervisionNotice, notice.id).acknowledged_at is not None
    assert "请立即确认接收。" not in wjw_client.get("/admin/").text  # signed for: no longer waiting


def test_a_department_cannot_issue_a_supervision_notice(world, signed_in):
    client = signed_in("wjw")
    page = client.get("/admin/overdue")
    assert "发出督办" not in page.text
    r = client.post("/admin/overdue/notice", data={"csrf_token": csrf_from(page), "department": "T-SCJ",
                                                   "kind": "ACKNOWLEDGEMENT", "subject_id": "1", "message": "x"})
    assert r.status_code == 403


def test_claiming_a_pooled_entity_brings_it_into_the_remit__004_s9(world, signed_in):
    """§9: registration info with no clear department goes to a pool; a department claims it and may read its file."""
    client = signed_in("wjw")
    home = client.get("/admin/")
    pool = home.context["pool"]
    assert [e.name for _entry, e in pool] == ["上海云启信息技术有限公司"]
    plain = world.entities["plain"]
    assert client.get(f"/admin/entities/{plain}").context["file"] is None
    entry = pool[0][0]
    assert client.post(f"/admin/pool/{entry.id}/claim", data={}).status_code == 403  # no token
    r = client.post(f"/admin/pool/{entry.id}/claim", data={"csrf_token": csrf_from(home)}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/admin/entities/{plain}").context["file"] is not None
    assert client.get("/admin/").context["pool"] == []
    dcs = signed_in("dcs")  # OVERSIGHT does not claim: it writes only supervision notices
    assert dcs.get("/admin/").context["pool"] == []
    assert dcs.post(f"/admin/pool/{entry.id}/claim", data={"csrf_token": csrf_from(dcs.get("/admin/"))}).status_code == 403


def test_giving_a_joint_review_opinion__004_s43(world, signed_in, client):
    """§43: each department the high-risk item names gives its opinion; the review then leaves its list."""
    with new_session(world.engine) as s:
        accounts.create_staff(session=s, actor=SYSTEM, username="jyj.wu", display_name="吴倩", password=PASSWORD,
                              department_code="T-JYJ", roles=["OFFICER"])
        s.commit()
    from .conftest import login
    assert login(client, "jyj.wu").status_code == 303
    home = client.get("/admin/")
    reviews = home.context["reviews"]
    assert [e.name for _r, e in reviews] == ["上海明德培训学校有限公司"]
    review = reviews[0][0]
    empty = client.post(f"/admin/reviews/{review.id}/opinion", data={"csrf_token": csrf_from(home), "opinion": " "})
    assert empty.status_code == 400 and "审查意见不能为空" in empty.text
    ok = client.post(f"/admin/reviews/{review.id}/opinion", data={"csrf_token": csrf_from(home), "opinion": "同意，办学场地符合要求。"},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert client.get("/admin/").context["reviews"] == []
    wjw = signed_in("wjw")  # not named by the item: the review does not exist for it
    assert wjw.post(f"/admin/reviews/{review.id}/opinion",
                    data={"csrf_token": csrf_from(wjw.get("/admin/")), "opinion": "x"}).status_code == 404
