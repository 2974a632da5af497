"""双公示 (§39–41): permit and penalty decisions published within 7 working days, in the fields of
the national 双公示 data standard, masked where privacy requires; changes, revocations and
withdrawals update the published record through the same route (§40), and every change goes to
the feed (supervision/feed.py) that credit portals pull.

Pure part: the field lists of the standard, masking, the mapping of a decision to the standard's
fields, and the required-field check. Records keep English keys; `to_standard` gives the
standard's own column names (and amounts in 万元, as the standard counts them).

Public view: a record is public while its status is PUBLIC and its publicity period has not ended
(`public_until`, penalties only). The period ends lazily in every read; `expire_due` (run by
`jianguan feed expire`, e.g. daily) marks the records and writes the EXPIRED changes to the feed.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

import sqlalchemy as sa
from sqlmodel import Session, select

from models import Department, DepartmentCreditCode, Disclosure, MarketEntity, Permit, PermitItem
from models.base import utcnow
from models.enums import DepartmentKind, DisclosureKind, DisclosureStatus, EntityType, FeedEvent, PermitStatus

from . import audit, clock, feed
from .actors import Actor
from .calendar import load_calendar
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import Action, can
from .uscc import InvalidUSCC, validate as validate_uscc

PUBLISH_WORKING_DAYS = 7  # §40
LONG_TERM = date(2099, 12, 31)  # the standard writes 长期 as 2099/12/31

# (key, the standard's column name, required)
COUNTERPART = [
    ("counterpartName", "行政相对人名称", True),
    ("counterpartCategory", "行政相对人类别", True),
    ("counterpartCode1", "行政相对人代码_1（统一社会信用代码）", False),
    ("counterpartCode2", "行政相对人代码_2（工商注册号）", False),
    ("counterpartCode3", "行政相对人代码_3（组织机构代码）", False),
    ("counterpartCode4", "行政相对人代码_4（税务登记号）", False),
    ("counterpartCode5", "行政相对人代码_5（事业单位证书号）", False),
    ("counterpartCode6", "行政相对人代码_6（社会组织登记证号）", False),
    ("legalRepresentative", "法定代表人", False),
    ("legalRepresentativeIdType", "法定代表人证件类型", False),
    ("legalRepresentativeIdNumber", "法定代表人证件号码", False),
    ("idType", "证件类型", False),
    ("idNumber", "证件号码", False),
]
PERMIT_FIELDS = COUNTERPART + [
    ("decisionDocumentName", "行政许可决定文书名称", True),
    ("decisionDocumentNumber", "行政许可决定文书号", True),
    ("permitCategory", "许可类别", True),
    ("certificateName", "许可证书名称", False),
    ("permitNumber", "许可编号", False),
    ("permitContent", "许可内容", True),
    ("decisionDate", "许可决定日期", True),
    ("validFrom", "有效期自", True),
    ("validTo", "有效期至", True),
    ("authority", "许可机关", True),
    ("authorityUscc", "许可机关统一社会信用代码", True),
    ("currentStatus", "当前状态", True),
    ("sourceUnit", "数据来源单位", True),
    ("sourceUnitUscc", "数据来源单位统一社会信用代码", True),
    ("remarks", "备注", False),
]
PENALTY_FIELDS = COUNTERPART + [
    ("decisionNumber", "行政处罚决定书文号", True),
    ("violationType", "违法行为类型", True),
    ("violationFacts", "违法事实", True),
    ("legalBasis", "处罚依据", True),
    ("penaltyCategories", "处罚类别", True),
    ("penaltyContent", "处罚内容", True),
    ("fineAmount", "罚款金额（万元）", False),
    ("confiscatedAmount", "没收违法所得、没收非法财物的金额（万元）", False),
    ("licenceSuspendedOrRevoked", "暂扣或吊销证照名称及编号", False),
    ("decisionDate", "处罚决定日期", True),
    ("validUntil", "处罚有效期", True),
    ("publicityUntil", "公示截止期", False),
    ("authority", "处罚机关", True),
    ("authorityUscc", "处罚机关统一社会信用代码", True),
    ("sourceUnit", "数据来源单位", True),
    ("sourceUnitUscc", "数据来源单位统一社会信用代码", True),
    ("remarks", "备注", False),
]
# 双随机、一公开 (§27): plan name, entity name, credit code, check date and result are published
SPOT_CHECK_FIELDS = [
    ("counterpartName", "检查对象名称", True),
    ("counterpartCode1", "统一社会信用代码", False),
    ("planName", "抽查计划名称", True),
    ("checkItems", "抽查事项", True),
    ("checkDate", "检查日期", True),
    ("checkResult", "检查结果", True),
    ("authority", "检查机关", True),
    ("authorityUscc", "检查机关统一社会信用代码", True),
    ("sourceUnit", "数据来源单位", True),
    ("sourceUnitUscc", "数据来源单位统一社会信用代码", True),
    ("remarks", "备注", False),
]
FIELDS = {DisclosureKind.PERMIT: PERMIT_FIELDS, DisclosureKind.PENALTY: PENALTY_FIELDS,
          DisclosureKind.SPOT_CHECK: SPOT_CHECK_FIELDS}
LABELS = {kind: {k: label for k, label, _ in fields} for kind, fields in FIELDS.items()}

CATEGORY_ORG = "法人及非法人组织"
CATEGORY_PERSON = "自然人"
CATEGORY_INDIVIDUAL_BUSINESS = "个体工商户"

# 处罚类别 of the standard; 责令改正 and 约谈 are not penalties and are published as 其他.
PENALTY_CATEGORY_TEXT = {
    "WARNING": "警告", "CRITICISM": "通报批评", "FINE": "罚款", "CONFISCATE_GAINS": "没收违法所得",
    "CONFISCATE_PROPERTY": "没收非法财物", "SUSPEND_LICENCE": "暂扣许可证件", "DOWNGRADE": "降低资质等级",
    "REVOKE_LICENCE": "吊销许可证件", "RESTRICT_OPERATION": "限制开展生产经营活动", "SUSPEND_BUSINESS": "责令停产停业",
    "CLOSE": "责令关闭", "BAN": "限制从业", "DETENTION": "行政拘留", "ORDER_TO_CORRECT": "其他", "INTERVIEW": "其他",
    "OTHER": "其他",
}


# --- pure: masking and mapping ------------------------------------------------------------------

def mask_id_number(value: str | None) -> str | None:
    """An identity document number in a public record: the first 3 and last 2 characters remain."""
    if not value:
        return value
    v = value.strip()
    if len(v) <= 5:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 5) + v[-2:]


def mask_person_name(value: str | None) -> str | None:
    """A natural person's name in a public record: the family name and one * per other character."""
    if not value:
        return value
    v = value.strip()
    return v[0] + "*" * (len(v) - 1) if len(v) > 1 else "*"


