"""A district with enforcement set up: department credit codes, a legal reviewer, public security."""
from __future__ import annotations

import contextlib
from datetime import date

from models.db import new_session
from supervision import accounts, catalogue, disclosure, penalties
from supervision.actors import SYSTEM
from supervision.uscc import with_check_character
from tests.conftest import TODAY, actor_of, build_world

DEPT_CODES = {"T-SCJ": with_check_character("11310115MB0000011"), "T-WJW": with_check_character("11310115MB0000022"),
              "T-FGW": with_check_character("11310115MB0000033")}


def setup_enforcement(engine):
    w = build_world(engine)
    with contextlib.closing(new_session(engine)) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data={"version": 1, "departments": [
            {"code": "T-GAJ", "name": "测试区公安分局", "level": "DISTRICT", "region": "310115", "kinds": ["JUDICIAL"]}],
            "permitItems": []})
        for code, uscc in DEPT_CODES.items():
            disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code=code, uscc=uscc)
        accounts.create_staff(session=s, actor=SYSTEM, username="scj-fz", display_name="法制审核员", password="x" * 12,
                              department_code="T-SCJ", roles=["LEGAL_REVIEWER"])
        penalties.add_exemption_rule(session=s, actor=SYSTEM, code="MJ-01", name="未按规定公示营业执照，首次且及时改正",
                                     legal_basis="《市场监管领域轻微违法行为不予处罚清单》第1项")
        s.commit()
    return w


def reviewer(s):
    from models import Department, StaffUser
    from sqlmodel import select
    user = s.exec(select(StaffUser).where(StaffUser.username == "scj-fz")).one()
    return accounts.staff_actor(user, s.get(Department, user.department_id))


def open_case(s, w, label="restaurant", code="T-SCJ", item="FOOD", number="沪市监案〔2026〕1号", **kw):
    return penalties.open_case(session=s, actor=actor_of(s, code), uscc=w.entities[label], item_code=item, number=number,
                               opened_on=kw.pop("opened_on", date(2026, 11, 2)),
                               violation_type=kw.pop("violation_type", "经营超过保质期的食品"), today=TODAY, **kw)


def decide(s, case, code="T-SCJ", number="沪市监罚〔2026〕1号", measures=("FINE",), fine="5000", **kw):
    return penalties.decide_penalty(session=s, actor=actor_of(s, code), case_id=case.id, number=number,
                                    decided_on=kw.pop("decided_on", date(2026, 11, 16)), measures=list(measures),
                                    fine_amount=fine, legal_basis=kw.pop("legal_basis", "《中华人民共和国食品安全法》第一百二十四条"),
                                    facts=kw.pop("facts", "当事人经营超过保质期的食品"), today=TODAY, **kw)
