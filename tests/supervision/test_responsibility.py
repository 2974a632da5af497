"""谁审批、谁监管，谁主管、谁监管 — the responsibility rules of 001 §一.(一).2 and 000 §(四).

Rules 1–5 are checked on catalogue items built in memory; can(), restrict() and
explain_access() on the small district of the `world` fixture.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import AuditRecord, MarketEntity, Permit, PermitItem
from models.enums import PermitItemStatus, ResponsibilityRule
from supervision import entities as entities_mod, permits as permits_mod
from supervision.actors import PUBLIC, SYSTEM, Actor, ActorKind
from supervision.responsibility import (
    Action,
    approving_department_id,
    can,
    explain_access,
    readable_entity_ids,
    responsible_departments,
    restrict,
)
from tests.conftest import TODAY

APPROVER, COMPETENT, LOWER = 10, 20, 30


def item(status: PermitItemStatus, *, approving: int = APPROVER, competent: int = COMPETENT,
         delegated_to: int | None = None, code: str = "X1", name: str = "某许可") -> PermitItem:
    return PermitItem(id=7, code=code, name=name, legal_basis="某法第一条", approving_department_id=approving,
                      competent_department_id=competent, delegated_to_department_id=delegated_to,
                      level="DISTRICT", mode="POST_REGISTRATION", status=status.value)


def dept_actor(department_id: int, *kinds: str) -> Actor:
    return Actor(kind=ActorKind.KEY, ident=f"key:d{department_id}", label=f"部门{department_id}",
                 department_id=department_id, department_code=f"D{department_id}", department_kinds=frozenset(kinds))


PUBLIC_KEY = Actor(kind=ActorKind.KEY, ident="key:portal", label="公共密钥 portal")


# --- responsible_departments: rules 1–5 ---------------------------------------------------------

def test_rule1_approving_department_supervises_what_it_approved__000_s4():
    """Given an item still approved as before, the approving department alone supervises it."""
    got = responsible_departments(None, item(PermitItemStatus.ACTIVE))

    assert [(r.department_id, r.rule, r.item_id) for r in got] == [(APPROVER, ResponsibilityRule.APPROVED, 7)]


def test_rule2_separated_competent_supervises_and_approver_keeps_information__001_s1_1_2():
    """审管分离: the competent department supervises; the central approval bureau keeps the two-way exchange."""
    got = responsible_departments(None, item(PermitItemStatus.SEPARATED))

    assert [(r.department_id, r.rule) for r in got] == [
        (COMPETENT, ResponsibilityRule.SEPARATED_COMPETENT),
        (APPROVER, ResponsibilityRule.SEPARATED_APPROVAL),
    ]
    assert got[0].rule != ResponsibilityRule.APPROVED  # the competent one supervises, not as approver


def test_rule2_separated_with_the_same_department_names_it_once__001_s1_1_2():
    got = responsible_departments(None, item(PermitItemStatus.SEPARATED, approving=COMPETENT))

    assert [(r.department_id, r.rule) for r in got] == [(COMPETENT, ResponsibilityRule.SEPARATED_COMPETENT)]


def test_rule3_cancelled_item_is_supervised_by_the_competent_department__001_s1_1_2():
    """对已经取消审批但仍需监管的事项，主管部门负责履行事中事后监管职责."""
    got = responsible_departments(None, item(PermitItemStatus.CANCELLED))

    assert [(r.department_id, r.rule) for r in got] == [(COMPETENT, ResponsibilityRule.CANCELLED_COMPETENT)]


def test_rule4_filing_item_is_checked_by_the_competent_department__001_s1_1_2():
    """对审批改为备案的事项，主管部门要加强核查."""
    got = responsible_departments(None, item(PermitItemStatus.FILING))

    assert [(r.department_id, r.rule) for r in got] == [(COMPETENT, ResponsibilityRule.FILING_COMPETENT)]


def test_rule5_delegated_item_moves_supervision_to_the_lower_level__001_s1_1_2():
    """对下放审批权的事项，要同步调整监管层级: the department delegated to, not the original approver."""
    got = responsible_departments(None, item(PermitItemStatus.DELEGATED, delegated_to=LOWER))

    assert [(r.department_id, r.rule) for r in got] == [(LOWER, ResponsibilityRule.DELEGATED)]
    assert APPROVER not in {r.department_id for r in got}


@pytest.mark.parametrize("status, expected", [
    (PermitItemStatus.ACTIVE, APPROVER),
    (PermitItemStatus.SEPARATED, APPROVER),
    (PermitItemStatus.DELEGATED, LOWER),
    (PermitItemStatus.CANCELLED, None),
    (PermitItemStatus.FILING, None),
])
def test_who_decides_permits_now__001_s1_1_2(status, expected):
    """Cancelled and filing items have no approver any more; a delegated one is decided below."""
    assert approving_department_id(item(status, delegated_to=LOWER if status == PermitItemStatus.DELEGATED else None)) == expected


# --- can(): decisions carry the rule and the reason ---------------------------------------------

def test_reading_public_registration_information_is_open_to_everyone():
    for actor in (PUBLIC, PUBLIC_KEY, dept_actor(1, "COMPETENT")):
        d = can(actor, Action.READ_ENTITY)
        assert d.allowed and d.rule == "PUBLIC" and "公示" in d.reason


@pytest.mark.parametrize("status, actor_dept, allowed, rule, reason_part", [
    (PermitItemStatus.ACTIVE, APPROVER, True, "APPROVED", "审批部门"),
    (PermitItemStatus.ACTIVE, COMPETENT, False, "APPROVED", "不是"),
    (PermitItemStatus.SEPARATED, APPROVER, True, "APPROVED", "审批部门"),
    (PermitItemStatus.SEPARATED, COMPETENT, False, "APPROVED", "不是"),
    (PermitItemStatus.DELEGATED, LOWER, True, "DELEGATED", "审批部门"),
    (PermitItemStatus.DELEGATED, APPROVER, False, "APPROVED", "不是"),
    (PermitItemStatus.CANCELLED, APPROVER, False, "ITEM_STATUS", "取消审批"),
    (PermitItemStatus.FILING, APPROVER, False, "ITEM_STATUS", "改为备案"),
])
def test_who_may_record_a_permit__001_s1_1_2(status, actor_dept, allowed, rule, reason_part):
    it = item(status, delegated_to=LOWER if status == PermitItemStatus.DELEGATED else None, name="食品经营许可")

    d = can(dept_actor(actor_dept, "APPROVAL"), Action.RECORD_PERMIT, it)

    assert (d.allowed, d.rule) == (allowed, rule)
    assert reason_part in d.reason and "食品经营许可" in d.reason
    assert d.record == "permit_item:X1"


def test_public_may_not_record_a_permit():
    d = can(PUBLIC, Action.RECORD_PERMIT, item(PermitItemStatus.ACTIVE))
    assert not d and d.rule == "APPROVED"


def test_only_registration_departments_register_entities():
    assert can(dept_actor(1, "REGISTRATION", "APPROVAL"), Action.REGISTER_ENTITY).allowed
    for actor in (dept_actor(2, "APPROVAL", "COMPETENT"), dept_actor(3, "OVERSIGHT"), PUBLIC, PUBLIC_KEY):
        d = can(actor, Action.REGISTER_ENTITY)
        assert not d and d.rule == "REGISTRATION" and "登记注册部门" in d.reason


def test_permit_status_is_changed_by_the_issuing_or_the_current_approving_department():
    permit = Permit(id=5, entity_id=1, item_id=7, number="N1", issuing_department_id=APPROVER, status="GRANTED")
    delegated = item(PermitItemStatus.DELEGATED, delegated_to=LOWER)

    issuer = can(dept_actor(APPROVER), Action.CHANGE_PERMIT_STATUS, (permit, delegated))
    now_deciding = can(dept_actor(LOWER), Action.CHANGE_PERMIT_STATUS, (permit, delegated))
    competent = can(dept_actor(COMPETENT, "COMPETENT"), Action.CHANGE_PERMIT_STATUS, (permit, delegated))
    oversight = can(dept_actor(99, "OVERSIGHT"), Action.CHANGE_PERMIT_STATUS, (permit, delegated))

    assert issuer.allowed and now_deciding.allowed
    assert not competent and not oversight
    assert competent.record == "permit:5" and "作出许可决定" in competent.reason


def test_audit_reading_oversight_all_department_own_public_none__002_s5_3_3():
    assert can(dept_actor(9, "OVERSIGHT"), Action.READ_AUDIT).rule == "OVERSIGHT"
    assert can(SYSTEM, Action.READ_AUDIT).allowed
    own = can(dept_actor(1, "APPROVAL"), Action.READ_AUDIT)
    assert own.allowed and own.rule == "OWN_DEPARTMENT"
    assert not can(PUBLIC, Action.READ_AUDIT) and not can(PUBLIC_KEY, Action.READ_AUDIT)


def test_only_the_platform_operator_manages_catalogue_and_accounts():
    assert can(SYSTEM, Action.MANAGE_CATALOGUE).allowed
    for actor in (dept_actor(1, "REGISTRATION"), dept_actor(9, "OVERSIGHT"), PUBLIC):
        assert not can(actor, Action.MANAGE_CATALOGUE)
        assert not can(actor, Action.MANAGE_ACCOUNTS)


# --- can(READ_ENTITY_FILE), restrict() and explain_access() on the world ------------------------

def _entity(session, world, label) -> MarketEntity:
    return entities_mod.find_by_uscc(session, world.entities[label])


FILE_READERS = {
    "restaurant": {"T-SCJ", "T-DCS"},
    "barber": {"T-SCJ", "T-WJW", "T-DCS"},
    "school": {"T-SCJ", "T-SPJ", "T-JYJ", "T-DCS"},
    "pharmacy": {"T-SCJ", "T-DCS"},
    "plain": {"T-SCJ", "T-DCS"},
}
DEPARTMENTS = ["T-SCJ", "T-WJW", "T-JYJ", "T-SPJ", "T-WLJ", "T-MZJ", "T-SYJ", "T-DCS", "T-FGW", "T-DSJ"]


@pytest.mark.parametrize("code", DEPARTMENTS)
def test_restrict_file_returns_exactly_the_supervised_entities__001_s1_1_2(session, world, code):
    """Given the district, when a department's entity query is narrowed, then only its entities remain."""
    actor = world.actor(code)
    expected = {world.entities[label] for label, readers in FILE_READERS.items() if code in readers}

    got = set(session.exec(restrict(select(MarketEntity.uscc), actor, Action.READ_ENTITY_FILE)).all())

    assert got == expected


