"""Catalogue import: idempotent by code, refused whole with line-level errors, moves supervision on change."""
import copy
import json

import pytest
import sqlalchemy as sa
from sqlmodel import select

from models import AuditRecord, Department, PermitItem
from supervision import catalogue
from supervision.actors import SYSTEM
from supervision.errors import Forbidden
from tests.conftest import CATALOGUE, actor_of


def _count(s, model):
    return s.exec(select(sa.func.count()).select_from(model)).one()


def test_import_creates_then_reimport_changes_nothing(session):
    first = catalogue.import_catalogue(session=session, actor=SYSTEM, data=CATALOGUE)
    session.commit()
    assert first.count("department", "create") == len(CATALOGUE["departments"])
    assert first.count("permitItem", "create") == len(CATALOGUE["permitItems"])
    audits = _count(session, AuditRecord)
    again = catalogue.import_catalogue(session=session, actor=SYSTEM, data=CATALOGUE)
    session.commit()
    assert again.count("department", "unchanged") == len(CATALOGUE["departments"])
    assert again.count("permitItem", "unchanged") == len(CATALOGUE["permitItems"])
    assert _count(session, Department) == len(CATALOGUE["departments"])
    assert _count(session, PermitItem) == len(CATALOGUE["permitItems"])
    assert _count(session, AuditRecord) == audits  # nothing changed, nothing audited


def test_reimport_updates_in_place(session):
    catalogue.import_catalogue(session=session, actor=SYSTEM, data=CATALOGUE)
    data = copy.deepcopy(CATALOGUE)
    data["permitItems"][0]["name"] = "食品经营许可（含网络经营）"
    data["permitItems"][0]["timeLimitDays"] = 10
    report = catalogue.import_catalogue(session=session, actor=SYSTEM, data=data)
    session.commit()
    change = next(c for c in report.changes if c.code == "FOOD")
    assert change.action == "update" and set(change.fields) == {"name", "time_limit_days"}
    item = session.exec(select(PermitItem).where(PermitItem.code == "FOOD")).one()
    assert item.name == "食品经营许可（含网络经营）" and item.time_limit_days == 10


def test_dry_run_previews_without_writing(session):
    report = catalogue.import_catalogue(session=session, actor=SYSTEM, data=CATALOGUE, dry_run=True)
    assert report.count("permitItem", "create") == len(CATALOGUE["permitItems"]) and not report.applied
    assert _count(session, PermitItem) == 0


def test_bad_file_is_refused_whole_with_every_line_named(session):
    data = copy.deepcopy(CATALOGUE)
    data["departments"][1]["region"] = "31011"
    data["departments"][2]["kinds"] = ["APPROVAL", "MAYOR"]
    data["permitItems"][0]["status"] = "ABOLISHED"
    data["permitItems"][1]["approvingDepartment"] = "NOPE"
    data["permitItems"][5]["delegatedTo"] = "T-SYJ"  # delegated upwards, to the same level
    data["permitItems"].append(dict(data["permitItems"][2]))  # duplicate code
    with pytest.raises(catalogue.CatalogueError) as exc:
        catalogue.import_catalogue(session=session, actor=SYSTEM, data=data)
    where = {e.where for e in exc.value.errors}
    assert {"departments[1].region", "departments[2].kinds", "permitItems[0].status", "permitItems[1].approvingDepartment",
            "permitItems[5].delegatedTo", "permitItems[6].code"} <= where
    session.rollback()
    assert _count(session, Department) == 0 and _count(session, PermitItem) == 0


def test_load_file_reports_the_json_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{\n "departments": [\n  {"code": "X",}\n ]\n}', encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError) as exc:
        catalogue.load_file(p)
    assert exc.value.errors[0].where == "line 3"


def test_load_file_round_trips_the_documented_example(tmp_path):
    p = tmp_path / "c.json"
    p.write_text(json.dumps(CATALOGUE, ensure_ascii=False), encoding="utf-8")
    assert catalogue.load_file(p) == CATALOGUE


def test_only_platform_admin_imports(world):
    with world.session() as s:
        with pytest.raises(Forbidden):
            catalogue.import_catalogue(session=s, actor=actor_of(s, "T-SCJ"), data=CATALOGUE)


def test_cancelling_an_item_moves_supervision_to_the_competent_department__rule3(world):
    """Rule 3 (000 §(四)): once approval is cancelled, the competent department supervises the permits
    under it; the former approver keeps only what its own records (the registration push) give it."""
    from supervision.responsibility import assignment_reasons, readable_entity_ids
    data = copy.deepcopy(CATALOGUE)
    hygiene = next(i for i in data["permitItems"] if i["code"] == "HYGIENE")
    hygiene["competentDepartment"] = "T-WLJ"
    hygiene["status"] = "CANCELLED"
    with world.session() as s:
        barber = s.exec(select(sa.text("id")).select_from(sa.text("market_entity")).where(sa.text("uscc = :u")).params(u=world.entities["barber"])).one()
        assert readable_entity_ids(s, actor_of(s, "T-WJW"), [barber]) == {barber}
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=data)
        s.commit()
        wjw, wlj = actor_of(s, "T-WJW"), actor_of(s, "T-WLJ")
        assert [r.rule for r in assignment_reasons(s, barber, wjw.department_id)] == ["ROUTED"]
        assert [r.rule for r in assignment_reasons(s, barber, wlj.department_id)] == ["CANCELLED_COMPETENT"]
        assert readable_entity_ids(s, wlj, [barber]) == {barber}


def test_a_departments_credit_code_is_imported_validated_and_publishes_its_held_records__004_s40(world):
    """许可机关统一社会信用代码 is a required 双公示 field: a permit decided before the code was known is held,
    and importing the code publishes it; an invalid code is a line error and nothing is imported."""
    from models import Disclosure
    from supervision import disclosure
    s = world.session()
    wjw = actor_of(s, "T-WJW").department_id
    held = s.exec(select(Disclosure).where(Disclosure.department_id == wjw)).all()
    assert held and all(d.status == "HELD" for d in held)
    bad = copy.deepcopy(CATALOGUE)
    bad["departments"][1]["creditCode"] = "11310115MB0000001X"
    with pytest.raises(catalogue.CatalogueError) as e:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=bad)
    assert [x.where for x in e.value.errors] == ["departments[1].creditCode"]
    data = copy.deepcopy(CATALOGUE)
    data["departments"][1]["creditCode"] = "11310115MB00000019"
    preview = catalogue.import_catalogue(session=s, actor=SYSTEM, data=data, dry_run=True)
    [change] = [c for c in preview.changes if c.action != "unchanged"]
    assert (change.code, change.fields) == ("T-WJW", {"creditCode": [None, "11310115MB00000019"]})
    assert disclosure.department_codes(s, [wjw]) == {}
    catalogue.import_catalogue(session=s, actor=SYSTEM, data=data)
    s.commit()
    assert disclosure.department_codes(s, [wjw]) == {wjw: "11310115MB00000019"}
    for d in held:
        s.refresh(d)
    assert all(d.status == "PUBLIC" and d.fields["authorityUscc"] == "11310115MB00000019" for d in held)
    again = catalogue.import_catalogue(session=s, actor=SYSTEM, data=data)
    assert again.count("department", "unchanged") == len(CATALOGUE["departments"])
    s.close()
