"""`jianguan seed`: a city-sized data set the platform's own rules accept. Checked on a few hundred
entities: the same count and seed give the same credit codes, every code is valid (GB 32100-2015),
and the routing rows written in bulk are those the domain computes (谁审批、谁监管, 004 §3, §9)."""
from __future__ import annotations

import pytest
from sqlmodel import select

from models import AuditRecord, Department, EntityAssignment, MarketEntity, Notification, Permit, PermitItem
from supervision import audit, seed, uscc
from supervision.actors import SYSTEM, ActorKind, department_actor
from supervision.notices import _push_targets, items_for_scope
from supervision.responsibility import Action, can, readable_entity_ids, refresh_item_assignments

N = 300


@pytest.fixture
def seeded(session):
    summary = seed.seed(session=session, actor=SYSTEM, entities=N, seed=7, chunk_size=128)
    session.commit()
    return summary


def _rows(session, **where):
    stmt = select(EntityAssignment)
    for k, v in where.items():
        stmt = stmt.where(getattr(EntityAssignment, k) == v)
    return {(a.entity_id, a.department_id, a.rule, a.source_kind, a.source_id, a.item_id)
            for a in session.exec(stmt).all()}


def test_same_count_and_seed_give_the_same_valid_credit_codes__gb32100():
    first = [e["uscc"] for e in seed.iter_entities(N, seed=7)]
    assert first == [e["uscc"] for e in seed.iter_entities(N, seed=7)]
    assert first != [e["uscc"] for e in seed.iter_entities(N, seed=8)]
    assert len(set(first)) == N
    assert all(uscc.is_valid(c) for c in first)


def test_seeded_permit_routing_equals_the_domains_after_refresh__rules_1_to_5(session, seeded):
    """Each permit routes its entity to the departments rules 1–5 name; refreshing every item
    through the domain (as a catalogue change would) leaves the seeded rows as they were."""
    before = _rows(session, source_kind="permit")
    assert len(before) >= seeded.rows["permit"] > 0
    for item in session.exec(select(PermitItem)).all():
        refresh_item_assignments(session, item)
    session.flush()
    assert _rows(session, source_kind="permit") == before


def test_seeded_pushes_are_those_registration_would_make__004_s9(session, seeded):
    """二告知: every entity is routed to its registering department and to each department the items
    of its business scope name (and its street), exactly as notify_registration decides."""
    registrar = session.exec(select(Department).where(Department.code == "PD-SCJGJ")).one()
    entities = session.exec(select(MarketEntity)).all()
    assert len(entities) == N
    assert _rows(session, source_kind="registration") == {
        (e.id, registrar.id, "REGISTERED", "registration", e.id, None) for e in entities}
    pushed: dict[int, set] = {}
    for n in session.exec(select(Notification)).all():
        pushed.setdefault(n.entity_id, set()).add((n.department_id, n.role, tuple(n.item_ids)))
    for e in entities:
        expected = {(d, role, tuple(ids)) for (d, role), ids in
                    _push_targets(items_for_scope(session, e.business_scope), e.street_department_id).items()}
        assert pushed.get(e.id, set()) == expected, e.uscc
    routed = {(a[0], a[1], a[4]) for a in _rows(session, source_kind="notification")}
    assert routed == {(n.entity_id, n.department_id, n.id) for n in session.exec(select(Notification)).all()}


def test_seeded_permits_are_decided_by_the_department_that_may_record_them__rule_1(session, seeded):
    depts = {d.id: d for d in session.exec(select(Department)).all()}
    items = {i.id: i for i in session.exec(select(PermitItem)).all()}
    for p in session.exec(select(Permit)).all():
        issuer = department_actor(ActorKind.KEY, "key:t", "t", depts[p.issuing_department_id])
        assert can(issuer, Action.RECORD_PERMIT, items[p.item_id]), p.number
        assert readable_entity_ids(session, issuer, [p.entity_id]) == {p.entity_id}


def test_the_seed_is_one_audit_record_and_a_second_seed_writes_nothing__002_s5(session, seeded):
    """可追溯: one audit record names the act and its size; the chain still verifies."""
    recs = session.exec(select(AuditRecord).where(AuditRecord.act == "data.seed")).all()
    assert [(r.change["entities"], r.change["seed"]) for r in recs] == [(N, 7)]
    assert audit.verify(session).ok
    with pytest.raises(seed.SeedError):
        seed.seed(session=session, actor=SYSTEM, entities=10, seed=1)
    session.rollback()
    assert len(session.exec(select(MarketEntity.id)).all()) == N


def test_jianguan_seed_writes_an_empty_database_once_and_its_keys_work(db, monkeypatch, capsys):
    """The operator's command: entities and one key per department; a second run is refused (exit 2)."""
    from api.cli import main
    from models.db import new_session
    from supervision.accounts import actor_for_key
    from supervision.demo.load import demo_token
    import sqlalchemy as sa
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    tables = ("market_entity", "notification", "permit", "entity_assignment")

    def indexes():
        inspector = sa.inspect(db)
        return {t: sorted(i["name"] for i in inspector.get_indexes(t)) for t in tables}

    before = indexes()
    assert main(["seed", "--entities", "40", "--seed", "3", "--quiet"]) == 0
    assert indexes() == before  # set aside during the bulk load, rebuilt after
    assert "已写入 40 个市场主体" in capsys.readouterr().out
    assert main(["seed", "--entities", "40", "--quiet"]) == 2
    with new_session(db) as s:
        assert len(s.exec(select(MarketEntity.id)).all()) == 40
        assert actor_for_key(s, demo_token("PD-SCJGJ")).department_code == "PD-SCJGJ"
