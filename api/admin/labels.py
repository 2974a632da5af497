"""Chinese labels for the closed sets, and the two date styles of the admin pages.

An unknown value is shown as it is stored rather than breaking a page: a value added to an
enumeration before its label is still readable.
"""
from __future__ import annotations

from datetime import date, datetime

from models.enums import (DepartmentKind, DepartmentLevel, EntityStatus, EntityType, PermitItemStatus, PermitMode, PermitStatus,
                          StaffRole)
from supervision import industries
from supervision.clock import CST

ENTITY_TYPE = {
    EntityType.COMPANY: "公司",
    EntityType.BRANCH: "分公司",
    EntityType.PARTNERSHIP: "合伙企业",
    EntityType.SOLE_PROPRIETORSHIP: "个人独资企业",
    EntityType.INDIVIDUAL_BUSINESS: "个体工商户",
    EntityType.FARMER_COOPERATIVE: "农民专业合作社",
    EntityType.FOREIGN_INVESTED: "外商投资企业",
    EntityType.OTHER: "其他",
}

ENTITY_STATUS = {
    EntityStatus.ACTIVE: "存续",
    EntityStatus.REVOKED: "吊销",
    EntityStatus.CANCELLED: "注销",
    EntityStatus.MOVED_OUT: "迁出",
}

PERMIT_STATUS = {
    PermitStatus.GRANTED: "准予许可",
    PermitStatus.CHANGED: "已变更",
    PermitStatus.REVOKED: "已撤销",
    PermitStatus.EXPIRED: "已过期",
    PermitStatus.CANCELLED: "已注销",
}

PERMIT_ITEM_STATUS = {
    PermitItemStatus.ACTIVE: "保留审批",
    PermitItemStatus.CANCELLED: "取消审批",
    PermitItemStatus.FILING: "改为备案",
    PermitItemStatus.DELEGATED: "下放审批",
    PermitItemStatus.SEPARATED: "审管分离",
}

PERMIT_MODE = {
    PermitMode.POST_REGISTRATION: "后置审批",
    PermitMode.PRE_REGISTRATION: "前置审批",
}

CHANGE_ACTION = {"create": "新增", "update": "修改", "unchanged": "不变"}

STAFF_ROLE = {
    StaffRole.OFFICER: "工作人员",
    StaffRole.INSPECTOR: "执法检查人员",
    StaffRole.LEGAL_REVIEWER: "法制审核人员",
    StaffRole.DEPARTMENT_ADMIN: "部门管理员",
    StaffRole.PLATFORM_ADMIN: "平台管理员",
}

DEPARTMENT_KIND = {
    DepartmentKind.REGISTRATION: "登记注册",
    DepartmentKind.APPROVAL: "许可审批",
    DepartmentKind.COMPETENT: "行业主管",
    DepartmentKind.ENFORCEMENT: "综合执法",
    DepartmentKind.CREDIT: "信用主管",
    DepartmentKind.OVERSIGHT: "督查",
    DepartmentKind.JUDICIAL: "司法机关",
    DepartmentKind.STREET: "街镇",
    DepartmentKind.OPERATOR: "平台运营",
}

DEPARTMENT_LEVEL = {
    DepartmentLevel.NATIONAL: "国家级",
    DepartmentLevel.PROVINCIAL: "省级",
    DepartmentLevel.CITY: "市级",
    DepartmentLevel.DISTRICT: "区级",
    DepartmentLevel.STREET: "街镇级",
}

# The acts the domain writes to the audit chain (supervision/*: audit.append(act=...)).
AUDIT_ACT = {
    "entity.register": "登记市场主体",
    "permit.record": "录入许可决定",
    "permit.status": "变更许可状态",
    "staff.create": "新建工作人员账户",
    "staff.login": "登录",
    "staff.login_failed": "登录失败",
    "staff.reset_password": "重置密码",
    "staff.deactivate": "停用工作人员账户",
    "staff.activate": "启用工作人员账户",
    "api_key.create": "创建接口密钥",
    "api_key.revoke": "吊销接口密钥",
    "department.create": "新增部门",
    "department.update": "修改部门",
    "permit_item.create": "新增审批事项",
    "permit_item.update": "修改审批事项",
    "entity.status": "变更登记状态",
    "entity.notify": "告知与推送",
    "notification.acknowledge": "确认接收推送",
    "pool.claim": "认领市场主体",
    "joint_review.opinion": "提交联合审查意见",
    "tracking.inspect": "录入跟踪检查",
    "tracking.schedule": "安排定期跟踪",
    "application.record": "受理许可申请",
    "application.close": "许可申请办结",
    "pre_approval.inform": "前置审批告知",
    "pre_approval.feedback": "前置审批反馈",
    "supervision_notice.issue": "发出督办",
    "supervision_notice.acknowledge": "签收督办",
    "calendar.publish": "发布节假日安排",
    "penalty.configure": "修改行政处罚设置",
    "exemption_rule.add": "列入免罚清单",
    "investigation.commitment_breach": "报告违诺",
    "investigation.close": "办结案件",
    "credit.evaluate": "信用评价",
    "credit.reevaluate": "全量信用重评",
    "credit.fact.record": "归集信用信息",
    "credit.list": "列入名单",
    "credit.unlist": "移出名单",
    "credit.measure.save": "保存联合奖惩措施",
    "credit.standard.publish": "发布信用评价标准",
    "credit.repair.file": "提出信用修复 / 异议",
    "credit.repair.decide": "信用修复 / 异议决定",
    "risk.assess": "录入风险评估",
    "risk.rule.define": "保存风险规则",
    "inspection_item.save": "保存抽查事项",
    "list.publish": "发布清单",
    "key_focus.mark": "标记重点监管对象",
    "uncoded_object.add": "新增无代码检查对象",
    "conflict.declare": "申报回避",
    "plan.create": "新建抽查计划",
    "plan.confirm": "确认联合抽查",
    "plan.commit": "抽查计划定稿",
    "plan.draw": "随机抽取",
    "task.result": "录入抽查结果",
    "assistance.request": "请求协助",
    "assistance.answer": "答复协助",
    "inspection.non_draw": "录入非抽取检查",
}

