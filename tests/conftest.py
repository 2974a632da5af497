"""Fixtures: a database built through the migrations (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), and a small district built through the domain functions, as users would."""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import event

import migrations
import models
from models.db import make_engine, new_session
from supervision import accounts, catalogue, entities, permits
from supervision.actors import SYSTEM, Actor, ActorKind, department_actor
from supervision.notices import CommitmentInput
from supervision.uscc import with_check_character

TODAY = date(2026, 11, 23)

CATALOGUE = {
    "version": 1,
    "departments": [
        {"code": "T-SCJ", "name": "测试区市场监督管理局", "level": "DISTRICT", "region": "310115", "kinds": ["REGISTRATION", "APPROVAL", "ENFORCEMENT"]},
        {"code": "T-WJW", "name": "测试区卫生健康委员会", "level": "DISTRICT", "region": "310115", "kinds": ["APPROVAL", "COMPETENT"]},
        {"code": "T-JYJ", "name": "测试区教育局", "level": "DISTRICT", "region": "310115", "kinds": ["APPROVAL", "COMPETENT"]},
        {"code": "T-SPJ", "name": "测试区行政审批局", "level": "DISTRICT", "region": "310115", "kinds": ["APPROVAL"]},
        {"code": "T-WLJ", "name": "测试区文化体育和旅游局", "level": "DISTRICT", "region": "310115", "kinds": ["COMPETENT"]},
        {"code": "T-MZJ", "name": "测试区民政局", "level": "DISTRICT", "region": "310115", "kinds": ["COMPETENT"]},
        {"code": "T-SYJ", "name": "测试市药品监督管理局", "level": "CITY", "region": "310000", "kinds": ["APPROVAL", "COMPETENT"]},
        {"code": "T-DCS", "name": "测试区政府督查室", "level": "DISTRICT", "region": "310115", "kinds": ["OVERSIGHT"]},
        {"code": "T-FGW", "name": "测试区发展和改革委员会", "level": "DISTRICT", "region": "310115", "kinds": ["CREDIT"]},
        {"code": "T-DSJ", "name": "测试区大数据中心", "level": "DISTRICT", "region": "310115", "kinds": ["OPERATOR"]},
    ],
    "permitItems": [
        {"code": "FOOD", "name": "食品经营许可", "legalBasis": "《中华人民共和国食品安全法》第三十五条", "approvingDepartment": "T-SCJ",
         "competentDepartment": "T-SCJ", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": True,
         "status": "ACTIVE", "delegatedTo": None, "highRisk": False, "timeLimitDays": 20, "scopePhrases": ["食品经营", "餐饮服务"]},
        {"code": "HYGIENE", "name": "公共场所卫生许可", "legalBasis": "《公共场所卫生管理条例》第八条", "approvingDepartment": "T-WJW",
         "competentDepartment": "T-WJW", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": True,
         "status": "ACTIVE", "delegatedTo": None, "highRisk": False, "timeLimitDays": 20, "scopePhrases": ["理发服务", "住宿服务"]},
        {"code": "SCHOOL", "name": "民办学校办学许可", "legalBasis": "《中华人民共和国民办教育促进法》第十二条", "approvingDepartment": "T-SPJ",
         "competentDepartment": "T-JYJ", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": False,
         "status": "SEPARATED", "delegatedTo": None, "highRisk": True, "timeLimitDays": 60, "scopePhrases": ["民办教育"]},
        {"code": "KTV", "name": "娱乐场所经营许可", "legalBasis": "《娱乐场所管理条例》第九条", "approvingDepartment": "T-WLJ",
         "competentDepartment": "T-WLJ", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": False,
         "status": "CANCELLED", "delegatedTo": None, "highRisk": False, "timeLimitDays": None, "scopePhrases": ["歌舞娱乐"]},
        {"code": "ELDER", "name": "养老机构设立许可", "legalBasis": "《中华人民共和国老年人权益保障法》第四十三条", "approvingDepartment": "T-MZJ",
         "competentDepartment": "T-MZJ", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": False,
         "status": "FILING", "delegatedTo": None, "highRisk": True, "timeLimitDays": None, "scopePhrases": ["养老服务"]},
        {"code": "DRUG", "name": "药品零售许可", "legalBasis": "《中华人民共和国药品管理法》第五十一条", "approvingDepartment": "T-SYJ",
         "competentDepartment": "T-SYJ", "level": "DISTRICT", "mode": "POST_REGISTRATION", "noticeCommitment": False,
         "status": "DELEGATED", "delegatedTo": "T-SCJ", "highRisk": False, "timeLimitDays": 15, "scopePhrases": ["药品零售"]},
    ],
}


COMMITMENT = CommitmentInput(signer_name="张三", signer_role="LEGAL_REPRESENTATIVE", signed_on=date(2024, 3, 1))


def make_uscc(n: int, kind: str = "1") -> str:
    return with_check_character(f"9{kind}310115" + f"MA{n:07d}")


