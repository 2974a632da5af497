"""案件: reporting a false or broken commitment from the entity page (rule 6), the investigations list, closing one."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models import AuditRecord, Investigation, Permit
from models.db import new_session
from supervision import permits
from supervision.clock import today as cst_today
from tests.conftest import TODAY, actor_of

from .conftest import csrf_from


@pytest.fixture
def on_commitment(world, staff):
    """公共场所卫生许可 granted to the restaurant by T-WJW under 告知承诺; T-SCJ registered the restaurant."""
    with new_session(world.engine) as s:
        p = permits.record_permit(session=s, actor=actor_of(s, "T-WJW"), uscc=world.entities["restaurant"],
                                  item_code="HYGIENE", number="沪卫公字2026第0099号", decision_date=date(2026, 9, 1),
                                  by_commitment=True, today=TODAY)
        s.commit()
        return p.id


def _report(client, page, permit_id, **extra):
    data = {"csrf_token": csrf_from(page), "breach": "FALSE", "found_on": cst_today().isoformat(),
            "facts": "承诺已具备消毒设施，现场核查无消毒间", **extra}
    return client.post(f"/admin/permits/{permit_id}/breach", data=data, follow_redirects=False)


def test_reporting_a_false_commitment_opens_the_approvers_case_and_closing_it_revokes_the_permit__rule_6(
        world, signed_in, on_commitment):
    scj = signed_in("scj")
    page = scj.get(f"/admin/entities/{world.entities['restaurant']}")
    assert page.template.name == "admin/entity.html"
    assert [p.id for p in page.context["reportable"]] == [on_commitment]
    assert "告知承诺" in page.text and "报告违诺" in page.text
    r = _report(scj, page, on_commitment)
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/cases/")
    case_page = scj.get(r.headers["location"])
    assert case_page.template.name == "admin/investigation.html"
    assert "已报告违诺线索" in case_page.text and not case_page.context["may_close"]  # T-SCJ found it; T-WJW investigates
    case = case_page.context["case"]
    again = scj.get(f"/admin/entities/{world.entities['restaurant']}")
    assert again.context["reportable"] == [] and again.context["open_cases"] == {on_commitment: case.id}
    assert [row.id for row in scj.get("/admin/cases").context["rows"]] == [case.id]

    wjw = signed_in("wjw")
    listed = wjw.get("/admin/cases")
    assert listed.template.name == "admin/investigations.html"
    assert [(row.id, row.ours) for row in listed.context["rows"]] == [(case.id, True)]
    detail = wjw.get(f"/admin/cases/{case.id}")
    assert detail.context["may_close"] and "办结案件" in detail.text
    empty = wjw.post(f"/admin/cases/{case.id}/close", data={"csrf_token": csrf_from(detail), "outcome": "SUBSTANTIATED",
                                                           "conclusion": " "})
    assert empty.status_code == 400 and "处理结论" in empty.text
    ok = wjw.post(f"/admin/cases/{case.id}/close", data={"csrf_token": csrf_from(detail), "outcome": "SUBSTANTIATED",
                                                        "conclusion": "虚假承诺查实，撤销许可。"}, follow_redirects=False)
    assert ok.status_code == 303
    closed = wjw.get(f"/admin/cases/{case.id}")
    assert "已撤销" in closed.text and "违诺查实" in closed.text and not closed.context["may_close"]
    assert wjw.get("/admin/cases").context["rows"] == []
    assert [row.id for row in wjw.get("/admin/cases?status=CLOSED").context["rows"]] == [case.id]
    with new_session(world.engine) as s:
        assert s.get(Permit, on_commitment).status == "REVOKED"
        acts = [a.act for a in s.exec(select(AuditRecord).order_by(AuditRecord.id)).all()]
        assert "investigation.commitment_breach" in acts and "investigation.close" in acts


def test_oversight_sees_every_case_but_neither_reports_nor_closes(world, signed_in, on_commitment):
    scj = signed_in("scj")
    _report(scj, scj.get(f"/admin/entities/{world.entities['restaurant']}"), on_commitment)
    dcs = signed_in("dcs")
    page = dcs.get(f"/admin/entities/{world.entities['restaurant']}")
    assert page.context["reportable"] == []
    rows = dcs.get("/admin/cases").context["rows"]
    assert len(rows) == 1 and not rows[0].ours
    detail = dcs.get(f"/admin/cases/{rows[0].id}")
    assert detail.status_code == 200 and not detail.context["may_close"]
    r = dcs.post(f"/admin/cases/{rows[0].id}/close", data={"csrf_token": csrf_from(detail), "outcome": "UNFOUNDED",
                                                         "conclusion": "x"})
    assert r.status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(Investigation)).one().status == "OPEN"


def test_out_of_remit_cases_and_permits_are_not_found(world, signed_in, on_commitment):
    scj = signed_in("scj")
    _report(scj, scj.get(f"/admin/entities/{world.entities['restaurant']}"), on_commitment)
    with new_session(world.engine) as s:
        case_id = s.exec(select(Investigation.id)).one()
    wlj = signed_in("wlj")  # neither investigates nor found it, and the restaurant is not in its remit
    assert wlj.get(f"/admin/cases/{case_id}").status_code == 404
    assert wlj.get("/admin/cases").context["rows"] == []
    home = wlj.get("/admin/")
    assert wlj.post(f"/admin/cases/{case_id}/close", data={"csrf_token": csrf_from(home), "outcome": "UNFOUNDED",
                                                         "conclusion": "x"}).status_code == 404
    assert _report(wlj, home, on_commitment).status_code == 404
    assert wlj.get("/admin/cases/999999").status_code == 404


def test_a_permit_not_granted_on_a_commitment_cannot_be_reported(world, signed_in):
    wjw = signed_in("wjw")
    page = wjw.get(f"/admin/entities/{world.entities['barber']}")
    assert page.context["reportable"] == []
    r = _report(wjw, page, world.permits["hygiene"])
    assert r.status_code == 400 and "不是以告知承诺方式取得" in r.text


def test_report_and_close_without_a_valid_token_are_refused_and_write_nothing(world, signed_in, on_commitment):
    scj = signed_in("scj")
    assert scj.post(f"/admin/permits/{on_commitment}/breach",
                    data={"breach": "FALSE", "found_on": (cst_today() - timedelta(days=1)).isoformat(),
                          "facts": "x"}).status_code == 403
    assert scj.post(f"/admin/permits/{on_commitment}/breach",
                    data={"csrf_token": "forged", "breach": "FALSE", "found_on": cst_today().isoformat(),
                          "facts": "x"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(Investigation)).all() == []
    _report(scj, scj.get("/admin/"), on_commitment)
    with new_session(world.engine) as s:
        case_id = s.exec(select(Investigation.id)).one()
    wjw = signed_in("wjw")
    assert wjw.post(f"/admin/cases/{case_id}/close", data={"outcome": "SUBSTANTIATED", "conclusion": "x"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(Investigation)).one().status == "OPEN"
        assert s.get(Permit, on_commitment).status == "GRANTED"
