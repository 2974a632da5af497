"""Mutations: each parses its input, calls one domain function, and returns a payload.

A mutation sent with an idempotency key is done once: a retry with the same key and the same
input gets the first answer back; the same key with another input is a userError.
"""
from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from strawberry import relay
from strawberry.types import Info

from models import IdempotencyRecord, MarketEntity as EntityRow, Permit as PermitRow
from supervision import audit, entities, permits
from supervision.errors import DomainError, ErrorCode, Forbidden
from supervision.notices import CommitmentInput as CommitmentArg

from . import enums
from .errors import UserError, user_errors
from .limits import PublicError
from .types import MarketEntity, Permit

if TYPE_CHECKING:
    from .credit import CreditAlerts

log = logging.getLogger("jianguan.graphql")

MAX_KEY = 128
IDEMPOTENCY_DOC = "幂等键 — idempotency key: a retry with the same key and input returns the first result instead of acting twice"


def _input_digest(inp: Any) -> str:
    data = {k: v for k, v in dataclasses.asdict(inp).items() if k != "idempotency_key"}
    return audit.digest_of(data)


def run(info: Info, operation: str, inp: Any, act: Callable[[], Any], reload: Callable[[int], Any]):
    """Returns (result row or None, user errors). Commits on success, writes nothing otherwise."""
    ctx = info.context
    session = ctx.session
    key = getattr(inp, "idempotency_key", None)
    digest = _input_digest(inp)

    def replay():
        rec = session.exec(select(IdempotencyRecord).where(
            IdempotencyRecord.actor == ctx.actor.ident, IdempotencyRecord.key == key)).first()
        if rec is None:
            return None
        if rec.operation != operation or rec.request_digest != digest:
            return None, [UserError(field=["input", "idempotencyKey"], code=ErrorCode.IDEMPOTENCY_KEY_REUSED,
                                    message="该幂等键已用于另一个不同的请求")]
        return reload(rec.result["id"]), []

    if key and len(key) > MAX_KEY:
        return None, [UserError(field=["input", "idempotencyKey"], code=ErrorCode.TOO_LONG,
                                message=f"幂等键不能超过{MAX_KEY}个字符")]
    if key:
        earlier = replay()
        if earlier is not None:
            return earlier
    try:
        result = act()
        if key:
            session.add(IdempotencyRecord(actor=ctx.actor.ident, key=key, operation=operation,
                                          request_digest=digest, result={"id": result.id}))
        session.commit()
        return result, []
    except Forbidden as exc:
        session.rollback()
        raise PublicError(exc.message, code="FORBIDDEN") from None
    except DomainError as exc:
        session.rollback()
        return None, user_errors(exc)
    except IntegrityError:
        session.rollback()
        if key:
            earlier = replay()
            if earlier is not None:
                return earlier
        raise


# --- registerEntity --------------------------------------------------------------------------

@strawberry.input(description="承诺书 — the commitment signed at registration not to operate before approval (§8)")
class CommitmentInput:
    signer_name: str = strawberry.field(description="签署人 — who signed")
    signer_role: enums.SignerRole = strawberry.field(description="签署人身份 — 法定代表人、负责人、经营者或授权人")
    signed_on: date = strawberry.field(description="签署日期 — date signed")


@strawberry.input(description="登记市场主体 — register a market entity")
class RegisterEntityInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — unified social credit code")
    name: str = strawberry.field(description="名称 — name")
    entity_type: enums.EntityType = strawberry.field(description="主体类型 — type")
    legal_representative: str = strawberry.field(description="法定代表人（负责人、经营者） — legal representative")
    address: str = strawberry.field(description="住所（经营场所） — address")
    region: str = strawberry.field(description="行政区划代码 — 6-digit region code")
    industry_code: str = strawberry.field(description="国民经济行业代码 — GB/T 4754 code")
    business_scope: str = strawberry.field(description="经营范围 — business scope")
    established_on: date = strawberry.field(description="成立日期 — date established")
    contact_phone: Optional[str] = strawberry.field(default=None, description="联系电话 — contact phone (non-public)")
    commitment: Optional[CommitmentInput] = strawberry.field(default=None, description=(
        "承诺书 — required when the business scope calls for an item that needs approval (COMMITMENT_REQUIRED otherwise)"))
    street_department_code: Optional[str] = strawberry.field(default=None, description=(
        "所在街镇（开发区）部门编码 — the street or zone office told of the registration (§9)"))
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="登记结果 — result of registerEntity")
class RegisterEntityPayload:
    entity: Optional[MarketEntity] = strawberry.field(description="登记的主体 — the registered entity (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")


