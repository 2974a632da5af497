"""SQLModel tables. Invariants only; workflows live in supervision/."""
from sqlmodel import SQLModel

from .accounts import ApiKey, StaffUser
from .audit import AuditRecord
from .calendar import CalendarDay, CalendarYear
from .catalogue import PermitItem
from .department import Department
from .disclosure import DepartmentCreditCode, Disclosure, DisclosureChange
from .enforcement import (CaseTransfer, EnforcementCase, EnforcementSetting, ExemptionRule, LegalReview,
                          PenaltyDecision)
from .entity import EntityAssignment, MarketEntity
from .idempotency import IdempotencyRecord
from .notices import Commitment, Notification, PoolClaim, PoolEntry, RegistrationNotice
from .permit import Permit
from .tracking import (Investigation, JointReview, JointReviewOpinion, PermitApplication, PreApproval, SupervisionNotice,
                       TrackingInspection, TrackingTask)

metadata = SQLModel.metadata

__all__ = [
    "ApiKey", "AuditRecord", "CalendarDay", "CalendarYear", "Department", "EntityAssignment",
    "IdempotencyRecord", "MarketEntity", "Permit", "PermitItem", "StaffUser", "metadata",
    "Commitment", "Notification", "PoolClaim", "PoolEntry", "RegistrationNotice", "Investigation", "JointReview",
    "JointReviewOpinion", "PermitApplication", "PreApproval", "SupervisionNotice", "TrackingInspection", "TrackingTask",
    "CaseTransfer", "DepartmentCreditCode", "Disclosure", "DisclosureChange", "EnforcementCase", "EnforcementSetting",
    "ExemptionRule", "LegalReview", "PenaltyDecision",
]
