"""信用与风险 pages."""
from __future__ import annotations

from sqlmodel import Session

from models import MarketEntity

from .auth import Staff


class CreditViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    def entity_context(self, db: Session, staff: Staff, entity: MarketEntity) -> dict:
        return {}
