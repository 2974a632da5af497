"""The `jianguan` command as an operator uses it."""
import json

import pytest
import sqlalchemy as sa
from sqlmodel import select

from api.cli import main
from models import ApiKey, PermitItem
from models.db import new_session
from supervision.accounts import actor_for_key
from tests.conftest import CATALOGUE


@pytest.fixture
def env_db(db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    return db


def test_catalogue_import_is_idempotent_and_previewable(env_db, tmp_path, capsys):
    f = tmp_path / "catalogue.json"
    f.write_text(json.dumps(CATALOGUE, ensure_ascii=False), encoding="utf-8")
    assert main(["catalogue", "import", str(f), "--dry-run"]) == 0
    assert "预览" in capsys.readouterr().out
    with new_session(env_db) as s:
        assert s.exec(select(sa.func.count()).select_from(PermitItem)).one() == 0
    assert main(["catalogue", "import", str(f)]) == 0
    assert main(["catalogue", "import", str(f)]) == 0
    out = capsys.readouterr().out
    assert f"审批事项：新增 0，更新 0，未变 {len(CATALOGUE['permitItems'])}" in out
    with new_session(env_db) as s:
        assert s.exec(select(sa.func.count()).select_from(PermitItem)).one() == len(CATALOGUE["permitItems"])


def test_bad_catalogue_exits_2_naming_each_line(env_db, tmp_path, capsys):
    data = json.loads(json.dumps(CATALOGUE))
    data["permitItems"][2]["mode"] = "SOMETIMES"
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["catalogue", "import", str(f)]) == 2
    assert "permitItems[2].mode" in capsys.readouterr().err
    with new_session(env_db) as s:
        assert s.exec(select(sa.func.count()).select_from(PermitItem)).one() == 0


def test_keys_create_prints_once_and_works_until_revoked(world, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", world.engine.url.render_as_string(hide_password=False))
    assert main(["keys", "create", "--department", "T-WJW", "--name", "卫健委业务系统"]) == 0
    token = capsys.readouterr().out.strip()
    with new_session(world.engine) as s:
        actor = actor_for_key(s, token)
        assert actor.department_code == "T-WJW"
        stored = s.exec(select(ApiKey).where(ApiKey.prefix == actor.ident.split(":")[1])).one()
        assert token.split("_")[-1] not in stored.secret_hash  # only a digest is kept
    prefix = actor.ident.split(":")[1]
    assert main(["keys", "create", "--public"]) == 0
    assert main(["keys", "list"]) == 0
    assert prefix in capsys.readouterr().out
    assert main(["keys", "revoke", prefix]) == 0
    from supervision.accounts import InvalidKey
    with new_session(world.engine) as s, pytest.raises(InvalidKey):
        actor_for_key(s, token)


def test_keys_create_needs_exactly_one_scope(env_db):
    assert main(["keys", "create"]) == 2


def test_audit_verify_names_the_first_broken_record(world, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", world.engine.url.render_as_string(hide_password=False))
    assert main(["audit", "verify"]) == 0
    assert "审计链完整" in capsys.readouterr().out
    with world.engine.begin() as conn:
        target = conn.execute(sa.text("SELECT id FROM audit_record WHERE act = 'permit.record' ORDER BY id LIMIT 1")).scalar_one()
        conn.execute(sa.text("UPDATE audit_record SET target_id = '999' WHERE id = :id"), {"id": target})
    assert main(["audit", "verify"]) == 1
    assert f"#{target}" in capsys.readouterr().err


def test_staff_create_validates(env_db, capsys):
    assert main(["staff", "create", "wang", "--department", "NOPE", "--password", "short"]) == 2
    err = capsys.readouterr().err
    assert "departmentCode" in err and "password" in err


def test_schema_check_fails_on_a_stale_file(tmp_path, capsys):
    f = tmp_path / "schema.graphql"
    f.write_text("type Query { old: Int }\n")
    assert main(["schema", "export", "--output", str(f), "--check"]) == 1
    assert main(["schema", "export", "--output", str(f)]) == 0
    assert main(["schema", "export", "--output", str(f), "--check"]) == 0


def test_draw_verify_recomputes_a_draw_from_the_database_or_a_published_file__004_s21(env_db, tmp_path, capsys):
    """`jianguan draw verify` re-runs a drawn plan; an announcement file with a wrong seed does not match."""
    from supervision import draws
    snap = draws.build_snapshot(plan={"id": 1, "teamSize": 2}, objects=[
        {"key": f"E{i}", "entityId": i, "uscc": f"E{i}", "grade": None, "risk": None, "keyFocus": False, "p": "0.5"}
        for i in range(6)], pools=[{"department": "D", "inspectors": [{"id": i, "avoid": []} for i in range(3)]}])
    text = draws.canonical(snap)
    doc = {"snapshot": text, "seed": "abc", "snapshotHash": draws.sha256_hex(text), "seedHash": draws.sha256_hex("abc"),
           "result": draws.draw(snap, "abc").as_dict()}
    f = tmp_path / "announcement.json"
    f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["draw", "verify", "--file", str(f)]) == 0
    assert "复核一致" in capsys.readouterr().out
    f.write_text(json.dumps({**doc, "seed": "abd"}, ensure_ascii=False), encoding="utf-8")
    assert main(["draw", "verify", "--file", str(f)]) == 1
    assert "种子哈希不符" in capsys.readouterr().err
    assert main(["draw", "verify", "--plan", "999"]) == 2


def test_penalty_settings_and_the_exemption_list_are_configured_from_the_command_line__000_s12_s17(env_db, capsys):
    """What counts as a major decision (法制审核 first, 000 §17), the publicity periods, and the 免罚清单 (000 §12)."""
    from supervision import penalties
    assert main(["penalties", "settings", "--major-fine", "50000", "--publicity-ordinary", "6"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["majorFineYuan"] == "50000" and shown["publicityMonths"] == {"ORDINARY": 6, "SERIOUS": 36}
    with new_session(env_db) as s:
        stored = penalties.load_settings(s)
        assert (str(stored.major_fine_yuan), stored.publicity_months["ORDINARY"]) == ("50000", 6)
        assert penalties.is_major(stored, ["FINE"], stored.major_fine_yuan, None)
    assert main(["penalties", "settings", "--publicity-serious", "0"]) == 2  # 1–120 months: refused, nothing written
    with new_session(env_db) as s:
        assert penalties.load_settings(s).publicity_months["SERIOUS"] == 36
    assert main(["penalties", "exemption-add", "MJ-01", "未按规定公示营业执照，首次且及时改正",
                 "--basis", "《市场监管领域轻微违法行为不予处罚清单》第1项"]) == 0
    assert main(["penalties", "exemption-add", "MJ-01", "重复", "--basis", "x"]) == 2
    capsys.readouterr()
    assert main(["penalties", "exemptions"]) == 0
    assert capsys.readouterr().out.startswith("MJ-01\t有效\t未按规定公示营业执照")
