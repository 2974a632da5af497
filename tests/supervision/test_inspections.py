"""双随机、一公开 (seeds/004 §19–27; 000 §(十一); 003 §三): lists, directories, plans, verifiable draws, joint plans,
tasks, results, assistance and inspections outside draws — on the small test district."""
from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlmodel import select

from models import (AuditRecord, CreditEvaluation, CreditFact, InspectionDraw, InspectionPlan, InspectionTask,
                    Investigation, ItemResult, JointParticipation, ListPublication, MarketEntity, StaffUser)
from models.db import new_session
from models.enums import OverdueKind
from supervision import accounts, draws, inspections, oversight, ratings
from supervision.actors import SYSTEM
from supervision.errors import DomainError, ErrorCode, NotFound, ValidationErrors
from tests.conftest import actor_of, build_world

TODAY = date(2026, 11, 23)
STAFF = {"T-SCJ": ["scj-a", "scj-b", "scj-c", "scj-d"], "T-WJW": ["wjw-a", "wjw-b"]}
ITEMS = {"T-SCJ": [("SCJ-01", "食品经营者落实食品安全主体责任情况"), ("SCJ-02", "企业公示信息情况")],
         "T-WJW": [("WJW-01", "公共场所卫生检查")]}


def codes(*errors) -> set[str]:
    return {e.code.value for e in errors}


def err_codes(exc: DomainError) -> set[str]:
    return codes(*(exc.errors if isinstance(exc, ValidationErrors) else [exc]))


@pytest.fixture
def district(db):
    """The test district, two more entities for T-SCJ's directory, inspectors and published item lists."""
    w = build_world(db, extra_entities=3)
    s = new_session(db)
    for code, names in STAFF.items():
        for n in names:
            accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                                  department_code=code, roles=["INSPECTOR"], certificate_no=f"沪执{n}")
    accounts.create_staff(session=s, actor=SYSTEM, username="scj-clerk", display_name="scj-clerk", password="x" * 12,
                          department_code="T-SCJ", roles=["OFFICER"])
    for code, items in ITEMS.items():
        a = actor_of(s, code)
        for c, name in items:
            inspections.save_inspection_item(session=s, actor=a, code=c, name=name, legal_basis="《条例》第十条",
                                             content=name, method="现场检查")
        inspections.publish_list(session=s, actor=a, year=2026, kind="RANDOM_ITEMS", title="2026年随机抽查事项清单",
                                 today=date(2026, 1, 10))
    s.commit()
    yield w, s
    s.rollback()
    s.close()


def plan(s, code="T-SCJ", items=("SCJ-01",), ratio="1", **kw):
    kw.setdefault("check_start", date(2026, 11, 2))
    kw.setdefault("check_end", date(2026, 11, 20))
    return inspections.create_plan(session=s, actor=actor_of(s, code), name="2026年食品经营双随机抽查", year=2026,
                                   item_codes=list(items), ratio=ratio, today=TODAY, **kw)


def drawn(s, p, seed="fixed-seed", code="T-SCJ"):
    inspections.commit_plan(session=s, actor=actor_of(s, code), plan_id=p.id, seed=seed)
    return inspections.draw_plan(session=s, actor=actor_of(s, code), plan_id=p.id)


def tasks_of(s, p):
    return s.exec(select(InspectionTask).where(InspectionTask.plan_id == p.id).order_by(InspectionTask.id)).all()


def staff_id(s, username):
    return s.exec(select(StaffUser.id).where(StaffUser.username == username)).one()


# --- lists (§20, 003 §三) ------------------------------------------------------------------------

def test_a_published_item_list_keeps_its_version_when_items_change__s20(district):
    w, s = district
    a = actor_of(s, "T-SCJ")
    inspections.save_inspection_item(session=s, actor=a, code="SCJ-01", name="食品安全检查（修订）", legal_basis="新依据",
                                     content="c", method="m")
    v2 = inspections.publish_list(session=s, actor=a, year=2026, kind="RANDOM_ITEMS", title="修订版", today=TODAY)
    assert v2.version == 2
    # plans use the latest publication; the first one, as published, is unchanged in the audit chain
    assert inspections.published_random_items(s, a.department_id)["SCJ-01"]["name"] == "食品安全检查（修订）"
    first = s.exec(select(ListPublication).where(ListPublication.department_id == a.department_id,
                                                 ListPublication.version == 1)).one()
    assert first.content[0]["name"] == "食品经营者落实食品安全主体责任情况"
    assert s.exec(select(AuditRecord).where(AuditRecord.act == "list.publish")).first() is not None