@pytest.mark.parametrize("actor", [PUBLIC, PUBLIC_KEY], ids=["anonymous", "public-key"])
def test_restrict_gives_the_public_no_file_and_no_permit(session, world, actor):
    assert session.exec(restrict(select(MarketEntity.id), actor, Action.READ_ENTITY_FILE)).all() == []
    assert session.exec(restrict(select(Permit.id), actor, Action.READ_PERMIT)).all() == []
    assert session.exec(restrict(select(AuditRecord.id), actor, Action.READ_AUDIT)).all() == []
    assert len(session.exec(restrict(select(MarketEntity.id), actor, Action.READ_ENTITY)).all()) == 5


@pytest.mark.parametrize("code, permits", [
    ("T-SCJ", {"food", "hygiene", "school", "drug"}),
    ("T-WJW", {"hygiene"}),
    ("T-JYJ", {"school"}),
    ("T-SPJ", {"school"}),
    ("T-SYJ", set()),  # DRUG was delegated to the district (rule 5)
    ("T-WLJ", set()),
    ("T-DCS", {"food", "hygiene", "school", "drug"}),
    ("T-FGW", set()),
])
def test_restrict_permits_follows_the_entity_supervision(session, world, code, permits):
    got = set(session.exec(restrict(select(Permit.id), world.actor(code), Action.READ_PERMIT)).all())
    assert got == {world.permits[p] for p in permits}


