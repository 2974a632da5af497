"""Penalties (000 §12, §17, §19; 003 §16; 002 §五.6): remit, legal review of major decisions, 免罚清单,
the tolerance period, and transfers to public security."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from models import AuditRecord, CaseTransfer, Disclosure, MarketEntity, PenaltyDecision
from supervision import penalties
from supervision.errors import DomainError, ErrorCode, Forbidden, NotFound, ValidationErrors
from tests.conftest import actor_of
from tests.supervision.penalty_fixtures import decide, open_case, reviewer, setup_enforcement


@pytest.fixture
def district(db):
    return setup_enforcement(db)


def codes(exc) -> set:
    return {(e.code, e.field) for e in getattr(exc, "errors", [exc])}


def test_a_fine_is_decided_in_yuan_and_audited__000_s19(district):
    with district.session() as s:
        d = decide(s, open_case(s, district), fine="5000.50")
        s.commit()
        assert d.fine_amount == Decimal("5000.50") and d.major is False and d.content == "罚款人民币5000.50元"
        assert s.exec(select(AuditRecord.act).where(AuditRecord.act == "penalty.decide")).all() == ["penalty.decide"]


def test_an_out_of_remit_department_cannot_open_a_case__000_s4(district):
    """The health commission neither approves nor enforces food permits: refused."""
    with district.session() as s:
        with pytest.raises(Forbidden):
            open_case(s, district, code="T-WJW", item="FOOD")
        # nor can it decide on another department's case
        case = open_case(s, district)
        with pytest.raises(NotFound):
            decide(s, case, code="T-WJW")


def test_a_competent_department_may_open_a_case_for_its_separated_item__rule_2(district):
    with district.session() as s:
        case = open_case(s, district, label="school", code="T-JYJ", item="SCHOOL", violation_type="超范围招生")
        assert case.remit_rule == "SEPARATED_COMPETENT"


def test_a_major_decision_needs_an_approving_legal_review__000_s17(district):
    with district.session() as s:
        case = open_case(s, district)
        with pytest.raises(DomainError) as exc:
            decide(s, case, measures=("REVOKE_LICENCE",), fine=None, licence="食品经营许可证 JY23101150000001")
        assert exc.value.code == ErrorCode.LEGAL_REVIEW_REQUIRED
        with pytest.raises(DomainError) as big:
            decide(s, case, fine="100000")  # a fine at the configured threshold is major too
        assert big.value.code == ErrorCode.LEGAL_REVIEW_REQUIRED
        penalties.record_legal_review(session=s, actor=reviewer(s), case_id=case.id, approved=False, opinion="证据不足")
        with pytest.raises(DomainError) as refused:
            decide(s, case, fine="100000")
        assert "未通过" in refused.value.message
        penalties.record_legal_review(session=s, actor=reviewer(s), case_id=case.id, approved=True, opinion="同意")
        d = decide(s, case, measures=("REVOKE_LICENCE",), fine=None, licence="食品经营许可证 JY23101150000001",
                   severity="SERIOUS")
        assert d.major and d.legal_review_id is not None


def test_only_a_legal_reviewer_reviews__000_s17(district):
    with district.session() as s:
        case = open_case(s, district)
        with pytest.raises(Forbidden):
            penalties.record_legal_review(session=s, actor=actor_of(s, "T-SCJ"), case_id=case.id, approved=True,
                                          opinion="同意")


def test_a_listed_first_minor_violation_gets_guidance_not_a_penalty__000_s12(district):
    with district.session() as s:
        first = open_case(s, district, exemption_code="MJ-01", violation_type="未按规定公示营业执照")
        with pytest.raises(DomainError) as exc:
            decide(s, first, measures=("WARNING",), fine=None)
        assert exc.value.code == ErrorCode.EXEMPT_FIRST_VIOLATION
        penalties.exempt_case(session=s, actor=actor_of(s, "T-SCJ"), case_id=first.id, guidance="已指导当事人当场改正")
        assert first.status == "EXEMPTED"
        again = open_case(s, district, number="沪市监案〔2026〕2号", exemption_code="MJ-01",
                          violation_type="未按规定公示营业执照")
        assert decide(s, again, measures=("WARNING",), fine=None).measures == ["WARNING"]  # not the first time


def test_tolerance_period_allows_only_soft_measures_off_the_safety_line__003_s16(district):
    with district.session() as s:
        e = s.exec(select(MarketEntity).where(MarketEntity.uscc == district.entities["restaurant"])).one()
        e.tolerance_until = date(2027, 6, 30)
        s.add(e)
        case = open_case(s, district, violation_type="未按规定备案网络经营")
        with pytest.raises(DomainError) as exc:
            decide(s, case)
        assert exc.value.code == ErrorCode.TOLERANCE_PERIOD
        assert decide(s, case, measures=("WARNING",), fine=None).measures == ["WARNING"]
        unsafe = open_case(s, district, number="沪市监案〔2026〕3号", touches_safety=True)
        assert decide(s, unsafe, number="沪市监罚〔2026〕3号").fine_amount == Decimal("5000")


def test_bad_input_is_refused_field_by_field_and_writes_nothing(district):
    with district.session() as s:
        case = open_case(s, district)
        with pytest.raises(ValidationErrors) as exc:
            decide(s, case, measures=("FINE", "NOPE"), fine="-1", decided_on=date(2026, 10, 1), legal_basis="")
        assert {("INVALID_VALUE", "measures"), ("INVALID_VALUE", "fineAmount"), ("INVALID_DATE", "decidedOn"),
                ("REQUIRED", "legalBasis")} <= codes(exc.value)
        assert s.exec(select(PenaltyDecision)).all() == []


def test_a_transfer_to_public_security_is_visible_to_both_sides__002_s5_6(district):
    with district.session() as s:
        case = open_case(s, district, violation_type="生产销售有毒有害食品")
        t = penalties.transfer_case(session=s, actor=actor_of(s, "T-SCJ"), case_id=case.id, to_department_code="T-GAJ",
                                    reason="涉嫌生产、销售有毒、有害食品罪", transferred_on=date(2026, 11, 10), today=date(2026, 11, 23))
        with pytest.raises(Forbidden):  # only the receiving side records its progress
            penalties.update_transfer(session=s, actor=actor_of(s, "T-SCJ"), transfer_id=t.id, status="ACCEPTED")
        with pytest.raises(NotFound):
            penalties.update_transfer(session=s, actor=actor_of(s, "T-WJW"), transfer_id=t.id, status="ACCEPTED")
        penalties.update_transfer(session=s, actor=actor_of(s, "T-GAJ"), transfer_id=t.id, status="ACCEPTED", note="已立案侦查")
        with pytest.raises(ValidationErrors):
            penalties.update_transfer(session=s, actor=actor_of(s, "T-GAJ"), transfer_id=t.id, status="TRANSFERRED")
        assert s.get(CaseTransfer, t.id).status == "ACCEPTED" and case.status == "TRANSFERRED"


def test_a_penalty_without_the_authority_credit_code_is_refused_naming_the_field__004_s40(district):
    with district.session() as s:
        case = open_case(s, district, label="school", code="T-JYJ", item="SCHOOL", violation_type="超范围招生")
        with pytest.raises(ValidationErrors) as exc:
            decide(s, case, code="T-JYJ", measures=("WARNING",), fine=None)
        assert ("REQUIRED", "authorityUscc") in codes(exc.value)
        assert "处罚机关统一社会信用代码" in exc.value.message
        assert s.exec(select(Disclosure).where(Disclosure.kind == "PENALTY")).all() == []


def test_a_penalty_is_a_credit_fact_a_revocation_ends_it_and_an_accepted_repair_ends_its_publicity__004_s29_s40_000_s7(district):
    """§29: penalties feed the credit grade; §40: a revoked decision no longer counts; 000 §7: an accepted credit
    repair ends the record's effect and its public view, and the feed carries the withdrawal."""
    from models import CreditFact
    from supervision import credit, feed
    with district.session() as s:
        revoked = decide(s, open_case(s, district, number="沪市监案〔2026〕7号"), number="沪市监罚〔2026〕7号")
        repaired = decide(s, open_case(s, district, number="沪市监案〔2026〕8号"), number="沪市监罚〔2026〕8号",
                          severity="SERIOUS")
        s.commit()
        facts = {f.source_id: f for f in s.exec(select(CreditFact).where(CreditFact.source_type == "penalty")).all()}
        assert {(k, f.kind, f.severity, f.state) for k, f in facts.items()} == {
            (revoked.id, "PENALTY", "ORDINARY", "ACTIVE"), (repaired.id, "PENALTY", "SERIOUS", "ACTIVE")}
        penalties.change_penalty(session=s, actor=actor_of(s, "T-SCJ"), decision_id=revoked.id, status="REVOKED",
                                 reason="行政复议撤销")
        s.commit()
        s.refresh(facts[revoked.id])
        assert facts[revoked.id].state == "WITHDRAWN"
        before = feed.read(s, after=None, first=1000).end_cursor
        req = credit.file_repair_request(session=s, actor=actor_of(s, "T-SCJ"), fact_id=facts[repaired.id].id,
                                         kind="REPAIR", reason="已履行处罚决定并完成整改")
        credit.decide_repair_request(session=s, actor=actor_of(s, "T-SCJ"), repair_id=req.id, accept=True,
                                     reason="符合信用修复条件")
        s.commit()
        record = s.exec(select(Disclosure).where(Disclosure.kind == "PENALTY", Disclosure.source_id == repaired.id)).one()
        assert record.status == "WITHDRAWN"
        after = feed.read(s, after=before, first=1000).changes
        assert [(c.event, c.disclosure_id, c.record) for c in after] == [("WITHDRAWN", record.id, None)]
