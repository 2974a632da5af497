"""谁审批、谁监管，谁主管、谁监管 — who supervises what, and what each actor may see and do.

One place answers "may this actor do this to that" (`can`) and narrows every read to what an
actor may see (`restrict`), so GraphQL, the admin pages, exports and feeds share the same rules.
Each answer names the rule and the record that decided it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from models import AuditRecord, Department, EntityAssignment, MarketEntity, Permit, PermitItem
from models.enums import DepartmentKind, PermitItemStatus, ResponsibilityRule, StaffRole

from .actors import Actor


HIGHER_LEVELS = {"NATIONAL", "PROVINCIAL", "CITY"}


class Action(str, Enum):
    READ_ENTITY = "READ_ENTITY"  # public registration information (as NECIPS publishes it)
    READ_ENTITY_FILE = "READ_ENTITY_FILE"  # the non-public part of 一户一档
    READ_PERMIT = "READ_PERMIT"
    READ_AUDIT = "READ_AUDIT"
    REGISTER_ENTITY = "REGISTER_ENTITY"
    RECORD_PERMIT = "RECORD_PERMIT"
    CHANGE_PERMIT_STATUS = "CHANGE_PERMIT_STATUS"
    MANAGE_CATALOGUE = "MANAGE_CATALOGUE"
    MANAGE_ACCOUNTS = "MANAGE_ACCOUNTS"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    reason: str
    record: str | None = None

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class Responsibility:
    department_id: int
    rule: ResponsibilityRule
    item_id: int | None = None


RULE_TEXT = {
    ResponsibilityRule.APPROVED: "谁审批、谁监管：本部门审批了该主体的“{item}”",
    ResponsibilityRule.SEPARATED_COMPETENT: "审管分离：“{item}”由审批部门集中审批，本部门作为行业主管部门负责监管",
    ResponsibilityRule.SEPARATED_APPROVAL: "审管分离：本部门集中审批“{item}”，与行业主管部门双向信息互通",
    ResponsibilityRule.CANCELLED_COMPETENT: "取消审批：“{item}”已取消审批，由行业主管部门监管",
    ResponsibilityRule.FILING_COMPETENT: "改为备案：“{item}”改为备案管理，由行业主管部门检查备案、查处未备案经营",
    ResponsibilityRule.DELEGATED: "审批下放：“{item}”已下放至本部门审批，监管层级随之调整",
    ResponsibilityRule.REGISTERED: "本部门是该主体的登记机关",
    ResponsibilityRule.ROUTED: "有关记录将该主体推送或指派给本部门",
    ResponsibilityRule.COMMITMENT_BREACH: "告知承诺：该主体以虚假承诺或违反承诺取得“{item}”，由本部门（审批部门）调查处理",
}


def describe(rule: str, item_name: str | None = None) -> str:
    text = RULE_TEXT.get(ResponsibilityRule(rule), rule)
    return text.format(item=item_name or "许可事项")


# --- who supervises an item --------------------------------------------------------------------

def responsible_departments(entity: MarketEntity | None, item: PermitItem) -> list[Responsibility]:
    """Rules 1–5 of DOMAIN.md for one catalogue item (the entity is reserved for region-bound rules).

    1 the approving department supervises what it approved; 2 审管分离: the competent department
    supervises and the approving one keeps information access; 3 cancelled and 4 filing items: the
    competent department; 5 delegated items: the department the approval moved to.
    """
    status = PermitItemStatus(item.status)
    if status == PermitItemStatus.ACTIVE:
        return [Responsibility(item.approving_department_id, ResponsibilityRule.APPROVED, item.id)]
    if status == PermitItemStatus.SEPARATED:
        out = [Responsibility(item.competent_department_id, ResponsibilityRule.SEPARATED_COMPETENT, item.id)]
        if item.approving_department_id != item.competent_department_id:
            out.append(Responsibility(item.approving_department_id, ResponsibilityRule.SEPARATED_APPROVAL, item.id))
        return out
    if status == PermitItemStatus.CANCELLED:
        return [Responsibility(item.competent_department_id, ResponsibilityRule.CANCELLED_COMPETENT, item.id)]
    if status == PermitItemStatus.FILING:
        return [Responsibility(item.competent_department_id, ResponsibilityRule.FILING_COMPETENT, item.id)]
    if status == PermitItemStatus.DELEGATED:
        target = item.delegated_to_department_id or item.approving_department_id
        return [Responsibility(target, ResponsibilityRule.DELEGATED, item.id)]
    raise ValueError(f"unknown item status {item.status}")


def approving_department_id(item: PermitItem) -> int | None:
    """The department that decides permits for the item now, or None when nobody does (cancelled, filing)."""
    status = PermitItemStatus(item.status)
    if status in (PermitItemStatus.CANCELLED, PermitItemStatus.FILING):
        return None
    if status == PermitItemStatus.DELEGATED:
        return item.delegated_to_department_id or item.approving_department_id
    return item.approving_department_id


# --- assignments: the records that route an entity to a department ------------------------------

def assign(session: Session, *, entity_id: int, department_id: int, rule: ResponsibilityRule,
           source_kind: str, source_id: int, item_id: int | None = None) -> None:
    exists = session.exec(select(EntityAssignment.id).where(
        EntityAssignment.entity_id == entity_id, EntityAssignment.department_id == department_id,
        EntityAssignment.rule == rule.value, EntityAssignment.source_kind == source_kind,
        EntityAssignment.source_id == source_id)).first()
    if exists is None:
        session.add(EntityAssignment(entity_id=entity_id, department_id=department_id, rule=rule.value,
                                     source_kind=source_kind, source_id=source_id, item_id=item_id))


def assign_for_permit(session: Session, entity: MarketEntity, item: PermitItem, permit: Permit) -> list[Responsibility]:
    resp = responsible_departments(entity, item)
    for r in resp:
        assign(session, entity_id=entity.id, department_id=r.department_id, rule=r.rule,
               source_kind="permit", source_id=permit.id, item_id=item.id)
    return resp


def refresh_item_assignments(session: Session, item: PermitItem) -> int:
    """After an item changes status or departments, supervision of every permit under it moves too."""
    session.execute(sa.delete(EntityAssignment).where(
        EntityAssignment.source_kind == "permit", EntityAssignment.item_id == item.id))
    rows = session.exec(select(Permit.id, Permit.entity_id).where(Permit.item_id == item.id)).all()
    resp = responsible_departments(None, item)
    if rows:
        session.execute(sa.insert(EntityAssignment), [
            dict(entity_id=entity_id, department_id=r.department_id, rule=r.rule.value, source_kind="permit",
                 source_id=permit_id, item_id=item.id, created_at=_now())
            for permit_id, entity_id in rows for r in resp
        ])
    return len(rows)


def _now():
    from models.base import utcnow
    return utcnow()


# --- reading: restrict() ---------------------------------------------------------------------

def supervised_clause(actor: Actor, entity_column: Any) -> sa.ColumnElement[bool]:
    """SQL condition: the entity in `entity_column` is in the actor's supervision set."""
    if actor.is_oversight:
        return sa.true()
    if actor.department_id is None:
        return sa.false()
    return sa.exists().where(EntityAssignment.entity_id == entity_column,
                             EntityAssignment.department_id == actor.department_id)