def test_restrict_audit_department_sees_only_its_own_records(session, world):
    wjw = world.actor("T-WJW")
    rows = session.exec(restrict(select(AuditRecord), wjw, Action.READ_AUDIT)).all()
    everything = session.exec(restrict(select(AuditRecord), world.actor("T-DCS"), Action.READ_AUDIT)).all()

    assert [r.act for r in rows] == ["permit.record"]
    assert {r.department_id for r in rows} == {wjw.department_id}
    assert len(everything) == len(session.exec(select(AuditRecord)).all()) > len(rows)


def test_restrict_refuses_an_action_it_does_not_know(world):
    with pytest.raises(ValueError):
        restrict(select(MarketEntity), PUBLIC, Action.REGISTER_ENTITY)


@pytest.mark.parametrize("label", sorted(FILE_READERS))
@pytest.mark.parametrize("code", DEPARTMENTS)
def test_can_read_file_matches_restrict(session, world, code, label):
    entity = _entity(session, world, label)

    d = can(world.actor(code), Action.READ_ENTITY_FILE, entity, session=session)

    assert d.allowed == (code in FILE_READERS[label])
    assert bool(readable_entity_ids(session, world.actor(code), [entity.id])) == d.allowed
    if not d.allowed:
        assert d.rule == "NOT_RESPONSIBLE" and "公示信息" in d.reason and d.record is None


