"""Demo data for 双随机、一公开: the registration department's published lists, one plan drawn with its seed
revealed (re-run it with `jianguan draw verify --plan N`), and results recorded for part of its tasks."""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from models import InspectionItem, InspectionTask

from .. import inspections
from ..actors import Actor

ITEMS = [
    ("SJ-QYGS", "企业公示信息情况检查", "《企业信息公示暂行条例》第十二条", "年度报告、即时信息公示的真实性", "书面检查、实地核查"),
    ("SJ-SPJY", "食品经营者落实食品安全主体责任情况检查", "《中华人民共和国食品安全法》第一百一十条", "许可、进货查验、贮存条件", "现场检查"),
]


def load_draw_demo(session: Session, actor: Actor, today: date) -> int:
    """Returns the number of tasks created."""
    published = date(today.year, 1, 15) if today >= date(today.year, 1, 15) else today
    for code, name, basis, content, method in ITEMS:
        inspections.save_inspection_item(session=session, actor=actor, code=code, name=name, legal_basis=basis,
                                         content=content, method=method, request_id="demo")
    inspections.publish_list(session=session, actor=actor, year=today.year, kind="RANDOM_ITEMS",
                             title=f"{today.year}年度随机抽查事项清单", request_id="demo", today=published)
    for kind, title, entries in (("ENFORCEMENT_ITEMS", "行政执法事项清单", ["行政处罚", "行政强制", "行政检查"]),
                                 ("INSPECTION_ITEMS", "行政检查事项清单", [i[1] for i in ITEMS]),
                                 ("ANNUAL_PLAN", "年度双随机抽查工作计划", ["上半年企业公示信息抽查", "下半年食品经营抽查"])):
        inspections.publish_list(session=session, actor=actor, year=today.year, kind=kind, title=f"{today.year}年度{title}",
                                 content=entries, request_id="demo", today=published)
    plan = inspections.create_plan(session=session, actor=actor, name=f"{today.year}年度企业公示信息双随机抽查",
                                   year=today.year, item_codes=[ITEMS[0][0]], ratio="0.05",
                                   check_start=today - timedelta(days=60), check_end=today - timedelta(days=30),
                                   request_id="demo", today=today - timedelta(days=70))
    inspections.commit_plan(session=session, actor=actor, plan_id=plan.id, seed=f"demo-{today.isoformat()}", request_id="demo")
    inspections.draw_plan(session=session, actor=actor, plan_id=plan.id, request_id="demo")
    item_code = session.get(InspectionItem, plan.item_ids[0]).code
    tasks = session.exec(select(InspectionTask).where(InspectionTask.plan_id == plan.id).order_by(InspectionTask.id)).all()
    for n, task in enumerate(tasks[: len(tasks) * 2 // 3]):
        problem = n % 5 == 0
        inspections.record_item_result(session=session, actor=actor, task_id=task.id, item_code=item_code,
                                       result="PROBLEMS_FOUND" if problem else "COMPLIANT",
                                       description="年度报告中从业人数与社保缴纳人数不一致" if problem else "",
                                       checked_on=today - timedelta(days=45 - n % 10), request_id="demo", today=today)
    return len(tasks)