# --- recordPermit ----------------------------------------------------------------------------

@strawberry.input(description="记录许可决定 — record a permit decision (by the approving department)")
class RecordPermitInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    item_code: str = strawberry.field(description="事项编码 — catalogue item code")
    number: str = strawberry.field(description="许可编号 — permit number")
    decision_date: date = strawberry.field(description="许可决定日期 — decision date")
    valid_from: Optional[date] = strawberry.field(default=None, description="有效期自 — valid from (default: decision date)")
    valid_to: Optional[date] = strawberry.field(default=None, description="有效期至 — valid to")
    by_commitment: bool = strawberry.field(default=False, description="告知承诺 — granted on the applicant's commitment "
                                           "(only for items that allow it; a false or broken commitment is investigated by "
                                           "the approving department, rule 6)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


CREDIT_ALERTS_DOC = ("失信提示 — the entity's dishonesty-list flags and the joint measures that apply to permits, "
                     "in the same answer (一处失信，处处受限; null on error)")


async def _credit_alerts(entity_id: Optional[int], act: str = "PERMIT"):
    from .credit import CreditAlerts
    return CreditAlerts(_entity_id=entity_id, _act=act) if entity_id is not None else None


@strawberry.type(description="许可记录结果 — result of recordPermit")
class RecordPermitPayload:
    permit: Optional[Permit] = strawberry.field(description="许可 — the recorded permit (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")
    _entity_id: strawberry.Private[Optional[int]] = None

    @strawberry.field(description=CREDIT_ALERTS_DOC)
    async def credit_alerts(self) -> Optional[Annotated["CreditAlerts", strawberry.lazy("api.graphql.credit")]]:
        return await _credit_alerts(self._entity_id)


# --- changePermitStatus ----------------------------------------------------------------------

@strawberry.input(description="变更许可状态 — change a permit's status (变更、撤销、注销、过期)")
class ChangePermitStatusInput:
    permit_id: relay.GlobalID = strawberry.field(description="许可的全局ID — the permit's global ID")
    status: enums.PermitStatus = strawberry.field(description="新状态 — new status")
    reason: Optional[str] = strawberry.field(default=None, description="原因 — reason (required for CHANGED, REVOKED, CANCELLED)")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="许可状态变更结果 — result of changePermitStatus")
class ChangePermitStatusPayload:
    permit: Optional[Permit] = strawberry.field(description="许可 — the permit after the change (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")
    _entity_id: strawberry.Private[Optional[int]] = None

    @strawberry.field(description=CREDIT_ALERTS_DOC)
    async def credit_alerts(self) -> Optional[Annotated["CreditAlerts", strawberry.lazy("api.graphql.credit")]]:
        return await _credit_alerts(self._entity_id)


# --- changeEntityStatus ----------------------------------------------------------------------

@strawberry.input(description="变更登记状态 — record a change of registration status (吊销、注销、迁出)")
class ChangeEntityStatusInput:
    uscc: str = strawberry.field(description="统一社会信用代码 — the entity's code")
    status: enums.EntityStatus = strawberry.field(description="新登记状态 — new status")
    reason: str = strawberry.field(description="原因 — reason")
    idempotency_key: Optional[str] = strawberry.field(default=None, description=IDEMPOTENCY_DOC)