def database_url(tmp_path_factory) -> str:
    """SQLite in a temporary folder, or TEST_DATABASE_URL; run in parallel (pytest-xdist), each worker gets a
    PostgreSQL database of its own beside the given one (test_gw0, test_gw1, ...)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    url = database_url(tmp_path_factory)
    eng = make_engine(url)
    if eng.dialect.name == "postgresql":
        with eng.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrations.upgrade(url)
    yield eng
    eng.dispose()


def _clean(engine) -> None:
    tables = [t.name for t in reversed(models.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(sa.text(f"DELETE FROM {t}"))
            conn.execute(sa.text("DELETE FROM sqlite_sequence")) if _has_sqlite_sequence(conn) else None


def _has_sqlite_sequence(conn) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first() is not None


@pytest.fixture
def db(engine):
    _clean(engine)
    yield engine


@pytest.fixture
def session(db):
    s = new_session(db)
    yield s
    s.rollback()
    s.close()


def actor_of(session, code: str, kind: ActorKind = ActorKind.KEY) -> Actor:
    dept = accounts.find_department(session, code)
    return department_actor(kind, f"key:test-{code.lower()}", dept.name, dept)


@dataclass
class World:
    engine: object
    keys: dict[str, str] = field(default_factory=dict)  # department code (or "public") -> token
    entities: dict[str, str] = field(default_factory=dict)  # label -> uscc
    permits: dict[str, int] = field(default_factory=dict)  # label -> permit id

    def session(self):
        return new_session(self.engine)

    def actor(self, code: str) -> Actor:
        with contextlib.closing(self.session()) as s:
            return actor_of(s, code)


def build_world(engine, *, extra_entities: int = 0) -> World:
    """Five entities with permits that route each to different departments by rules 1–5."""
    w = World(engine)
    s = new_session(engine)
    catalogue.import_catalogue(session=s, actor=SYSTEM, data=CATALOGUE)
    s.flush()
    for d in CATALOGUE["departments"]:
        w.keys[d["code"]] = accounts.create_api_key(session=s, actor=SYSTEM, name=d["code"], department_code=d["code"]).token
    w.keys["public"] = accounts.create_api_key(session=s, actor=SYSTEM, name="portal", department_code=None).token
    reg = actor_of(s, "T-SCJ")

    def register(label: str, n: int, name: str, scope: str, kind: str = "1"):
        e = entities.register_entity(session=s, actor=reg, uscc=make_uscc(n, kind), name=name,
                                     entity_type="COMPANY" if kind == "1" else "INDIVIDUAL_BUSINESS",
                                     legal_representative="张三", address=f"上海市浦东新区张江路{n}号", region="310115",
                                     industry_code="H6210", business_scope=scope, established_on=date(2024, 3, 1),
                                     contact_phone=f"021-5888{n:04d}", commitment=COMMITMENT, today=TODAY)
        w.entities[label] = e.uscc
        return e

    register("restaurant", 1, "上海味道餐饮管理有限公司", "许可项目：餐饮服务。")
    register("barber", 2, "浦东新区张江理发店", "许可项目：理发服务。", kind="2")
    register("school", 3, "上海明德培训学校有限公司", "许可项目：民办教育。")
    register("pharmacy", 4, "上海仁心大药房有限公司", "许可项目：药品零售。")
    register("plain", 5, "上海云启信息技术有限公司", "一般项目：技术服务、技术开发。")
    for i in range(extra_entities):
        register(f"extra{i}", 100 + i, f"上海测试{i}号企业管理有限公司", "一般项目：企业管理咨询。")

    def permit(label, uscc_label, item, dept, number):
        p = permits.record_permit(session=s, actor=actor_of(s, dept), uscc=w.entities[uscc_label], item_code=item,
                                  number=number, decision_date=date(2024, 5, 10), valid_to=date(2029, 5, 9), today=TODAY)
        w.permits[label] = p.id

    permit("food", "restaurant", "FOOD", "T-SCJ", "JY23101150000001")
    permit("hygiene", "barber", "HYGIENE", "T-WJW", "沪卫公字2024第0001号")
    permit("school", "school", "SCHOOL", "T-SPJ", "教民131011570000001号")
    permit("drug", "pharmacy", "DRUG", "T-SCJ", "沪AA0210001")
    s.commit()
    s.close()
    return w


@pytest.fixture
def world(db) -> World:
    return build_world(db)


@dataclass
class StatementCounter:
    count: int = 0
    statements: list[str] = field(default_factory=list)


@contextlib.contextmanager
def count_statements(engine):
    counter = StatementCounter()

    def before(conn, cursor, statement, parameters, context, executemany):
        counter.count += 1
        counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def client(db):
    from starlette.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    app = create_app(Settings(database_url=str(db.url), secret_key="t" * 40, environment="test"), engine=db)
    with TestClient(app) as c:
        yield c


def gql(client, query: str, variables: dict | None = None, token: str | None = None, expect_status: int = 200) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert r.status_code == expect_status, r.text
    return r.json()
