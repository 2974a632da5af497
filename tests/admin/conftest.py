"""Admin fixtures: staff accounts made through the domain, on top of the district in tests/conftest.py."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from models.db import new_session
from supervision import accounts, catalogue, disclosure, entities, inspections, notices, penalties
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


RICH_USCC_N = 7  # make_uscc(7, "2"): the hair salon with a whole life on the platform


@dataclass(frozen=True)
class RichHistory:
    uscc: str
    permit_id: int
    wjw_case: str  # case and decision numbers of T-WJW (the approving department)
    wjw_decision: str
    scj_case: str  # and of T-SCJ (the registrar, with enforcement remit)
    scj_decision: str
    plan_name: str


@pytest.fixture
def rich_history(enforcement):
    """A hair salon registered by T-SCJ and supervised by T-WJW, through every step of its life, made with the
    domain's own acts: notice and commitment, pushes and a receipt, tracking, a permit by commitment and its
    change, a breach report, a drawn spot check with its result, credit grading, a risk assessment, a penalty by
    each of the two departments, and a listing in 经营异常名录 and its removal."""
    from datetime import date, datetime, time, timedelta

    from sqlmodel import select

    from models import Notification, TrackingTask
    from supervision import credit, entities, grading, inspections, investigations, permits, risk, tracking
    from supervision.clock import today as cst_today
    from supervision.clock import CST
    from supervision.notices import CommitmentInput
    from tests.conftest import actor_of, make_uscc

    day = cst_today()
    start = day - timedelta(days=40)

    def at(d: date) -> datetime:
        return datetime.combine(d, time(10), CST)
    with new_session(enforcement.engine) as s:
        scj, wjw, fgw = actor_of(s, "T-SCJ"), actor_of(s, "T-WJW"), actor_of(s, "T-FGW")
        for n in ("wjw.a", "wjw.b"):
            accounts.create_staff(session=s, actor=SYSTEM, username=n, display_name=n, password="x" * 12,
                                  department_code="T-WJW", roles=["INSPECTOR"], certificate_no=f"沪卫执{n}")
        e = entities.register_entity(session=s, actor=scj, uscc=make_uscc(RICH_USCC_N, "2"), name="浦东新区张江美发店",
                                     entity_type="INDIVIDUAL_BUSINESS", legal_representative="李四",
                                     address="上海市浦东新区祖冲之路7号", region="310115", industry_code="O8010",
                                     business_scope="许可项目：理发服务。", established_on=start,
                                     contact_phone="021-58880007", today=start,
                                     commitment=CommitmentInput(signer_name="李四", signer_role="OPERATOR", signed_on=start),
                                     now=at(start))
        s.flush()
        push = s.exec(select(Notification).where(Notification.entity_id == e.id,
                                                 Notification.department_id == wjw.department_id)).one()
        notices.acknowledge_notification(session=s, actor=wjw, notification_id=push.id, now=at(start + timedelta(days=1)))
        task = s.exec(select(TrackingTask).where(TrackingTask.entity_id == e.id,
                                                 TrackingTask.department_id == wjw.department_id)).one()
        tracking.record_tracking_inspection(session=s, actor=wjw, task_id=task.id, inspected_on=day - timedelta(days=10),
                                            inspector_usernames=["wjw.a", "wjw.b"], result="NORMAL",
                                            notes="现场未发现无证经营", today=day)
        permit = permits.record_permit(session=s, actor=wjw, uscc=e.uscc, item_code="HYGIENE", number="沪卫公字2026第0007号",
                                       decision_date=day - timedelta(days=8), valid_to=date(2031, 11, 1), today=day,
                                       by_commitment=True)
        permits.change_permit_status(session=s, actor=wjw, permit_id=permit.id, status="CHANGED", reason="经营面积变更")
        investigations.report_commitment_breach(session=s, actor=scj, permit_id=permit.id, breach="BROKEN",
                                                found_on=day - timedelta(days=2), facts="消毒设施未按承诺配置", today=day)
        inspections.save_inspection_item(session=s, actor=wjw, code="WJW-01", name="公共场所卫生检查",
                                         legal_basis="《公共场所卫生管理条例》第十条", content="卫生许可证、消毒记录", method="现场检查")
        today = day
        inspections.publish_list(session=s, actor=wjw, year=today.year, kind="RANDOM_ITEMS", title="随机抽查事项清单", today=today)
        plan = inspections.create_plan(session=s, actor=wjw, name="2026年公共场所卫生双随机抽查", year=today.year,
                                       item_codes=["WJW-01"], check_start=today - timedelta(days=3),
                                       check_end=today + timedelta(days=10), team_size=2, ratio="1", today=today)
        inspections.commit_plan(session=s, actor=wjw, plan_id=plan.id)
        inspections.draw_plan(session=s, actor=wjw, plan_id=plan.id)
        from models import InspectionTask
        drawn = s.exec(select(InspectionTask).where(InspectionTask.plan_id == plan.id, InspectionTask.entity_id == e.id)).one()
        inspections.record_item_result(session=s, actor=wjw, task_id=drawn.id, item_code="WJW-01", result="COMPLIANT",
                                       checked_on=today, today=today)
        credit.publish_credit_standard(session=s, actor=fgw, name="测试区企业信用评估标准", data=grading.DEFAULT_STANDARD, today=day)
        credit.evaluate_credit(session=s, actor=fgw, uscc=e.uscc, today=day)
        risk.define_risk_rule(session=s, actor=wjw, code="WJW-R1", name="公共场所卫生风险评估规则", industry_code="O80",
                              subject="区卫健委负责", scope="辖区理发、住宿场所", method="现场检查与资料审查",
                              indicators=["卫生许可", "消毒记录"], report_use="作为抽查比例调整依据")
        risk.record_risk_assessment(session=s, actor=wjw, uscc=e.uscc, rule_code="WJW-R1", trigger="LAW", level="MEDIUM",
                                    reason="年度评估", process="现场检查", indicators_method="指标打分", result="消毒记录不全",
                                    measures="提高抽查频次", assessed_on=day - timedelta(days=1), today=day)
        numbers = {}
        for who, actor, item, case_no, decision_no in (
                ("wjw", wjw, "HYGIENE", "沪卫案〔2026〕7号", "沪卫罚〔2026〕7号"),
                ("scj", scj, None, "沪市监案〔2026〕7号", "沪市监罚〔2026〕7号")):
            case = penalties.open_case(session=s, actor=actor, uscc=e.uscc, item_code=item, number=case_no,
                                       opened_on=day - timedelta(days=6), violation_type="未按规定公示卫生许可证", today=day)
            penalties.decide_penalty(session=s, actor=actor, case_id=case.id, number=decision_no,
                                     decided_on=day - timedelta(days=4), measures=["WARNING"],
                                     legal_basis="《公共场所卫生管理条例实施细则》第三十六条", facts="当事人未按规定公示卫生许可证",
                                     today=day)
            numbers[who] = (case_no, decision_no)
        entry = credit.list_entity(session=s, actor=scj, uscc=e.uscc, list_kind="ABNORMAL_OPERATION",
                                   reason="通过登记的住所无法联系", basis="《市场主体登记管理条例》", listed_on=day - timedelta(days=20),
                                   today=day)
        credit.remove_from_list(session=s, actor=scj, entry_id=entry.id, reason="已恢复正常经营", removed_on=day - timedelta(days=5),
                                today=day)
        s.commit()
        return RichHistory(e.uscc, permit.id, *numbers["wjw"], *numbers["scj"], plan.name)


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
