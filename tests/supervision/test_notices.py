"""双告知 (seeds/004 §6–9, §43): the notice, the commitment, the push, the pool, the joint review,
and the receipt each department owes (一反馈, §11). Given a small district, when an entity registers,
then the departments the scope names are told and may read its file; nobody else is."""
from __future__ import annotations

import copy
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from models import (AuditRecord, Commitment, JointReview, JointReviewOpinion, MarketEntity, Notification, PoolClaim,
                    PoolEntry, RegistrationNotice, TrackingTask)
from supervision import catalogue, entities, notices
from supervision.actors import SYSTEM
from supervision.clock import CST, to_cst_date
from supervision.errors import DomainError, ErrorCode, Forbidden, NotFound, ValidationErrors
from supervision.notices import CommitmentInput
from supervision.responsibility import Action, can
from tests.conftest import CATALOGUE, COMMITMENT, actor_of, make_uscc

# A street, an enforcement bureau, a second registration office, a city-level item supervised by a
# district department (§13) and a pre-registration item (§42), added to the shared test catalogue.
EXTRA_DEPARTMENTS = [
    {"code": "T-ZJZ", "name": "测试区张江镇人民政府", "level": "STREET", "region": "310115", "kinds": ["STREET"]},
    {"code": "T-CGJ", "name": "测试区城市管理行政执法局", "level": "DISTRICT", "region": "310115", "kinds": ["ENFORCEMENT"]},
    {"code": "T-YJJ", "name": "测试区应急管理局", "level": "DISTRICT", "region": "310115", "kinds": ["APPROVAL", "COMPETENT"]},
    {"code": "T-LGJ", "name": "测试区临港市场监督管理所", "level": "DISTRICT", "region": "310115", "kinds": ["REGISTRATION"]},
]
EXTRA_ITEMS = [
    {"code": "MEDDEV", "name": "第三类医疗器械经营许可", "legalBasis": "《医疗器械监督管理条例》第四十二条",
     "approvingDepartment": "T-SYJ", "competentDepartment": "T-WJW", "level": "CITY", "mode": "POST_REGISTRATION",
     "noticeCommitment": False, "status": "ACTIVE", "delegatedTo": None, "highRisk": False, "timeLimitDays": 20,
     "scopePhrases": ["第三类医疗器械经营"]},
    {"code": "HAZCHEM", "name": "危险化学品经营许可", "legalBasis": "《危险化学品安全管理条例》第三十三条",
     "approvingDepartment": "T-YJJ", "competentDepartment": "T-YJJ", "level": "DISTRICT", "mode": "PRE_REGISTRATION",
     "noticeCommitment": False, "status": "ACTIVE", "delegatedTo": None, "highRisk": True, "timeLimitDays": 30,
     "scopePhrases": ["危险化学品经营"]},
]


def district_catalogue() -> dict:
    data = copy.deepcopy(CATALOGUE)
    data["departments"] += copy.deepcopy(EXTRA_DEPARTMENTS)
    data["permitItems"] += copy.deepcopy(EXTRA_ITEMS)
    return data


def with_item_changes(code: str, **changes) -> dict:
    data = district_catalogue()
    for it in data["permitItems"]:
        if it["code"] == code:
            it.update(changes)
    return data


def build_district(session) -> None:
    catalogue.import_catalogue(session=session, actor=SYSTEM, data=district_catalogue())
    session.commit()


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


PUSHED = at(date(2025, 9, 30))  # a Tuesday, the eve of the National Day holiday


def register(session, n: int, scope: str, *, now: datetime = PUSHED, commitment=COMMITMENT, street: str | None = None,
             registrar: str = "T-SCJ") -> MarketEntity:
    return entities.register_entity(
        session=session, actor=actor_of(session, registrar), uscc=make_uscc(n), name=f"上海测试{n}号有限公司",
        entity_type="COMPANY", legal_representative="张三", address=f"上海市浦东新区张江路{n}号", region="310115",
        industry_code="H6210", business_scope=scope, established_on=date(2024, 3, 1), contact_phone="021-58880000",
        commitment=commitment, street_department_code=street, today=to_cst_date(now), now=now)


def pushes(session, entity) -> dict[str, Notification]:
    """department code -> the notification pushed to it."""
    from models import Department
    rows = session.exec(select(Notification, Department.code).join(Department, Department.id == Notification.department_id)
                        .where(Notification.entity_id == entity.id)).all()
    return {code: n for n, code in rows}


def reads_file(session, code: str, entity) -> bool:
    return bool(can(actor_of(session, code), Action.READ_ENTITY_FILE, entity, session=session))


def count(session, model) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


