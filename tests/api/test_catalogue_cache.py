"""Departments and catalogue items come from each worker's cached copy, tagged with the catalogue's
version token: an import committed anywhere is seen by the next request, a transaction sees its own
catalogue changes, and the cache saves the statements it promises (the entity file in 4)."""
from __future__ import annotations

import contextlib
import copy

import sqlalchemy as sa
from sqlalchemy import inspect
from strawberry import relay

from sqlmodel import select

from models import CatalogueVersion, Department, PermitItem
from supervision import accounts, catalogue, catalogue_cache
from supervision.actors import SYSTEM
from tests.conftest import CATALOGUE, count_statements, gql

FILE = """
query($uscc: String!) { entity(uscc: $uscc) {
  name contactPhone registeringDepartment { name }
  permits(first: 20) { edges { node { number item { code name } issuingDepartment { name } } } }
  notifications { role department { name } }
} }"""

ITEM = "query($id: ID!) { node(id: $id) { ... on PermitItem { name approvingDepartment { name } } } }"


def renamed(item_code: str, item_name: str, dept_code: str, dept_name: str) -> dict:
    data = copy.deepcopy(CATALOGUE)
    next(i for i in data["permitItems"] if i["code"] == item_code)["name"] = item_name
    next(d for d in data["departments"] if d["code"] == dept_code)["name"] = dept_name
    return data


def import_in_another_session(world, data: dict) -> None:
    with contextlib.closing(world.session()) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=data)
        s.commit()


def food_item(body: dict) -> dict:
    return body["data"]["entity"]["permits"]["edges"][0]["node"]


def test_a_catalogue_import_is_seen_by_the_next_request(client, world):
    uscc, key = world.entities["restaurant"], world.keys["T-SCJ"]
    before = food_item(gql(client, FILE, {"uscc": uscc}, key))
    assert before["item"]["name"] == "食品经营许可"
    assert before["issuingDepartment"]["name"] == "测试区市场监督管理局"

    import_in_another_session(world, renamed("FOOD", "食品经营许可（新）", "T-SCJ", "测试区市场监管局"))

    after = gql(client, FILE, {"uscc": uscc}, key)
    assert food_item(after)["item"]["name"] == "食品经营许可（新）"
    assert food_item(after)["issuingDepartment"]["name"] == "测试区市场监管局"
    assert after["data"]["entity"]["registeringDepartment"]["name"] == "测试区市场监管局"


def test_an_import_is_seen_by_the_next_anonymous_request(client, world, db):
    """Without a key the version is read on first use of the catalogue, one statement."""
    with contextlib.closing(world.session()) as s:
        food_id = s.exec(select(PermitItem.id).where(PermitItem.code == "FOOD")).one()
    gid = relay.to_base64("PermitItem", food_id)
    assert gql(client, ITEM, {"id": gid})["data"]["node"]["name"] == "食品经营许可"

    import_in_another_session(world, renamed("FOOD", "食品经营许可（二）", "T-SCJ", "测试区市场监管局"))

    with count_statements(db) as c:
        node = gql(client, ITEM, {"id": gid})["data"]["node"]
    assert node == {"name": "食品经营许可（二）", "approvingDepartment": {"name": "测试区市场监管局"}}
    assert c.count == 3  # the version, then departments and items read again
    with count_statements(db) as c:
        gql(client, ITEM, {"id": gid})
    assert c.count == 1  # the version only


def test_the_entity_file_costs_four_statements_once_the_catalogue_is_cached(client, world, db):
    """The key with its department and the catalogue version; the entity with the file-access answer;
    its permits; its pushes. The first request after a catalogue change also reads the catalogue (2)."""
    uscc, key = world.entities["restaurant"], world.keys["T-SCJ"]
    import_in_another_session(world, renamed("FOOD", "食品经营许可", "T-SCJ", "测试区市场监督管理局（改）"))
    with count_statements(db) as cold:
        first = gql(client, FILE, {"uscc": uscc}, key)
    with count_statements(db) as warm:
        second = gql(client, FILE, {"uscc": uscc}, key)

    assert first == second and "errors" not in first
    assert first["data"]["entity"]["contactPhone"]  # in remit: the file is shown
    assert warm.count == 4, warm.statements
    assert cold.count == warm.count + 2
    assert not [s for s in warm.statements if "FROM department" in s or "FROM permit_item" in s]


def test_outside_remit_the_file_stays_closed_with_the_access_answer_read_with_the_entity(client, world, db):
    uscc = world.entities["restaurant"]
    gql(client, FILE, {"uscc": uscc}, world.keys["T-JYJ"])
    with count_statements(db) as c:
        body = gql(client, FILE, {"uscc": uscc}, world.keys["T-JYJ"])
    entity = body["data"]["entity"]
    assert entity["contactPhone"] is None and entity["permits"]["edges"] == [] and entity["notifications"] == []
    assert c.count == 3  # key, entity with the answer, permits (narrowed to none); pushes are not read
    assert not [s for s in c.statements if s.startswith("SELECT DISTINCT entity_assignment.entity_id")]


def test_a_transaction_that_changes_the_catalogue_reads_its_own_changes(world):
    with contextlib.closing(world.session()) as s:
        token = catalogue_cache.read_version(s)
        cached = catalogue_cache.current(s, token)
        assert cached is not None and cached.token == token
        catalogue.import_catalogue(session=s, actor=SYSTEM, data=renamed("FOOD", "改名中", "T-SCJ", "改名中的部门"))
        s.flush()
        assert catalogue_cache.current(s, token) is None  # read from the database, which has the change
        assert catalogue_cache.read_version(s) != token
        s.rollback()
        assert catalogue_cache.read_version(s) == token  # rolled back with the change it tagged
        assert catalogue_cache.current(s, token) is cached


def test_no_version_row_means_nothing_is_cached(world):
    with contextlib.closing(world.session()) as s:
        s.execute(sa.delete(CatalogueVersion))
        assert catalogue_cache.read_version(s) is None
        assert catalogue_cache.current(s, None) is None
        s.add(Department(code="T-NEW", name="新部门", level="DISTRICT", region="310115", kinds=["COMPETENT"]))
        s.flush()  # any ORM write of a department puts a new token back
        assert catalogue_cache.read_version(s) is not None
        s.rollback()


def test_cached_rows_belong_to_no_session(world):
    with contextlib.closing(world.session()) as s:
        cached = catalogue_cache.current(s, catalogue_cache.read_version(s))
    dept = next(iter(cached.departments.values()))
    assert inspect(dept).session is None
    assert {d.code for d in cached.departments.values()} == {d["code"] for d in CATALOGUE["departments"]}


def test_a_revoked_key_stops_working_on_the_next_request(client, world):
    """Keys are not cached: the key, its department and the version are one statement per request."""
    with contextlib.closing(world.session()) as s:
        new = accounts.create_api_key(session=s, actor=SYSTEM, name="临时", department_code="T-SCJ")
        s.commit()
    assert gql(client, "{ viewer { label } }", token=new.token)["data"]["viewer"]["label"].startswith("测试区市场")
    with contextlib.closing(world.session()) as s:
        accounts.revoke_api_key(session=s, actor=SYSTEM, prefix=new.key.prefix)
        s.commit()
    body = gql(client, "{ viewer { label } }", token=new.token, expect_status=401)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