def restrict(statement, actor: Actor, action: Action, column: Any = None):
    """Narrow a SELECT to the rows the actor may see, in SQL, before any row is loaded."""
    if action == Action.READ_ENTITY:
        return statement
    if action == Action.READ_ENTITY_FILE:
        return statement.where(supervised_clause(actor, column if column is not None else MarketEntity.id))
    if action == Action.READ_PERMIT:
        return statement.where(supervised_clause(actor, column if column is not None else Permit.entity_id))
    if action == Action.READ_AUDIT:
        if actor.is_oversight or actor.is_platform_admin:
            return statement
        if actor.department_id is None:
            return statement.where(sa.false())
        return statement.where(AuditRecord.department_id == actor.department_id)
    raise ValueError(f"restrict() does not handle {action}")


def file_access_column(actor: Actor, entity_column: Any) -> sa.ColumnElement[bool]:
    """Whether the actor may read the file of the entity in `entity_column`, as a column, so that a
    read fetches the entity and this answer in one statement (the rule of readable_entity_ids)."""
    return supervised_clause(actor, entity_column).label("can_read_file")


def readable_entity_ids(session: Session, actor: Actor, entity_ids: list[int]) -> set[int]:
    """Which of these entities' files the actor may read: one statement for any number of ids."""
    if not entity_ids:
        return set()
    if actor.is_oversight:
        return set(entity_ids)
    if actor.department_id is None:
        return set()
    rows = session.exec(select(EntityAssignment.entity_id).where(
        EntityAssignment.department_id == actor.department_id,
        EntityAssignment.entity_id.in_(entity_ids)).distinct()).all()
    return set(rows)


