"""执法案件 and 双公示 pages (000 §12, §17; 002 §五.6; 004 §39–41): opening a case from the entity page, the legal
review gate on major decisions, 免罚 guidance, changing a decision, transfers to public security, published records."""
from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from models import AuditRecord, CaseTransfer, Disclosure, EnforcementCase, LegalReview, MarketEntity, PenaltyDecision
from models.db import new_session
from supervision import penalties
from supervision.clock import today as cst_today
from tests.conftest import TODAY, actor_of

from .conftest import APPROVER, CREDIT, POLICE, REVIEWER, csrf_from, login


def as_user(client, username):
    assert login(client, username).status_code == 303
    return client


def _open(client, world, label="restaurant", **extra):
    page = client.get(f"/admin/entities/{world.entities[label]}/enforcement")
    data = {"csrf_token": csrf_from(page), "item_code": "FOOD", "number": "沪市监案〔2026〕9号",
            "opened_on": cst_today().isoformat(), "violation_type": "经营超过保质期的食品", "findings": "现场查获过期食品12件",
            **extra}
    return client.post(f"/admin/entities/{world.entities[label]}/enforcement", data=data, follow_redirects=False)


def _case_id(world) -> int:
    with new_session(world.engine) as s:
        return s.exec(select(EnforcementCase.id)).one()


MAJOR = {"number": "沪市监罚〔2026〕9号", "measures": ["FINE", "CONFISCATE_GAINS"], "fine_amount": "150000.00",
         "confiscated_amount": "2300.50", "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
         "facts": "当事人经营超过保质期的食品", "severity": "SERIOUS"}


def _decide(client, case_id, **values):
    page = client.get(f"/admin/enforcement/{case_id}")
    data = {"csrf_token": csrf_from(page), "decided_on": cst_today().isoformat(), **MAJOR, **values}
    return client.post(f"/admin/enforcement/{case_id}/decide", data=data, follow_redirects=False)


def test_a_major_decision_waits_for_the_legal_reviewer_then_is_published__000_s17(enforcement, signed_in, client):
    world = enforcement
    scj = signed_in("scj")
    entity_page = scj.get(f"/admin/entities/{world.entities['restaurant']}")
    assert entity_page.context["penalties"]["may_open"] and "立案" in entity_page.text
    form = scj.get(f"/admin/entities/{world.entities['restaurant']}/enforcement")
    assert form.template.name == "admin/enforcement_open.html"
    assert "FOOD" in [i.code for i in form.context["items"]]
    r = _open(scj, world)
    assert r.status_code == 303 and "?created=1" in r.headers["location"]
    case_id = _case_id(world)
    detail = scj.get(r.headers["location"])
    assert detail.template.name == "admin/enforcement_case.html"
    assert detail.context["may_decide"] and not detail.context["may_review"] and "提交法制审核" not in detail.text
    assert [row.id for row in scj.get("/admin/enforcement").context["rows"]] == [case_id]

    refused = _decide(scj, case_id)
    assert refused.status_code == 400 and refused.context["which"] == "decide"
    assert refused.context["errors"][0].code == "LEGAL_REVIEW_REQUIRED"
    assert "重大执法决定须经本部门法制审核通过后方可作出" in refused.text
    assert refused.context["form"]["fine_amount"] == "150000.00"  # the form keeps what was typed
    # an officer who is not a legal reviewer is refused the review
    no = scj.post(f"/admin/enforcement/{case_id}/review",
                  data={"csrf_token": csrf_from(detail), "approved": "1", "opinion": "同意"})
    assert no.status_code == 403 and "法制审核人员" in no.text
    with new_session(world.engine) as s:
        assert s.exec(select(PenaltyDecision)).all() == [] and s.exec(select(LegalReview)).all() == []

    fz = as_user(client, REVIEWER)
    home = fz.get("/admin/")
    assert [row.id for row in home.context["awaiting_review"]] == [case_id] and "待法制审核的案件" in home.text
    review_page = fz.get(f"/admin/enforcement/{case_id}")
    assert review_page.context["may_review"] and "提交法制审核" in review_page.text
    ok = fz.post(f"/admin/enforcement/{case_id}/review",
                 data={"csrf_token": csrf_from(review_page), "approved": "1", "opinion": "事实清楚，证据确凿，同意。"},
                 follow_redirects=False)
    assert ok.status_code == 303
    assert fz.get("/admin/").context["awaiting_review"] == []

    scj = signed_in("scj")
    done = _decide(scj, case_id)
    assert done.status_code == 303, done.text
    decided = scj.get(f"/admin/enforcement/{case_id}")
    d = decided.context["decision"]
    assert str(d.fine_amount) == "150000.00" and str(d.confiscated_amount) == "2300.50" and d.major
    assert decided.context["case"].status == "DECIDED" and not decided.context["may_decide"]
    assert "审核通过" in decided.text and decided.context["may_change"]

    public = scj.get(f"/admin/disclosures?uscc={world.entities['restaurant']}&kind=PENALTY")
    assert public.template.name == "admin/disclosures.html"
    [row] = public.context["rows"]
    assert row.fields["decisionNumber"] == "沪市监罚〔2026〕9号"
    assert public.context["standard"][0]["罚款金额（万元）"] == "15.000000"
    assert "沪市监罚〔2026〕9号" in public.text
    assert scj.get("/admin/disclosures?kind=PERMIT").context["rows"] and \
        all(r.kind == "PERMIT" for r in scj.get("/admin/disclosures?kind=PERMIT").context["rows"])
    assert scj.get("/admin/disclosures?from=2099-01-01").context["rows"] == []
    timeline = scj.get(f"/admin/entities/{world.entities['restaurant']}").context["penalties"]
    assert [x.id for x in timeline["decisions"]] == [d.id]
    assert any(x.kind == "PENALTY" for x in timeline["published"])
    with new_session(world.engine) as s:
        acts = [a.act for a in s.exec(select(AuditRecord).order_by(AuditRecord.id)).all()]
        assert {"case.open", "case.legal_review", "penalty.decide"} <= set(acts)


