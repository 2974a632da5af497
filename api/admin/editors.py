"""配置: the settings each capability keeps, seen and changed from the browser.

抽查事项清单 (§20), the credit standard (§29–30), risk rules (§34), the joint measures list (§31),
penalty settings and the 免罚清单 (000 §12, §17), and the working-day calendar. Each editor is
offered to whom its act allows (the same predicates the domain checks); anyone else gets 404, as
for the staff page. Every change is one domain act, which validates, writes and audits; a refused
input re-shows the page with each message beside its field and nothing written.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import (CalendarDay, CalendarYear, CreditStandard, Department, ExemptionRule, InspectionItem, JointMeasure,
                    ListPublication, RiskRule)
from models.enums import ListKind, PenaltySeverity
from supervision import credit, grading, inspections, penalties, risk
from supervision import calendar as work_calendar
from supervision.actors import Actor
from supervision.clock import today as cst_today
from supervision.errors import Collector, DomainError, ErrorCode
from supervision.ratings import RISK_LEVELS
from supervision.responsibility import Action, can

from . import csrf
from .acts import _errors
from .auth import Staff, staff_required
from .credit import LABELS as CREDIT_LABELS
from .credit import RISK_LEVEL
from .penalties import MEASURE, SEVERITY

MAX_TEXT = 8000
MAX_JSON = 64 * 1024


# --- who may use which editor (the predicates the acts check) ---------------------------------------

def _lists_items(actor: Actor) -> bool:
    return actor.department_id is not None and bool(set(actor.department_kinds) & inspections.LISTING_KINDS)


def _platform(actor: Actor) -> bool:
    return bool(can(actor, Action.MANAGE_CATALOGUE))


@dataclass(frozen=True)
class Editor:
    key: str
    title: str
    summary: str
    who: str
    may: Callable[[Actor], bool]

    @property
    def template(self) -> str:
        return f"admin/editor_{self.key.replace('-', '_')}.html"


EDITORS = (
    Editor("inspection-items", "随机抽查事项清单", "本部门的抽查事项，及按年度公布的清单版本（§20）",
           "许可审批、行业主管和综合执法部门", _lists_items),
    Editor("credit-standard", "信用评估标准", "等级分数线、指标和办理时限；每次发布为新版本（§29–30）",
           "信用主管部门", credit.is_credit_department),
    Editor("risk-rules", "风险评估规则", "本部门各行业的评估主体、范围、方法、指标和风险等级（§34）",
           "许可审批部门和行业主管部门", risk.is_assessor),
    Editor("credit-measures", "联合奖惩清单", "联合激励和联合惩戒措施：对象、环节、实施部门和依据（§31）",
           "信用主管部门", credit.is_credit_department),
    Editor("penalties", "行政处罚设置与免罚清单", "重大执法决定的认定、失信信息公示期，以及首次轻微违法免罚清单（000 §12、§17）",
           "平台管理员", _platform),
    Editor("calendar", "节假日安排", "逐年录入国务院办公厅公布的放假调休安排，工作日期限据此计算",
           "平台管理员", _platform),
)
BY_KEY = {e.key: e for e in EDITORS}

DONE = {
    "item": "抽查事项已保存；发布新版本后列入公布的清单。", "publish": "已发布新版本。", "standard": "已发布新版信用评估标准。",
    "rule": "评估规则已保存。", "measure": "措施已保存。", "settings": "处罚设置已保存。", "exemption": "已列入免罚清单。",
    "calendar": "节假日安排已发布。",
}


def field_errors(errors: list[DomainError]) -> dict[str, list[str]]:
    """Messages by the form field they concern ("days[3].date" belongs to "days"); "" for the rest."""
    out: dict[str, list[str]] = {}
    for e in errors:
        name = (e.field or "").split("[")[0].split(".")[0]
        out.setdefault(name, []).append(e.message)
    return out


def _text(form: FormData, name: str, limit: int = MAX_TEXT) -> str:
    return str(form.get(name) or "").strip()[:limit]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _number(errors: Collector, form: FormData, name: str, label: str) -> int | None:
    raw = _text(form, name, 16)
    try:
        return int(raw)
    except ValueError:
        errors.add(ErrorCode.INVALID_VALUE, f"{label}须为整数", name)
        return None


# --- what each page shows -------------------------------------------------------------------------

def _inspection_items(db: Session, staff: Staff) -> dict:
    dept = staff.actor.department_id
    items = db.exec(select(InspectionItem).where(InspectionItem.department_id == dept).order_by(InspectionItem.code)).all()
    versions = db.exec(select(ListPublication).where(ListPublication.department_id == dept,
                                                     ListPublication.kind == ListKind.RANDOM_ITEMS.value)
                       .order_by(ListPublication.year.desc(), ListPublication.version.desc())).all()
    year = cst_today().year
    return {"items": items, "versions": versions,
            "defaults": {"active": "1", "year": str(year), "title": f"{year}年随机抽查事项清单"}}


def _standard_fields(data: dict) -> dict:
    limits = {**grading.DEFAULT_TIME_LIMITS, **(data.get("timeLimits") or {})}
    return {"baseScore": str(data.get("baseScore", 100)),
            "grades": "\n".join(f"{g.get('grade', '')} {g.get('minScore', '')}" for g in data.get("grades") or []),
            "repairDays": str(limits["REPAIR"]), "objectionDays": str(limits["OBJECTION"]),
            "data": json.dumps(data, ensure_ascii=False, indent=2)}


def _credit_standard(db: Session, staff: Staff) -> dict:
    versions = db.exec(select(CreditStandard, Department).join(Department, Department.id == CreditStandard.department_id)
                       .order_by(CreditStandard.version.desc())).all()
    current = versions[0][0] if versions else None
    data = current.data if current else grading.DEFAULT_STANDARD
    return {"versions": versions, "current": current,
            "parsed": grading.parse_standard(current.version, current.data) if current else None, **CREDIT_LABELS,
            "defaults": {"name": current.name if current else "企业公共信用评估标准", **_standard_fields(data)}}


def _risk_rules(db: Session, staff: Staff) -> dict:
    rules = db.exec(select(RiskRule).where(RiskRule.department_id == staff.actor.department_id)
                    .order_by(RiskRule.code)).all()
    return {"rules": rules, "risk_levels": RISK_LEVEL, "defaults": {"levels": list(RISK_LEVELS)}}


def _credit_measures(db: Session, staff: Staff) -> dict:
    rows = db.exec(select(JointMeasure, Department).join(Department, Department.id == JointMeasure.implementing_department_id)
                   .order_by(JointMeasure.code)).all()
    std = credit.current_standard(db)
    return {"rows": rows, "departments": db.exec(select(Department).order_by(Department.code)).all(),
            "grades": list(std.grade_order) if std else [], "defaults": {"published": "1", "kind": "PUNISHMENT"},
            **CREDIT_LABELS}


def _penalties(db: Session, staff: Staff) -> dict:
    settings = penalties.load_settings(db)
    return {"settings": settings, "rules": db.exec(select(ExemptionRule).order_by(ExemptionRule.code)).all(),
            "measures": MEASURE, "severities": SEVERITY,
            "defaults": {"majorMeasures": sorted(settings.major_measures), "softMeasures": sorted(settings.soft_measures),
                         "majorFineYuan": str(settings.major_fine_yuan),
                         **{f"months_{k}": str(v) for k, v in settings.publicity_months.items()}}}


@dataclass(frozen=True)
class YearStatus:
    year: int
    published: bool
    entered: bool
    source: str
    days: list


def _calendar(db: Session, staff: Staff) -> dict:
    cal = work_calendar.load_calendar(db)
    entered = {y.year: y for y in db.exec(select(CalendarYear).order_by(CalendarYear.year)).all()}
    this = cst_today().year
    years = sorted({this - 1, this, this + 1, this + 2, *entered})
    days = db.exec(select(CalendarDay).where(CalendarDay.day >= date(years[0] - 1, 12, 1))
                   .order_by(CalendarDay.day)).all()
    by_year: dict[int, list] = {}
    for d in days:
        by_year.setdefault(d.day.year, []).append(d)
    return {"years": [YearStatus(y, cal.is_published(y), y in entered, entered[y].source if y in entered else "",
                                 by_year.get(y, []) if y in entered else []) for y in years],
            "defaults": {"year": str(this + 1)}}


PAGES = {"inspection-items": _inspection_items, "credit-standard": _credit_standard, "risk-rules": _risk_rules,
         "credit-measures": _credit_measures, "penalties": _penalties, "calendar": _calendar}


# --- the acts, one per form -----------------------------------------------------------------------

def _save_item(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    inspections.save_inspection_item(
        session=db, actor=staff.actor, code=_text(form, "code", 32), name=_text(form, "name", 200),
        legal_basis=_text(form, "legalBasis"), content=_text(form, "content"), method=_text(form, "method", 200),
        active=form.get("active") == "1", request_id=rid)


def _publish_items(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    year = _text(form, "year", 8)
    inspections.publish_list(session=db, actor=staff.actor, year=int(year) if year.isdigit() else 0,
                             kind=ListKind.RANDOM_ITEMS.value, title=_text(form, "title", 200), request_id=rid,
                             today=cst_today())


def standard_document(form: FormData) -> dict:
    """The JSON document, with the common fields of the form written over it; field errors as ValidationErrors."""
    errors = Collector()
    raw = str(form.get("data") or "")[:MAX_JSON]
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError as exc:
        errors.add(ErrorCode.INVALID_VALUE, f"JSON 格式有误（第 {exc.lineno} 行第 {exc.colno} 列）", "data")
        data = {}
    if not isinstance(data, dict):
        errors.add(ErrorCode.INVALID_VALUE, "JSON 须为一个对象（{…}）", "data")
        data = {}
    base = _number(errors, form, "baseScore", "基础分")
    grades = []
    for i, line in enumerate(_lines(_text(form, "grades"))):
        parts = line.split()
        if len(parts) != 2 or not parts[1].lstrip("-").isdigit():
            errors.add(ErrorCode.INVALID_VALUE, f"第 {i + 1} 行应为“等级 分数线”，如 A 90", "grades")
            continue
        grades.append({"grade": parts[0].upper(), "minScore": int(parts[1])})
    if not grades:
        errors.add(ErrorCode.REQUIRED, "须列出信用等级及分数线", "grades")
    repair = _number(errors, form, "repairDays", "信用修复办理时限")
    objection = _number(errors, form, "objectionDays", "异议办理时限")
    for name, days in (("repairDays", repair), ("objectionDays", objection)):
        if days is not None and not 1 <= days <= 60:
            errors.add(ErrorCode.INVALID_VALUE, "办理时限应为 1—60 个工作日", name)
    errors.check()
    return {**data, "baseScore": base, "grades": grades,
            "timeLimits": {**(data.get("timeLimits") or {}), "REPAIR": repair, "OBJECTION": objection}}


def _publish_standard(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    credit.publish_credit_standard(session=db, actor=staff.actor, name=_text(form, "name", 200),
                                   data=standard_document(form), request_id=rid, today=cst_today())


def _define_rule(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    risk.define_risk_rule(
        session=db, actor=staff.actor, code=_text(form, "code", 32), name=_text(form, "name", 200),
        industry_code=_text(form, "industryCode", 8), subject=_text(form, "subject"), scope=_text(form, "scope"),
        method=_text(form, "method"), indicators=_lines(_text(form, "indicators"))[:100], report_use=_text(form, "reportUse"),
        levels=[str(x)[:16] for x in form.getlist("levels")[:8]], request_id=rid)


def _save_measure(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    credit.save_joint_measure(
        session=db, actor=staff.actor, code=_text(form, "code", 32), kind=_text(form, "kind", 16),
        matter=_text(form, "matter", 300), target=_text(form, "target", 300), means=_text(form, "means"),
        implementing_department_code=_text(form, "implementingDepartmentCode", 32), legal_basis=_text(form, "legalBasis"),
        acts=[str(x)[:32] for x in form.getlist("acts")[:10]], target_list=_text(form, "targetList", 32) or None,
        target_grades=[str(x)[:8] for x in form.getlist("targetGrades")[:10]], published=form.get("published") == "1",
        request_id=rid)


def _configure_penalties(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    errors = Collector()
    try:
        fine = Decimal(_text(form, "majorFineYuan", 20))
        if not fine.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.add(ErrorCode.INVALID_VALUE, "罚没金额须为数字（元）", "majorFineYuan")
        fine = Decimal(0)
    months = {s.value: _number(errors, form, f"months_{s.value}", f"{SEVERITY[s.value]}公示期") for s in PenaltySeverity}
    errors.check()
    current = penalties.load_settings(db)
    penalties.configure(session=db, actor=staff.actor, request_id=rid, settings=replace(
        current, major_measures=frozenset(str(x)[:32] for x in form.getlist("majorMeasures")[:20]),
        soft_measures=frozenset(str(x)[:32] for x in form.getlist("softMeasures")[:20]), major_fine_yuan=fine,
        publicity_months={**current.publicity_months, **months}))


def _add_exemption(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    penalties.add_exemption_rule(session=db, actor=staff.actor, code=_text(form, "code", 32),
                                 name=_text(form, "name", 200), legal_basis=_text(form, "legalBasis"), request_id=rid)


WORKING = {"班": True, "上班": True, "休": False, "放假": False}


def calendar_days(text: str) -> list[dict]:
    """Lines "2027-02-06 班 春节调休上班" (休 or 班) as the act's days; a malformed line is a field error."""
    errors = Collector()
    days = []
    for i, line in enumerate(_lines(text)[:400]):
        parts = line.split(maxsplit=2)
        if len(parts) < 2 or parts[1] not in WORKING:
            errors.add(ErrorCode.INVALID_VALUE, f"第 {i + 1} 行应为“日期 休/班 备注”，如 2027-02-06 班 春节调休上班", "days")
            continue
        days.append({"date": parts[0], "working": WORKING[parts[1]], "note": parts[2] if len(parts) > 2 else ""})
    if not days and not errors.errors:
        errors.add(ErrorCode.REQUIRED, "须列出当年的放假和调休上班日期", "days")
    errors.check()
    return days


