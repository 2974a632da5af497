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
    COMMITMENT_BREACH = "COMMITMENT_BREACH"  # rule 6: the approving department investigates a false or broken commitment


class SignerRole(str, Enum):
    """Who signed the commitment (承诺书), §8."""

    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"  # 法定代表人
    PERSON_IN_CHARGE = "PERSON_IN_CHARGE"  # 负责人
    OPERATOR = "OPERATOR"  # 经营者
    AUTHORISED_AGENT = "AUTHORISED_AGENT"  # 授权人


class NotificationRole(str, Enum):
    """Why a department is told of a registration (二告知, §9)."""

    APPROVAL = "APPROVAL"  # 许可审批部门
    COMPETENT = "COMPETENT"  # 行业主管部门
    ENFORCEMENT = "ENFORCEMENT"  # 综合执法部门
    STREET = "STREET"  # 所在开发区、街镇
    CLAIMED = "CLAIMED"  # claimed from the pool (认领)


class TrackingResult(str, Enum):
    """Result of a tracking inspection (照后证前跟踪检查), §15–17."""

    NORMAL = "NORMAL"  # 正常（未发现无证经营）
    UNLICENSED_OPERATION = "UNLICENSED_OPERATION"  # 未取得许可即开展经营
    NOT_FOUND_AT_ADDRESS = "NOT_FOUND_AT_ADDRESS"  # 通过登记住所无法联系
    OTHER = "OTHER"  # 其他


class TaskStatus(str, Enum):
    OPEN = "OPEN"  # 待检查
    INSPECTED = "INSPECTED"  # 已检查，尚未取得许可
    CLOSED = "CLOSED"  # 已关闭（取得许可，纳入日常监管）


class ApplicationStatus(str, Enum):
    PENDING = "PENDING"  # 办理中
    GRANTED = "GRANTED"  # 准予许可
    REFUSED = "REFUSED"  # 不予许可
    WITHDRAWN = "WITHDRAWN"  # 撤回


class OverdueKind(str, Enum):
    """Acts with deadlines that OVERSIGHT follows (§4, §44)."""

    ACKNOWLEDGEMENT = "ACKNOWLEDGEMENT"  # 一反馈：接收反馈，1个工作日 (§11)
    PERMIT_FEEDBACK = "PERMIT_FEEDBACK"  # 二反馈：许可信息反馈，7个工作日 (§12)
    TRACKING = "TRACKING"  # 一跟踪：2个月内跟踪检查 (§15)
    APPLICATION = "APPLICATION"  # 二跟踪：办证法定时限 (§18)
    JOINT_REVIEW = "JOINT_REVIEW"  # 高风险行业联合审查 (§43)
    JOINT_CONFIRMATION = "JOINT_CONFIRMATION"  # 联合抽查确认，5个工作日 (§24)
    DRAW_RESULT = "DRAW_RESULT"  # 抽查结果录入公示，检查结束后20个工作日 (§27)
    DISCLOSURE = "DISCLOSURE"  # 双公示：决定之日起7个工作日内公示 (§40)
    CREDIT_REPAIR = "CREDIT_REPAIR"  # 信用修复/异议：信用评估标准规定的工作日内处理 (000 §7)


class InvestigationKind(str, Enum):
    """What an investigation (立案查处) is about."""

    UNLICENSED = "UNLICENSED"  # 无证经营：法律规定的部门查处 (rule 8)
    COMMITMENT_BREACH = "COMMITMENT_BREACH"  # 以虚假承诺或违反承诺取得许可：审批部门查处 (rule 6)
    SPOT_CHECK = "SPOT_CHECK"  # 随机抽查发现问题后立案 (§27)


class CommitmentBreach(str, Enum):
    """How a 告知承诺 approval went wrong (rule 6)."""

    FALSE = "FALSE"  # 承诺内容不实（虚假承诺）
    BROKEN = "BROKEN"  # 未履行承诺（违反承诺）


class InvestigationOutcome(str, Enum):
    """How an investigation ends."""

    SUBSTANTIATED = "SUBSTANTIATED"  # 查实
    UNFOUNDED = "UNFOUNDED"  # 查无实据


class CreditFactKind(str, Enum):
    """公共信用信息 the credit standard reads (§29–30); other departments append them, only CREDIT grades."""

    PENALTY = "PENALTY"  # 行政处罚
    ABNORMAL_OPERATION = "ABNORMAL_OPERATION"  # 列入经营异常名录
    SERIOUS_VIOLATION = "SERIOUS_VIOLATION"  # 列入严重违法失信名单
    BROKEN_COMMITMENT = "BROKEN_COMMITMENT"  # 违背承诺（承诺不经营却无证经营）
    TRACKING_FINDING = "TRACKING_FINDING"  # 跟踪检查发现问题
    SPOT_CHECK = "SPOT_CHECK"  # 双随机抽查结果（发现问题）
    THIRD_PARTY_RATING = "THIRD_PARTY_RATING"  # 第三方或行业协会评价（负面）
    HONOUR = "HONOUR"  # 表彰荣誉
    COMMITMENT_KEPT = "COMMITMENT_KEPT"  # 信守承诺


