"""Staff accounts and partner keys."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from models import ApiKey, Department, StaffUser
from models.base import utcnow
from models.enums import StaffRole

from . import audit, validation
from .actors import PUBLIC, Actor, ActorKind, department_actor
from .errors import Collector, DomainError, ErrorCode, Forbidden, NotFound
from .responsibility import Action, can

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
KEY_PREFIX = "jg_"
# OWASP's argon2id setting (19 MiB, 2 passes, 1 lane): a login costs tens of milliseconds on a
# 2-core server instead of the library default's hundreds.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY_HASH = _hasher.hash("not a password")


def find_department(session: Session, code: str) -> Department | None:
    return session.exec(select(Department).where(Department.code == (code or "").strip().upper())).first()


def staff_actor(user: StaffUser, department: Department) -> Actor:
    return department_actor(ActorKind.STAFF, f"staff:{user.id}", f"{user.display_name}（{department.name}）",
                            department, roles=frozenset(user.roles or []), staff_id=user.id)


# --- staff -----------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_staff(*, session: Session, actor: Actor, username: str, display_name: str, password: str | None,
                 department_code: str, roles: list[str], certificate_no: str | None = None,
                 request_id: str = "-", password_hash: str | None = None) -> StaffUser:
    """`password_hash` (argon2) takes accounts over from another system without knowing their passwords.

    A department admin creates accounts of its own department only, and never a platform admin.
    """
    _require_some_remit(actor)
    dept = find_department(session, department_code)
    _require_remit(actor, dept.id if dept else None)
    errors = Collector()
    username_v = validation.text(errors, "username", username, "用户名", max_len=64)
    name_v = validation.text(errors, "displayName", display_name, "姓名", max_len=100)
    if password_hash is None and (not password or len(password) < 10):
        errors.add(ErrorCode.INVALID_VALUE, "密码至少10个字符", "password")
    if password_hash is not None and not password_hash.startswith("$argon2"):
        errors.add(ErrorCode.INVALID_VALUE, "只接受 argon2 密码哈希", "password")
    if dept is None:
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {department_code} 的部门", "departmentCode")
    role_values = [validation.choice(errors, "roles", r, StaffRole, "角色") for r in roles]
    if StaffRole.PLATFORM_ADMIN in role_values and not actor.is_platform_admin:
        raise Forbidden("只有平台管理员可以授予平台管理员角色", "roles")
    if StaffRole.INSPECTOR in role_values and not (certificate_no or "").strip():
        errors.add(ErrorCode.REQUIRED, "执法检查人员须填写执法证号", "certificateNo")
    if username_v and session.exec(select(StaffUser.id).where(StaffUser.username == username_v)).first():
        errors.add(ErrorCode.DUPLICATE, f"用户名 {username_v} 已存在", "username")
    errors.check()
    user = StaffUser(username=username_v, display_name=name_v, password_hash=password_hash or _hasher.hash(password),
                     department_id=dept.id, roles=[r.value for r in role_values if r],
                     certificate_no=(certificate_no or "").strip() or None)
    session.add(user)
    session.flush()
    audit.append(session, actor=actor, act="staff.create", target_type="StaffUser", target_id=user.id,
                 request_id=request_id, change={"username": user.username, "displayName": user.display_name,
                                                "department": dept.code, "roles": user.roles,
                                                "certificateNo": user.certificate_no})
    return user


def authenticate(*, session: Session, username: str, password: str, now: datetime | None = None,
                 request_id: str = "-") -> tuple[StaffUser, Department]:
    """Check a password; five failures in a row lock the account for 15 minutes."""
    now = now or utcnow()
    user = session.exec(select(StaffUser).where(StaffUser.username == (username or "").strip())).first()
    if user is None or not user.active:
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误", "password")
    if user.locked_until and user.locked_until > now:
        raise DomainError(ErrorCode.ACCOUNT_LOCKED, "登录失败次数过多，账户已临时锁定，请15分钟后再试", "username")
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.add(user)
        session.flush()
        dept = session.get(Department, user.department_id)
        audit.append(session, actor=staff_actor(user, dept), act="staff.login_failed", target_type="StaffUser",
                     target_id=user.id, request_id=request_id, change={"locked": bool(user.locked_until and user.locked_until > now)})
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误", "password")
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.add(user)
    dept = session.get(Department, user.department_id)
    audit.append(session, actor=staff_actor(user, dept), act="staff.login", target_type="StaffUser",
                 target_id=user.id, request_id=request_id, change={})
    return user, dept


def _require_some_remit(actor: Actor) -> None:
    """Platform admins and department admins manage accounts; nobody else may even ask."""
    if actor.is_platform_admin or (actor.department_id is not None and actor.has_role(StaffRole.DEPARTMENT_ADMIN)):
        return
    raise Forbidden(can(actor, Action.MANAGE_ACCOUNTS).reason)


def _require_remit(actor: Actor, department_id: int | None, *, hide: bool = False) -> None:
    """`hide`: an account or key of another department answers as not found, as if it did not exist."""
    decision = can(actor, Action.MANAGE_ACCOUNTS, department_id)
    if not decision:
        raise NotFound() if hide else Forbidden(decision.reason, "departmentCode")


def managed_staff(session: Session, actor: Actor, username: str) -> StaffUser:
    """One account the actor manages; another department's answers as not found."""
    _require_some_remit(actor)
    user = session.exec(select(StaffUser).where(StaffUser.username == (username or "").strip())).first()
    if user is None or not can(actor, Action.MANAGE_ACCOUNTS, user.department_id):
        raise NotFound(f"没有用户 {username}", "username")
    return user