def counterpart_category(entity_type: str) -> str:
    if entity_type == EntityType.INDIVIDUAL_BUSINESS.value:
        return CATEGORY_INDIVIDUAL_BUSINESS
    return CATEGORY_ORG


def counterpart_fields(*, name: str, uscc: str | None, entity_type: str, legal_representative: str | None,
                       id_type: str | None = None, id_number: str | None = None, natural_person: bool = False) -> dict:
    """行政相对人: organisations and individual businesses by name and code; a natural person by a masked
    name and a masked identity number, with no 法定代表人 (the standard's rule for 自然人)."""
    if natural_person:
        return {"counterpartName": mask_person_name(name), "counterpartCategory": CATEGORY_PERSON,
                "idType": id_type or "身份证", "idNumber": mask_id_number(id_number)}
    out = {"counterpartName": name, "counterpartCategory": counterpart_category(entity_type),
           "counterpartCode1": uscc, "legalRepresentative": legal_representative}
    if id_number:
        out["legalRepresentativeIdType"] = id_type or "身份证"
        out["legalRepresentativeIdNumber"] = mask_id_number(id_number)
    return out


def missing_fields(kind: DisclosureKind, fields: dict) -> list[str]:
    """Required fields of the standard that are empty, in the standard's order."""
    out = [k for k, _, required in FIELDS[kind] if required and fields.get(k) in (None, "", [])]
    if fields.get("counterpartCategory") in (CATEGORY_ORG, CATEGORY_INDIVIDUAL_BUSINESS) and not fields.get("counterpartCode1"):
        out.insert(2, "counterpartCode1")  # organisations are identified by their credit code (§5)
    return out