@pytest.fixture
def district(session):
    build_district(session)
    return session


# --- 一告知: the notice (§6–8) -------------------------------------------------------------------

def test_notice_lists_each_item_the_scope_calls_for_with_its_department__004_s6_s8(district):
    s = district
    e = register(s, 1, "许可项目：餐饮服务；理发服务；药品零售。一般项目：技术服务。")
    notice = s.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == e.id)).one()
    lines = {i["code"]: (i["departmentCode"], i["departmentName"], i["filing"]) for i in notice.items}
    assert lines == {
        "FOOD": ("T-SCJ", "测试区市场监督管理局", False),
        "HYGIENE": ("T-WJW", "测试区卫生健康委员会", False),
        # 下放: the applicant applies to the department the approval moved to.
        "DRUG": ("T-SCJ", "测试区市场监督管理局", False),
    }
    assert notice.issued_on == date(2025, 9, 30)


def test_filing_items_are_flagged_and_cancelled_items_left_off_the_notice_but_their_department_told__004_s7(district):
    s = district
    e = register(s, 2, "养老服务；歌舞娱乐", commitment=None)
    notice = s.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == e.id)).one()
    assert [(i["code"], i["departmentCode"], i["filing"]) for i in notice.items] == [("ELDER", "T-MZJ", True)]
    told = pushes(s, e)
    # 取消审批: no approval to apply for, but the competent department supervises (rule 3) and is told.
    assert set(told) == {"T-MZJ", "T-WLJ"}
    assert {told["T-MZJ"].role, told["T-WLJ"].role} == {"COMPETENT"}


def test_pre_registration_items_are_not_on_the_notice__004_s42(district):
    s = district
    e = register(s, 3, "危险化学品经营（不带储存设施）", commitment=None)
    notice = s.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == e.id)).one()
    assert notice.items == []
    assert pushes(s, e) == {}
    assert s.exec(select(PoolEntry).where(PoolEntry.entity_id == e.id)).first() is not None


# --- the commitment (§8) --------------------------------------------------------------------------

def test_commitment_is_required_when_an_item_needs_approval_and_nothing_is_written__004_s8(district):
    s = district
    before = {m.__name__: count(s, m) for m in (MarketEntity, RegistrationNotice, Notification, AuditRecord)}
    with pytest.raises(ValidationErrors) as err:
        register(s, 4, "许可项目：餐饮服务。", commitment=None)
    assert [(e.code, e.field) for e in err.value.errors] == [(ErrorCode.COMMITMENT_REQUIRED, "commitment")]
    assert {m.__name__: count(s, m) for m in (MarketEntity, RegistrationNotice, Notification, AuditRecord)} == before


def test_commitment_is_not_required_when_the_scope_names_no_item_needing_approval__004_s8(district):
    s = district
    plain = register(s, 5, "一般项目：技术服务、技术开发。", commitment=None)
    filing_only = register(s, 6, "养老服务", commitment=None)
    assert s.exec(select(Commitment).where(Commitment.entity_id.in_([plain.id, filing_only.id]))).all() == []


def test_commitment_records_who_signed_in_which_capacity_and_when__004_s8(district):
    s = district
    e = register(s, 7, "餐饮服务", commitment=CommitmentInput(" 李四 ", "AUTHORISED_AGENT", date(2025, 9, 29)))
    c = s.exec(select(Commitment).where(Commitment.entity_id == e.id)).one()
    assert (c.signer_name, c.signer_role, c.signed_on) == ("李四", "AUTHORISED_AGENT", date(2025, 9, 29))
    notice = s.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == e.id)).one()
    assert c.notice_id == notice.id


def test_a_malformed_commitment_names_each_bad_field__004_s8(district):
    s = district
    with pytest.raises(ValidationErrors) as err:
        register(s, 8, "餐饮服务", commitment=CommitmentInput("  ", "CHAIRMAN", date(2025, 10, 1)))
    assert sorted((e.code, e.field) for e in err.value.errors) == [
        (ErrorCode.INVALID_DATE, "commitment.signedOn"), (ErrorCode.INVALID_VALUE, "commitment.signerRole"),
        (ErrorCode.REQUIRED, "commitment.signerName")]


# --- 二告知: the push (§9) -----------------------------------------------------------------------