def test_departments_without_their_lists_and_plan_by_end_of_january_are_warned__003_s3(district):
    w, s = district
    scj = actor_of(s, "T-SCJ")
    assert inspections.unpublished_lists(s, scj, year=2026, today=date(2026, 1, 31)) == []
    late = inspections.unpublished_lists(s, scj, year=2026, today=date(2026, 2, 2))
    assert [x.value for x in late[0].missing] == ["ENFORCEMENT_ITEMS", "INSPECTION_ITEMS", "ANNUAL_PLAN"]
    everyone = inspections.unpublished_lists(s, actor_of(s, "T-DCS"), year=2026, today=date(2026, 2, 2))
    assert len(everyone) > 1


def test_a_plan_may_only_use_items_of_the_published_list__s20(district):
    w, s = district
    with pytest.raises(ValidationErrors) as e:
        plan(s, items=("WJW-01", "NOPE"))
    assert err_codes(e.value) == {"INVALID_VALUE"}


def test_teams_of_fewer_than_two_are_refused__s21(district):
    w, s = district
    with pytest.raises(ValidationErrors) as e:
        plan(s, team_size=1)
    assert {x.field for x in e.value.errors} == {"teamSize"}


# --- the draw (§21–23) ------------------------------------------------------------------------------

def as_committed_under_version_1(s, plan_id: int) -> None:
    """Rewrite a committed plan's snapshot in the jianguan-draw/1 layout, as plans committed before version 2 were
    (one JSON object an object, p a decimal string), with the hash published for it."""
    d = s.exec(select(InspectionDraw).where(InspectionDraw.plan_id == plan_id)).one()
    snap = json.loads(d.snapshot)
    rows = [{**o, "p": format((Decimal(o["p"]) / 1_000_000).normalize(), "f")} for o in draws.object_rows(snap)]
    text = draws.canonical(draws.build_snapshot(plan=snap["plan"], objects=rows, pools=snap["pools"],
                                                algorithm=draws.ALGORITHM_V1))
    p = s.get(InspectionPlan, plan_id)
    d.snapshot, d.snapshot_hash = text, draws.sha256_hex(text)
    p.snapshot_hash = d.snapshot_hash
    s.add_all([d, p])
    s.commit()


def test_a_plan_committed_under_version_1_is_drawn_and_verified_under_version_1__s21(district):
    """Plans whose snapshot was published under jianguan-draw/1 keep their algorithm: drawn and re-verified with it."""
    w, s = district
    p = plan(s, ratio="0.5")
    inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id, seed="old-seed")
    as_committed_under_version_1(s, p.id)
    inspections.draw_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    d = s.exec(select(InspectionDraw).where(InspectionDraw.plan_id == p.id)).one()
    assert d.result["algorithm"] == "jianguan-draw/1" and d.result["selected"]
    v = inspections.verify_plan(s, p.id)
    assert v.matches and v.algorithm == "jianguan-draw/1"
    assert sorted(t.object_key for t in tasks_of(s, p)) == sorted(d.result["teams"])
    old = json.loads(d.snapshot)
    v2 = draws.draw(draws.build_snapshot(plan=old["plan"], objects=old["objects"], pools=old["pools"]), "old-seed").as_dict()
    forged = draws.verify(snapshot_text=d.snapshot, seed="old-seed", snapshot_hash=p.snapshot_hash,
                          seed_hash=p.seed_hash, result=v2)
    assert not forged.matches and not forged.result_ok  # a version-2 result does not pass for a version-1 snapshot