def required_errors(kind: DisclosureKind, fields: dict) -> Collector:
    errors = Collector()
    for key in missing_fields(kind, fields):
        errors.add(ErrorCode.REQUIRED, f"双公示必填项“{LABELS[kind][key]}”为空，不能公示", key)
    return errors


def _wan(yuan: Any) -> str | None:
    if yuan in (None, ""):
        return None
    return str((Decimal(str(yuan)) / Decimal(10000)).quantize(Decimal("0.000001")))


_AMOUNTS = ("fineAmount", "confiscatedAmount")
_STANDARD = {kind: (tuple((key, label) for key, label, _ in spec),
                    tuple((key, label) for key, label, _ in spec if key in _AMOUNTS)) for kind, spec in FIELDS.items()}
_STANDARD.update({kind.value: columns for kind, columns in _STANDARD.items()})


def to_standard(kind: str, fields: dict) -> dict:
    """The record under the standard's own column names; amounts in 万元; lists joined with ；.
    (Every change of a feed page goes through here, hence the precomputed columns.)"""
    try:
        columns, amounts = _STANDARD[kind]
    except KeyError:
        columns, amounts = _STANDARD[DisclosureKind(kind)]  # refuses an unknown kind as the enum does
    get = fields.get
    out = {label: get(key) for key, label in columns}
    for label, value in out.items():
        if value.__class__ is not str and isinstance(value, list):
            out[label] = "；".join(value)
    for key, label in amounts:
        out[label] = _wan(get(key))
    return out


def snapshot(d: Disclosure) -> dict:
    """The record as published: what the feed carries and what public queries answer."""
    return {"id": d.id, "kind": d.kind, "uscc": d.uscc, "status": d.status, "version": d.version,
            "decidedOn": d.decided_on.isoformat(), "publishedAt": audit.jsonable(d.published_at),
            "publicUntil": d.public_until.isoformat() if d.public_until else None, "fields": d.fields}


def publicity_until(decided_on: date, months: int) -> date:
    from .workdays import add_months
    return add_months(decided_on, months)


# --- who may see what ---------------------------------------------------------------------------

def public_clause(today: date) -> sa.ColumnElement[bool]:
    """Public view: published, and its publicity period (if any) not over — checked in SQL on every read."""
    return sa.and_(Disclosure.status == DisclosureStatus.PUBLIC.value,
                   sa.or_(Disclosure.public_until.is_(None), Disclosure.public_until >= today))


# --- department credit codes ------------------------------------------------------------------

def department_codes(session: Session, department_ids: Iterable[int]) -> dict[int, str]:
    ids = set(department_ids)
    if not ids:
        return {}
    return dict(session.exec(select(DepartmentCreditCode.department_id, DepartmentCreditCode.uscc)
                             .where(DepartmentCreditCode.department_id.in_(ids))).all())