class FactSeverity(str, Enum):
    MINOR = "MINOR"  # 轻微
    ORDINARY = "ORDINARY"  # 一般
    SERIOUS = "SERIOUS"  # 严重


class FactState(str, Enum):
    ACTIVE = "ACTIVE"  # 有效
    ENDED = "ENDED"  # 已终止（移出名录）
    REPAIRED = "REPAIRED"  # 已信用修复
    WITHDRAWN = "WITHDRAWN"  # 已撤销（异议成立）


class DishonestyList(str, Enum):
    ABNORMAL_OPERATION = "ABNORMAL_OPERATION"  # 经营异常名录
    SERIOUS_VIOLATION = "SERIOUS_VIOLATION"  # 严重违法失信名单


class CreditAct(str, Enum):
    """Acts on an entity to which joint measures attach (一处失信，处处受限)."""

    PERMIT = "PERMIT"  # 行政许可
    DRAW = "DRAW"  # 双随机抽查
    REGISTRATION_CHANGE = "REGISTRATION_CHANGE"  # 登记变更
    PROCUREMENT = "PROCUREMENT"  # 政府采购、招投标
    SUBSIDY = "SUBSIDY"  # 财政资金、政策扶持


class MeasureKind(str, Enum):
    REWARD = "REWARD"  # 联合激励
    PUNISHMENT = "PUNISHMENT"  # 联合惩戒


class RiskTrigger(str, Enum):
    """启动风险评估的情形 (§33)."""

    LAW = "LAW"  # 法律法规规章规定或行政管理需要
    MONITORING = "MONITORING"  # 风险监测或举报发现隐患
    NEW_BUSINESS = "NEW_BUSINESS"  # 新兴业态、产品
    SUPERIOR = "SUPERIOR"  # 上级部门要求


class RepairKind(str, Enum):
    REPAIR = "REPAIR"  # 信用修复
    OBJECTION = "OBJECTION"  # 异议


class RepairStatus(str, Enum):
    PENDING = "PENDING"  # 待处理
    ACCEPTED = "ACCEPTED"  # 予以修复 / 异议成立
    REJECTED = "REJECTED"  # 不予修复 / 异议不成立


# --- 双随机、一公开 (§19–27) -------------------------------------------------------------------

class ListKind(str, Enum):
    """The three lists and one plan each department publishes by the end of January (003 §三)."""

    ENFORCEMENT_ITEMS = "ENFORCEMENT_ITEMS"  # 行政执法事项清单
    INSPECTION_ITEMS = "INSPECTION_ITEMS"  # 行政检查事项清单
    RANDOM_ITEMS = "RANDOM_ITEMS"  # 随机抽查事项清单 (§20)
    ANNUAL_PLAN = "ANNUAL_PLAN"  # 年度抽查计划


class PlanKind(str, Enum):
    SINGLE = "SINGLE"  # 部门抽查
    JOINT = "JOINT"  # 部门联合抽查 (§24)
    FULL_SWEEP = "FULL_SWEEP"  # 全项彻查 (§25)


class PlanStatus(str, Enum):
    DRAFT = "DRAFT"  # 草拟
    AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION"  # 待参与部门确认 (§24)
    COMMITTED = "COMMITTED"  # 已公布种子哈希和名录快照哈希
    DRAWN = "DRAWN"  # 已摇号，种子已公开


class KeyFocusMode(str, Enum):
    ALWAYS = "ALWAYS"  # 重点对象必查
    WEIGHTED = "WEIGHTED"  # 重点对象加权


class KeyFocusReason(str, Enum):
    """§22."""

    BROKEN_COMMITMENT = "BROKEN_COMMITMENT"  # 违反承诺或提供虚假材料
    PAST_VIOLATION = "PAST_VIOLATION"  # 有违法违规记录
    REFUSED_CHECK = "REFUSED_CHECK"  # 拒不参加年检
    FLAGGED = "FLAGGED"  # 跟踪检查或评估中发现问题


class InspectionTaskStatus(str, Enum):
    OPEN = "OPEN"  # 待检查
    DONE = "DONE"  # 已检查，结果已公示


