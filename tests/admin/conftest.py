"""Admin fixtures: staff accounts made through the domain, on top of the district in tests/conftest.py."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from models.db import new_session
from supervision import accounts, catalogue, disclosure, entities, inspections, penalties
from supervision.actors import SYSTEM
from supervision.clock import today as cst_today
from tests.conftest import COMMITMENT, actor_of, build_world, make_uscc
from tests.supervision.penalty_fixtures import DEPT_CODES

PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    department_code: str
    department_name: str
    roles: tuple[str, ...]


STAFF = {
    # 卫健委: approves 公共场所卫生许可, so supervises the barber's shop and nothing else.
    "wjw": StaffSpec("wjw.wang", "王芳", "T-WJW", "测试区卫生健康委员会", ("OFFICER",)),
    # 市场监管局: registered every entity of the district.
    "scj": StaffSpec("scj.li", "李强", "T-SCJ", "测试区市场监督管理局", ("OFFICER", "DEPARTMENT_ADMIN")),
    # 督查室: reads everything.
    "dcs": StaffSpec("dcs.zhao", "赵敏", "T-DCS", "测试区政府督查室", ("OFFICER",)),
    # 文旅局: its only item is cancelled and nothing routes an entity to it.
    "wlj": StaffSpec("wlj.sun", "孙磊", "T-WLJ", "测试区文化体育和旅游局", ("OFFICER",)),
}


@pytest.fixture
def big_world(db):
    """The district with 60 more entities, for paging."""
    return build_world(db, extra_entities=60)


@pytest.fixture
def district(request):
    """The world a test asked for: `big_world` when it names it, the shared `world` otherwise."""
    return request.getfixturevalue("big_world" if "big_world" in request.fixturenames else "world")


@pytest.fixture
def staff(district) -> dict[str, StaffSpec]:
    s = new_session(district.engine)
    try:
        for spec in STAFF.values():
            accounts.create_staff(session=s, actor=SYSTEM, username=spec.username, display_name=spec.display_name,
                                  password=PASSWORD, department_code=spec.department_code, roles=list(spec.roles))
        s.commit()
    finally:
        s.close()
    return STAFF


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(response) -> str:
    """The token the page put in its forms (read from the HTML, as a browser would)."""
    match = _TOKEN.search(response.text)
    assert match, "no csrf_token field on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, *, next_path: str | None = None, token: str | None = None):
    """Open the login form, then post it; returns the answer to the post without following redirects."""
    form_page = client.get("/admin/login")
    data = {"username": username, "password": password, "csrf_token": token or csrf_from(form_page)}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/admin/login", data=data, follow_redirects=False)


@pytest.fixture
def signed_in(client, staff):
    """Sign a client in as one of STAFF by key: `signed_in("wjw")`."""

    def sign_in(key: str):
        r = login(client, staff[key].username)
        assert r.status_code == 303, r.text
        return client

    return sign_in


REVIEWER = "scj.fz"
POLICE = "gaj.chen"
APPROVER = "spj.zhou"
CREDIT = "fgw.wu"  # 发改委: no catalogue item and no enforcement remit


@pytest.fixture
def enforcement(world, staff):
    """Public security (JUDICIAL), department credit codes except T-SPJ's, a legal reviewer at T-SCJ, a 免罚清单 entry."""
    with new_session(world.engine) as s:
        catalogue.import_catalogue(session=s, actor=SYSTEM, data={"version": 1, "departments": [
            {"code": "T-GAJ", "name": "测试区公安分局", "level": "DISTRICT", "region": "310115", "kinds": ["JUDICIAL"]}],
            "permitItems": []})
        for code, uscc in DEPT_CODES.items():
            disclosure.set_department_credit_code(session=s, actor=SYSTEM, department_code=code, uscc=uscc)
        for username, name, dept, roles in ((REVIEWER, "周法", "T-SCJ", ["LEGAL_REVIEWER"]),
                                            (POLICE, "陈警", "T-GAJ", ["OFFICER"]),
                                            (APPROVER, "周审", "T-SPJ", ["OFFICER"]),
                                            (CREDIT, "吴信", "T-FGW", ["OFFICER"])):
            accounts.create_staff(session=s, actor=SYSTEM, username=username, display_name=name, password=PASSWORD,
                                  department_code=dept, roles=roles)
        penalties.add_exemption_rule(session=s, actor=SYSTEM, code="MJ-01", name="未按规定公示营业执照，首次且及时改正",
                                     legal_basis="《市场监管领域轻微违法行为不予处罚清单》第1项")
        s.commit()
    return world


def add_inspection_item(s, department_code: str, code: str, name: str, inspectors: tuple[str, ...]) -> None:
    """A department's random inspection item (§20) and its certified inspectors (§21), made through the domain."""
    for n in inspectors:
        accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                              department_code=department_code, roles=["INSPECTOR"], certificate_no=f"执{n}")
    inspections.save_inspection_item(session=s, actor=actor_of(s, department_code), code=code, name=name,
                                     legal_basis="《市场主体登记管理条例》", content="登记事项、公示信息", method="现场检查")


PLANNING_ENTITIES = {"old": (201, "上海老字号食品有限公司", date(2015, 6, 1)), "mid": (202, "上海中兴贸易有限公司", date(2018, 1, 1)),
       "new": (203, "上海新开咨询有限公司", date(2025, 1, 1))}


@pytest.fixture
def scj(world, staff):
    """T-SCJ (which registered every entity) publishes one item; three more entities established in 2015, 2018 and
    2025 (the world's five in 2024); the 2018 one is a key-focus object."""
    with new_session(world.engine) as s:
        add_inspection_item(s, "T-SCJ", "SCJ-01", "登记事项检查", ("scj.a", "scj.b"))
        reg = actor_of(s, "T-SCJ")
        for label, (n, name, established) in PLANNING_ENTITIES.items():
            e = entities.register_entity(session=s, actor=reg, uscc=make_uscc(n), name=name, entity_type="COMPANY",
                                         legal_representative="李四", address=f"上海市浦东新区世纪大道{n}号",
                                         region="310115", industry_code="F5120", business_scope="一般项目：贸易。",
                                         established_on=established, commitment=COMMITMENT)
            world.entities[label] = e.uscc
        inspections.mark_key_focus(session=s, actor=reg, uscc=world.entities["mid"], reason="PAST_VIOLATION")
        inspections.publish_list(session=s, actor=reg, year=cst_today().year, kind="RANDOM_ITEMS", title="随机抽查事项清单")
        s.commit()
    return world
