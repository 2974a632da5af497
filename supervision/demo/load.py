"""Loads the demo district through the domain functions, as its users would have built it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from models import Department, MarketEntity
from models.enums import DepartmentKind, StaffRole

from .. import accounts, catalogue, entities, permits
from ..actors import SYSTEM, ActorKind, department_actor
from ..errors import DomainError
from .generate import generate_entities, load_catalogue

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
        if DepartmentKind.ENFORCEMENT.value in dept.kinds or DepartmentKind.APPROVAL.value in dept.kinds:
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
    items = {i["code"]: i for i in data["permitItems"]}
    for e in generate_entities(entities_count):
        entity = entities.register_entity(
            session=session, actor=reg_actor, uscc=e["uscc"], name=e["name"], entity_type=e["entityType"],
            legal_representative=e["legalRepresentative"], address=e["address"], region=e["region"],
            industry_code=e["industryCode"], business_scope=e["businessScope"],
            established_on=date.fromisoformat(e["establishedOn"]), contact_phone=e.get("contactPhone"),
            request_id="demo", today=today)
        summary.entities += 1
        for p in e.get("permits", []):
            item = items[p["itemCode"]]
            approver_code = item.get("delegatedTo") or item["approvingDepartment"]
            approver = depts[approver_code]
            actor = department_actor(ActorKind.SYSTEM, "system:demo", f"{approver.name}（演示数据）", approver)
            try:
                permit = permits.record_permit(
                    session=session, actor=actor, uscc=entity.uscc, item_code=p["itemCode"], number=p["number"],
                    decision_date=date.fromisoformat(p["decisionDate"]), valid_from=date.fromisoformat(p["validFrom"]),
                    valid_to=date.fromisoformat(p["validTo"]) if p.get("validTo") else None, request_id="demo",
                    today=today)
            except DomainError:
                continue  # e.g. an entity generated as cancelled: the platform refuses, as it would in life
            if p.get("status", "GRANTED") != "GRANTED":
                permits.change_permit_status(session=session, actor=actor, permit_id=permit.id, status=p["status"],
                                             reason="演示数据：" + {"EXPIRED": "有效期届满", "REVOKED": "违法经营被依法撤销",
                                                                 "CHANGED": "许可事项变更", "CANCELLED": "申请注销"}.get(p["status"], "状态变更"),
                                             request_id="demo")
            summary.permits += 1
        if e["status"] != "ACTIVE":
            entities.change_entity_status(session=session, actor=reg_actor, uscc=entity.uscc, status=e["status"],
                                          reason="演示数据", request_id="demo")
    return summary


def _certificate(code: str, n: int) -> str:
    return f"310115{int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) % 1000000:06d}{n:02d}"
