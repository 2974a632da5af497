"""双随机、一公开 (§19–27; 000 §(十一); 003 §三): item lists and their publications, key-focus objects,
objects without a credit code, plans, joint participations, draws, tasks, per-item results,
assistance requests, conflict declarations and inspections outside draws."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class InspectionItem(SQLModel, table=True):
    """抽查事项: one line of a department's random inspection item list (§20), editable until published."""

    __tablename__ = "inspection_item"
    __table_args__ = (sa.UniqueConstraint("department_id", "code", name="uq_inspection_item_department_code"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    content: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    method: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class ListPublication(SQLModel, table=True):
    """A published version of one of a department's yearly lists or its annual plan (003 §三.1–3; §20).

    kind: ENFORCEMENT_ITEMS, INSPECTION_ITEMS, RANDOM_ITEMS or ANNUAL_PLAN; content is the list as
    published (for RANDOM_ITEMS, the item rows), so a later edit never changes what was published."""

    __tablename__ = "list_publication"
    __table_args__ = (sa.UniqueConstraint("department_id", "year", "kind", "version", name="uq_list_publication_version"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    year: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    title: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    content: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    published_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class KeyFocusObject(SQLModel, table=True):
    """重点监管对象 (§22): broken commitments, false materials, past violations, flagged by tracking or assessment."""

    __tablename__ = "key_focus_object"
    __table_args__ = (sa.UniqueConstraint("department_id", "entity_id", name="uq_key_focus_object"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    reason: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    note: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class UncodedObject(SQLModel, table=True):
    """无统一社会信用代码的检查对象 (§23): a site, product or vehicle, linked to the entity responsible for it."""

    __tablename__ = "uncoded_object"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    address: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False))
    responsible_entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class ConflictDeclaration(SQLModel, table=True):
    """回避申报: an inspector declares a conflict of interest with an entity; the draw never pairs them."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (sa.UniqueConstraint("staff_id", "entity_id", name="uq_conflict_declaration"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(sa_column=sa.Column(sa.ForeignKey("staff_user.id"), nullable=False, index=True))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class InspectionPlan(SQLModel, table=True):
    """抽查计划: items, object filters, expected sample size, team size, check window, probability table.

    status: DRAFT → (joint: AWAITING_CONFIRMATION →) COMMITTED (seed and snapshot hashes published)
    → DRAWN (seed revealed). The move to DRAWN is one conditional UPDATE, so a plan is drawn once."""

    __tablename__ = "inspection_plan"
    __table_args__ = (sa.Index("ix_inspection_plan_department_status", "department_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    year: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))  # SINGLE, JOINT, FULL_SWEEP
    item_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    filters: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    ratio: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    target_count: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    team_size: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    check_start: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    check_end: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    results_due: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    probability_table: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    key_focus: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))  # ALWAYS or WEIGHTED
    key_focus_weight: str = Field(default="2", sa_column=sa.Column(sa.String(16), nullable=False))
    status: str = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    seed_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    snapshot_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    committed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    drawn_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class JointParticipation(SQLModel, table=True):
    """One department's part in a joint plan (§24): its items, its inspectors, confirmed within 5 working days."""

    __tablename__ = "joint_participation"
    __table_args__ = (sa.UniqueConstraint("plan_id", "department_id", name="uq_joint_participation"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_plan.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    lead: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    item_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    inspector_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    invited_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    confirm_due: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    confirmed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))


class InspectionDraw(SQLModel, table=True):
    """摇号结果: the committed snapshot, the seed (secret until drawn), and the result; one per plan."""

    __tablename__ = "inspection_draw"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_plan.id"), nullable=False, unique=True))
    snapshot: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    snapshot_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    seed: str = Field(sa_column=sa.Column(sa.String(128), nullable=False))
    seed_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    result: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    result_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    seed_revealed: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))


class InspectionTask(SQLModel, table=True):
    """检查任务: one drawn object and its team (one visit for every participating department's items, §24)."""

    __tablename__ = "inspection_task"
    __table_args__ = (sa.Index("ix_inspection_task_plan", "plan_id"),
                      sa.Index("ix_inspection_task_status_due", "status", "results_due"))

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_plan.id"), nullable=False))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    uncoded_object_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("uncoded_object.id"), nullable=True))
    object_key: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    inspector_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))  # OPEN, DONE
    results_due: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    checked_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    summary: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    published_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class TaskDepartment(SQLModel, table=True):
    """Which departments a task belongs to: the lead and, in a joint plan, every participant (for scoping in SQL)."""

    __tablename__ = "task_department"
    __table_args__ = (sa.UniqueConstraint("task_id", "department_id", name="uq_task_department"),
                      sa.Index("ix_task_department_department_task", "department_id", "task_id"))

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_task.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))


class ItemResult(SQLModel, table=True):
    """检查结果: the result for one inspection item of a task, recorded by the item's department."""

    __tablename__ = "item_result"
    __table_args__ = (sa.UniqueConstraint("task_id", "item_id", name="uq_item_result"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_task.id"), nullable=False, index=True))
    item_id: int = Field(sa_column=sa.Column(sa.ForeignKey("inspection_item.id"), nullable=False))
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False))
    result: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    description: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    checked_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    recorded_by: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    investigation_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("investigation.id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class AssistanceRequest(SQLModel, table=True):
    """执法协助 (§26): a department asks another for evidence or an expert opinion; the other answers."""

    __tablename__ = "assistance_request"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("inspection_task.id"), nullable=True))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False))
    from_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    to_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    kind: str = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    request: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    answer: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    answered_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))


class NonDrawInspection(SQLModel, table=True):
    """An inspection outside a draw (§20): only for complaints, big-data alerts, referrals and superior orders."""

    __tablename__ = "non_draw_inspection"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    entity_id: int = Field(sa_column=sa.Column(sa.ForeignKey("market_entity.id"), nullable=False, index=True))
    reason: str = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    reference: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    inspected_on: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    result: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    description: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    inspector_ids: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False))