def test_other_departments_see_the_published_record_but_not_the_decision(enforcement, signed_in, client):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    assert _decide(scj, case_id, fine_amount="5000", measures=["FINE"], confiscated_amount="").status_code == 303
    wjw = signed_in("wjw")
    timeline = wjw.get(f"/admin/entities/{world.entities['restaurant']}").context["penalties"]
    assert timeline["decisions"] == [] and any(x.kind == "PENALTY" for x in timeline["published"])
    dcs = signed_in("dcs")  # OVERSIGHT reads every decision, and opens nothing
    page = dcs.get(f"/admin/entities/{world.entities['restaurant']}")
    assert len(page.context["penalties"]["decisions"]) == 1 and not page.context["penalties"]["may_open"]
    detail = dcs.get(f"/admin/enforcement/{case_id}")
    assert detail.status_code == 200 and not detail.context["may_change"] and not detail.context["may_decide"]


def test_out_of_remit_cases_decisions_and_entities_are_not_found(enforcement, signed_in, client):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    _decide(scj, case_id, fine_amount="5000", measures=["FINE"], confiscated_amount="")
    with new_session(world.engine) as s:
        decision_id = s.exec(select(PenaltyDecision.id)).one()
    wlj = as_user(client, CREDIT)
    assert wlj.get(f"/admin/enforcement/{case_id}").status_code == 404
    assert wlj.get("/admin/enforcement").context["rows"] == []
    assert wlj.get(f"/admin/entities/{world.entities['restaurant']}").context["penalties"]["may_open"] is False
    assert wlj.get(f"/admin/entities/{world.entities['restaurant']}/enforcement").status_code == 404
    token = csrf_from(wlj.get("/admin/"))
    for path, data in ((f"/admin/enforcement/{case_id}/decide", {"number": "x", "measures": "WARNING"}),
                       (f"/admin/enforcement/{case_id}/exempt", {"guidance": "x"}),
                       (f"/admin/enforcement/{case_id}/transfer", {"to": "T-GAJ", "reason": "x"}),
                       (f"/admin/decisions/{decision_id}/change", {"status": "WITHDRAWN", "reason": "x"})):
        assert wlj.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    opened = wlj.post(f"/admin/entities/{world.entities['restaurant']}/enforcement",
                      data={"csrf_token": token, "item_code": "FOOD", "number": "文旅案1号",
                            "opened_on": cst_today().isoformat(), "violation_type": "x"})
    assert opened.status_code == 404
    with new_session(world.engine) as s:
        assert s.exec(select(func.count()).select_from(EnforcementCase)).one() == 1
        assert s.get(PenaltyDecision, decision_id).status == "EFFECTIVE"