def staff_statement(actor: Actor):
    """The accounts the actor manages, as a SELECT to be ordered and paged by the caller."""
    stmt = select(StaffUser)
    if actor.is_platform_admin:
        return stmt
    if actor.department_id is None or not actor.has_role(StaffRole.DEPARTMENT_ADMIN):
        return stmt.where(sa.false())
    return stmt.where(StaffUser.department_id == actor.department_id)


def key_statement(actor: Actor):
    stmt = select(ApiKey)
    if actor.is_platform_admin:
        return stmt
    if actor.department_id is None or not actor.has_role(StaffRole.DEPARTMENT_ADMIN):
        return stmt.where(sa.false())
    return stmt.where(ApiKey.department_id == actor.department_id)


def set_password(*, session: Session, actor: Actor, username: str, password: str, request_id: str = "-") -> StaffUser:
    user = managed_staff(session, actor, username)
    if not password or len(password) < 10:
        raise DomainError(ErrorCode.INVALID_VALUE, "密码至少10个字符", "password")
    user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    audit.append(session, actor=actor, act="staff.reset_password", target_type="StaffUser", target_id=user.id,
                 request_id=request_id, change={"username": username})
    return user


def set_staff_active(*, session: Session, actor: Actor, username: str, active: bool, request_id: str = "-") -> StaffUser:
    """停用 / 启用: a deactivated account cannot sign in, and its open session ends on its next page."""
    user = managed_staff(session, actor, username)
    if not active and actor.staff_id is not None and actor.staff_id == user.id:
        raise DomainError(ErrorCode.INVALID_VALUE, "不能停用自己的账户", "username")
    if user.active == active:
        return user
    user.active = active
    session.add(user)
    session.flush()
    audit.append(session, actor=actor, act="staff.activate" if active else "staff.deactivate", target_type="StaffUser",
                 target_id=user.id, request_id=request_id, change={"username": user.username})
    return user


# --- API keys --------------------------------------------------------------------------------

def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    token: str  # shown once; only its digest is stored


def create_api_key(*, session: Session, actor: Actor, name: str, department_code: str | None,
                   request_id: str = "-", token: str | None = None) -> NewKey:
    """A key bound to a department, or to the public scope when department_code is None.

    `token` fixes the key's text (used only for the reproducible demo data set).
    """
    _require_some_remit(actor)
    errors = Collector()
    name_v = validation.text(errors, "name", name, "密钥名称", max_len=100)
    dept = find_department(session, department_code) if department_code else None
    _require_remit(actor, dept.id if dept else None)  # an unknown code, like the public scope, is the platform's
    if department_code and dept is None:
        errors.add(ErrorCode.NOT_FOUND, f"没有编码为 {department_code} 的部门", "departmentCode")
    errors.check()
    if token:
        prefix, secret = token[len(KEY_PREFIX):].split("_", 1)
    else:
        prefix = secrets.token_hex(4)
        while session.exec(select(ApiKey.id).where(ApiKey.prefix == prefix)).first():
            prefix = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
    key = ApiKey(prefix=prefix, secret_hash=_digest(secret), name=name_v, department_id=dept.id if dept else None)
    session.add(key)
    session.flush()
    audit.append(session, actor=actor, act="api_key.create", target_type="ApiKey", target_id=key.prefix,
                 request_id=request_id, change={"name": key.name, "department": dept.code if dept else None})
    return NewKey(key, f"{KEY_PREFIX}{prefix}_{secret}")


def revoke_api_key(*, session: Session, actor: Actor, prefix: str, request_id: str = "-") -> ApiKey:
    _require_some_remit(actor)
    key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if key is None or not can(actor, Action.MANAGE_ACCOUNTS, key.department_id):
        raise NotFound(f"没有前缀为 {prefix} 的密钥", "prefix")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        audit.append(session, actor=actor, act="api_key.revoke", target_type="ApiKey", target_id=key.prefix,
                     request_id=request_id, change={})
    return key


class InvalidKey(Exception):
    pass


def actor_for_key(session: Session, token: str) -> Actor:
    """The actor a bearer token stands for; raises InvalidKey for an unknown, malformed or revoked key."""
    return actor_for_key_with(session, token)[0]


def actor_for_key_with(session: Session, token: str, *columns: sa.ColumnElement) -> tuple[Actor, tuple]:
    """actor_for_key, and the values of `columns` (scalar subqueries, e.g. the catalogue's version)
    read in the same statement: the key and its department cost one round trip per request."""
    if not token.startswith(KEY_PREFIX) or token.count("_") < 2:
        raise InvalidKey()
    prefix, secret = token[len(KEY_PREFIX):].split("_", 1)
    row = session.exec(select(ApiKey, Department, *columns)
                       .outerjoin(Department, Department.id == ApiKey.department_id)
                       .where(ApiKey.prefix == prefix)).first()
    if row is None:
        raise InvalidKey()
    key, dept, *extra = row
    if key.revoked_at is not None or not hmac.compare_digest(key.secret_hash, _digest(secret)):
        raise InvalidKey()
    if key.department_id is None:
        actor = Actor(kind=ActorKind.KEY, ident=f"key:{key.prefix}", label=f"公共密钥 {key.name}", key_id=key.id)
    else:
        actor = department_actor(ActorKind.KEY, f"key:{key.prefix}", f"{dept.name}（密钥 {key.name}）", dept,
                                 key_id=key.id)
    return actor, tuple(extra)


__all__ = ["PUBLIC", "actor_for_key", "actor_for_key_with", "authenticate", "create_api_key", "create_staff", "key_statement", "managed_staff",
           "revoke_api_key", "set_password", "set_staff_active", "staff_actor", "staff_statement", "InvalidKey", "NewKey"]
