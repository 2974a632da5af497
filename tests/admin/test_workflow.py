"""Admin pages of 双告知 · 双反馈 · 督查: the work waiting, acknowledging a push, the notice, overdue acts."""
from datetime import datetime, timedelta

from sqlmodel import select

from models import AuditRecord, Department, MarketEntity, Notification
from models.db import new_session
from tests.admin.conftest import csrf_from


def _notification_of(world, dept_code: str, label: str) -> Notification:
    with new_session(world.engine) as s:
        entity = s.exec(select(MarketEntity).where(MarketEntity.uscc == world.entities[label])).one()
        return s.exec(select(Notification).join(Department, Department.id == Notification.department_id)
                      .where(Notification.entity_id == entity.id, Department.code == dept_code)).one()


def test_home_lists_the_pushes_waiting_for_this_department__004_s11(world, signed_in):
    client = signed_in("wjw")
    page = client.get("/admin/")
    assert page.template.name == "admin/home.html"
    names = [w.entity_name for w in page.context["waiting"]["notifications"]]
    assert names == ["浦东新区张江理发店"]  # the barber's hygiene permit is T-WJW's item; nothing else is pushed to it
    assert "确认接收" in page.text


def test_acknowledging_from_the_home_page_records_it_and_audits_it__004_s11(world, signed_in):
    client = signed_in("wjw")
    n = _notification_of(world, "T-WJW", "barber")
    page = client.get("/admin/")
    r = client.post(f"/admin/notifications/{n.id}/acknowledge", data={"csrf_token": csrf_from(page)}, follow_redirects=False)
    assert r.status_code == 303
    with new_session(world.engine) as s:
        assert s.get(Notification, n.id).acknowledged_at is not None
        assert s.exec(select(AuditRecord).where(AuditRecord.act == "notification.acknowledge",
                                                AuditRecord.target_id == str(n.id))).first() is not None
    assert client.get("/admin/").context["waiting"]["notifications"] == []


def test_acknowledging_without_csrf_is_refused_and_writes_nothing(world, signed_in):
    client = signed_in("wjw")
    n = _notification_of(world, "T-WJW", "barber")
    r = client.post(f"/admin/notifications/{n.id}/acknowledge", data={}, follow_redirects=False)
    assert r.status_code == 403
    with new_session(world.engine) as s:
        assert s.get(Notification, n.id).acknowledged_at is None


def test_another_departments_push_cannot_be_acknowledged(world, signed_in):
    client = signed_in("wlj")
    n = _notification_of(world, "T-WJW", "barber")
    page = client.get("/admin/")
    r = client.post(f"/admin/notifications/{n.id}/acknowledge", data={"csrf_token": csrf_from(page)}, follow_redirects=False)
    assert r.status_code == 404
    with new_session(world.engine) as s:
        assert s.get(Notification, n.id).acknowledged_at is None


def test_the_notice_prints_the_items_and_the_commitment__004_s8(world, signed_in):
    client = signed_in("scj")
    page = client.get(f"/admin/entities/{world.entities['restaurant']}/notice")
    assert page.status_code == 200 and page.template.name == "admin/notice.html"
    assert "食品经营许可" in page.text and "测试区市场监督管理局" in page.text
    assert "张三（法定代表人）" in page.text


def test_the_notice_is_not_shown_outside_the_remit(world, signed_in):
    client = signed_in("wlj")
    assert client.get(f"/admin/entities/{world.entities['restaurant']}/notice").status_code == 404


def test_oversight_sees_overdue_receipts_of_every_department__004_s44(world, signed_in):
    with new_session(world.engine) as s:  # pushes made two weeks ago, still unacknowledged
        for n in s.exec(select(Notification)).all():
            n.ack_due = (datetime.now() - timedelta(days=14)).date()
            s.add(n)
        s.commit()
    page = signed_in("dcs").get("/admin/overdue?kind=ACKNOWLEDGEMENT")
    assert page.template.name == "admin/overdue.html"
    departments = {row["department"] for row in page.context["per_department"]}
    assert {"测试区卫生健康委员会", "测试区市场监督管理局"} <= departments
    assert all(row["act"].working_days_overdue >= 5 for row in page.context["acts"])


def test_a_department_sees_only_its_own_overdue_acts(world, signed_in):
    with new_session(world.engine) as s:
        for n in s.exec(select(Notification)).all():
            n.ack_due = (datetime.now() - timedelta(days=14)).date()
            s.add(n)
        s.commit()
    page = signed_in("wjw").get("/admin/overdue?kind=ACKNOWLEDGEMENT")
    assert {row["department"] for row in page.context["acts"]} == {"测试区卫生健康委员会"}
