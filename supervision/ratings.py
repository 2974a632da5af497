"""What other acts read of an entity's standing: its current public credit grade, its combined
risk level (the highest of its current assessments, §36), and its dishonesty-list flags.

The draw (§37), permits, penalties and registration changes read these; only the credit and
risk modules write the records behind them. Each function answers any number of entities with
one statement (a very long id list is read in chunks of CHUNK)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, select

from models import CreditEvaluation, ListEntry, RiskAssessment

# Defaults; the credit standard and the industry assessment rules may configure their own.
GRADES = ("A", "B", "C", "D")  # best to worst
RISK_LEVELS = ("LOW", "MEDIUM", "HIGHER", "HIGH")  # 低、一般、较高、高
CHUNK = 10_000


def _chunks(entity_ids: Iterable[int]):
    ids = list(dict.fromkeys(entity_ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def combined_level(levels: Iterable[str]) -> str | None:
    """从严监管，风险就高不就低 (§36): the highest level wins; None when there is none."""
    ranked = [lv for lv in levels if lv in RISK_LEVELS]
    return max(ranked, key=RISK_LEVELS.index) if ranked else None


def credit_grades(session: Session, entity_ids: Iterable[int]) -> dict[int, str]:
    """entity id -> current grade; entities never graded are absent."""
    out: dict[int, str] = {}
    for ids in _chunks(entity_ids):
        out.update(session.exec(select(CreditEvaluation.entity_id, CreditEvaluation.grade).where(
            CreditEvaluation.entity_id.in_(ids), CreditEvaluation.current.is_(True))).all())
    return out


def risk_levels(session: Session, entity_ids: Iterable[int]) -> dict[int, str]:
    """entity id -> combined current risk level (highest wins); entities never assessed are absent."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for ids in _chunks(entity_ids):
        for e, level in session.exec(select(RiskAssessment.entity_id, RiskAssessment.level).where(
                RiskAssessment.entity_id.in_(ids), RiskAssessment.current.is_(True))).all():
            grouped[e].append(level)
    return {e: combined_level(levels) for e, levels in grouped.items()}


def dishonesty_flags(session: Session, entity_ids: Iterable[int]) -> dict[int, list[str]]:
    """entity id -> list codes it is currently on (e.g. ABNORMAL_OPERATION, SERIOUS_VIOLATION)."""
    out: dict[int, list[str]] = defaultdict(list)
    for ids in _chunks(entity_ids):
        for e, kind in session.exec(select(ListEntry.entity_id, ListEntry.list_kind).where(
                ListEntry.entity_id.in_(ids), ListEntry.removed_on.is_(None)).order_by(ListEntry.id)).all():
            if kind not in out[e]:
                out[e].append(kind)
    return dict(out)