def test_every_new_form_without_a_valid_token_is_refused_and_writes_nothing(enforcement, signed_in, client):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    with new_session(world.engine) as s:
        t = penalties.transfer_case(session=s, actor=actor_of(s, "T-SCJ"), case_id=case_id, to_department_code="T-GAJ",
                                    reason="涉嫌生产销售不符合安全标准的食品罪", transferred_on=TODAY, today=TODAY)
        s.commit()
        transfer_id = t.id
        before = s.exec(select(func.count()).select_from(AuditRecord)).one()
    posts = [
        (scj, f"/admin/entities/{world.entities['restaurant']}/enforcement",
         {"item_code": "FOOD", "number": "沪市监案〔2026〕10号", "opened_on": cst_today().isoformat(), "violation_type": "x"}),
        (scj, f"/admin/enforcement/{case_id}/review", {"approved": "1", "opinion": "同意"}),
        (scj, f"/admin/enforcement/{case_id}/decide", {**MAJOR, "decided_on": cst_today().isoformat()}),
        (scj, f"/admin/enforcement/{case_id}/exempt", {"guidance": "x"}),
        (scj, f"/admin/enforcement/{case_id}/transfer", {"to": "T-GAJ", "reason": "x"}),
        (scj, "/admin/decisions/1/change", {"status": "WITHDRAWN", "reason": "x"}),
    ]
    for c, path, data in posts:
        assert c.post(path, data=data).status_code == 403, path
        assert c.post(path, data={"csrf_token": "forged", **data}).status_code == 403, path
    police = as_user(client, POLICE)
    assert police.post(f"/admin/transfers/{transfer_id}/status", data={"status": "ACCEPTED"}).status_code == 403
    with new_session(world.engine) as s:
        assert s.exec(select(func.count()).select_from(AuditRecord)).one() == before + 1  # the sign-in only
        assert s.exec(select(func.count()).select_from(EnforcementCase)).one() == 1
        assert s.get(CaseTransfer, transfer_id).status == "TRANSFERRED"


def test_a_first_listed_minor_violation_is_exempted_with_guidance__000_s12(enforcement, signed_in):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world, exemption_code="MJ-01", violation_type="未按规定公示营业执照")
    case_id = _case_id(world)
    page = scj.get(f"/admin/enforcement/{case_id}")
    assert page.context["may_exempt"] and "免予处罚" in page.text
    refused = _decide(scj, case_id, measures=["WARNING"], fine_amount="", confiscated_amount="")
    assert refused.status_code == 400 and refused.context["errors"][0].code == "EXEMPT_FIRST_VIOLATION"
    empty = scj.post(f"/admin/enforcement/{case_id}/exempt", data={"csrf_token": csrf_from(page), "guidance": " "})
    assert empty.status_code == 400 and empty.context["which"] == "exempt"
    ok = scj.post(f"/admin/enforcement/{case_id}/exempt",
                  data={"csrf_token": csrf_from(page), "guidance": "责令当场改正，予以提醒"}, follow_redirects=False)
    assert ok.status_code == 303
    after = scj.get(f"/admin/enforcement/{case_id}")
    assert after.context["case"].status == "EXEMPTED" and "责令当场改正" in after.text


def test_a_withdrawn_decision_leaves_the_public_list__s40(enforcement, signed_in):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    _decide(scj, case_id, fine_amount="5000", measures=["FINE"], confiscated_amount="")
    with new_session(world.engine) as s:
        decision_id = s.exec(select(PenaltyDecision.id)).one()
    page = scj.get(f"/admin/enforcement/{case_id}")
    bad = scj.post(f"/admin/decisions/{decision_id}/change", data={"csrf_token": csrf_from(page), "status": "WITHDRAWN",
                                                                   "reason": ""})
    assert bad.status_code == 400 and bad.context["which"] == "change"
    ok = scj.post(f"/admin/decisions/{decision_id}/change",
                  data={"csrf_token": csrf_from(page), "status": "WITHDRAWN", "reason": "复议撤销"}, follow_redirects=False)
    assert ok.status_code == 303
    assert scj.get("/admin/disclosures?kind=PENALTY").context["rows"] == []
    own = scj.get("/admin/disclosures/department")
    assert [r.status for r in own.context["rows"] if r.kind == "PENALTY"] == ["WITHDRAWN"]


