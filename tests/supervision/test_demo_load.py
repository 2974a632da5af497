"""The demo district the README's first command serves: loaded through the domain, its audit chain
intact, its keys working, and every kind of record a new user should find there present."""
from __future__ import annotations

import contextlib

import pytest
from sqlmodel import func, select

from models import AuditRecord, Investigation, MarketEntity, Notification, Permit, TrackingTask
from models.db import new_session
from supervision import audit
from supervision.demo.load import demo_token, is_loaded, load_demo


@pytest.fixture
def demo(db):
    with contextlib.closing(new_session(db)) as s:
        summary = load_demo(s, entities_count=60)
        s.commit()
    with contextlib.closing(new_session(db)) as s:
        yield s, summary


def n(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_the_demo_loads_through_the_domain_with_an_intact_audit_chain(demo):
    s, summary = demo
    assert is_loaded(s)
    assert n(s, MarketEntity) == summary.entities == 60
    assert n(s, Permit) == summary.permits > 10
    assert n(s, Notification) > 0 and n(s, TrackingTask) > 0
    report = audit.verify(s)
    assert report.ok and report.checked == n(s, AuditRecord)


def test_the_demo_holds_commitment_permits_and_a_rule_6_case_of_each_state(demo):
    s, _ = demo
    assert n(s, Permit, Permit.by_commitment.is_(True)) > 0
    cases = s.exec(select(Investigation).where(Investigation.kind == "COMMITMENT_BREACH").order_by(Investigation.id)).all()
    assert [c.status for c in cases] == ["OPEN", "CLOSED"]
    revoked = s.get(Permit, cases[1].permit_id)
    assert revoked.status == "REVOKED" and "告知承诺" in revoked.status_reason


def test_demo_keys_answer_graphql(demo, client):
    from tests.conftest import gql
    s, summary = demo
    assert (demo_token("public"), "公共范围（信用门户）") in summary.keys
    r = gql(client, "{ viewer { kind department { code } } }", token=demo_token("PD-SCJGJ"))
    assert r["data"]["viewer"]["department"]["code"] == "PD-SCJGJ"


def test_the_demo_publishes_its_decisions_to_the_public_feed(demo):
    """Every demo department has its credit code, so permit and penalty decisions are disclosed (§39–40); the
    revocation went through legal review (000 §17) and the poisoning case was transferred (002 §五.6)."""
    from models import CaseTransfer, Disclosure, LegalReview, PenaltyDecision
    from supervision import feed
    s, _ = demo
    assert n(s, PenaltyDecision) == 3 and n(s, LegalReview) == 1 and n(s, CaseTransfer) == 1
    assert n(s, Disclosure, Disclosure.kind == "PENALTY", Disclosure.status == "PUBLIC") == 3
    assert n(s, Disclosure, Disclosure.status == "HELD") == 0
    page = feed.read(s, after=None, first=1000)
    assert len(page.changes) >= n(s, Disclosure) and {c.kind for c in page.changes} == {"PERMIT", "PENALTY", "SPOT_CHECK"}
