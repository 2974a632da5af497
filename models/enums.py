"""Closed sets of the domain. Values are stable strings stored in the database and exposed by the API."""
from __future__ import annotations

from enum import Enum


class DepartmentKind(str, Enum):
    REGISTRATION = "REGISTRATION"  # 登记注册
    APPROVAL = "APPROVAL"  # 许可审批
    COMPETENT = "COMPETENT"  # 行业主管
    ENFORCEMENT = "ENFORCEMENT"  # 综合执法
    CREDIT = "CREDIT"  # 信用主管
    OVERSIGHT = "OVERSIGHT"  # 督查
    JUDICIAL = "JUDICIAL"  # 公安/检察 (receivers of case transfers)
    STREET = "STREET"  # 街镇/开发区 (zone or street office)
    OPERATOR = "OPERATOR"  # 大数据中心 (platform operator)


class DepartmentLevel(str, Enum):
    NATIONAL = "NATIONAL"  # 国家
    PROVINCIAL = "PROVINCIAL"  # 省级 (incl. 直辖市 ministries)
    CITY = "CITY"  # 市级
    DISTRICT = "DISTRICT"  # 区级
    STREET = "STREET"  # 街镇


LEVEL_RANK = {
    DepartmentLevel.NATIONAL: 0,
    DepartmentLevel.PROVINCIAL: 1,
    DepartmentLevel.CITY: 2,
    DepartmentLevel.DISTRICT: 3,
    DepartmentLevel.STREET: 4,
}


class StaffRole(str, Enum):
    OFFICER = "OFFICER"  # 工作人员
    INSPECTOR = "INSPECTOR"  # 执法检查人员 (holds a certificate)
    LEGAL_REVIEWER = "LEGAL_REVIEWER"  # 法制审核人员
    DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN"  # 部门管理员
    PLATFORM_ADMIN = "PLATFORM_ADMIN"  # 平台管理员


class EntityType(str, Enum):
    COMPANY = "COMPANY"  # 有限责任公司/股份有限公司
    BRANCH = "BRANCH"  # 分公司
    PARTNERSHIP = "PARTNERSHIP"  # 合伙企业
    SOLE_PROPRIETORSHIP = "SOLE_PROPRIETORSHIP"  # 个人独资企业
    INDIVIDUAL_BUSINESS = "INDIVIDUAL_BUSINESS"  # 个体工商户
    FARMER_COOPERATIVE = "FARMER_COOPERATIVE"  # 农民专业合作社
    FOREIGN_INVESTED = "FOREIGN_INVESTED"  # 外商投资企业
    OTHER = "OTHER"


class EntityStatus(str, Enum):
    ACTIVE = "ACTIVE"  # 存续（在营、开业、在册）
    REVOKED = "REVOKED"  # 吊销
    CANCELLED = "CANCELLED"  # 注销
    MOVED_OUT = "MOVED_OUT"  # 迁出


class PermitMode(str, Enum):
    POST_REGISTRATION = "POST_REGISTRATION"  # 后置审批 (双告知目录)
    PRE_REGISTRATION = "PRE_REGISTRATION"  # 前置审批 (§42)


class PermitItemStatus(str, Enum):
    ACTIVE = "ACTIVE"  # 保留审批
    CANCELLED = "CANCELLED"  # 取消审批
    FILING = "FILING"  # 改为备案
    DELEGATED = "DELEGATED"  # 下放
    SEPARATED = "SEPARATED"  # 审管分离 (集中审批, 主管部门监管)


class PermitStatus(str, Enum):
    GRANTED = "GRANTED"  # 准予许可/有效
    CHANGED = "CHANGED"  # 变更
    REVOKED = "REVOKED"  # 撤销/吊销
    EXPIRED = "EXPIRED"  # 过期/注销(到期)
    CANCELLED = "CANCELLED"  # 注销


class ResponsibilityRule(str, Enum):
    """Why a department supervises an entity (谁审批、谁监管，谁主管、谁监管)."""

    APPROVED = "APPROVED"  # rule 1: the approving department supervises what it approved
    SEPARATED_COMPETENT = "SEPARATED_COMPETENT"  # rule 2: 审管分离, the competent department supervises
    SEPARATED_APPROVAL = "SEPARATED_APPROVAL"  # rule 2: the approval side exchanges information
    CANCELLED_COMPETENT = "CANCELLED_COMPETENT"  # rule 3
    FILING_COMPETENT = "FILING_COMPETENT"  # rule 4
    DELEGATED = "DELEGATED"  # rule 5: the level moves with the delegation
    REGISTERED = "REGISTERED"  # the registration department keeps the entity's registration file
    ROUTED = "ROUTED"  # a record routes the entity to the department (push, task, complaint, request)
