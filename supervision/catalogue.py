"""Departments and the permit-item catalogue, loaded from a file (docs/catalogue-format.md).

An import is all or nothing: the whole file is checked first and refused with every problem
named by its place (e.g. permitItems[3].status); then each record is created or updated by its
code, so importing the same file again changes nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from models import Department, PermitItem
from models.enums import LEVEL_RANK, DepartmentKind, DepartmentLevel, PermitItemStatus, PermitMode

from . import audit, disclosure
from .actors import Actor
from .errors import DomainError, ErrorCode, Forbidden
from .responsibility import Action, can, refresh_item_assignments
from .uscc import InvalidUSCC, validate as validate_uscc
from .validation import PROVINCES

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,31}$")


@dataclass(frozen=True)
class LineError:
    where: str
    message: str


class CatalogueError(DomainError):
    def __init__(self, errors: list[LineError]):
        super().__init__(ErrorCode.INVALID_CATALOGUE, f"目录文件有 {len(errors)} 处错误，未导入任何内容", "file")
        self.errors = errors


@dataclass
class Change:
    kind: str  # "department" | "permitItem"
    code: str
    action: str  # "create" | "update" | "unchanged"
    fields: dict[str, Any] = field(default_factory=dict)  # field -> [old, new]


@dataclass
class ImportReport:
    changes: list[Change]
    applied: bool

    def count(self, kind: str, action: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind and c.action == action)


def load_file(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CatalogueError([LineError("file", f"无法读取文件：{exc.strerror}")]) from None
    return loads(text)


def loads(text: str) -> dict:
    """A catalogue file's text (e.g. uploaded on the admin page), parsed; errors name the line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError([LineError(f"line {exc.lineno}", f"不是有效的 JSON：{exc.msg}")]) from None
    if not isinstance(data, dict):
        raise CatalogueError([LineError("$", "文件顶层应为对象，包含 departments 和 permitItems")])
    return data


def _enum(errs, where, value, enum_cls, label):
    try:
        return enum_cls(value).value
    except ValueError:
        errs.append(LineError(where, f"{label}“{value}”无效，可选值：{'、'.join(m.value for m in enum_cls)}"))


def _str(errs, where, value, label, max_len, required=True):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errs.append(LineError(where, f"{label}不能为空"))
        return None
    if not isinstance(value, str):
        errs.append(LineError(where, f"{label}应为字符串"))
        return None
    if len(value.strip()) > max_len:
        errs.append(LineError(where, f"{label}不能超过{max_len}个字符"))
        return None
    return value.strip()


