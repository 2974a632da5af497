"""Per-request context: the database session, who is asking, and the batch loaders.

Loaders gather the keys one GraphQL request asks for and answer them with one SQL statement
each, so the number of statements follows the query's shape, not the number of rows.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlalchemy as sa
from sqlmodel import Session, select
from strawberry.dataloader import DataLoader

from models import (Commitment, Department, Disclosure, InspectionItem, InspectionPlan, InspectionTask, Investigation,
                    ItemResult, JointParticipation, JointReviewOpinion, MarketEntity, Notification, Permit, PermitItem,
                    PoolClaim, RegistrationNotice, StaffUser, TrackingInspection, TrackingTask)
from supervision import catalogue_cache, clock, ratings
from supervision.actors import Actor
from supervision.calendar import load_calendar
from supervision.credit import published_measures
from supervision.disclosure import public_clause
from supervision.inspections import tasks_clause
from supervision.responsibility import Action, readable_entity_ids, restrict


def _by_id(session: Session, model) -> Callable:
    async def load(ids: list[int]) -> list[Any]:
        rows = session.exec(select(model).where(model.id.in_(set(ids)))).all()
        found = {r.id: r for r in rows}
        return [found.get(i) for i in ids]
    return load


def _from_catalogue(session: Session, model, part: str, catalogue: Callable) -> Callable:
    """Departments and items from the worker's cached catalogue when it is current, else one statement."""
    from_db = _by_id(session, model)

    async def load(ids: list[int]) -> list[Any]:
        copy = catalogue()
        if copy is None:
            return await from_db(ids)
        found = getattr(copy, part)
        return [found.get(i) for i in ids]
    return load


def _one_by(session: Session, model, column) -> Callable:
    """One row per key (or None), by a unique column: one statement per batch."""
    async def load(keys: list[int]) -> list[Any]:
        found = {getattr(r, column.key): r for r in session.exec(select(model).where(column.in_(set(keys)))).all()}
        return [found.get(k) for k in keys]
    return load


def _many_by(session: Session, model, column) -> Callable:
    """Every row per key, in id order: one statement per batch."""
    async def load(keys: list[int]) -> list[list[Any]]:
        grouped: dict[int, list[Any]] = defaultdict(list)
        for r in session.exec(select(model).where(column.in_(set(keys))).order_by(model.id)).all():
            grouped[getattr(r, column.key)].append(r)
        return [grouped.get(k, []) for k in keys]
    return load