def set_department_credit_code(*, session: Session, actor: Actor, department_code: str, uscc: str,
                               request_id: str = "-", now: datetime | None = None) -> int:
    """Record a department's own credit code; its held permit records that lacked only it are published.
    Returns the number of records published."""
    decision = can(actor, Action.MANAGE_CATALOGUE)
    if not decision:
        raise Forbidden(decision.reason)
    dept = session.exec(select(Department).where(Department.code == (department_code or "").strip().upper())).first()
    if dept is None:
        raise NotFound(f"没有编码为 {department_code} 的部门", "departmentCode")
    try:
        code = validate_uscc(uscc)
    except InvalidUSCC as exc:
        raise DomainError(ErrorCode.INVALID_USCC, str(exc), "uscc") from None
    row = session.get(DepartmentCreditCode, dept.id)
    if row is None:
        row = DepartmentCreditCode(department_id=dept.id, uscc=code)
    row.uscc = code
    session.add(row)
    session.flush()
    published = 0
    for d in session.exec(select(Disclosure).where(Disclosure.department_id == dept.id,
                                                   Disclosure.status == DisclosureStatus.HELD.value)).all():
        fields = dict(d.fields, authorityUscc=code, sourceUnitUscc=code)
        d.fields = fields
        d.missing = missing_fields(DisclosureKind(d.kind), fields)
        if not d.missing:
            _publish_now(session, d, now or utcnow())
            published += 1
        session.add(d)
    session.flush()
    audit.append(session, actor=actor, act="department.credit_code", target_type="Department", target_id=dept.code,
                 request_id=request_id, change={"uscc": code, "published": published})
    return published


# --- writing records ---------------------------------------------------------------------------

def _publish_now(session: Session, d: Disclosure, now: datetime) -> None:
    d.status = DisclosureStatus.PUBLIC.value
    d.published_at = now
    d.updated_at = now
    session.add(d)
    session.flush()
    feed.append_change(session, d, FeedEvent.PUBLISHED, snapshot(d), at=now)


def create(session: Session, *, kind: DisclosureKind, source_id: int, entity: MarketEntity, department_id: int,
           decided_on: date, fields: dict, public_until: date | None = None, severity: str | None = None,
           hold_if_incomplete: bool = False, now: datetime | None = None) -> Disclosure:
    """Publish the record of a decision in the caller's transaction, or refuse it naming the missing fields.

    With hold_if_incomplete, an incomplete record is kept unpublished (HELD) instead: it counts as overdue
    once its 7 working days pass, and is published as soon as the data is completed."""
    missing = missing_fields(kind, fields)
    if missing and not hold_if_incomplete:
        required_errors(kind, fields).check()
    now = now or utcnow()
    due = load_calendar(session).add_working_days(decided_on, PUBLISH_WORKING_DAYS).due
    d = Disclosure(kind=kind.value, source_id=source_id, entity_id=entity.id, uscc=entity.uscc,
                   department_id=department_id, decided_on=decided_on, due_on=due, status=DisclosureStatus.HELD.value,
                   public_until=public_until, severity=severity, fields=audit.jsonable(fields), missing=missing,
                   updated_at=now)
    session.add(d)
    session.flush()
    if not missing:
        _publish_now(session, d, now)
    return d


def find(session: Session, kind: DisclosureKind, source_id: int) -> Disclosure | None:
    return session.exec(select(Disclosure).where(Disclosure.kind == kind.value, Disclosure.source_id == source_id)).first()


def update(session: Session, d: Disclosure, changes: dict, *, public_until: date | None = None,
           now: datetime | None = None) -> Disclosure:
    """§40: a changed or revoked decision updates its published record; the feed carries an UPDATED change."""
    now = now or utcnow()
    d.fields = audit.jsonable(dict(d.fields, **changes))
    if public_until is not None:
        d.public_until = public_until
    d.missing = missing_fields(DisclosureKind(d.kind), d.fields)
    d.version += 1
    d.updated_at = now
    session.add(d)
    session.flush()
    if d.status == DisclosureStatus.PUBLIC.value:
        feed.append_change(session, d, FeedEvent.UPDATED, snapshot(d), at=now)
    return d


def _take_down(session: Session, d: Disclosure, status: DisclosureStatus, event: FeedEvent, now: datetime) -> None:
    was_public = d.status == DisclosureStatus.PUBLIC.value
    d.status = status.value
    d.version += 1
    d.updated_at = now
    session.add(d)
    session.flush()
    if was_public:
        feed.append_change(session, d, event, None, at=now)


