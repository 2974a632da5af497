"""userErrors: the typed answer to bad input (Shopify's and saleor's pattern)."""
from __future__ import annotations

from typing import Optional

import strawberry

from supervision.errors import DomainError, ErrorCode, ValidationErrors

UserErrorCode = strawberry.enum(ErrorCode, name="UserErrorCode", description=(
    "错误代码 — stable error codes of mutation userErrors: INVALID_USCC (统一社会信用代码无效), "
    "DUPLICATE_USCC (已登记), INVALID_REGION (行政区划代码无效), INVALID_DATE, INVALID_VALUE, REQUIRED, TOO_LONG, "
    "NOT_FOUND (不存在或无权查看), FORBIDDEN, DUPLICATE_PERMIT_NUMBER, ITEM_NOT_PERMITTABLE (事项已取消或改为备案), "
    "INVALID_STATUS_TRANSITION, ENTITY_NOT_ACTIVE, IDEMPOTENCY_KEY_REUSED (同一幂等键用于不同输入), INVALID_CATALOGUE, "
    "INVALID_CREDENTIALS, ACCOUNT_LOCKED, DUPLICATE"))


@strawberry.type(description="输入错误 — an error in the mutation's input; nothing was written")
class UserError:
    field: Optional[list[str]] = strawberry.field(description="字段路径 — path to the input field, e.g. [\"input\", \"uscc\"]")
    code: UserErrorCode = strawberry.field(description="错误代码 — stable code")
    message: str = strawberry.field(description="说明 — message in Chinese")


def user_errors(exc: DomainError) -> list[UserError]:
    errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
    return [UserError(field=["input", e.field] if e.field else None, code=e.code, message=e.message) for e in errors]
