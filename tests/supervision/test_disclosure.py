"""双公示 (§39–41): records in the national standard's fields, masking, the 7-working-day deadline,
updates and withdrawals through the same route, publicity periods and credit repair."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from models import Disclosure, DisclosureChange
from models.enums import DisclosureKind, OverdueKind
from supervision import disclosure, oversight, penalties, permits
from supervision.actors import SYSTEM
from supervision.errors import Forbidden
from tests.conftest import actor_of, build_world
from tests.supervision.penalty_fixtures import DEPT_CODES, decide, open_case, setup_enforcement


@pytest.fixture
def district(db):
    return setup_enforcement(db)


def events(s, disclosure_id):
    return [c.event for c in s.exec(select(DisclosureChange).where(DisclosureChange.disclosure_id == disclosure_id)
                                    .order_by(DisclosureChange.seq)).all()]


# --- pure -----------------------------------------------------------------------------------

def test_identity_numbers_and_natural_persons_are_masked():
    assert disclosure.mask_id_number("310115199001011234") == "310*************34"
    f = disclosure.counterpart_fields(name="王小明", uscc=None, entity_type="OTHER", legal_representative=None,
                                      id_number="310115199001011234", natural_person=True)
    assert f == {"counterpartName": "王**", "counterpartCategory": "自然人", "idType": "身份证",
                 "idNumber": "310*************34"}


def test_missing_required_fields_are_named_in_the_standard_order():
    fields = {"counterpartName": "某公司", "counterpartCategory": "法人及非法人组织", "counterpartCode1": "x"}
    missing = disclosure.missing_fields(DisclosureKind.PENALTY, fields)
    assert missing[:3] == ["decisionNumber", "violationType", "violationFacts"]
    assert "fineAmount" not in missing and "publicityUntil" not in missing


def test_the_standard_export_uses_its_own_column_names_and_ten_thousand_yuan():
    out = disclosure.to_standard("PENALTY", {"fineAmount": "5000.50", "penaltyCategories": ["警告", "罚款"]})
    assert out["罚款金额（万元）"] == "0.500050" and out["处罚类别"] == "警告；罚款"
    assert "行政处罚决定书文号" in out and "行政相对人代码_1（统一社会信用代码）" in out


# --- penalties -------------------------------------------------------------------------------

def test_a_penalty_is_published_with_the_standard_fields_and_masked_ids__004_s39_s40(district):
    with district.session() as s:
        d = decide(s, open_case(s, district, label="barber"), legal_rep_id_number="310115199001011234")
        s.commit()
        rec = disclosure.find(s, DisclosureKind.PENALTY, d.id)
        f = rec.fields
        assert rec.status == "PUBLIC" and rec.due_on == date(2026, 11, 25)  # 7 working days after 16 November
        assert f["counterpartCategory"] == "个体工商户" and f["counterpartCode1"] == district.entities["barber"]
        assert f["legalRepresentativeIdNumber"] == "310*************34"
        assert "199001011234" not in str(f)
        assert f["authorityUscc"] == DEPT_CODES["T-SCJ"] and f["penaltyCategories"] == ["罚款"]
        assert f["publicityUntil"] == "2027-11-16"  # ordinary: 12 months by default
        assert events(s, rec.id) == ["PUBLISHED"]


def test_a_revocation_updates_and_a_withdrawal_takes_down_the_record__004_s40(district):
    with district.session() as s:
        d = decide(s, open_case(s, district))
        penalties.change_penalty(session=s, actor=actor_of(s, "T-SCJ"), decision_id=d.id, status="REVOKED",
                                 reason="行政复议决定撤销")
        rec = disclosure.find(s, DisclosureKind.PENALTY, d.id)
        assert rec.status == "PUBLIC" and rec.version == 2 and "撤销" in rec.fields["remarks"]
        d2 = decide(s, open_case(s, district, number="沪市监案〔2026〕9号"), number="沪市监罚〔2026〕9号")
        penalties.change_penalty(session=s, actor=actor_of(s, "T-SCJ"), decision_id=d2.id, status="WITHDRAWN",
                                 reason="决定书送达前撤回")
        rec2 = disclosure.find(s, DisclosureKind.PENALTY, d2.id)
        assert rec2.status == "WITHDRAWN"
        assert events(s, rec.id) == ["PUBLISHED", "UPDATED"] and events(s, rec2.id) == ["PUBLISHED", "WITHDRAWN"]
        tomb = s.exec(select(DisclosureChange).where(DisclosureChange.disclosure_id == rec2.id,
                                                     DisclosureChange.event == "WITHDRAWN")).one()
        assert tomb.record is None


def test_publicity_ends_by_severity_and_expiry_is_a_feed_event__004_s40(district):
    with district.session() as s:
        ordinary = disclosure.find(s, DisclosureKind.PENALTY, decide(s, open_case(s, district)).id)
        serious = disclosure.find(s, DisclosureKind.PENALTY, decide(
            s, open_case(s, district, number="沪市监案〔2026〕5号"), number="沪市监罚〔2026〕5号", severity="SERIOUS").id)
        assert (ordinary.public_until, serious.public_until) == (date(2027, 11, 16), date(2029, 11, 16))
        visible = lambda today: s.exec(select(Disclosure.id).where(  # noqa: E731
            Disclosure.kind == "PENALTY", disclosure.public_clause(today))).all()
        assert set(visible(date(2027, 11, 17))) == {serious.id}  # hidden at once, before the expiry run
        with pytest.raises(Forbidden):
            disclosure.expire_due(session=s, actor=actor_of(s, "T-SCJ"), today=date(2027, 11, 17))
        assert disclosure.expire_due(session=s, actor=SYSTEM, today=date(2027, 11, 17)) == 1
        assert disclosure.expire_due(session=s, actor=SYSTEM, today=date(2027, 11, 17)) == 0
        assert ordinary.status == "EXPIRED" and events(s, ordinary.id) == ["PUBLISHED", "EXPIRED"]


def test_credit_repair_ends_publicity_early__000_s7(district):
    with district.session() as s:
        d = decide(s, open_case(s, district))
        with pytest.raises(Forbidden):
            disclosure.end_publicity(session=s, actor=actor_of(s, "T-SCJ"), kind="PENALTY", source_id=d.id, reason="x")
        rec = disclosure.withdraw_from_public(session=s, actor=actor_of(s, "T-FGW"), kind="PENALTY", source_id=d.id,
                                              reason="信用修复决定书〔2027〕1号")
        assert rec.status == "WITHDRAWN" and events(s, rec.id) == ["PUBLISHED", "WITHDRAWN"]


# --- permits -----------------------------------------------------------------------------------

def test_a_permit_is_published_and_its_revocation_updates_it__004_s39_s40(district):
    with district.session() as s:
        rec = disclosure.find(s, DisclosureKind.PERMIT, district.permits["food"])
        assert rec.status == "PUBLIC" and rec.fields["permitNumber"] == "JY23101150000001"
        assert rec.fields["validTo"] == "2029-05-09" and rec.fields["currentStatus"] == "有效"
        permits.change_permit_status(session=s, actor=actor_of(s, "T-SCJ"), permit_id=district.permits["food"],
                                     status="REVOKED", reason="以欺骗手段取得许可")
        assert rec.fields["currentStatus"] == "无效（撤销）" and events(s, rec.id) == ["PUBLISHED", "UPDATED"]


def test_a_permit_without_the_authority_code_is_held_and_late_ones_show_in_oversight__004_s40(db):
    w = build_world(db)
    with w.session() as s:
        rec = disclosure.find(s, DisclosureKind.PERMIT, w.permits["hygiene"])
        assert rec.status == "HELD" and "authorityUscc" in rec.missing and events(s, rec.id) == []
        dcs = actor_of(s, "T-DCS")
        held = oversight.overdue(s, dcs, kind=OverdueKind.DISCLOSURE, today=date(2026, 11, 23))
        assert rec.id in {a.subject_id for a in held}
        scj = actor_of(s, "T-SCJ")  # a department sees only its own late records
        assert oversight.overdue(s, scj, kind=OverdueKind.DISCLOSURE, today=date(2026, 11, 23)) == [
            a for a in held if a.department_id == scj.department_id]
        disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code="T-WJW", uscc=DEPT_CODES["T-WJW"],
                                              now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
        assert rec.status == "PUBLIC" and events(s, rec.id) == ["PUBLISHED"]
        late = oversight.overdue(s, dcs, kind=OverdueKind.DISCLOSURE, today=date(2026, 11, 23), completed=True)
        assert rec.id in {a.subject_id for a in late}