def test_can_read_file_names_rule_and_record__001_s1_1_2(session, world):
    """审管分离: once the bureau grants the restaurant a school permit, the education bureau reads the
    restaurant's file because of that permit, and the decision says so."""
    restaurant = _entity(session, world, "restaurant")
    assert not can(world.actor("T-JYJ"), Action.READ_ENTITY_FILE, restaurant, session=session)
    p = permits_mod.record_permit(session=session, actor=world.actor("T-SPJ"), uscc=restaurant.uscc, item_code="SCHOOL",
                                  number="教民-T-1", decision_date=date(2025, 1, 2), today=TODAY)

    d = can(world.actor("T-JYJ"), Action.READ_ENTITY_FILE, restaurant, session=session)

    assert d.allowed and d.rule == "SEPARATED_COMPETENT"
    assert "民办学校办学许可" in d.reason and "行业主管部门" in d.reason
    assert d.record == f"permit:{p.id}"


def test_a_registration_push_routes_the_entity_to_the_department__004_s9(session, world):
    """二告知 (§9): the registration was pushed to the education bureau, which may read the school's
    file from then on; the decision names the push."""
    d = can(world.actor("T-JYJ"), Action.READ_ENTITY_FILE, _entity(session, world, "school"), session=session)

    assert d.allowed and d.rule == "ROUTED"
    assert "推送" in d.reason and d.record.startswith("notification:")


def test_can_read_file_of_the_registering_department_cites_the_registration(session, world):
    plain = _entity(session, world, "plain")

    d = can(world.actor("T-SCJ"), Action.READ_ENTITY_FILE, plain, session=session)

    assert d.allowed and d.rule == "REGISTERED" and d.record == f"registration:{plain.id}"


def test_can_read_file_without_a_session_is_refused_for_a_department(session, world):
    d = can(world.actor("T-SCJ"), Action.READ_ENTITY_FILE, _entity(session, world, "plain"))
    assert not d


def test_oversight_reads_every_file_without_a_record(session, world):
    d = can(world.actor("T-DCS"), Action.READ_ENTITY_FILE, _entity(session, world, "plain"), session=session)
    assert d.allowed and d.rule == "OVERSIGHT"


def test_readable_entity_ids_of_nothing_is_empty(session, world):
    assert readable_entity_ids(session, world.actor("T-DCS"), []) == set()


def test_explain_access_oversight_lists_every_responsible_department__001_s1_1_2(session, world):
    school = _entity(session, world, "school")

    ex = explain_access(session, world.actor("T-DCS"), school)

    assert ex.can_read_public and ex.can_read_file
    assert [(r.department_name, r.rule, r.source_kind, r.item_code) for r in ex.reasons] == [
        ("测试区市场监督管理局", "REGISTERED", "registration", None),
        ("测试区行政审批局", "ROUTED", "notification", None),  # 双告知 push (§9)
        ("测试区教育局", "ROUTED", "notification", None),
        ("测试区教育局", "SEPARATED_COMPETENT", "permit", "SCHOOL"),
        ("测试区行政审批局", "SEPARATED_APPROVAL", "permit", "SCHOOL"),
    ]


def test_explain_access_department_sees_only_its_own_reasons__001_s1_1_2(session, world):
    """下放: the district bureau reads the pharmacy both as its registrar and as the delegated approver."""
    pharmacy = _entity(session, world, "pharmacy")

    ex = explain_access(session, world.actor("T-SCJ"), pharmacy)

    assert ex.can_read_file
    assert [(r.rule, r.item_code, r.source_kind) for r in ex.reasons] == [
        ("REGISTERED", None, "registration"), ("ROUTED", None, "notification"), ("DELEGATED", "DRUG", "permit")]
    assert {r.department_name for r in ex.reasons} == {"测试区市场监督管理局"}
    assert "药品零售许可" in ex.reasons[2].description


def test_explain_access_the_city_approver_lost_a_delegated_item__001_s1_1_2(session, world):
    ex = explain_access(session, world.actor("T-SYJ"), _entity(session, world, "pharmacy"))

    assert ex.can_read_public and not ex.can_read_file
    assert ex.reasons == [] and "没有监管职责" in ex.summary


@pytest.mark.parametrize("actor", [PUBLIC, PUBLIC_KEY], ids=["anonymous", "public-key"])
def test_explain_access_public_reads_only_public_information(session, world, actor):
    ex = explain_access(session, actor, _entity(session, world, "restaurant"))

    assert ex.can_read_public and not ex.can_read_file and ex.reasons == []
    assert "公示信息" in ex.summary