# --- acting: can() ---------------------------------------------------------------------------

def can(actor: Actor, action: Action, target: Any = None, *, session: Session | None = None) -> Decision:
    if action == Action.READ_ENTITY:
        return Decision(True, "PUBLIC", "主体登记基本信息依法公示，任何人可查询")
    if action == Action.READ_ENTITY_FILE:
        return _can_read_file(actor, target, session)
    if action == Action.READ_AUDIT:
        if actor.is_oversight or actor.is_platform_admin:
            return Decision(True, "OVERSIGHT", "督查部门和平台管理员可查阅全部审计记录")
        if actor.department_id is not None:
            return Decision(True, "OWN_DEPARTMENT", "可查阅本部门的审计记录")
        return Decision(False, "PUBLIC", "公众不能查阅审计记录")
    if action == Action.REGISTER_ENTITY:
        if actor.has_kind(DepartmentKind.REGISTRATION):
            return Decision(True, "REGISTRATION", "本部门是登记注册部门")
        return Decision(False, "REGISTRATION", "只有登记注册部门可以登记市场主体")
    if action == Action.RECORD_PERMIT:
        return _can_record_permit(actor, target)
    if action == Action.CHANGE_PERMIT_STATUS:
        permit, item = target
        approver = approving_department_id(item)
        if actor.department_id is not None and actor.department_id in (permit.issuing_department_id, approver):
            return Decision(True, ResponsibilityRule.APPROVED.value, "谁审批、谁监管：本部门作出或现负责该许可决定",
                            f"permit:{permit.id}")
        return Decision(False, ResponsibilityRule.APPROVED.value, "只有作出许可决定的部门可以变更许可状态", f"permit:{permit.id}")
    if action == Action.MANAGE_ACCOUNTS and target is not None:
        return _can_manage_accounts_of(actor, target)
    if action in (Action.MANAGE_CATALOGUE, Action.MANAGE_ACCOUNTS):
        if actor.is_platform_admin:
            return Decision(True, "PLATFORM_ADMIN", "平台管理员管理部门、事项目录、用户和密钥")
        return Decision(False, "PLATFORM_ADMIN", "只有平台管理员可以执行此操作")
    raise ValueError(f"can() does not handle {action}")


def _can_manage_accounts_of(actor: Actor, department_id: int | None) -> Decision:
    """Accounts and keys of one department (None: the public scope): platform admins, and that department's admin."""
    record = f"department:{department_id}" if department_id is not None else "public"
    if actor.is_platform_admin:
        return Decision(True, "PLATFORM_ADMIN", "平台管理员管理全部部门的用户和密钥", record)
    if department_id is not None and actor.department_id == department_id and actor.has_role(StaffRole.DEPARTMENT_ADMIN):
        return Decision(True, "DEPARTMENT_ADMIN", "部门管理员管理本部门的用户和密钥", record)
    return Decision(False, "DEPARTMENT_ADMIN", "只能管理本部门的用户和密钥", record)