class ItemResultValue(str, Enum):
    COMPLIANT = "COMPLIANT"  # 未发现问题
    PROBLEMS_FOUND = "PROBLEMS_FOUND"  # 发现问题
    NOT_FOUND_AT_ADDRESS = "NOT_FOUND_AT_ADDRESS"  # 通过登记的住所（经营场所）无法联系
    NOT_OPERATING = "NOT_OPERATING"  # 未开展相关经营活动
    REFUSED = "REFUSED"  # 不配合检查


class AssistanceKind(str, Enum):
    EVIDENCE = "EVIDENCE"  # 协助调查取证
    EXPERT_OPINION = "EXPERT_OPINION"  # 专业认定意见


class NonDrawReason(str, Enum):
    """The only grounds for inspecting outside a draw (§20)."""

    COMPLAINT = "COMPLAINT"  # 投诉举报
    BIG_DATA_ALERT = "BIG_DATA_ALERT"  # 大数据监测预警
    REFERRAL = "REFERRAL"  # 转办交办
    SUPERIOR_ORDER = "SUPERIOR_ORDER"  # 上级部门部署


# --- penalties and 双公示 (000 §12, §17; 002 §五.6; 004 §39–41) -----------------------------------

class CaseStatus(str, Enum):
    OPEN = "OPEN"  # 已立案
    DECIDED = "DECIDED"  # 已作出处罚决定
    EXEMPTED = "EXEMPTED"  # 免予处罚（免罚清单/包容期，予以指导）
    TRANSFERRED = "TRANSFERRED"  # 已移送司法机关


class PenaltyMeasure(str, Enum):
    """处罚类别 of the national 双公示 data standard, plus 责令改正 and 约谈 (published as 其他)."""

    WARNING = "WARNING"  # 警告
    CRITICISM = "CRITICISM"  # 通报批评
    FINE = "FINE"  # 罚款
    CONFISCATE_GAINS = "CONFISCATE_GAINS"  # 没收违法所得
    CONFISCATE_PROPERTY = "CONFISCATE_PROPERTY"  # 没收非法财物
    SUSPEND_LICENCE = "SUSPEND_LICENCE"  # 暂扣许可证件
    DOWNGRADE = "DOWNGRADE"  # 降低资质等级
    REVOKE_LICENCE = "REVOKE_LICENCE"  # 吊销许可证件
    RESTRICT_OPERATION = "RESTRICT_OPERATION"  # 限制开展生产经营活动
    SUSPEND_BUSINESS = "SUSPEND_BUSINESS"  # 责令停产停业
    CLOSE = "CLOSE"  # 责令关闭
    BAN = "BAN"  # 限制从业
    DETENTION = "DETENTION"  # 行政拘留
    ORDER_TO_CORRECT = "ORDER_TO_CORRECT"  # 责令改正
    INTERVIEW = "INTERVIEW"  # 约谈
    OTHER = "OTHER"  # 其他


class PenaltySeverity(str, Enum):
    """Decides how long the record stays public (信用修复: ordinary shorter, serious longer)."""

    ORDINARY = "ORDINARY"  # 一般失信行为
    SERIOUS = "SERIOUS"  # 严重失信行为


class DecisionStatus(str, Enum):
    EFFECTIVE = "EFFECTIVE"  # 有效
    CHANGED = "CHANGED"  # 已变更
    REVOKED = "REVOKED"  # 已撤销
    WITHDRAWN = "WITHDRAWN"  # 已撤回（公示信息撤下）


class TransferStatus(str, Enum):
    """行刑衔接 (002 §五.6): the case's state, visible to both departments."""

    TRANSFERRED = "TRANSFERRED"  # 已移送
    ACCEPTED = "ACCEPTED"  # 已受理（立案）
    RETURNED = "RETURNED"  # 已退回
    JUDGED = "JUDGED"  # 已判决


class DisclosureKind(str, Enum):
    PERMIT = "PERMIT"  # 行政许可
    PENALTY = "PENALTY"  # 行政处罚
    SPOT_CHECK = "SPOT_CHECK"  # 双随机抽查结果 (§27)


class DisclosureStatus(str, Enum):
    HELD = "HELD"  # 待公示（缺少必填数据）
    PUBLIC = "PUBLIC"  # 公示中
    WITHDRAWN = "WITHDRAWN"  # 已撤下（决定撤回、信用修复）
    EXPIRED = "EXPIRED"  # 公示期满


class FeedEvent(str, Enum):
    PUBLISHED = "PUBLISHED"  # 发布
    UPDATED = "UPDATED"  # 更新（变更、撤销）
    WITHDRAWN = "WITHDRAWN"  # 撤下
    EXPIRED = "EXPIRED"  # 公示期满