AUDIT_TARGET = {
    "MarketEntity": "市场主体",
    "Permit": "许可",
    "StaffUser": "工作人员",
    "Department": "部门",
    "PermitItem": "审批事项",
    "ApiKey": "接口密钥",
    "Notification": "推送",
    "TrackingTask": "跟踪任务",
    "PermitApplication": "许可申请",
    "PoolEntry": "待认领",
    "JointReview": "联合审查",
    "PreApproval": "前置审批",
    "SupervisionNotice": "督办",
    "CalendarYear": "节假日安排",
    "Investigation": "案件",
    "CreditEvaluation": "信用评价",
    "CreditFact": "信用信息",
    "CreditStandard": "信用评价标准",
    "ListEntry": "名单",
    "JointMeasure": "联合奖惩措施",
    "RepairRequest": "信用修复 / 异议",
    "RiskAssessment": "风险评估",
    "RiskRule": "风险规则",
    "InspectionItem": "抽查事项",
    "ListPublication": "清单",
    "KeyFocusObject": "重点监管对象",
    "UncodedObject": "检查对象",
    "ConflictDeclaration": "回避申报",
    "InspectionPlan": "抽查计划",
    "InspectionTask": "抽查任务",
    "AssistanceRequest": "协助请求",
    "NonDrawInspection": "非抽取检查",
}

SIGNER_ROLE = {
    "LEGAL_REPRESENTATIVE": "法定代表人",
    "PERSON_IN_CHARGE": "负责人",
    "OPERATOR": "经营者",
    "AUTHORISED_AGENT": "授权人",
}

SOURCE_KIND = {
    "registration": "登记记录",
    "permit": "许可决定",
    "notification": "登记推送",
    "pool_claim": "认领",
    "investigation": "立案查处",
    "application": "许可申请",
    "draw_task": "抽查任务",
    "risk_assessment": "风险评估",
    "assistance": "执法协助",
    "non_draw_inspection": "非抽查检查",
    "pre_approval": "前置审批",
}


def _label(table: dict, value) -> str:
    if value is None:
        return ""
    key = getattr(value, "value", value)
    for member, text in table.items():
        if getattr(member, "value", member) == key:
            return text
    return str(key)


def entity_type(value) -> str:
    return _label(ENTITY_TYPE, value)


def entity_status(value) -> str:
    return _label(ENTITY_STATUS, value)


def permit_status(value) -> str:
    return _label(PERMIT_STATUS, value)


def permit_item_status(value) -> str:
    return _label(PERMIT_ITEM_STATUS, value)


def permit_mode(value) -> str:
    return _label(PERMIT_MODE, value)


def change_action(value) -> str:
    return _label(CHANGE_ACTION, value)


def staff_role(value) -> str:
    return _label(STAFF_ROLE, value)


def department_kind(value) -> str:
    return _label(DEPARTMENT_KIND, value)


def department_level(value) -> str:
    return _label(DEPARTMENT_LEVEL, value)


def audit_act(value) -> str:
    return _label(AUDIT_ACT, value)


def audit_target(value) -> str:
    return _label(AUDIT_TARGET, value)


def source_kind(value) -> str:
    return _label(SOURCE_KIND, value)


def cn_date(value: date | datetime | None) -> str:
    """Prose style: 2026年11月23日 (a timestamp is read as its date in China Standard Time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CST).date()
    return f"{value.year}年{value.month}月{value.day}日"


def iso_date(value: date | datetime | None) -> str:
    """Table style: 2026-11-23."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CST).date()
    return value.isoformat()


def cst_datetime(value: datetime | None) -> str:
    """A stored UTC timestamp as China Standard Time, to the second: 2026-11-23 14:05:09."""
    if value is None:
        return ""
    return value.astimezone(CST).strftime("%Y-%m-%d %H:%M:%S")


def signer_role(value) -> str:
    return _label(SIGNER_ROLE, value)


def days_left(value: int) -> str:
    """Working days to a deadline: 剩余3个工作日 / 今日到期 / 超期2个工作日."""
    if value > 0:
        return f"剩余{value}个工作日"
    if value == 0:
        return "今日到期"
    return f"超期{-value}个工作日"


def industry(value) -> str:
    """国民经济行业大类名称 of a stored code (H6210 → 餐饮业)."""
    return industries.label(value)


FILTERS = {
    "industry": industry,
    "signer_role": signer_role,
    "days_left": days_left,
    "entity_type": entity_type,
    "entity_status": entity_status,
    "permit_status": permit_status,
    "staff_role": staff_role,
    "permit_item_status": permit_item_status,
    "permit_mode": permit_mode,
    "change_action": change_action,
    "department_kind": department_kind,
    "department_level": department_level,
    "audit_act": audit_act,
    "audit_target": audit_target,
    "source_kind": source_kind,
    "cn_date": cn_date,
    "iso_date": iso_date,
    "cst_datetime": cst_datetime,
}
