"""SQLModel tables. Invariants only; workflows live in supervision/."""
from sqlmodel import SQLModel

from .accounts import ApiKey, StaffUser
from .audit import AuditRecord
from .calendar import CalendarDay, CalendarYear
from .catalogue import PermitItem
from .department import Department
from .entity import EntityAssignment, MarketEntity
from .idempotency import IdempotencyRecord
from .permit import Permit

metadata = SQLModel.metadata

__all__ = [
    "ApiKey", "AuditRecord", "CalendarDay", "CalendarYear", "Department", "EntityAssignment",
    "IdempotencyRecord", "MarketEntity", "Permit", "PermitItem", "StaffUser", "metadata",
]
