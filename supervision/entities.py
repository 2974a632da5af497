"""Market entities: registration and lookup."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import Department, MarketEntity
from models.base import utcnow
from models.enums import DepartmentKind, EntityStatus, EntityType, ResponsibilityRule

from . import audit, clock, uscc as uscc_mod, validation
from .actors import Actor
from .errors import Collector, DomainError, ErrorCode, Forbidden
from .responsibility import Action, assign, can


def find_by_uscc(session: Session, code: str) -> MarketEntity | None:
    return session.exec(select(MarketEntity).where(MarketEntity.uscc == uscc_mod.normalize(code))).first()


def register_entity(*, session: Session, actor: Actor, uscc: str, name: str, entity_type: str,
                    legal_representative: str, address: str, region: str, industry_code: str,
                    business_scope: str, established_on: date | None, contact_phone: str | None = None,
                    status: str = EntityStatus.ACTIVE.value, commitment=None, street_department_code: str | None = None,
                    request_id: str = "-", today: date | None = None, now: datetime | None = None) -> MarketEntity:
    """登记: a REGISTRATION department records a new market entity under its credit code (§5).

    The same act issues the notice of the post-registration items its scope calls for, records the
    commitment (§8; required when an item needs approval) and pushes the registration to the
    departments the items name and to the entity's street (§9).
    """
    from .notices import check_commitment, notify_registration
    decision = can(actor, Action.REGISTER_ENTITY)
    if not decision:
        raise Forbidden(decision.reason)
    today = today or clock.today()
    errors = Collector()
    code = None
    try:
        code = uscc_mod.validate(uscc)
    except uscc_mod.InvalidUSCC as exc:
        errors.add(ErrorCode.INVALID_USCC, str(exc), "uscc")
    name_v = validation.text(errors, "name", name, "名称", max_len=200)
    etype = validation.choice(errors, "entityType", entity_type, EntityType, "主体类型")
    legal = validation.text(errors, "legalRepresentative", legal_representative, "法定代表人（负责人、经营者）", max_len=100)
    addr = validation.text(errors, "address", address, "住所（经营场所）", max_len=300)
    region_v = validation.region(errors, "region", region)
    industry_v = validation.industry(errors, "industryCode", industry_code)
    scope = validation.text(errors, "businessScope", business_scope, "经营范围", max_len=4000)
    established = validation.past_date(errors, "establishedOn", established_on, "成立日期", today)
    status_v = validation.choice(errors, "status", status, EntityStatus, "登记状态")
    phone = validation.text(errors, "contactPhone", contact_phone, "联系电话", max_len=32, required=False)
    if code and find_by_uscc(session, code) is not None:
        errors.add(ErrorCode.DUPLICATE_USCC, f"统一社会信用代码 {code} 已登记", "uscc")
    street = None
    if street_department_code:
        street = session.exec(select(Department).where(Department.code == street_department_code.strip().upper())).first()
        if street is None or DepartmentKind.STREET.value not in street.kinds:
            errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {street_department_code} 的街镇（开发区）", "streetDepartmentCode")
    if scope:
        check_commitment(session, errors, scope, commitment, today)
    errors.check()

    entity = MarketEntity(
        uscc=code, uscc_as_entered=uscc.strip(), name=name_v, entity_type=etype.value, legal_representative=legal,
        address=addr, region=region_v, industry_code=industry_v, business_scope=scope, established_on=established,
        status=status_v.value, registering_department_id=actor.department_id, contact_phone=phone,
        street_department_id=street.id if street else None,
    )
    try:
        with session.begin_nested():
            session.add(entity)
            session.flush()
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE_USCC, f"统一社会信用代码 {code} 已登记", "uscc") from None
    assign(session, entity_id=entity.id, department_id=actor.department_id, rule=ResponsibilityRule.REGISTERED,
           source_kind="registration", source_id=entity.id)
    audit.append(session, actor=actor, act="entity.register", target_type="MarketEntity", target_id=entity.uscc,
                 request_id=request_id, change={
                     "uscc": entity.uscc, "name": entity.name, "entityType": entity.entity_type,
                     "legalRepresentative": entity.legal_representative, "address": entity.address,
                     "region": entity.region, "industryCode": entity.industry_code,
                     "businessScope": entity.business_scope, "establishedOn": entity.established_on,
                     "status": entity.status, "street": street.code if street else None})
    notify_registration(session=session, actor=actor, entity=entity, commitment=commitment,
                        street_department_id=entity.street_department_id, request_id=request_id, now=now)
    return entity


def change_entity_status(*, session: Session, actor: Actor, uscc: str, status: str, reason: str,
                         request_id: str = "-") -> MarketEntity:
    """吊销、注销、迁出: recorded by the entity's registering department."""
    entity = find_by_uscc(session, uscc)
    if entity is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"未找到统一社会信用代码为 {uscc} 的市场主体", "uscc")
    if actor.department_id != entity.registering_department_id:
        raise Forbidden("只有该主体的登记机关可以变更登记状态")
    errors = Collector()
    new = validation.choice(errors, "status", status, EntityStatus, "登记状态")
    reason_v = validation.text(errors, "reason", reason, "原因", max_len=1000)
    errors.check()
    old = entity.status
    entity.status = new.value
    entity.updated_at = utcnow()
    session.add(entity)
    session.flush()
    audit.append(session, actor=actor, act="entity.status", target_type="MarketEntity", target_id=entity.uscc,
                 request_id=request_id, change={"from": old, "to": new.value, "reason": reason_v})
    return entity
