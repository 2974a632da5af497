"""SQLModel tables. Invariants only; workflows live in supervision/."""
from sqlmodel import SQLModel

from .accounts import ApiKey, StaffUser
from .audit import AuditRecord
from .calendar import CalendarDay, CalendarYear
from .catalogue import CatalogueVersion, PermitItem
from .credit import CreditEvaluation, CreditFact, CreditStandard, JointMeasure, ListEntry, RepairRequest
from .department import Department
from .disclosure import DepartmentCreditCode, Disclosure, DisclosureChange
from .enforcement import (CaseTransfer, EnforcementCase, EnforcementSetting, ExemptionRule, LegalReview,
                          PenaltyDecision)
from .entity import EntityAssignment, MarketEntity
from .idempotency import IdempotencyRecord
from .inspection import (AssistanceRequest, ConflictDeclaration, InspectionDraw, InspectionItem, InspectionPlan,
                         InspectionTask, ItemResult, JointParticipation, KeyFocusObject, ListPublication,
                         NonDrawInspection, TaskDepartment, UncodedObject)
from .notices import Commitment, Notification, PoolClaim, PoolEntry, RegistrationNotice
from .permit import Permit
from .risk import RiskAssessment, RiskRule
from .tracking import (Investigation, JointReview, JointReviewOpinion, PermitApplication, PreApproval, SupervisionNotice,
                       TrackingInspection, TrackingTask)

metadata = SQLModel.metadata

__all__ = [
    "ApiKey", "AuditRecord", "CalendarDay", "CalendarYear", "CatalogueVersion", "Department", "EntityAssignment",
    "IdempotencyRecord", "MarketEntity", "Permit", "PermitItem", "StaffUser", "metadata",
    "Commitment", "Notification", "PoolClaim", "PoolEntry", "RegistrationNotice", "Investigation", "JointReview",
    "JointReviewOpinion", "PermitApplication", "PreApproval", "SupervisionNotice", "TrackingInspection", "TrackingTask",
    "CreditEvaluation", "CreditFact", "CreditStandard", "JointMeasure", "ListEntry", "RepairRequest",
    "RiskAssessment", "RiskRule",
    "AssistanceRequest", "ConflictDeclaration", "InspectionDraw", "InspectionItem", "InspectionPlan", "InspectionTask",
    "ItemResult", "JointParticipation", "KeyFocusObject", "ListPublication", "NonDrawInspection", "TaskDepartment",
    "UncodedObject",
    "CaseTransfer", "DepartmentCreditCode", "Disclosure", "DisclosureChange", "EnforcementCase", "EnforcementSetting",
    "ExemptionRule", "LegalReview", "PenaltyDecision",
]