def test_the_receiving_police_accept_return_or_judge_a_transfer__002_s5_6(enforcement, signed_in, client):
    world = enforcement
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    page = scj.get(f"/admin/enforcement/{case_id}")
    assert page.context["may_transfer"] and [d.code for d in page.context["judicial"]] == ["T-GAJ"]
    r = scj.post(f"/admin/enforcement/{case_id}/transfer",
                 data={"csrf_token": csrf_from(page), "to": "T-GAJ", "reason": "涉嫌犯罪",
                       "transferred_on": cst_today().isoformat()}, follow_redirects=False)
    assert r.status_code == 303
    assert scj.get(f"/admin/enforcement/{case_id}").context["case"].status == "TRANSFERRED"
    mine = scj.get("/admin/transfers")
    assert len(mine.context["rows"]) == 1 and "更新" not in mine.text  # the sender cannot set the status
    police = as_user(client, POLICE)
    home = police.get("/admin/")
    assert len(home.context["incoming_transfers"]) == 1 and "待处理的移送案件" in home.text
    listed = police.get("/admin/transfers")
    assert listed.template.name == "admin/transfers.html" and listed.context["judicial"]
    [(t, _case, _entity)] = listed.context["rows"]
    assert police.get(f"/admin/enforcement/{case_id}").status_code == 404
    no_note = police.post(f"/admin/transfers/{t.id}/status", data={"csrf_token": csrf_from(listed), "status": "RETURNED"})
    assert no_note.status_code == 400 and "说明" in no_note.text
    ok = police.post(f"/admin/transfers/{t.id}/status", data={"csrf_token": csrf_from(listed), "status": "ACCEPTED"},
                     follow_redirects=False)
    assert ok.status_code == 303
    judged = police.post(f"/admin/transfers/{t.id}/status", data={"csrf_token": csrf_from(listed), "status": "JUDGED",
                                                                  "note": "一审判决"}, follow_redirects=False)
    assert judged.status_code == 303 and police.get("/admin/").context["incoming_transfers"] == []
    with new_session(world.engine) as s:
        assert s.get(CaseTransfer, t.id).status == "JUDGED"


def test_a_department_sees_its_held_and_overdue_records__s40(enforcement, client):
    """T-SPJ has no credit code recorded: its school permit's record is held, and overdue after 7 working days."""
    world = enforcement
    spj = as_user(client, APPROVER)
    page = spj.get("/admin/disclosures/department")
    assert page.template.name == "admin/department_disclosures.html"
    [held] = page.context["rows"]
    assert held.status == "HELD" and "authorityUscc" in held.missing and "许可机关统一社会信用代码" in page.text
    assert page.context["overdue"] == ({held.id} if held.due_on < cst_today() else set())
    home = spj.get("/admin/")
    assert home.context["disclosures_held"] == 1 and home.context["disclosures_overdue"] == len(page.context["overdue"])
    # a held record is not public
    assert held.id not in [r.id for r in spj.get("/admin/disclosures").context["rows"]]
    with new_session(world.engine) as s:
        assert s.get(Disclosure, held.id).status == "HELD"
    assert date(2024, 5, 10) == held.decided_on


def test_in_the_tolerance_period_only_soft_measures_or_guidance__003_s16(enforcement, signed_in):
    world = enforcement
    with new_session(world.engine) as s:  # a new-economy entity within its 包容期 (set as the domain tests do)
        e = s.exec(select(MarketEntity).where(MarketEntity.uscc == world.entities["restaurant"])).one()
        e.tolerance_until = date(2099, 6, 30)
        s.add(e)
        s.commit()
    scj = signed_in("scj")
    _open(scj, world)
    case_id = _case_id(world)
    page = scj.get(f"/admin/enforcement/{case_id}")
    assert page.context["may_exempt"] and "包容期至" in page.text
    fined = _decide(scj, case_id, measures=["FINE"], fine_amount="5000", confiscated_amount="")
    assert fined.status_code == 400 and fined.context["errors"][0].code == "TOLERANCE_PERIOD"
    with new_session(world.engine) as s:
        assert s.exec(select(PenaltyDecision)).all() == []
    warned = _decide(scj, case_id, measures=["WARNING"], fine_amount="", confiscated_amount="")
    assert warned.status_code == 303
    assert scj.get(f"/admin/enforcement/{case_id}").context["decision"].measures == ["WARNING"]
