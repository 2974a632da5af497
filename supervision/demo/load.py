"""Loads the demo district through the domain functions, as its users would have built it."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from models import Department, MarketEntity, Notification, Permit, TrackingTask
from models.enums import DepartmentKind, PermitStatus, StaffRole

from .. import accounts, catalogue, clock, entities, investigations, notices, permits, tracking
from ..calendar import load_calendar
from ..clock import CST
from ..notices import NEEDS_APPROVAL, CommitmentInput, items_for_scope
from ..actors import SYSTEM, ActorKind, department_actor
from ..errors import DomainError
from .credit import load_credit_demo
from .draws import load_draw_demo
from .penalties import load_penalty_demo
from .generate import DEMO_TODAY, generate_entities, load_catalogue

DEMO_PASSWORD = "Jianguan@2026"


@dataclass
class DemoSummary:
    departments: int = 0
    items: int = 0
    entities: int = 0
    permits: int = 0
    staff: list[tuple[str, str]] = field(default_factory=list)  # (username, department name)
    keys: list[tuple[str, str]] = field(default_factory=list)  # (token, scope)


def demo_token(scope: str) -> str:
    """Demo keys are derived from their scope so the README can name them; real keys are random."""
    h = hashlib.sha256(f"jianguan-demo:{scope}".encode()).hexdigest()
    return f"{accounts.KEY_PREFIX}{h[:8]}_{h[8:48]}"


def is_loaded(session: Session) -> bool:
    return session.exec(select(MarketEntity.id).limit(1)).first() is not None


def load_demo(session: Session, *, entities_count: int = 240, today: date | None = None) -> DemoSummary:
    summary = DemoSummary()
    data = load_catalogue()
    catalogue.import_catalogue(session=session, actor=SYSTEM, data=data, request_id="demo")
    summary.departments = len(data["departments"])
    summary.items = len(data["permitItems"])
    session.flush()
    depts = {d.code: d for d in session.exec(select(Department)).all()}
    demo_hash = accounts.hash_password(DEMO_PASSWORD)  # one hash for the shared demo password

    for d in data["departments"]:
        dept = depts[d["code"]]
        username = d["code"].lower()
        roles = [StaffRole.OFFICER.value, StaffRole.DEPARTMENT_ADMIN.value]
        if DepartmentKind.OPERATOR.value in dept.kinds:
            username, roles = "admin", [StaffRole.PLATFORM_ADMIN.value]
        accounts.create_staff(session=session, actor=SYSTEM, username=username, display_name=f"{dept.name}管理员",
                              password=None, password_hash=demo_hash, department_code=dept.code, roles=roles,
                              request_id="demo")
        summary.staff.append((username, dept.name))
        if set(dept.kinds) & {DepartmentKind.ENFORCEMENT.value, DepartmentKind.APPROVAL.value, DepartmentKind.COMPETENT.value}:
            for n in (1, 2):
                accounts.create_staff(session=session, actor=SYSTEM, username=f"{username}-inspector{n}",
                                      display_name=f"{dept.name}执法人员{n}", password=None, password_hash=demo_hash,
                                      department_code=dept.code, roles=[StaffRole.INSPECTOR.value],
                                      certificate_no=_certificate(dept.code, n),
                                      request_id="demo")
        token = demo_token(dept.code)
        accounts.create_api_key(session=session, actor=SYSTEM, name=f"{dept.name}业务系统", department_code=dept.code,
                                token=token, request_id="demo")
        summary.keys.append((token, dept.name))
    token = demo_token("public")
    accounts.create_api_key(session=session, actor=SYSTEM, name="信用门户（公共）", department_code=None, token=token,
                            request_id="demo")
    summary.keys.append((token, "公共范围（信用门户）"))

    registrar = next(depts[d["code"]] for d in data["departments"] if DepartmentKind.REGISTRATION.value in d["kinds"])
    reg_actor = department_actor(ActorKind.SYSTEM, "system:demo", f"{registrar.name}（演示数据）", registrar)
    actors = {code: department_actor(ActorKind.SYSTEM, "system:demo", f"{d.name}（演示数据）", d) for code, d in depts.items()}
    items = {i["code"]: i for i in data["permitItems"]}
    streets = {kw: code for code, kw in STREETS.items()}
    rng = random.Random(20261123)
    commitments = random.Random(42)  # which 告知承诺-eligible permits were granted on a commitment
    today = today or DEMO_TODAY
    calendar = load_calendar(session)
    for e in generate_entities(entities_count):
        established = date.fromisoformat(e["establishedOn"])
        registered_at = _at(established, 10)
        needs = any(i.status in NEEDS_APPROVAL for i in items_for_scope(session, e["businessScope"]))
        street = next((code for kw, code in streets.items() if kw in e["address"]), None)
        entity = entities.register_entity(
            session=session, actor=reg_actor, uscc=e["uscc"], name=e["name"], entity_type=e["entityType"],
            legal_representative=e["legalRepresentative"], address=e["address"], region=e["region"],
            industry_code=e["industryCode"], business_scope=e["businessScope"], established_on=established,
            contact_phone=e.get("contactPhone"), street_department_code=street,
            commitment=CommitmentInput(e["legalRepresentative"], "LEGAL_REPRESENTATIVE", established) if needs else None,
            request_id="demo", today=today, now=registered_at)
        summary.entities += 1
        _acknowledge_and_track(session, rng, calendar, entity, depts, actors, today)
        for p in e.get("permits", []):
            item = items[p["itemCode"]]
            approver_code = item.get("delegatedTo") or item["approvingDepartment"]
            actor = actors[approver_code]
            decided = date.fromisoformat(p["decisionDate"])
            # Most departments feed the decision back within the 7 working days of §12; a few are late.
            lag = rng.choice([0, 1, 1, 2, 3, 5, 6]) if rng.random() < 0.92 else rng.randint(9, 20)
            try:
                permit = permits.record_permit(
                    session=session, actor=actor, uscc=entity.uscc, item_code=p["itemCode"], number=p["number"],
                    decision_date=decided, valid_from=date.fromisoformat(p["validFrom"]),
                    valid_to=date.fromisoformat(p["validTo"]) if p.get("validTo") else None, request_id="demo",
                    today=today, now=_at(calendar.add_working_days(decided, lag).due, 15),
                    by_commitment=bool(item.get("noticeCommitment")) and commitments.random() < 0.6)
            except DomainError:
                continue  # e.g. an entity generated as cancelled: the platform refuses, as it would in life
            if p.get("status", "GRANTED") != "GRANTED":
                permits.change_permit_status(session=session, actor=actor, permit_id=permit.id, status=p["status"],
                                             reason="演示数据：" + {"EXPIRED": "有效期届满", "REVOKED": "违法经营被依法撤销",
                                                                 "CHANGED": "许可事项变更", "CANCELLED": "申请注销"}.get(p["status"], "状态变更"),
                                             request_id="demo")
            summary.permits += 1
        _pending_applications(session, rng, entity, items, actors, today)
        if e["status"] != "ACTIVE":
            entities.change_entity_status(session=session, actor=reg_actor, uscc=entity.uscc, status=e["status"],
                                          reason="演示数据", request_id="demo")
    _commitment_cases(session, reg_actor, actors, today)
    load_credit_demo(session, today=today)
    load_draw_demo(session, reg_actor, today)
    load_penalty_demo(session, reg_actor, demo_hash, today)
    return summary


def _commitment_cases(session: Session, reporter, actors, today: date) -> None:
    """Rule 6: the registration bureau finds two 告知承诺 permits whose commitments did not hold; the approving
    department investigates one (open) and has substantiated the other (permit revoked)."""
    held = session.exec(select(Permit).where(Permit.by_commitment.is_(True), Permit.status == PermitStatus.GRANTED.value)
                        .order_by(Permit.id).limit(2)).all()
    cases = [("FALSE", "承诺已配备专用消毒设施，现场核查未见消毒设施", None),
             ("BROKEN", "承诺三个月内取得排水许可，逾期仍未办理", "经核查属实，依法撤销以告知承诺方式取得的许可")]
    by_department = {a.department_id: a for a in actors.values()}
    for permit, (breach, facts, conclusion) in zip(held, cases):
        found = max(permit.decision_date, today - timedelta(days=20))
        inv = investigations.report_commitment_breach(session=session, actor=reporter, permit_id=permit.id, breach=breach,
                                                      found_on=found, facts=facts, request_id="demo", today=today)
        if conclusion:
            investigations.close_investigation(session=session, actor=by_department[inv.department_id],
                                               investigation_id=inv.id, outcome="SUBSTANTIATED", conclusion=conclusion,
                                               request_id="demo")


STREETS = {"PD-LJZJD": "陆家嘴", "PD-ZJZ": "张江", "PD-CSXZ": "川沙"}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), CST)


def _acknowledge_and_track(session: Session, rng: random.Random, calendar, entity, depts, actors, today: date) -> None:
    """Receipts within a working day for most pushes (§11), a few late or still open; tracking visits (§15)."""
    by_id = {d.id: d for d in depts.values()}
    for n in session.exec(select(Notification).where(Notification.entity_id == entity.id)).all():
        dept = by_id[n.department_id]
        roll = rng.random()
        recent = (today - clock.to_cst_date(n.pushed_at)).days < 365
        if roll < 0.8:
            lag = 0 if roll < 0.6 else 1
        elif roll < 0.9 or not recent:
            lag = rng.randint(2, 4)
        else:
            continue  # a recent push not yet acknowledged: shows in the oversight view
        ack_day = calendar.add_working_days(clock.to_cst_date(n.pushed_at), lag).due
        if ack_day > today:
            continue
        notices.acknowledge_notification(session=session, actor=actors[dept.code], notification_id=n.id,
                                         request_id="demo", now=_at(ack_day, 11))
    for task in session.exec(select(TrackingTask).where(TrackingTask.entity_id == entity.id)).all():
        recent = (today - task.opened_on).days < 365
        visit = task.opened_on + timedelta(days=rng.randint(7, 75) if recent else rng.randint(7, 120))
        if visit > today or (recent and rng.random() < 0.35):
            continue  # not yet visited; past two months it is overdue
        dept = by_id[task.department_id]
        result = "UNLICENSED_OPERATION" if rng.random() < 0.04 else "NORMAL"
        tracking.record_tracking_inspection(
            session=session, actor=actors[dept.code], task_id=task.id, inspected_on=visit,
            inspector_usernames=[f"{dept.code.lower()}-inspector1", f"{dept.code.lower()}-inspector2"], result=result,
            notes="现场检查发现已开展相关经营活动，未能出示许可证" if result != "NORMAL" else "", request_id="demo", today=today)


def _pending_applications(session: Session, rng: random.Random, entity, items, actors, today: date) -> None:
    """A few recent applications still being processed (§18): some within their time limit, some past it."""
    if entity.status != "ACTIVE" or rng.random() > 0.08:
        return
    held = set(session.exec(select(Permit.item_id).where(Permit.entity_id == entity.id)).all())
    for item in items_for_scope(session, entity.business_scope):
        if item.id in held or item.status not in NEEDS_APPROVAL or not item.time_limit_days:
            continue
        code = item.delegated_to_department_id or item.approving_department_id
        actor = next(a for a in actors.values() if a.department_id == code)
        tracking.record_permit_application(session=session, actor=actor, uscc=entity.uscc, item_code=item.code,
                                           applied_on=today - timedelta(days=rng.randint(3, 45)), request_id="demo",
                                           today=today)
        return


def _certificate(code: str, n: int) -> str:
    return f"310115{int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) % 1000000:06d}{n:02d}"