def test_push_goes_to_the_approval_competent_departments_and_the_street__004_s9(district):
    s = district
    e = register(s, 10, "许可项目：民办教育。", street="T-ZJZ")
    told = pushes(s, e)
    assert {c: n.role for c, n in told.items()} == {"T-SPJ": "APPROVAL", "T-JYJ": "COMPETENT", "T-ZJZ": "STREET"}
    school = s.exec(select(RegistrationNotice).where(RegistrationNotice.entity_id == e.id)).one().items[0]["itemId"]
    assert told["T-SPJ"].item_ids == [school] and told["T-ZJZ"].item_ids == []
    for code in ("T-SPJ", "T-JYJ", "T-ZJZ"):
        assert reads_file(s, code, e), code
    for code in ("T-WJW", "T-WLJ", "T-FGW"):
        assert not reads_file(s, code, e), code
    assert s.exec(select(PoolEntry).where(PoolEntry.entity_id == e.id)).first() is None


def test_an_unknown_street_is_refused__004_s9(district):
    s = district
    with pytest.raises(ValidationErrors) as err:
        register(s, 11, "餐饮服务", street="T-WJW")
    assert [(e.code, e.field) for e in err.value.errors] == [(ErrorCode.NOT_FOUND, "streetDepartmentCode")]


def test_a_city_level_item_tells_the_district_competent_department__004_s13(district):
    s = district
    e = register(s, 12, "第三类医疗器械经营")
    told = pushes(s, e)
    assert {c: n.role for c, n in told.items()} == {"T-SYJ": "APPROVAL", "T-WJW": "COMPETENT"}
    assert reads_file(s, "T-WJW", e)
    task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id,
                                             TrackingTask.department_id == told["T-WJW"].department_id)).one()
    assert task.status == "OPEN"


def test_the_enforcement_department_an_item_names_is_told__004_s6(district):
    s = district
    catalogue.import_catalogue(session=s, actor=SYSTEM, data=with_item_changes("FOOD", enforcementDepartment="T-CGJ"))
    e = register(s, 13, "餐饮服务")
    assert {c: n.role for c, n in pushes(s, e).items()} == {"T-SCJ": "APPROVAL", "T-CGJ": "ENFORCEMENT"}


def test_a_department_named_by_several_items_is_told_once__004_s9(district):
    s = district
    e = register(s, 14, "餐饮服务；药品零售")
    told = pushes(s, e)
    assert list(told) == ["T-SCJ"]
    assert len(told["T-SCJ"].item_ids) == 2


# --- the pool (§9, rule 8) -----------------------------------------------------------------------

def test_a_scope_naming_no_department_goes_to_the_pool_and_a_claim_opens_the_file__004_s9(district):
    s = district
    e = register(s, 20, "一般项目：技术服务、技术开发。", commitment=None, street="T-ZJZ")
    entry = s.exec(select(PoolEntry).where(PoolEntry.entity_id == e.id)).one()
    assert set(pushes(s, e)) == {"T-ZJZ"}  # the street is told; no approval department is clear
    assert not reads_file(s, "T-WLJ", e)

    claim = notices.claim_pool_entry(session=s, actor=actor_of(s, "T-WLJ"), pool_entry_id=entry.id, now=at(date(2025, 10, 9)))
    assert reads_file(s, "T-WLJ", e)
    n = s.get(Notification, claim.notification_id)
    assert (n.role, n.acknowledged_at is not None) == ("CLAIMED", True)
    # Several departments may take it on, each once.
    notices.claim_pool_entry(session=s, actor=actor_of(s, "T-SCJ"), pool_entry_id=entry.id)
    with pytest.raises(DomainError) as err:
        notices.claim_pool_entry(session=s, actor=actor_of(s, "T-WLJ"), pool_entry_id=entry.id)
    assert err.value.code == ErrorCode.ALREADY_DONE
    assert count(s, PoolClaim) == 2


@pytest.mark.parametrize("code", ["T-DCS", "T-FGW", "T-ZJZ", "T-LGJ"])
def test_only_approval_competent_and_enforcement_departments_claim__004_s9(district, code):
    s = district
    e = register(s, 21, "一般项目：技术服务。", commitment=None)
    entry = s.exec(select(PoolEntry).where(PoolEntry.entity_id == e.id)).one()
    with pytest.raises(Forbidden):
        notices.claim_pool_entry(session=s, actor=actor_of(s, code), pool_entry_id=entry.id)
    assert not reads_file(s, code, e) or code == "T-DCS"


def test_claiming_an_unknown_entry_is_not_found__004_s9(district):
    with pytest.raises(NotFound):
        notices.claim_pool_entry(session=district, actor=actor_of(district, "T-WLJ"), pool_entry_id=999)


# --- 一反馈: the receipt (§11) --------------------------------------------------------------------

def test_ack_due_in_one_working_day_across_the_national_day_holiday__004_s11(district):
    s = district
    e = register(s, 30, "餐饮服务", now=at(date(2025, 9, 30)))
    n = pushes(s, e)["T-SCJ"]
    assert (n.ack_due, n.ack_due_provisional) == (date(2025, 10, 9), False)


