"""GraphQL enumerations, one per closed set of the domain."""
from __future__ import annotations

import strawberry

from models import enums as m
from supervision.actors import ActorKind as _ActorKind

DepartmentKind = strawberry.enum(m.DepartmentKind, description="部门类型 — kind of department (登记注册、许可审批、行业主管、综合执法、信用主管、督查、司法、街镇、平台运营)")
DepartmentLevel = strawberry.enum(m.DepartmentLevel, description="层级 — administrative level (国家、省级、市级、区级、街镇)")
StaffRole = strawberry.enum(m.StaffRole, description="角色 — staff role (工作人员、执法检查人员、法制审核人员、部门管理员、平台管理员)")
EntityType = strawberry.enum(m.EntityType, description="主体类型 — market entity type (公司、分公司、合伙企业、个人独资企业、个体工商户、农民专业合作社、外商投资企业、其他)")
EntityStatus = strawberry.enum(m.EntityStatus, description="登记状态 — registration status (存续、吊销、注销、迁出)")
PermitMode = strawberry.enum(m.PermitMode, description="审批类型 — post-registration (后置) or pre-registration (前置) approval")
PermitItemStatus = strawberry.enum(m.PermitItemStatus, description="事项状态 — catalogue item status (保留、取消审批、改为备案、下放、审管分离)")
PermitStatus = strawberry.enum(m.PermitStatus, description="许可状态 — permit status (准予、变更、撤销、过期、注销)")
ResponsibilityRule = strawberry.enum(m.ResponsibilityRule, description="监管依据 — the rule that makes a department responsible (谁审批、谁监管，谁主管、谁监管)")
ActorKind = strawberry.enum(_ActorKind, description="访问者类型 — who is asking: staff, partner key, command line, public")
SignerRole = strawberry.enum(m.SignerRole, description="承诺书签署人身份 — who signed the commitment (法定代表人、负责人、经营者、授权人)")
NotificationRole = strawberry.enum(m.NotificationRole, description="推送原因 — why a department was told (许可审批、行业主管、综合执法、街镇、认领)")
TrackingResult = strawberry.enum(m.TrackingResult, description="跟踪检查结果 — result of a tracking inspection (正常、无证经营、通过登记住所无法联系、其他)")
TaskStatus = strawberry.enum(m.TaskStatus, description="跟踪任务状态 — tracking task status (待检查、已检查、已关闭)")
ApplicationStatus = strawberry.enum(m.ApplicationStatus, description="办证状态 — permit application status (办理中、准予、不予、撤回)")
OverdueKind = strawberry.enum(m.OverdueKind, description="超期事项类型 — kind of overdue act (接收反馈、许可反馈、跟踪检查、办证时限、联合审查、联合抽查确认、抽查结果公示、双公示、信用修复)")
InvestigationKind = strawberry.enum(m.InvestigationKind, description="案件类型 — what an investigation is about (无证经营、告知承诺违诺、随机抽查发现问题)")
CommitmentBreach = strawberry.enum(m.CommitmentBreach, description="违诺情形 — how a commitment approval went wrong (虚假承诺、未履行承诺)")
InvestigationOutcome = strawberry.enum(m.InvestigationOutcome, description="查处结果 — how an investigation ended (查实、查无实据)")
DisclosureKind = strawberry.enum(m.DisclosureKind, description="公示类型 — kind of disclosure (行政许可、行政处罚、抽查结果)")