def test_commit_publishes_hashes_draw_reveals_the_seed_and_anyone_can_verify__s21(district):
    """The seed's hash and the snapshot's hash are fixed before the draw; the draw is then reproducible."""
    w, s = district
    p = plan(s)
    committed = inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id, seed="s3cret")
    assert committed.seed_hash == draws.sha256_hex("s3cret") and committed.status == "COMMITTED"
    d = s.exec(select(InspectionDraw).where(InspectionDraw.plan_id == p.id)).one()
    assert not d.seed_revealed and d.result is None
    inspections.draw_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    s.refresh(d)
    assert d.seed_revealed and inspections.verify_plan(s, p.id).matches
    assert draws.draw(json.loads(d.snapshot), "s3cret").as_dict() == d.result
    ts = tasks_of(s, p)
    assert len(ts) == 8  # ratio 1: the whole directory (5 + 3 entities registered by T-SCJ)
    certified = {staff_id(s, n) for n in STAFF["T-SCJ"]}
    for t in ts:
        assert len(t.inspector_ids) == 2 and set(t.inspector_ids) <= certified
        assert t.results_due == date(2026, 12, 18)  # 20 working days after 20 November (§27)


def test_a_plan_is_drawn_once__s21(district):
    w, s = district
    p = plan(s)
    drawn(s, p)
    with pytest.raises(DomainError) as e:
        inspections.draw_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    assert e.value.code == ErrorCode.ALREADY_DONE


def test_too_few_certified_inspectors_refuses_the_plan__s21(district):
    """Staff without a certificate are not in the inspector directory; a team of 5 cannot be formed from 4."""
    w, s = district
    p = plan(s, team_size=5)
    with pytest.raises(DomainError) as e:
        inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    assert e.value.code == ErrorCode.TOO_FEW_INSPECTORS


def test_key_focus_objects_are_always_drawn__s22(district):
    w, s = district
    inspections.mark_key_focus(session=s, actor=actor_of(s, "T-SCJ"), uscc=w.entities["plain"], reason="PAST_VIOLATION")
    for seed in ("a", "b", "c"):
        p = plan(s, ratio=None, count=1)
        drawn(s, p, seed=seed)
        d = s.exec(select(InspectionDraw).where(InspectionDraw.plan_id == p.id)).one()
        assert d.result["selected"] == [w.entities["plain"]]  # count 1 is taken by the key-focus object


def test_lower_credit_and_higher_risk_get_higher_probability__000_s11(district):
    """The snapshot reads the current grade and the highest current risk level (§36) of every object."""
    from tests.supervision.test_risk import assess, rule
    w, s = district
    for label, grade in (("restaurant", "D"), ("plain", "A")):
        s.add(CreditEvaluation(entity_id=s.exec(select(MarketEntity.id).where(MarketEntity.uscc == w.entities[label])).one(),
                               standard_version=1, score=50, grade=grade, contributions=[], evaluated_on=TODAY))
    for code, dept in (("R-HYG", "T-WJW"), ("R-DRUG", "T-SYJ")):
        rule(s, code=code, dept=dept, levels=("LOW", "MEDIUM", "HIGHER", "HIGH"))
    assess(s, w.entities["restaurant"], "R-HYG", "MEDIUM")
    assess(s, w.entities["restaurant"], "R-DRUG", "HIGH", dept="T-SYJ")  # the higher of two counts
    assess(s, w.entities["plain"], "R-HYG", "LOW")
    p = plan(s, ratio="0.25")
    snap = inspections.take_snapshot(s, p)
    objs = {o["uscc"]: o for o in draws.object_rows(snap)}
    assert (objs[w.entities["restaurant"]]["grade"], objs[w.entities["restaurant"]]["risk"]) == ("D", "HIGH")
    prob = {u: o["p"] / 1_000_000 for u, o in objs.items()}
    assert prob[w.entities["restaurant"]] > prob[w.entities["barber"]] > prob[w.entities["plain"]]
    assert abs(sum(prob.values()) - 0.25 * len(prob)) < 1e-4


