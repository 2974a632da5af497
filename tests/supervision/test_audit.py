"""Audit (002 §五.(三).3 可追溯、可问责): every write appends a hash-chained record; tampering is caught."""
from datetime import date

import sqlalchemy as sa
from sqlmodel import select

from models import AuditRecord
from supervision import audit, entities
from supervision.actors import SYSTEM
from tests.conftest import TODAY, actor_of, make_uscc


def test_every_domain_write_is_chained(world):
    with world.session() as s:
        rows = s.exec(select(AuditRecord).order_by(AuditRecord.id)).all()
        acts = [r.act for r in rows]
        assert acts.count("entity.register") == 5
        assert acts.count("permit.record") == 4
        assert "permit_item.create" in acts and "api_key.create" in acts
        assert rows[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
        report = audit.verify(s)
        assert report.ok and report.checked == len(rows)


def test_record_names_actor_department_target_and_request(world):
    with world.session() as s:
        actor = actor_of(s, "T-SCJ")
        e = entities.register_entity(session=s, actor=actor, uscc=make_uscc(900), name="上海审计测试有限公司",
                                     entity_type="COMPANY", legal_representative="李四", address="上海市浦东新区世纪大道1号",
                                     region="310115", industry_code="L7211", business_scope="一般项目：企业管理。",
                                     established_on=date(2025, 1, 2), request_id="req-42", today=TODAY)
        s.commit()
        rec = s.exec(select(AuditRecord).where(AuditRecord.act == "entity.register").order_by(AuditRecord.id.desc())).first()
        assert (rec.act, rec.target_type, rec.target_id, rec.request_id) == ("entity.register", "MarketEntity", e.uscc, "req-42")
        assert rec.department_id == actor.department_id and rec.actor == actor.ident
        assert rec.change["name"] == "上海审计测试有限公司"
        assert rec.digest == audit.digest_of(rec.change)


def _tamper(world, sql: str):
    with world.engine.begin() as conn:
        target = conn.execute(sa.text("SELECT id FROM audit_record ORDER BY id LIMIT 1 OFFSET 7")).scalar_one()
        conn.execute(sa.text(sql), {"id": target})
    return target


def test_changed_content_is_caught_at_that_record(world):
    target = _tamper(world, "UPDATE audit_record SET actor_label = '别人' , target_id = 'X' WHERE id = :id")
    with world.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_broken_id == target


def test_changed_change_digest_is_caught(world):
    with world.engine.begin() as conn:
        target = conn.execute(sa.text("SELECT id FROM audit_record WHERE act = 'entity.register' ORDER BY id LIMIT 1")).scalar_one()
        conn.execute(sa.text("UPDATE audit_record SET change = :c WHERE id = :id"), {"c": '{"name": "改过的"}', "id": target})
    with world.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_broken_id == target and "摘要" in report.reason


def test_deleted_record_is_caught_at_the_next_one(world):
    with world.engine.begin() as conn:
        ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM audit_record ORDER BY id")).all()]
        conn.execute(sa.text("DELETE FROM audit_record WHERE id = :id"), {"id": ids[3]})
    with world.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_broken_id == ids[4]


def test_a_refused_act_leaves_no_audit_record(world):
    with world.session() as s:
        before = s.exec(select(sa.func.count()).select_from(AuditRecord)).one()
        try:
            entities.register_entity(session=s, actor=actor_of(s, "T-SCJ"), uscc="91310115MA0000001X", name="x",
                                     entity_type="COMPANY", legal_representative="x", address="x", region="310115",
                                     industry_code="L7211", business_scope="x", established_on=date(2025, 1, 1), today=TODAY)
        except Exception:
            s.rollback()
        after = s.exec(select(sa.func.count()).select_from(AuditRecord)).one()
    assert before == after


def test_system_actor_is_recorded_as_the_command_line(session):
    audit.append(session, actor=SYSTEM, act="test.act", target_type="Thing", target_id=1, change={"a": 1})
    session.commit()
    rec = session.exec(select(AuditRecord)).one()
    assert rec.actor == "system:cli" and rec.department_id is None
