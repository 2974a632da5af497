"""Who is asking: a staff member, a partner key, the command line, or the public."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from models.enums import DepartmentKind, StaffRole


class ActorKind(str, Enum):
    STAFF = "STAFF"
    KEY = "KEY"
    SYSTEM = "SYSTEM"  # the command line run by the operator
    PUBLIC = "PUBLIC"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    ident: str  # "staff:12", "key:ab12cd34", "system:cli", "public"
    label: str
    department_id: int | None = None
    department_code: str | None = None
    department_kinds: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    staff_id: int | None = None
    key_id: int | None = None

    def has_kind(self, kind: DepartmentKind) -> bool:
        return kind.value in self.department_kinds

    def has_role(self, role: StaffRole) -> bool:
        return role.value in self.roles

    @property
    def is_oversight(self) -> bool:
        return self.has_kind(DepartmentKind.OVERSIGHT)

    @property
    def is_platform_admin(self) -> bool:
        return self.kind == ActorKind.SYSTEM or self.has_role(StaffRole.PLATFORM_ADMIN)


PUBLIC = Actor(kind=ActorKind.PUBLIC, ident="public", label="公众")
SYSTEM = Actor(kind=ActorKind.SYSTEM, ident="system:cli", label="平台运维（命令行）")


def department_actor(kind: ActorKind, ident: str, label: str, department, **kw) -> Actor:
    return Actor(kind=kind, ident=ident, label=label, department_id=department.id,
                 department_code=department.code, department_kinds=frozenset(department.kinds or []), **kw)