def test_uncoded_objects_join_the_directory_linked_to_their_entity__s23(district):
    w, s = district
    inspections.add_uncoded_object(session=s, actor=actor_of(s, "T-SCJ"), name="张江路早餐车", address="张江路1号",
                                   responsible_uscc=w.entities["restaurant"])
    objs = inspections.object_directory(s, actor_of(s, "T-SCJ").department_id)
    uncoded = [o for o in objs if o.uncoded_object_id]
    assert len(uncoded) == 1 and uncoded[0].uscc == w.entities["restaurant"]


def test_directory_filters_by_permit_item__s23(district):
    w, s = district
    objs = inspections.object_directory(s, actor_of(s, "T-SCJ").department_id, {"permitItemCode": "FOOD"})
    assert [o.uscc for o in objs] == [w.entities["restaurant"]]


def test_declared_conflicts_and_last_cycle_pairs_are_avoided__s21(district):
    w, s = district
    inspections.declare_conflict(session=s, actor=actor_of(s, "T-SCJ"), username="scj-a", uscc=w.entities["restaurant"],
                                 reason="亲属任职")
    first = plan(s)
    drawn(s, first, seed="one")
    by_key = {t.object_key: set(t.inspector_ids) for t in tasks_of(s, first)}
    assert staff_id(s, "scj-a") not in by_key[w.entities["restaurant"]]
    second = plan(s)
    drawn(s, second, seed="two")
    for t in tasks_of(s, second):
        assert not set(t.inspector_ids) & by_key[t.object_key], t.object_key


def test_a_department_cannot_draw_or_see_another_departments_plan__s21(district):
    w, s = district
    p = plan(s)
    with pytest.raises(NotFound):
        inspections.commit_plan(session=s, actor=actor_of(s, "T-WJW"), plan_id=p.id)
    inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    with pytest.raises(NotFound):
        inspections.draw_plan(session=s, actor=actor_of(s, "T-WJW"), plan_id=p.id)
    wjw_directory = {o.uscc for o in inspections.object_directory(s, actor_of(s, "T-WJW").department_id)}
    assert wjw_directory == {w.entities["barber"]}


# --- joint plans (§24–25) ---------------------------------------------------------------------------

def test_joint_plan_waits_for_confirmation_and_one_visit_covers_every_departments_items__s24(district):
    w, s = district
    p = plan(s, kind="JOINT", participant_codes=["T-WJW"])
    part = s.exec(select(JointParticipation).where(JointParticipation.plan_id == p.id,
                                                   JointParticipation.lead.is_(False))).one()
    assert part.confirm_due == date(2026, 11, 30)  # 5 working days after Monday 23 November
    with pytest.raises(DomainError) as e:
        inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id)
    assert e.value.code == ErrorCode.INVALID_STATUS_TRANSITION
    late = oversight.overdue(s, actor_of(s, "T-DCS"), kind=OverdueKind.JOINT_CONFIRMATION, today=date(2026, 12, 2))
    assert [a.subject_id for a in late] == [part.id]
    with pytest.raises(ValidationErrors) as e:
        inspections.confirm_participation(session=s, actor=actor_of(s, "T-WJW"), plan_id=p.id, item_codes=["WJW-01"],
                                          inspector_usernames=["wjw-a"])
    assert "TOO_FEW_INSPECTORS" in err_codes(e.value)
    inspections.confirm_participation(session=s, actor=actor_of(s, "T-WJW"), plan_id=p.id, item_codes=["WJW-01"],
                                      inspector_usernames=["wjw-a", "wjw-b"])
    drawn(s, p)
    wjw = {staff_id(s, n) for n in STAFF["T-WJW"]}
    t = tasks_of(s, p)[0]
    assert len(t.inspector_ids) == 4 and wjw <= set(t.inspector_ids)
    inspections.record_item_result(session=s, actor=actor_of(s, "T-SCJ"), task_id=t.id, item_code="SCJ-01",
                                   result="COMPLIANT", checked_on=date(2026, 11, 10), today=TODAY)
    s.refresh(t)
    assert t.status == "OPEN"
    inspections.record_item_result(session=s, actor=actor_of(s, "T-WJW"), task_id=t.id, item_code="WJW-01",
                                   result="COMPLIANT", checked_on=date(2026, 11, 10), today=TODAY)
    s.refresh(t)
    assert t.status == "DONE" and t.published_at is not None