def _parse(session: Session, data: dict) -> tuple[list[dict], list[dict], list[LineError]]:
    errs: list[LineError] = []
    depts_in = data.get("departments", [])
    items_in = data.get("permitItems", [])
    if not isinstance(depts_in, list) or not isinstance(items_in, list):
        return [], [], [LineError("$", "departments 和 permitItems 应为数组")]
    known = {d.code: d for d in session.exec(select(Department)).all()}
    depts, seen = [], set()
    for i, d in enumerate(depts_in):
        w = f"departments[{i}]"
        if not isinstance(d, dict):
            errs.append(LineError(w, "应为对象"))
            continue
        code = _str(errs, f"{w}.code", d.get("code"), "部门编码", 32)
        if code and not _CODE.match(code):
            errs.append(LineError(f"{w}.code", f"部门编码“{code}”只能包含大写字母、数字和连字符"))
        if code in seen:
            errs.append(LineError(f"{w}.code", f"部门编码“{code}”在文件中重复"))
        seen.add(code)
        region = d.get("region")
        if not (isinstance(region, str) and re.fullmatch(r"\d{6}", region) and region[:2] in PROVINCES):
            errs.append(LineError(f"{w}.region", f"行政区划代码“{region}”无效，应为6位数字"))
        kinds = d.get("kinds")
        if not isinstance(kinds, list) or not kinds:
            errs.append(LineError(f"{w}.kinds", "部门类型不能为空"))
            kinds = []
        credit_code = d.get("creditCode")
        if credit_code is not None:
            try:
                credit_code = validate_uscc(credit_code)
            except (InvalidUSCC, TypeError) as exc:
                errs.append(LineError(f"{w}.creditCode", f"统一社会信用代码无效：{exc}"))
                credit_code = None
        depts.append({
            "credit_code": credit_code,
            "code": code, "name": _str(errs, f"{w}.name", d.get("name"), "部门名称", 200),
            "level": _enum(errs, f"{w}.level", d.get("level"), DepartmentLevel, "层级"), "region": region,
            "kinds": sorted({_enum(errs, f"{w}.kinds", k, DepartmentKind, "部门类型") for k in kinds} - {None}),
        })
    levels = {c: d.level for c, d in known.items()} | {d["code"]: d["level"] for d in depts if d["code"]}
    items, seen = [], set()
    for i, it in enumerate(items_in):
        w = f"permitItems[{i}]"
        if not isinstance(it, dict):
            errs.append(LineError(w, "应为对象"))
            continue
        code = _str(errs, f"{w}.code", it.get("code"), "事项编码", 32)
        if code and not _CODE.match(code):
            errs.append(LineError(f"{w}.code", f"事项编码“{code}”只能包含大写字母、数字和连字符"))
        if code in seen:
            errs.append(LineError(f"{w}.code", f"事项编码“{code}”在文件中重复"))
        seen.add(code)
        refs = {}
        for key, label in (("approvingDepartment", "审批部门"), ("competentDepartment", "主管部门"), ("delegatedTo", "下放至部门"),
                           ("enforcementDepartment", "综合执法部门")):
            ref = it.get(key)
            if ref is None and key in ("delegatedTo", "enforcementDepartment"):
                refs[key] = None
                continue
            if ref not in levels:
                errs.append(LineError(f"{w}.{key}", f"{label}“{ref}”不在文件或系统中"))
            refs[key] = ref
        status = _enum(errs, f"{w}.status", it.get("status"), PermitItemStatus, "事项状态")
        if status == PermitItemStatus.DELEGATED.value:
            to, frm = refs.get("delegatedTo"), refs.get("approvingDepartment")
            if to is None:
                errs.append(LineError(f"{w}.delegatedTo", "下放的事项须填写下放至哪个部门"))
            elif to in levels and frm in levels and LEVEL_RANK[DepartmentLevel(levels[to])] <= LEVEL_RANK[DepartmentLevel(levels[frm])]:
                errs.append(LineError(f"{w}.delegatedTo", "下放至的部门层级应低于原审批部门"))
        elif refs.get("delegatedTo"):
            errs.append(LineError(f"{w}.delegatedTo", "只有状态为 DELEGATED 的事项可以填写 delegatedTo"))
        phrases = it.get("scopePhrases", [])
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            errs.append(LineError(f"{w}.scopePhrases", "经营范围用语应为非空字符串数组"))
            phrases = []
        limit = it.get("timeLimitDays")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= 365):
            errs.append(LineError(f"{w}.timeLimitDays", "法定时限应为 1—365 的整数（工作日）或 null"))
        for flag in ("noticeCommitment", "highRisk"):
            if not isinstance(it.get(flag, False), bool):
                errs.append(LineError(f"{w}.{flag}", "应为 true 或 false"))
        items.append({
            "code": code, "name": _str(errs, f"{w}.name", it.get("name"), "事项名称", 200),
            "legal_basis": _str(errs, f"{w}.legalBasis", it.get("legalBasis"), "设定依据", 2000),
            "approving": refs.get("approvingDepartment"), "competent": refs.get("competentDepartment"),
            "delegated_to": refs.get("delegatedTo"), "enforcement": refs.get("enforcementDepartment"),
            "level": _enum(errs, f"{w}.level", it.get("level"), DepartmentLevel, "层级"),
            "mode": _enum(errs, f"{w}.mode", it.get("mode"), PermitMode, "审批类型"),
            "notice_commitment": bool(it.get("noticeCommitment", False)), "status": status,
            "high_risk": bool(it.get("highRisk", False)), "time_limit_days": limit,
            "scope_phrases": [p.strip() for p in phrases],
        })
    return depts, items, errs