def _can_record_permit(actor: Actor, item: PermitItem) -> Decision:
    approver = approving_department_id(item)
    record = f"permit_item:{item.code}"
    if actor.department_id is None:
        return Decision(False, ResponsibilityRule.APPROVED.value, "只有审批部门可以记录许可决定", record)
    if approver is None:
        return Decision(False, "ITEM_STATUS", f"“{item.name}”已{'取消审批' if item.status == PermitItemStatus.CANCELLED else '改为备案'}，不再作出许可决定", record)
    if actor.department_id == approver:
        rule = ResponsibilityRule.DELEGATED if item.status == PermitItemStatus.DELEGATED else ResponsibilityRule.APPROVED
        return Decision(True, rule.value, f"本部门是“{item.name}”的审批部门", record)
    if actor.department_id == item.competent_department_id and item.level in HIGHER_LEVELS:
        return Decision(True, "HIGHER_LEVEL_ENTRY", f"“{item.name}”由国家或市级部门审批，本部门作为区行业主管部门录入许可信息（§13）", record)
    return Decision(False, ResponsibilityRule.APPROVED.value, f"本部门不是“{item.name}”的审批部门", record)


def _can_read_file(actor: Actor, entity: MarketEntity, session: Session | None) -> Decision:
    if actor.is_oversight:
        return Decision(True, "OVERSIGHT", "督查部门可查阅全部监管信息")
    if actor.department_id is None or session is None:
        return Decision(False, "NOT_RESPONSIBLE", "非本部门监管对象，只能查看公示信息")
    reasons = assignment_reasons(session, entity.id, actor.department_id)
    if reasons:
        first = reasons[0]
        return Decision(True, first.rule, first.description, f"{first.source_kind}:{first.source_id}")
    return Decision(False, "NOT_RESPONSIBLE", "非本部门监管对象，只能查看公示信息")


# --- explanation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    department_id: int
    department_name: str
    rule: str
    description: str
    source_kind: str
    source_id: int
    item_code: str | None = None


@dataclass(frozen=True)
class AccessExplanation:
    entity_id: int
    can_read_public: bool
    can_read_file: bool
    summary: str
    reasons: list[Reason] = field(default_factory=list)


def assignment_reasons(session: Session, entity_id: int, department_id: int | None = None) -> list[Reason]:
    stmt = (select(EntityAssignment, Department.name, PermitItem.code, PermitItem.name)
            .join(Department, Department.id == EntityAssignment.department_id)
            .outerjoin(PermitItem, PermitItem.id == EntityAssignment.item_id)
            .where(EntityAssignment.entity_id == entity_id)
            .order_by(EntityAssignment.id))
    if department_id is not None:
        stmt = stmt.where(EntityAssignment.department_id == department_id)
    return [Reason(a.department_id, dept_name, a.rule, describe(a.rule, item_name), a.source_kind, a.source_id, item_code)
            for a, dept_name, item_code, item_name in session.exec(stmt).all()]


def explain_access(session: Session, actor: Actor, entity: MarketEntity) -> AccessExplanation:
    """Why the actor may (or may not) read the entity's file: the rules and the records behind them."""
    if actor.is_oversight:
        return AccessExplanation(entity.id, True, True, "督查部门可查阅全部监管信息；以下为该主体的全部监管部门及依据",
                                 assignment_reasons(session, entity.id))
    if actor.department_id is None:
        return AccessExplanation(entity.id, True, False, "公众可查询主体登记基本信息和公示信息；非公示信息仅向负有监管职责的部门开放")
    reasons = assignment_reasons(session, entity.id, actor.department_id)
    if reasons:
        return AccessExplanation(entity.id, True, True, "本部门对该主体负有监管职责，可查阅一户一档的非公示信息", reasons)
    return AccessExplanation(entity.id, True, False, "本部门对该主体没有监管职责（无审批、主管、推送或指派记录），只能查看公示信息")