def test_full_sweep_takes_every_published_item_of_every_department__s25(district):
    w, s = district
    p = plan(s, items=(), kind="FULL_SWEEP", participant_codes=["T-WJW"])
    assert len(p.item_ids) == 2
    part = inspections.confirm_participation(session=s, actor=actor_of(s, "T-WJW"), plan_id=p.id, item_codes=[],
                                             inspector_usernames=["wjw-a", "wjw-b"])
    assert len(part.item_ids) == 1


# --- results (§27), cases, assistance (§26), outside draws (§20) -----------------------------------

def test_results_are_published_when_every_item_is_recorded_and_problems_open_a_case__s27(district):
    w, s = district
    p = plan(s, items=("SCJ-01", "SCJ-02"))
    drawn(s, p)
    t = tasks_of(s, p)[0]
    a = actor_of(s, "T-SCJ")
    with pytest.raises(ValidationErrors) as e:
        inspections.record_item_result(session=s, actor=a, task_id=t.id, item_code="SCJ-01", result="PROBLEMS_FOUND",
                                       checked_on=date(2026, 11, 10), today=TODAY)
    assert err_codes(e.value) == {"REQUIRED"}
    r = inspections.record_item_result(session=s, actor=a, task_id=t.id, item_code="SCJ-01", result="PROBLEMS_FOUND",
                                       description="冷藏温度不达标", open_case=True, checked_on=date(2026, 11, 10),
                                       today=TODAY)
    case = s.get(Investigation, r.investigation_id)
    assert (case.department_id, case.kind) == (a.department_id, "SPOT_CHECK")
    # a finding is public credit information (§29), recorded once per item result
    fact = s.exec(select(CreditFact).where(CreditFact.source_type == "item_result", CreditFact.source_id == r.id)).one()
    assert (fact.entity_id, fact.kind, fact.occurred_on) == (t.entity_id, "SPOT_CHECK", date(2026, 11, 10))
    inspections.record_item_result(session=s, actor=a, task_id=t.id, item_code="SCJ-02", result="COMPLIANT",
                                   checked_on=date(2026, 11, 11), today=TODAY)
    s.refresh(t)
    assert (t.status, t.summary, t.checked_on) == ("DONE", "PROBLEMS_FOUND", date(2026, 11, 11))
    with pytest.raises(NotFound):
        inspections.record_item_result(session=s, actor=actor_of(s, "T-WJW"), task_id=t.id, item_code="WJW-01",
                                       result="COMPLIANT", checked_on=date(2026, 11, 11), today=TODAY)


def test_results_not_recorded_20_working_days_after_the_check_are_overdue__s27(district):
    w, s = district
    p = plan(s)
    drawn(s, p)
    dcs = actor_of(s, "T-DCS")
    assert oversight.overdue(s, dcs, kind=OverdueKind.DRAW_RESULT, today=date(2026, 12, 18)) == []
    late = oversight.overdue(s, dcs, kind=OverdueKind.DRAW_RESULT, today=date(2026, 12, 21))
    assert len(late) == len(tasks_of(s, p))
    counts = oversight.overdue_counts(s, dcs, today=date(2026, 12, 21))
    assert counts[(actor_of(s, "T-SCJ").department_id, OverdueKind.DRAW_RESULT)] == len(late)


def test_assistance_is_requested_from_and_answered_by_another_department__s26(district):
    w, s = district
    p = plan(s)
    drawn(s, p)
    t = tasks_of(s, p)[0]
    req = inspections.request_assistance(session=s, actor=actor_of(s, "T-SCJ"), task_id=t.id, to_department_code="T-WJW",
                                         kind="EXPERT_OPINION", request="请出具卫生检测意见")
    with pytest.raises(NotFound):
        inspections.answer_assistance(session=s, actor=actor_of(s, "T-JYJ"), request_id_=req.id, answer="x")
    done = inspections.answer_assistance(session=s, actor=actor_of(s, "T-WJW"), request_id_=req.id, answer="检测合格")
    assert done.answered_at is not None


