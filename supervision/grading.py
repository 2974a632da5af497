"""Grading: a pure function of (standard, the entity's credit facts, today) — no database.

The standard is data the credit department publishes (§29–30): indicators that add or deduct
points for facts of a kind (and severity) within a look-back window, and grade thresholds. The
result keeps the indicators that moved the score, so an entity's file can show why it has its grade.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from models.enums import CreditFactKind, FactSeverity, FactState

DEFAULT_TIME_LIMITS = {"REPAIR": 15, "OBJECTION": 5}  # working days to decide (000 §7; 003 §14)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    kind: str
    points: int
    severities: tuple[str, ...] = ()  # empty: any severity
    within_years: int | None = None  # None: no window
    max_count: int | None = None  # how many facts count at most
    max_grade: str | None = None  # any fact caps the grade here (e.g. serious-violation listing: D)


@dataclass(frozen=True)
class Standard:
    version: int
    base_score: int
    grades: tuple[tuple[str, int], ...]  # (grade, minimum score), best first; the last grade has no minimum
    indicators: tuple[Indicator, ...]
    time_limits: tuple[tuple[str, int], ...] = tuple(DEFAULT_TIME_LIMITS.items())

    @property
    def grade_order(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.grades)

    def time_limit(self, kind: str) -> int:
        return dict(self.time_limits).get(kind, DEFAULT_TIME_LIMITS[kind])


@dataclass(frozen=True)
class Fact:
    id: int
    kind: str
    severity: str | None
    occurred_on: date
    state: str = FactState.ACTIVE.value


@dataclass(frozen=True)
class Contribution:
    indicator: str
    label: str
    count: int
    points: int
    fact_ids: tuple[int, ...]

    def as_dict(self) -> dict:
        return {"indicator": self.indicator, "label": self.label, "count": self.count, "points": self.points,
                "factIds": list(self.fact_ids)}


@dataclass(frozen=True)
class Evaluation:
    score: int
    grade: str
    contributions: tuple[Contribution, ...]


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def grade(standard: Standard, facts: Iterable[Fact], today: date) -> Evaluation:
    """Score = base + the points of every indicator its facts meet; the grade is the first threshold met,
    capped by any indicator's max_grade. Facts repaired, withdrawn, ended or dated after today count for nothing."""
    live = sorted((f for f in facts if f.state == FactState.ACTIVE.value and f.occurred_on <= today),
                  key=lambda f: (f.occurred_on, f.id))
    score = standard.base_score
    order = standard.grade_order
    cap = 0
    out = []
    for ind in standard.indicators:
        since = years_before(today, ind.within_years) if ind.within_years else None
        hits = [f for f in live if f.kind == ind.kind and (not ind.severities or f.severity in ind.severities)
                and (since is None or f.occurred_on > since)]
        if ind.max_count is not None:
            hits = hits[-ind.max_count:]
        if not hits:
            continue
        pts = ind.points * len(hits)
        score += pts
        if ind.max_grade in order:
            cap = max(cap, order.index(ind.max_grade))
        out.append(Contribution(ind.code, ind.label, len(hits), pts, tuple(f.id for f in hits)))
    score = max(score, 0)
    idx = len(order) - 1
    for i, (g, minimum) in enumerate(standard.grades):
        if score >= minimum:
            idx = i
            break
    return Evaluation(score=score, grade=order[max(idx, cap)], contributions=tuple(out))


# --- the standard as data -------------------------------------------------------------------------

DEFAULT_STANDARD: dict[str, Any] = {
    "baseScore": 100,
    "grades": [{"grade": "A", "minScore": 90}, {"grade": "B", "minScore": 75}, {"grade": "C", "minScore": 60},
               {"grade": "D", "minScore": 0}],
    "timeLimits": dict(DEFAULT_TIME_LIMITS),
    "indicators": [
        {"code": "PENALTY_SERIOUS", "label": "近3年受到严重行政处罚", "kind": "PENALTY", "severities": ["SERIOUS"], "withinYears": 3, "points": -20},
        {"code": "PENALTY_ORDINARY", "label": "近3年受到一般行政处罚", "kind": "PENALTY", "severities": ["ORDINARY"], "withinYears": 3, "points": -8},
        {"code": "PENALTY_MINOR", "label": "近1年受到轻微行政处罚", "kind": "PENALTY", "severities": ["MINOR"], "withinYears": 1, "points": -2},
        {"code": "ABNORMAL", "label": "列入经营异常名录", "kind": "ABNORMAL_OPERATION", "points": -15},
        {"code": "SERIOUS_LIST", "label": "列入严重违法失信名单", "kind": "SERIOUS_VIOLATION", "points": -40, "maxGrade": "D"},
        {"code": "BROKEN_COMMITMENT", "label": "近3年违背信用承诺", "kind": "BROKEN_COMMITMENT", "withinYears": 3, "points": -15},
        {"code": "TRACKING", "label": "近2年跟踪检查发现问题", "kind": "TRACKING_FINDING", "withinYears": 2, "points": -5},
        {"code": "SPOT_CHECK", "label": "近2年双随机抽查发现问题", "kind": "SPOT_CHECK", "withinYears": 2, "points": -5},
        {"code": "THIRD_PARTY", "label": "近2年第三方或行业协会负面评价", "kind": "THIRD_PARTY_RATING", "withinYears": 2, "points": -5},
        {"code": "HONOUR", "label": "近3年获得表彰荣誉", "kind": "HONOUR", "withinYears": 3, "points": 5, "maxCount": 2},
        {"code": "COMMITMENT_KEPT", "label": "信守承诺", "kind": "COMMITMENT_KEPT", "points": 3, "maxCount": 1},
    ],
}


def parse_standard(version: int, data: dict) -> Standard:
    """A published standard's data as a Standard; raises ValueError (with a Chinese message) when malformed."""
    try:
        grades = tuple((str(g["grade"]), int(g["minScore"])) for g in data["grades"])
        indicators = tuple(Indicator(
            code=str(i["code"]), label=str(i["label"]), kind=CreditFactKind(i["kind"]).value, points=int(i["points"]),
            severities=tuple(FactSeverity(s).value for s in i.get("severities") or ()),
            within_years=int(i["withinYears"]) if i.get("withinYears") else None,
            max_count=int(i["maxCount"]) if i.get("maxCount") else None,
            max_grade=i.get("maxGrade")) for i in data["indicators"])
        limits = {k: int(v) for k, v in (data.get("timeLimits") or {}).items() if k in DEFAULT_TIME_LIMITS}
        base = int(data.get("baseScore", 100))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"信用评估标准格式有误：{exc}") from None
    if len(grades) < 2 or len({g for g, _ in grades}) != len(grades):
        raise ValueError("信用等级至少两级且不得重复")
    if any(a[1] <= b[1] for a, b in zip(grades, grades[1:])):
        raise ValueError("信用等级须从高到低排列，分数线严格递减")
    if len({i.code for i in indicators}) != len(indicators):
        raise ValueError("指标编码不得重复")
    for i in indicators:
        if i.max_grade is not None and i.max_grade not in {g for g, _ in grades}:
            raise ValueError(f"指标 {i.code} 的等级上限“{i.max_grade}”不是已定义的等级")
    return Standard(version=version, base_score=base, grades=grades, indicators=indicators,
                    time_limits=tuple({**DEFAULT_TIME_LIMITS, **limits}.items()))
