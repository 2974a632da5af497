"""Errors the domain raises; both doors (GraphQL, admin) turn them into user-facing messages."""
from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    INVALID_USCC = "INVALID_USCC"
    DUPLICATE_USCC = "DUPLICATE_USCC"
    INVALID_REGION = "INVALID_REGION"
    INVALID_DATE = "INVALID_DATE"
    INVALID_VALUE = "INVALID_VALUE"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    DUPLICATE_PERMIT_NUMBER = "DUPLICATE_PERMIT_NUMBER"
    ITEM_NOT_PERMITTABLE = "ITEM_NOT_PERMITTABLE"
    INVALID_STATUS_TRANSITION = "INVALID_STATUS_TRANSITION"
    ENTITY_NOT_ACTIVE = "ENTITY_NOT_ACTIVE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INVALID_CATALOGUE = "INVALID_CATALOGUE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    DUPLICATE = "DUPLICATE"
    COMMITMENT_REQUIRED = "COMMITMENT_REQUIRED"
    ALREADY_DONE = "ALREADY_DONE"
    TOO_FEW_INSPECTORS = "TOO_FEW_INSPECTORS"
    INVALID_INSPECTOR = "INVALID_INSPECTOR"
    NOT_BY_COMMITMENT = "NOT_BY_COMMITMENT"
    COMMITMENT_NOT_ALLOWED = "COMMITMENT_NOT_ALLOWED"
    LEGAL_REVIEW_REQUIRED = "LEGAL_REVIEW_REQUIRED"  # 重大执法决定须经法制审核 (000 §17)
    EXEMPT_FIRST_VIOLATION = "EXEMPT_FIRST_VIOLATION"  # 免罚清单：首次轻微违法不予处罚
    TOLERANCE_PERIOD = "TOLERANCE_PERIOD"  # 包容期：只适用柔性措施


class DomainError(Exception):
    """A refused act: a stable code, a message for people (zh-CN), and the input field it concerns."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ValidationErrors(DomainError):
    """Several field errors at once: the caller sees every problem of its input, not only the first."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].code, errors[0].message, errors[0].field)
        self.errors = errors


class Forbidden(DomainError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(ErrorCode.FORBIDDEN, message, field)


class NotFound(DomainError):
    def __init__(self, message: str = "未找到", field: str | None = None):
        super().__init__(ErrorCode.NOT_FOUND, message, field)


class Collector:
    """Gathers field errors while validating an input; raises them together."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: ErrorCode, message: str, field: str | None) -> None:
        self.errors.append(DomainError(code, message, field))

    def check(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)