def test_inspections_outside_draws_need_one_of_the_four_grounds__s20(district):
    w, s = district
    a = actor_of(s, "T-SCJ")
    kw = dict(session=s, actor=a, uscc=w.entities["plain"], reference="12315-2026-0001", inspected_on=date(2026, 11, 20),
              result="COMPLIANT", inspector_usernames=["scj-a", "scj-b"], today=TODAY)
    with pytest.raises(ValidationErrors) as e:
        inspections.record_non_draw_inspection(reason="ROUTINE", **kw)
    assert {x.field for x in e.value.errors} == {"reason"}
    row = inspections.record_non_draw_inspection(reason="COMPLAINT", **kw)
    assert row.reason == "COMPLAINT"


# --- concurrency -------------------------------------------------------------------------------------

@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="row locking is tested on PostgreSQL")
def test_two_concurrent_draws_give_one_draw_and_one_refusal__s21(district, db):
    w, s = district
    p = plan(s)
    inspections.commit_plan(session=s, actor=actor_of(s, "T-SCJ"), plan_id=p.id, seed="race")
    s.commit()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt():
        with new_session(db) as t:
            a = actor_of(t, "T-SCJ")
            barrier.wait()
            try:
                inspections.draw_plan(session=t, actor=a, plan_id=p.id, now=datetime(2026, 11, 23, tzinfo=timezone.utc))
                t.commit()
                outcomes.append("drawn")
            except DomainError as exc:
                t.rollback()
                outcomes.append(exc.code.value)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    [th.start() for th in threads]
    [th.join() for th in threads]
    assert sorted(outcomes) == ["ALREADY_DONE", "drawn"]
    s.expire_all()
    assert s.exec(select(ItemResult)).all() == []
    assert len(tasks_of(s, p)) == 8


def test_a_published_result_is_disclosed_in_the_public_feed_once_the_department_has_its_credit_code__s27_s40(district):
    """一公开 (§27): plan name, entity name, credit code, check date and result go out as a 双公示 record; like a
    permit's, it waits (and counts as overdue) until the department's own credit code is known."""
    from models import Disclosure
    from supervision import disclosure, feed
    from supervision.uscc import with_check_character
    w, s = district
    p = plan(s, items=("SCJ-01", "SCJ-02"))
    drawn(s, p)
    t = tasks_of(s, p)[0]
    a = actor_of(s, "T-SCJ")
    inspections.record_item_result(session=s, actor=a, task_id=t.id, item_code="SCJ-01", result="COMPLIANT",
                                   checked_on=date(2026, 11, 10), today=TODAY)
    assert s.exec(select(Disclosure).where(Disclosure.kind == "SPOT_CHECK")).all() == []  # not complete yet
    inspections.record_item_result(session=s, actor=a, task_id=t.id, item_code="SCJ-02", result="PROBLEMS_FOUND",
                                   description="冷藏温度不达标", checked_on=date(2026, 11, 11), today=TODAY)
    record = s.exec(select(Disclosure).where(Disclosure.kind == "SPOT_CHECK", Disclosure.source_id == t.id)).one()
    entity = s.get(MarketEntity, t.entity_id)
    assert (record.status, record.missing) == ("HELD", ["authorityUscc", "sourceUnitUscc"])
    code = with_check_character("11310115MB0000099")
    disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code="T-SCJ", uscc=code)
    s.commit()
    s.refresh(record)
    assert record.status == "PUBLIC"
    f = record.fields
    assert (f["planName"], f["counterpartName"], f["counterpartCode1"], f["checkDate"], f["checkResult"],
            f["authorityUscc"]) == ("2026年食品经营双随机抽查", entity.name, entity.uscc, "2026-11-11", "发现问题", code)
    std = disclosure.to_standard("SPOT_CHECK", f)
    assert std["抽查计划名称"] == "2026年食品经营双随机抽查" and std["检查结果"] == "发现问题"
    changes = [c for c in feed.read(s, after=None, first=1000).changes if c.kind == "SPOT_CHECK"]
    assert [(c.event, c.disclosure_id) for c in changes] == [("PUBLISHED", record.id)]