def _publish_calendar(db: Session, staff: Staff, form: FormData, rid: str) -> None:
    year = _text(form, "year", 8)
    work_calendar.publish_arrangement(session=db, actor=staff.actor, year=int(year) if year.isdigit() else 0,
                                      days=calendar_days(_text(form, "days", 20000)), source=_text(form, "source", 200),
                                      request_id=rid)


MULTI = {"levels", "acts", "targetGrades", "majorMeasures", "softMeasures"}
# the fields each form shows its messages beside; any other message goes in the box above the form
FIELDS = {
    "item": {"code", "name", "legalBasis", "content", "method"}, "publish": {"year", "title"},
    "standard": {"name", "baseScore", "grades", "repairDays", "objectionDays", "data"},
    "rule": {"code", "name", "industryCode", "subject", "scope", "method", "indicators", "reportUse", "levels"},
    "measure": {"code", "kind", "matter", "target", "means", "legalBasis", "targetList", "targetGrades", "acts",
                "implementingDepartmentCode"},
    "settings": {"measures", "majorFineYuan", "publicityMonths", "months_ORDINARY", "months_SERIOUS"},
    "exemption": {"code", "name", "legalBasis"}, "calendar": {"year", "source", "days"},
}
ACTS = {("inspection-items", "item"): _save_item, ("inspection-items", "publish"): _publish_items,
        ("credit-standard", "standard"): _publish_standard, ("risk-rules", "rule"): _define_rule,
        ("credit-measures", "measure"): _save_measure, ("penalties", "settings"): _configure_penalties,
        ("penalties", "exemption"): _add_exemption, ("calendar", "calendar"): _publish_calendar}