@dataclass
class Loaders:
    session: Session
    actor: Actor
    catalogue: Callable[[], Any] = lambda: None
    department: DataLoader = field(init=False)
    permit_item: DataLoader = field(init=False)
    entity: DataLoader = field(init=False)
    file_access: DataLoader = field(init=False)
    permits_of_entity: DataLoader = field(init=False)
    inspections_of_entity: DataLoader = field(init=False)
    disclosures_of_entity: DataLoader = field(init=False)
    # 双告知 · 双反馈 · 双跟踪
    calendar: DataLoader = field(init=False)
    permit: DataLoader = field(init=False)
    staff: DataLoader = field(init=False)
    notice_of_entity: DataLoader = field(init=False)
    commitment_of_entity: DataLoader = field(init=False)
    notifications_of_entity: DataLoader = field(init=False)
    tracking_tasks_of_entity: DataLoader = field(init=False)
    inspections_of_task: DataLoader = field(init=False)
    investigations_of_inspection: DataLoader = field(init=False)
    claims_of_pool_entry: DataLoader = field(init=False)
    opinions_of_review: DataLoader = field(init=False)
    # credit standing (一处失信，处处受限) over supervision/ratings.py
    credit_grade: DataLoader = field(init=False)
    risk_level: DataLoader = field(init=False)
    list_flags: DataLoader = field(init=False)
    joint_measures: DataLoader = field(init=False)
    # 双随机、一公开
    inspection_item: DataLoader = field(init=False)
    inspection_plan: DataLoader = field(init=False)
    results_of_task: DataLoader = field(init=False)
    participations_of_plan: DataLoader = field(init=False)

    def __post_init__(self) -> None:
        self.department = DataLoader(_from_catalogue(self.session, Department, "departments", self.catalogue))
        self.permit_item = DataLoader(_from_catalogue(self.session, PermitItem, "items", self.catalogue))
        self.entity = DataLoader(_by_id(self.session, MarketEntity))
        self.file_access = DataLoader(self._load_file_access)
        self.permits_of_entity = DataLoader(self._load_permits)
        self.inspections_of_entity = DataLoader(self._load_inspections)
        self.disclosures_of_entity = DataLoader(self._load_disclosures)
        self.calendar = DataLoader(self._load_calendar)
        self.permit = DataLoader(_by_id(self.session, Permit))
        self.staff = DataLoader(_by_id(self.session, StaffUser))
        self.notice_of_entity = DataLoader(_one_by(self.session, RegistrationNotice, RegistrationNotice.entity_id))
        self.commitment_of_entity = DataLoader(_one_by(self.session, Commitment, Commitment.entity_id))
        self.notifications_of_entity = DataLoader(_many_by(self.session, Notification, Notification.entity_id))
        self.tracking_tasks_of_entity = DataLoader(_many_by(self.session, TrackingTask, TrackingTask.entity_id))
        self.inspections_of_task = DataLoader(_many_by(self.session, TrackingInspection, TrackingInspection.task_id))
        self.investigations_of_inspection = DataLoader(_many_by(self.session, Investigation, Investigation.inspection_id))
        self.claims_of_pool_entry = DataLoader(_many_by(self.session, PoolClaim, PoolClaim.pool_entry_id))
        self.opinions_of_review = DataLoader(_many_by(self.session, JointReviewOpinion, JointReviewOpinion.review_id))
        self.credit_grade = DataLoader(self._load_ratings(ratings.credit_grades))
        self.risk_level = DataLoader(self._load_ratings(ratings.risk_levels))
        self.list_flags = DataLoader(self._load_ratings(ratings.dishonesty_flags, default=[]))
        self.joint_measures = DataLoader(self._load_measures)
        self.inspection_item = DataLoader(_by_id(self.session, InspectionItem))
        self.inspection_plan = DataLoader(_by_id(self.session, InspectionPlan))
        self.results_of_task = DataLoader(_many_by(self.session, ItemResult, ItemResult.task_id))
        self.participations_of_plan = DataLoader(_many_by(self.session, JointParticipation, JointParticipation.plan_id))

    def _load_ratings(self, fn: Callable, default: Any = None) -> Callable:
        async def load(entity_ids: list[int]) -> list[Any]:
            found = fn(self.session, set(entity_ids))
            return [found.get(i, default) for i in entity_ids]
        return load

    async def _load_measures(self, keys: list[int]) -> list[Any]:
        """The published joint measures, read once per request."""
        rows = published_measures(self.session)
        return [rows for _ in keys]

    async def _load_calendar(self, keys: list[int]) -> list[Any]:
        """The working-day calendar, read once per request whatever the number of deadlines shown."""
        calendar = load_calendar(self.session)
        return [calendar for _ in keys]

    async def _load_file_access(self, entity_ids: list[int]) -> list[bool]:
        readable = readable_entity_ids(self.session, self.actor, list(set(entity_ids)))
        return [i in readable for i in entity_ids]

    async def _load_permits(self, keys: list[tuple]) -> list[list[Permit]]:
        """keys: (entity_id, first, after_id, status): the viewer's permits of each entity, oldest first."""
        def narrow(stmt, status):
            if status is not None:
                stmt = stmt.where(Permit.status == status)
            return restrict(stmt, self.actor, Action.READ_PERMIT)
        return _top_per_key(self.session, Permit, Permit.entity_id, keys, newest_first=False, narrow=narrow)

    async def _load_inspections(self, keys: list[tuple]) -> list[list[InspectionTask]]:
        """keys: (entity_id, first, after_id, None): the inspection tasks of the viewer's department
        (lead or participant; oversight all) on each entity, newest first."""
        clause = tasks_clause(self.actor)
        return _top_per_key(self.session, InspectionTask, InspectionTask.entity_id, keys, newest_first=True,
                            narrow=lambda stmt, _: stmt.where(clause))

    async def _load_disclosures(self, keys: list[tuple]) -> list[list[Disclosure]]:
        """keys: (uscc, first, after_id, kind): each entity's records in public view, newest first."""
        public = public_clause(clock.today())

        def narrow(stmt, kind):
            stmt = stmt.where(public)
            return stmt.where(Disclosure.kind == kind) if kind is not None else stmt
        return _top_per_key(self.session, Disclosure, Disclosure.uscc, keys, newest_first=True, narrow=narrow)


def _top_per_key(session: Session, model, key_column, keys: list[tuple], *, newest_first: bool,
                 narrow: Callable[[Any, Any], Any]) -> list[list[Any]]:
    """One page of `model` rows for each key, however many keys: keys are (key, first, after_id, extra),
    and each distinct (first, after_id, extra) is answered by one statement that ranks the rows of
    every key by id in a window and keeps first + 1 of each (the extra row says a next page exists).
    `narrow(stmt, extra)` adds the visibility rule and filters, so they run in SQL before the ranking."""
    groups: dict[tuple, list[Any]] = defaultdict(list)
    for key, first, after_id, extra in keys:
        groups[(first, after_id, extra)].append(key)
    order = model.id.desc() if newest_first else model.id.asc()
    answers: dict[tuple, list[Any]] = {}
    for (first, after_id, extra), group in groups.items():
        rank = sa.func.row_number().over(partition_by=key_column, order_by=order).label("rn")
        inner = select(model.id.label("pk"), rank).where(key_column.in_(set(group)))
        if after_id is not None:
            inner = inner.where(model.id < after_id if newest_first else model.id > after_id)
        inner = narrow(inner, extra).subquery()
        stmt = (select(model).join(inner, inner.c.pk == model.id)
                .where(inner.c.rn <= first + 1).order_by(key_column, order))
        per_key: dict[Any, list[Any]] = defaultdict(list)
        for row in session.exec(stmt).all():
            per_key[getattr(row, key_column.key)].append(row)
        for key in group:
            answers[(key, first, after_id, extra)] = per_key.get(key, [])
    return [answers[k] for k in keys]


_UNREAD = object()


@dataclass
class Context:
    session: Session
    actor: Actor
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    catalogue_version: Any = _UNREAD  # read with the key (http.execute), or on first use
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.session, self.actor, self.catalogue)

    def catalogue(self) -> catalogue_cache.Catalogue | None:
        """The worker's cached departments and items if current (None: read them from the database)."""
        if self.catalogue_version is _UNREAD:
            self.catalogue_version = catalogue_cache.read_version(self.session)
        return catalogue_cache.current(self.session, self.catalogue_version)

    async def can_read_file(self, entity_id: int) -> bool:
        return await self.loaders.file_access.load(entity_id)
