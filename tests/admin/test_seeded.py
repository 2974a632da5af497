"""The admin on the city-sized seed's data: a seeded plan's page shows a verifiable draw (hashes published
before, the seed revealed, the re-run agreeing), as a plan drawn through the acts does; another department's
plan is not found (§21, §27)."""
from __future__ import annotations

from sqlmodel import select

from models import Department, EnforcementCase, InspectionDraw, InspectionPlan, PenaltyDecision
from models.db import new_session
from supervision import accounts, seed
from supervision.actors import SYSTEM
from tests.admin.conftest import PASSWORD, login


def _seeded(db, pick):
    """Seed 300 entities; pick(session) names a department and what the test needs of the data; the
    department gets an officer (seed.officer) to sign in as."""
    with new_session(db) as s:
        seed.seed(session=s, actor=SYSTEM, entities=300, seed=7, chunk_size=128)
        dept_id, found = pick(s)
        accounts.create_staff(session=s, actor=SYSTEM, username="seed.officer", display_name="种子数据查看",
                              password=PASSWORD, department_code=s.get(Department, dept_id).code, roles=["OFFICER"])
        s.commit()
    return found


def test_a_seeded_plans_page_shows_its_published_hashes_and_a_verified_draw_and_others_are_404(db, client):
    def pick(s):
        plans = s.exec(select(InspectionPlan).order_by(InspectionPlan.id)).all()
        plan = plans[0]
        other = next(p for p in plans if p.department_id != plan.department_id)
        seed_text = s.exec(select(InspectionDraw.seed).where(InspectionDraw.plan_id == plan.id)).one()
        return plan.department_id, (plan.id, other.id, plan.seed_hash, plan.snapshot_hash, seed_text)

    plan_id, other_id, seed_hash, snapshot_hash, seed_text = _seeded(db, pick)
    assert login(client, "seed.officer").status_code == 303
    page = client.get(f"/admin/inspections/plans/{plan_id}")
    assert page.status_code == 200 and page.template.name == "admin/plan.html"
    assert seed_hash in page.text and snapshot_hash in page.text and seed_text in page.text
    assert "复核一致" in page.text and "尚未公布种子哈希" not in page.text
    assert "摇号</button>" not in page.text  # drawn once: no second draw offered
    assert client.get(f"/admin/inspections/plans/{other_id}").status_code == 404


def test_a_department_opens_its_seeded_cases_and_gets_404_for_anothers(db, client):
    def pick(s):
        decided = s.exec(select(PenaltyDecision).order_by(PenaltyDecision.id)).first()
        mine = s.get(EnforcementCase, decided.case_id)
        theirs = s.exec(select(EnforcementCase).where(EnforcementCase.department_id != mine.department_id)
                        .order_by(EnforcementCase.id)).first()
        return mine.department_id, (mine.id, mine.number, decided.number, theirs.id)

    mine_id, number, decision_number, theirs_id = _seeded(db, pick)
    assert login(client, "seed.officer").status_code == 303
    listing = client.get("/admin/enforcement?status=DECIDED")
    assert listing.status_code == 200 and number in listing.text
    page = client.get(f"/admin/enforcement/{mine_id}")
    assert page.status_code == 200 and decision_number in page.text
    assert client.get(f"/admin/enforcement/{theirs_id}").status_code == 404
