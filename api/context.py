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

from models import Department, MarketEntity, Permit, PermitItem
from supervision.actors import Actor
from supervision.responsibility import Action, readable_entity_ids, restrict


def _by_id(session: Session, model) -> Callable:
    async def load(ids: list[int]) -> list[Any]:
        rows = session.exec(select(model).where(model.id.in_(set(ids)))).all()
        found = {r.id: r for r in rows}
        return [found.get(i) for i in ids]
    return load


@dataclass
class Loaders:
    session: Session
    actor: Actor
    department: DataLoader = field(init=False)
    permit_item: DataLoader = field(init=False)
    entity: DataLoader = field(init=False)
    file_access: DataLoader = field(init=False)
    permits_of_entity: DataLoader = field(init=False)

    def __post_init__(self) -> None:
        self.department = DataLoader(_by_id(self.session, Department))
        self.permit_item = DataLoader(_by_id(self.session, PermitItem))
        self.entity = DataLoader(_by_id(self.session, MarketEntity))
        self.file_access = DataLoader(self._load_file_access)
        self.permits_of_entity = DataLoader(self._load_permits)

    async def _load_file_access(self, entity_ids: list[int]) -> list[bool]:
        readable = readable_entity_ids(self.session, self.actor, list(set(entity_ids)))
        return [i in readable for i in entity_ids]

    async def _load_permits(self, keys: list[tuple]) -> list[list[Permit]]:
        """keys: (entity_id, first, after_id, status). One statement per distinct (first, after, status)."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for entity_id, first, after_id, status in keys:
            groups[(first, after_id, status)].append(entity_id)
        answers: dict[tuple, list[Permit]] = {}
        for (first, after_id, status), entity_ids in groups.items():
            rn = sa.func.row_number().over(partition_by=Permit.entity_id, order_by=Permit.id).label("rn")
            inner = select(Permit.id.label("pid"), rn).where(Permit.entity_id.in_(set(entity_ids)))
            if after_id is not None:
                inner = inner.where(Permit.id > after_id)
            if status is not None:
                inner = inner.where(Permit.status == status)
            inner = restrict(inner, self.actor, Action.READ_PERMIT).subquery()
            stmt = (select(Permit).join(inner, inner.c.pid == Permit.id)
                    .where(inner.c.rn <= first + 1).order_by(Permit.entity_id, Permit.id))
            per_entity: dict[int, list[Permit]] = defaultdict(list)
            for p in self.session.exec(stmt).all():
                per_entity[p.entity_id].append(p)
            for entity_id in entity_ids:
                answers[(entity_id, first, after_id, status)] = per_entity.get(entity_id, [])
        return [answers[k] for k in keys]


@dataclass
class Context:
    session: Session
    actor: Actor
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.session, self.actor)

    async def can_read_file(self, entity_id: int) -> bool:
        return await self.loaders.file_access.load(entity_id)