class EditorViews:
    def __init__(self, base) -> None:
        self.base = base
        self.engine = base.engine

    @staticmethod
    def _editor(request: Request, staff: Staff) -> Editor:
        editor = BY_KEY.get(str(request.path_params.get("key")))
        if editor is None or not editor.may(staff.actor):
            raise HTTPException(404)
        return editor

    @staff_required
    def index(self, request: Request, db: Session, staff: Staff) -> Response:
        return self.base.render(request, "admin/editors.html", {
            "active": "editors", "editors": [e for e in EDITORS if e.may(staff.actor)]}, staff=staff)

    def _page(self, request: Request, db: Session, staff: Staff, editor: Editor, *, errors=(), form=None,
              failed: str | None = None, status_code: int = 200) -> Response:
        ctx = PAGES[editor.key](db, staff)
        done = request.query_params.get("done")
        by_field = field_errors(list(errors))
        other = [m for f, msgs in by_field.items() if f not in FIELDS.get(failed or "", ()) for m in msgs]
        return self.base.render(request, editor.template, {
            "active": "editors", "editor": editor, **ctx, "errors": by_field, "other_errors": other, "failed": failed,
            "form": form if form is not None else ctx["defaults"], "done": DONE.get(done) if done else None,
        }, staff=staff, status_code=status_code)

    @staff_required
    def page(self, request: Request, db: Session, staff: Staff) -> Response:
        return self._page(request, db, staff, self._editor(request, staff))

    async def save(self, request: Request) -> Response:
        request.state.form = await csrf.protected_form(request)
        return await run_in_threadpool(self._save, request)

    @staff_required
    def _save(self, request: Request, db: Session, staff: Staff) -> Response:
        editor = self._editor(request, staff)
        which = str(request.path_params["form"])
        act = ACTS.get((editor.key, which))
        if act is None:
            raise HTTPException(404)
        form = request.state.form
        try:
            act(db, staff, form, uuid.uuid4().hex)
        except DomainError as exc:
            db.rollback()
            if exc.code == ErrorCode.FORBIDDEN:
                raise HTTPException(403) from None
            values = {k: form.getlist(k) if k in MULTI else v for k, v in form.items() if k != csrf.FIELD}
            return self._page(request, db, staff, editor, errors=_errors(exc), form=values, failed=which,
                              status_code=400)
        db.commit()
        return RedirectResponse(str(request.app.url_path_for("admin_editor", key=editor.key)) + f"?done={which}",
                                status_code=303)