def withdraw(session: Session, d: Disclosure, *, now: datetime | None = None) -> None:
    """The decision was withdrawn: the record leaves public view; the feed carries a tombstone."""
    if d.status in (DisclosureStatus.WITHDRAWN.value, DisclosureStatus.EXPIRED.value):
        return
    _take_down(session, d, DisclosureStatus.WITHDRAWN, FeedEvent.WITHDRAWN, now or utcnow())


def end_publicity(*, session: Session, actor: Actor, kind: str, source_id: int, reason: str,
                  request_id: str = "-", now: datetime | None = None) -> Disclosure:
    """Credit repair (信用修复) ends a penalty's public view early. The CREDIT department calls it
    (or OVERSIGHT/the platform); the record leaves public view and the feed carries a WITHDRAWN tombstone."""
    if not actor.has_kind(DepartmentKind.CREDIT) and not actor.is_platform_admin:
        raise Forbidden("只有信用主管部门可以因信用修复提前结束公示")
    d = find(session, DisclosureKind(kind), source_id)
    if d is None:
        raise NotFound("未找到该公示信息", "sourceId")
    reason_v = (reason or "").strip()
    if not reason_v:
        raise DomainError(ErrorCode.REQUIRED, "提前结束公示须说明理由（信用修复决定）", "reason")
    if d.status != DisclosureStatus.PUBLIC.value:
        raise DomainError(ErrorCode.ALREADY_DONE, "该信息已不在公示中", "sourceId")
    _take_down(session, d, DisclosureStatus.WITHDRAWN, FeedEvent.WITHDRAWN, now or utcnow())
    audit.append(session, actor=actor, act="disclosure.end_publicity", target_type="Disclosure", target_id=d.id,
                 request_id=request_id, change={"kind": d.kind, "sourceId": source_id, "reason": reason_v})
    return d


withdraw_from_public = end_publicity


def take_down_after_repair(session: Session, *, kind: str, source_id: int, now: datetime | None = None) -> bool:
    """An accepted credit repair of the record's fact (decided and audited by the credit module) ends its publicity."""
    d = find(session, DisclosureKind(kind), source_id)
    if d is None or d.status != DisclosureStatus.PUBLIC.value:
        return False
    _take_down(session, d, DisclosureStatus.WITHDRAWN, FeedEvent.WITHDRAWN, now or utcnow())
    return True


def expire_due(*, session: Session, actor: Actor, today: date | None = None, batch: int = 1000,
               request_id: str = "-", now: datetime | None = None) -> int:
    """Records whose publicity period ended before today leave public view; one EXPIRED change each.

    Idempotent: run it daily (`jianguan feed expire`); reads already hide such records in SQL."""
    if not actor.is_platform_admin:
        raise Forbidden("只有平台运维可以执行公示期满处理")
    today = today or clock.today()
    now = now or utcnow()
    n = 0
    while True:
        rows = session.exec(select(Disclosure).where(Disclosure.status == DisclosureStatus.PUBLIC.value,
                                                     Disclosure.public_until < today)
                            .order_by(Disclosure.id).limit(batch)).all()
        for d in rows:
            _take_down(session, d, DisclosureStatus.EXPIRED, FeedEvent.EXPIRED, now)
        n += len(rows)
        if len(rows) < batch:
            break
    if n:
        audit.append(session, actor=actor, act="disclosure.expire", target_type="Disclosure", target_id="*",
                     request_id=request_id, change={"today": today, "expired": n})
    return n


# --- permits (§39–40): called by supervision/permits.py in the same transaction -------------------

def _authority(session: Session, department_id: int) -> tuple[str, str | None]:
    dept = session.get(Department, department_id)
    return dept.name, department_codes(session, [department_id]).get(department_id)


