"""Demo data for penalties and 双公示: the market-supervision bureau's cases against food businesses it
licensed — a fine, a warning, a licence revocation approved by its legal reviewer (法制审核), a case
transferred to public security — each decision disclosed and visible in the public feed."""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from models import Department, MarketEntity, Permit, PermitItem
from models.enums import PermitStatus, StaffRole

from .. import accounts, penalties
from ..actors import SYSTEM, Actor

FOOD_ITEM = "PD-SP-001"
EXEMPTIONS = [
    ("SJ-MF-01", "未按规定公示营业执照或食品经营许可证，首次被发现且及时改正",
     "《上海市市场监管领域轻微违法行为依法不予行政处罚清单》第1项"),
    ("SJ-MF-02", "未按规定报送年度报告，首次被发现且在责令期限内补报",
     "《上海市市场监管领域轻微违法行为依法不予行政处罚清单》第3项"),
]  # 食品经营许可, approved by the district market-supervision bureau


def load_penalty_demo(session: Session, actor: Actor, password_hash: str, today: date) -> int:
    """actor: the market-supervision bureau. Returns the number of decisions made."""
    for code, name, basis in EXEMPTIONS:  # 免罚清单 (000 §12), kept by the platform
        penalties.add_exemption_rule(session=session, actor=SYSTEM, code=code, name=name, legal_basis=basis,
                                     request_id="demo")
    dept = session.get(Department, actor.department_id)
    reviewer = accounts.create_staff(session=session, actor=actor, username=f"{dept.code.lower()}-fazhi",
                                     display_name=f"{dept.name}法制审核员", password=None, password_hash=password_hash,
                                     department_code=dept.code, roles=[StaffRole.LEGAL_REVIEWER.value], request_id="demo")
    review_actor = accounts.staff_actor(reviewer, dept)
    item = session.exec(select(PermitItem).where(PermitItem.code == FOOD_ITEM)).one()
    held = session.exec(select(Permit).where(Permit.item_id == item.id, Permit.status == PermitStatus.GRANTED.value,
                                             Permit.issuing_department_id == dept.id).order_by(Permit.id).limit(4)).all()
    if len(held) < 4:
        return 0
    year = today.year
    decided = 0
    cases = [
        ("经营超过保质期的食品", ["FINE"], "8000", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
         "当事人在经营场所货架上陈列销售超过保质期的预包装食品12件", None),
        ("未按规定公示食品经营许可证", ["WARNING"], None, "《中华人民共和国食品安全法实施条例》第七十五条",
         "当事人未在经营场所显著位置悬挂食品经营许可证正本", None),
        ("经营病死、毒死或者死因不明的禽畜肉类", ["REVOKE_LICENCE", "FINE", "CONFISCATE_GAINS"], "150000",
         "《中华人民共和国食品安全法》第一百二十三条", "当事人采购并加工销售来源不明的禽肉，经检验系病死禽肉", "review"),
        ("生产经营有毒、有害食品", None, None, None, "当事人在自制饮品中添加非食用物质", "transfer"),
    ]
    for n, (permit, (violation, measures, fine, basis, facts, special)) in enumerate(zip(held, cases), 1):
        entity = session.get(MarketEntity, permit.entity_id)
        opened = today - timedelta(days=40 - 7 * n)
        case = penalties.open_case(session=session, actor=actor, uscc=entity.uscc, item_code=FOOD_ITEM,
                                   number=f"沪浦市监案〔{year}〕{100 + n}号", opened_on=opened, violation_type=violation,
                                   findings=facts, request_id="demo", today=today)
        if special == "transfer":
            penalties.transfer_case(session=session, actor=actor, case_id=case.id, to_department_code="PD-GAFJ",
                                    reason="涉嫌生产、销售有毒、有害食品罪", transferred_on=opened + timedelta(days=5),
                                    request_id="demo", today=today)
            continue
        if special == "review":
            penalties.record_legal_review(session=session, actor=review_actor, case_id=case.id, approved=True,
                                          opinion="事实清楚，证据确凿，适用依据正确，程序合法，同意吊销许可证件并处罚款、没收违法所得",
                                          request_id="demo")
        penalties.decide_penalty(session=session, actor=actor, case_id=case.id, number=f"沪浦市监罚〔{year}〕{100 + n}号",
                                 decided_on=opened + timedelta(days=10), measures=measures, fine_amount=fine,
                                 confiscated_amount="23600" if special == "review" else None,
                                 licence=f"食品经营许可证 {permit.number}" if special == "review" else None,
                                 legal_basis=basis, facts=facts, severity="SERIOUS" if special == "review" else "ORDINARY",
                                 request_id="demo", today=today)
        decided += 1
    return decided
