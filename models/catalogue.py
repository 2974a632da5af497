from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel

from .enums import DepartmentLevel, PermitItemStatus, PermitMode


class PermitItem(SQLModel, table=True):
    """审批事项: an item of the permit catalogue and the departments that approve and supervise it."""

    __tablename__ = "permit_item"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    legal_basis: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    approving_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    competent_department_id: int = Field(sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=False, index=True))
    delegated_to_department_id: int | None = Field(default=None, sa_column=sa.Column(sa.ForeignKey("department.id"), nullable=True))
    enforcement_department_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.ForeignKey("department.id", name="fk_permit_item_enforcement_department_id"), nullable=True))
    level: DepartmentLevel = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    mode: PermitMode = Field(sa_column=sa.Column(sa.String(24), nullable=False))
    notice_commitment: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    status: PermitItemStatus = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    high_risk: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    time_limit_days: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    scope_phrases: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))


class CatalogueVersion(SQLModel, table=True):
    """One row: a random token, replaced in the same transaction as every change of a department or a
    catalogue item, so that each worker can tell by reading one column whether its cached copy of
    the catalogue is still current. A random token (not a counter) never repeats, even in a
    database that was emptied and filled again; a missing row means "unknown": nothing is cached."""

    __tablename__ = "catalogue_version"

    id: int = Field(default=1, primary_key=True)
    token: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))


def bump_catalogue_version(connection: sa.Connection) -> str:
    """Replace the token (insert the row if it is missing); returns the new token."""
    token = uuid.uuid4().hex
    table = CatalogueVersion.__table__
    if connection.dialect.name in ("postgresql", "sqlite"):
        dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        stmt = dialect_insert(table).values(id=1, token=token)
        connection.execute(stmt.on_conflict_do_update(index_elements=[table.c.id], set_={"token": token}))
    elif connection.execute(sa.update(table).where(table.c.id == 1).values(token=token)).rowcount == 0:
        connection.execute(sa.insert(table).values(id=1, token=token))
    return token


CATALOGUE_CHANGED = "catalogue_changed"  # session.info key: this transaction changed the catalogue


@event.listens_for(OrmSession, "after_flush")
def _bump_when_the_catalogue_changes(session: OrmSession, _flush_context) -> None:
    """Every ORM write of a department or an item, whoever makes it, invalidates the cached copies."""
    from .department import Department
    touched = (session.new, session.dirty, session.deleted)
    if any(isinstance(o, (Department, PermitItem)) for objs in touched for o in objs):
        bump_catalogue_version(session.connection())
        session.info[CATALOGUE_CHANGED] = True


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _transaction_ended(session: OrmSession) -> None:
    session.info.pop(CATALOGUE_CHANGED, None)