def permit_fields(*, entity: MarketEntity, item: PermitItem, permit: Permit, authority: str,
                  authority_uscc: str | None) -> dict:
    return {
        **counterpart_fields(name=entity.name, uscc=entity.uscc, entity_type=entity.entity_type,
                             legal_representative=entity.legal_representative),
        "decisionDocumentName": f"准予{item.name}决定书", "decisionDocumentNumber": permit.number,
        "permitCategory": "普通", "certificateName": item.name, "permitNumber": permit.number,
        "permitContent": f"准予{item.name}（{item.legal_basis}）", "decisionDate": permit.decision_date,
        "validFrom": permit.valid_from, "validTo": permit.valid_to or LONG_TERM, "authority": authority,
        "authorityUscc": authority_uscc, "currentStatus": "有效", "sourceUnit": authority,
        "sourceUnitUscc": authority_uscc, "remarks": None,
    }


def on_permit_recorded(session: Session, permit: Permit, item: PermitItem, entity: MarketEntity,
                       now: datetime | None = None) -> Disclosure:
    """The permit decision's record: published at once, or held until the department's credit code is known
    (the permit itself is never refused for its disclosure's sake)."""
    name, code = _authority(session, permit.issuing_department_id)
    return create(session, kind=DisclosureKind.PERMIT, source_id=permit.id, entity=entity,
                  department_id=permit.issuing_department_id, decided_on=permit.decision_date,
                  fields=permit_fields(entity=entity, item=item, permit=permit, authority=name, authority_uscc=code),
                  hold_if_incomplete=True, now=now)


# --- spot-check results (§27): called by supervision/inspections.py when a task's result is complete -------

SPOT_CHECK_RESULT_TEXT = {"COMPLIANT": "未发现问题", "PROBLEMS_FOUND": "发现问题", "NOT_FOUND_AT_ADDRESS": "通过登记的住所（经营场所）无法联系",
                          "NOT_OPERATING": "未开展相关经营活动", "REFUSED": "不配合检查"}


def spot_check_fields(*, object_name: str, uscc: str | None, plan_name: str, item_names: list[str], checked_on: date,
                      result: str, authority: str, authority_uscc: str | None) -> dict:
    return {"counterpartName": object_name, "counterpartCode1": uscc, "planName": plan_name,
            "checkItems": "；".join(item_names), "checkDate": checked_on,
            "checkResult": SPOT_CHECK_RESULT_TEXT.get(result, result), "authority": authority,
            "authorityUscc": authority_uscc, "sourceUnit": authority, "sourceUnitUscc": authority_uscc, "remarks": None}


def on_spot_check_published(session: Session, *, task_id: int, entity: MarketEntity, object_name: str,
                            uscc: str | None, plan_name: str, item_names: list[str], checked_on: date, result: str,
                            department_id: int, now: datetime | None = None) -> Disclosure:
    """The published result of a drawn task, as a 双公示-style record in the feed; held until the department's
    credit code is known, like a permit's."""
    name, code = _authority(session, department_id)
    fields = spot_check_fields(object_name=object_name, uscc=uscc, plan_name=plan_name, item_names=item_names,
                               checked_on=checked_on, result=result, authority=name, authority_uscc=code)
    return create(session, kind=DisclosureKind.SPOT_CHECK, source_id=task_id, entity=entity,
                  department_id=department_id, decided_on=checked_on, fields=fields, hold_if_incomplete=True, now=now)


PERMIT_STATUS_TEXT = {PermitStatus.GRANTED: "有效", PermitStatus.CHANGED: "有效", PermitStatus.REVOKED: "无效（撤销）",
                      PermitStatus.EXPIRED: "无效（过期）", PermitStatus.CANCELLED: "无效（注销）"}


def on_permit_status_changed(session: Session, permit: Permit, reason: str | None) -> None:
    """§40: a changed, revoked or cancelled permit updates its published record the same way."""
    d = find(session, DisclosureKind.PERMIT, permit.id)
    if d is None:
        return
    status = PermitStatus(permit.status)
    update(session, d, {"currentStatus": PERMIT_STATUS_TEXT[status],
                        "remarks": f"{PERMIT_STATUS_TEXT[status]}：{reason}" if reason else d.fields.get("remarks")})