@strawberry.type(description="登记状态变更结果 — result of changeEntityStatus")
class ChangeEntityStatusPayload:
    entity: Optional[MarketEntity] = strawberry.field(description="市场主体 — the entity after the change (null on error)")
    user_errors: list[UserError] = strawberry.field(description="输入错误 — errors; nothing was written when present")
    _entity_id: strawberry.Private[Optional[int]] = None

    @strawberry.field(description=CREDIT_ALERTS_DOC)
    async def credit_alerts(self) -> Optional[Annotated["CreditAlerts", strawberry.lazy("api.graphql.credit")]]:
        return await _credit_alerts(self._entity_id, "REGISTRATION_CHANGE")


def _permit_pk(gid: relay.GlobalID) -> int:
    if gid.type_name != "Permit":
        raise DomainError(ErrorCode.NOT_FOUND, "未找到该许可", "permitId")
    try:
        return int(gid.node_id)
    except ValueError:
        raise DomainError(ErrorCode.NOT_FOUND, "未找到该许可", "permitId") from None


@strawberry.type
class Mutation:
    @strawberry.mutation(description="登记市场主体 — register an entity (登记注册部门 only)")
    def register_entity(self, info: Info, input: RegisterEntityInput) -> Optional[RegisterEntityPayload]:
        ctx = info.context
        row, errors = run(info, "registerEntity", input, lambda: entities.register_entity(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, name=input.name,
            entity_type=input.entity_type.value, legal_representative=input.legal_representative,
            address=input.address, region=input.region, industry_code=input.industry_code,
            business_scope=input.business_scope, established_on=input.established_on,
            contact_phone=input.contact_phone, street_department_code=input.street_department_code,
            commitment=CommitmentArg(input.commitment.signer_name, input.commitment.signer_role.value,
                                     input.commitment.signed_on) if input.commitment else None,
            request_id=ctx.request_id),
            lambda pk: ctx.session.get(EntityRow, pk))
        return RegisterEntityPayload(entity=MarketEntity.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="变更登记状态 — revoke, cancel or move out an entity's registration (its registering "
                         "department only)")
    def change_entity_status(self, info: Info, input: ChangeEntityStatusInput) -> Optional[ChangeEntityStatusPayload]:
        ctx = info.context
        row, errors = run(info, "changeEntityStatus", input, lambda: entities.change_entity_status(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, status=input.status.value, reason=input.reason,
            request_id=ctx.request_id), lambda pk: ctx.session.get(EntityRow, pk))
        return ChangeEntityStatusPayload(entity=MarketEntity.from_row(row) if row else None, user_errors=errors,
                                         _entity_id=row.id if row else None)

    @strawberry.mutation(description="记录许可决定 — record a permit (the item's approving department only; 谁审批、谁监管)")
    def record_permit(self, info: Info, input: RecordPermitInput) -> Optional[RecordPermitPayload]:
        ctx = info.context
        row, errors = run(info, "recordPermit", input, lambda: permits.record_permit(
            session=ctx.session, actor=ctx.actor, uscc=input.uscc, item_code=input.item_code, number=input.number,
            decision_date=input.decision_date, valid_from=input.valid_from, valid_to=input.valid_to,
            by_commitment=input.by_commitment, request_id=ctx.request_id), lambda pk: ctx.session.get(PermitRow, pk))
        return RecordPermitPayload(permit=Permit.from_row(row) if row else None, user_errors=errors,
                                   _entity_id=row.entity_id if row else None)

    @strawberry.mutation(description="变更许可状态 — change a permit's status (the deciding department only)")
    def change_permit_status(self, info: Info, input: ChangePermitStatusInput) -> Optional[ChangePermitStatusPayload]:
        ctx = info.context
        row, errors = run(info, "changePermitStatus", input, lambda: permits.change_permit_status(
            session=ctx.session, actor=ctx.actor, permit_id=_permit_pk(input.permit_id), status=input.status.value,
            reason=input.reason, request_id=ctx.request_id), lambda pk: ctx.session.get(PermitRow, pk))
        return ChangePermitStatusPayload(permit=Permit.from_row(row) if row else None, user_errors=errors,
                                         _entity_id=row.entity_id if row else None)
