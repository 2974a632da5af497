"""What other acts read of an entity's standing: its current public credit grade, its combined
risk level (the highest of its current assessments, §36), and its dishonesty-list flags.

The draw (§37), permits, penalties and registration changes read these; only the credit and
risk modules write the records behind them."""
from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

# Defaults; the credit standard and the industry assessment rules may configure their own.
GRADES = ("A", "B", "C", "D")  # best to worst
RISK_LEVELS = ("LOW", "MEDIUM", "HIGHER", "HIGH")  # 低、一般、较高、高


def credit_grades(session: Session, entity_ids: Iterable[int]) -> dict[int, str]:
    """entity id -> current grade; entities never graded are absent."""
    return {}


def risk_levels(session: Session, entity_ids: Iterable[int]) -> dict[int, str]:
    """entity id -> combined current risk level (highest wins); entities never assessed are absent."""
    return {}


def dishonesty_flags(session: Session, entity_ids: Iterable[int]) -> dict[int, list[str]]:
    """entity id -> list codes it is currently on (e.g. ABNORMAL_OPERATION, SERIOUS_VIOLATION)."""
    return {}