def test_ack_due_falls_on_an_adjusted_working_sunday__004_s11(district):
    s = district
    e = register(s, 31, "餐饮服务", now=at(date(2025, 9, 26)))  # Friday; Sunday 28 September is a working day (调休)
    assert pushes(s, e)["T-SCJ"].ack_due == date(2025, 9, 28)


def test_ack_due_in_a_year_with_no_published_arrangement_still_computes_and_is_provisional__004_s11(district):
    s = district
    e = register(s, 32, "餐饮服务", now=at(date(2026, 12, 31)))
    n = pushes(s, e)["T-SCJ"]
    assert (n.ack_due, n.ack_due_provisional) == (date(2027, 1, 4), True)


def test_only_the_department_told_acknowledges_once_and_it_is_audited__004_s11(district):
    s = district
    e = register(s, 33, "餐饮服务；理发服务")
    n = pushes(s, e)["T-SCJ"]
    with pytest.raises(NotFound):
        notices.acknowledge_notification(session=s, actor=actor_of(s, "T-WJW"), notification_id=n.id)
    with pytest.raises(NotFound):
        notices.acknowledge_notification(session=s, actor=actor_of(s, "T-DCS"), notification_id=n.id)
    done = at(date(2025, 10, 9), 9)
    notices.acknowledge_notification(session=s, actor=actor_of(s, "T-SCJ"), notification_id=n.id, request_id="r-ack", now=done)
    assert s.get(Notification, n.id).acknowledged_at == done
    with pytest.raises(DomainError) as err:
        notices.acknowledge_notification(session=s, actor=actor_of(s, "T-SCJ"), notification_id=n.id)
    assert err.value.code == ErrorCode.ALREADY_DONE
    rec = s.exec(select(AuditRecord).where(AuditRecord.act == "notification.acknowledge")).one()
    assert (rec.target_id, rec.request_id, rec.department_id) == (str(n.id), "r-ack", n.department_id)


def test_registration_audits_the_notice_the_commitment_and_the_push__002_s5_3_3(district):
    s = district
    e = register(s, 34, "民办教育", street="T-ZJZ")
    rec = s.exec(select(AuditRecord).where(AuditRecord.act == "entity.notify", AuditRecord.target_id == e.uscc)).one()
    assert rec.department_id == actor_of(s, "T-SCJ").department_id
    assert [r.act for r in s.exec(select(AuditRecord).where(AuditRecord.target_id == e.uscc).order_by(AuditRecord.id))] == [
        "entity.register", "entity.notify"]


# --- 联合审核 (§43) -------------------------------------------------------------------------------

def test_a_high_risk_item_opens_a_joint_review_completed_when_every_named_department_has_spoken__004_s43(district):
    s = district
    e = register(s, 40, "民办教育")
    review = s.exec(select(JointReview).where(JointReview.entity_id == e.id)).one()
    named = s.exec(select(JointReviewOpinion.department_id).where(JointReviewOpinion.review_id == review.id)).all()
    assert sorted(named) == sorted([actor_of(s, "T-SPJ").department_id, actor_of(s, "T-JYJ").department_id])

    with pytest.raises(NotFound):
        notices.complete_joint_review(session=s, actor=actor_of(s, "T-WJW"), review_id=review.id, opinion="同意")
    with pytest.raises(ValidationErrors) as err:
        notices.complete_joint_review(session=s, actor=actor_of(s, "T-SPJ"), review_id=review.id, opinion="  ")
    assert err.value.errors[0].code == ErrorCode.REQUIRED

    notices.complete_joint_review(session=s, actor=actor_of(s, "T-SPJ"), review_id=review.id, opinion="办学场地符合要求")
    assert s.get(JointReview, review.id).status == "OPEN"
    with pytest.raises(DomainError) as err:
        notices.complete_joint_review(session=s, actor=actor_of(s, "T-SPJ"), review_id=review.id, opinion="再次")
    assert err.value.code == ErrorCode.ALREADY_DONE
    notices.complete_joint_review(session=s, actor=actor_of(s, "T-JYJ"), review_id=review.id, opinion="同意")
    assert s.get(JointReview, review.id).status == "COMPLETED"
    assert len(s.exec(select(AuditRecord).where(AuditRecord.act == "joint_review.opinion")).all()) == 2


def test_an_ordinary_scope_opens_no_joint_review__004_s43(district):
    s = district
    e = register(s, 41, "餐饮服务")
    assert s.exec(select(JointReview).where(JointReview.entity_id == e.id)).first() is None
