"""Field checks shared by the acts: each adds a coded, field-named error to a Collector."""
from __future__ import annotations

import re
from datetime import date

from .errors import Collector, ErrorCode

# First two digits of GB/T 2260 administrative division codes.
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
}
_INDUSTRY = re.compile(r"^[A-T]?\d{2,4}$")


def text(errors: Collector, field: str, value: str | None, label: str, *, max_len: int, required: bool = True) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            errors.add(ErrorCode.REQUIRED, f"{label}不能为空", field)
        return None
    if len(value) > max_len:
        errors.add(ErrorCode.TOO_LONG, f"{label}不能超过{max_len}个字符", field)
        return None
    return value


def region(errors: Collector, field: str, value: str | None) -> str | None:
    value = (value or "").strip()
    if not re.fullmatch(r"\d{6}", value) or value[:2] not in PROVINCES:
        errors.add(ErrorCode.INVALID_REGION, f"行政区划代码“{value}”无效：应为6位数字（GB/T 2260），如 310115", field)
        return None
    return value


def industry(errors: Collector, field: str, value: str | None) -> str | None:
    value = (value or "").strip().upper()
    if not _INDUSTRY.match(value):
        errors.add(ErrorCode.INVALID_VALUE, f"国民经济行业代码“{value}”无效（GB/T 4754，如 H6210 或 6210）", field)
        return None
    return value


def past_date(errors: Collector, field: str, value: date | None, label: str, today: date, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            errors.add(ErrorCode.REQUIRED, f"{label}不能为空", field)
        return None
    if value > today:
        errors.add(ErrorCode.INVALID_DATE, f"{label}（{value.isoformat()}）不能晚于今天（{today.isoformat()}）", field)
        return None
    if value.year < 1949:
        errors.add(ErrorCode.INVALID_DATE, f"{label}（{value.isoformat()}）早于1949年，无效", field)
        return None
    return value


def choice(errors: Collector, field: str, value, enum_cls, label: str):
    try:
        return enum_cls(value)
    except ValueError:
        allowed = "、".join(m.value for m in enum_cls)
        errors.add(ErrorCode.INVALID_VALUE, f"{label}“{value}”无效，可选值：{allowed}", field)
        return None