def import_catalogue(*, session: Session, actor: Actor, data: dict, dry_run: bool = False,
                     request_id: str = "-") -> ImportReport:
    """Create or update departments and items by code; with dry_run, only report what would change."""
    decision = can(actor, Action.MANAGE_CATALOGUE)
    if not decision:
        raise Forbidden(decision.reason)
    depts, items, errs = _parse(session, data)
    if errs:
        raise CatalogueError(errs)
    changes: list[Change] = []
    by_code = {d.code: d for d in session.exec(select(Department)).all()}
    codes = disclosure.department_codes(session, [r.id for r in by_code.values()])
    for d in depts:
        row = by_code.get(d["code"])
        new = {"name": d["name"], "level": d["level"], "region": d["region"], "kinds": d["kinds"]}
        change = _diff("department", d["code"], row, new)
        old_code = codes.get(row.id) if row is not None else None
        if d["credit_code"] and d["credit_code"] != old_code:  # 机关统一社会信用代码: 双公示 authorities carry it
            change.fields["creditCode"] = [old_code, d["credit_code"]]
            change.action = "update" if change.action == "unchanged" else change.action
        changes.append(change)
        if dry_run or change.action == "unchanged":
            continue
        if set(change.fields) - {"creditCode"}:  # the department's own fields
            row = row or Department(code=d["code"])
            for k, v in new.items():
                setattr(row, k, v)
            session.add(row)
            session.flush()
            by_code[row.code] = row
            audit.append(session, actor=actor, act=f"department.{change.action}", target_type="Department",
                         target_id=row.code, request_id=request_id, change=change.fields)
        if "creditCode" in change.fields:  # its credit code: audited, and publishes what was held for it
            disclosure.set_department_credit_code(session=session, actor=actor, department_code=d["code"],
                                                  uscc=d["credit_code"], request_id=request_id)
    items_by_code = {i.code: i for i in session.exec(select(PermitItem)).all()}
    for it in items:
        row = items_by_code.get(it["code"])

        def dept_id(code):
            if code is None:
                return None
            return by_code[code].id if code in by_code and by_code[code].id else code

        new = {
            "name": it["name"], "legal_basis": it["legal_basis"],
            "approving_department_id": dept_id(it["approving"]), "competent_department_id": dept_id(it["competent"]),
            "delegated_to_department_id": dept_id(it["delegated_to"]),
            "enforcement_department_id": dept_id(it["enforcement"]), "level": it["level"], "mode": it["mode"],
            "notice_commitment": it["notice_commitment"], "status": it["status"], "high_risk": it["high_risk"],
            "time_limit_days": it["time_limit_days"], "scope_phrases": it["scope_phrases"],
        }
        change = _diff("permitItem", it["code"], row, new)
        changes.append(change)
        if dry_run or change.action == "unchanged":
            continue
        moves = change.action == "update" and any(
            k in change.fields for k in ("status", "approving_department_id", "competent_department_id", "delegated_to_department_id"))
        row = row or PermitItem(code=it["code"])
        for k, v in new.items():
            setattr(row, k, v)
        session.add(row)
        session.flush()
        if moves:
            refresh_item_assignments(session, row)
        audit.append(session, actor=actor, act=f"permit_item.{change.action}", target_type="PermitItem",
                     target_id=row.code, request_id=request_id, change=change.fields)
    return ImportReport(changes, applied=not dry_run)


def _diff(kind: str, code: str, row, new: dict) -> Change:
    if row is None:
        return Change(kind, code, "create", {k: [None, v] for k, v in new.items()})
    fields = {k: [getattr(row, k), v] for k, v in new.items() if getattr(row, k) != v}
    return Change(kind, code, "update" if fields else "unchanged", fields)
