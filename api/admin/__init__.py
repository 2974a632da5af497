"""The admin: server-rendered pages for department staff, mounted at /admin by api.app.

Everything under /admin, its error pages and stylesheet included, passes through the same
wrapping: a request body limit, the security headers, and Chinese error pages.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from .acts import ActViews
from .cases import CaseViews
from .credit import CreditViews
from .editors import EditorViews
from .inspections import InspectionViews
from .headers import SecurityHeadersMiddleware
from .templating import STATIC_DIR
from .manage import ManageViews
from .penalties import PenaltyViews
from .views import AdminViews
from .workflow import WorkflowViews

MAX_BODY_SIZE = 256 * 1024


def admin_routes(engine, settings) -> list[BaseRoute]:
    views = AdminViews(engine, settings)
    work = WorkflowViews(views)
    views.workflow = work
    manage = ManageViews(views)
    acts = ActViews(views)
    cases = CaseViews(views)
    views.cases = cases
    credit = CreditViews(views)
    views.credit = credit
    insp = InspectionViews(views)
    pen = PenaltyViews(views)
    editors = EditorViews(views)
    views.penalties = pen
    routes = [
        Route("/", views.home, name="admin_home"),
        Route("/login", views.login_form, methods=["GET"], name="admin_login"),
        Route("/login", views.login, methods=["POST"], name="admin_login_submit"),
        Route("/logout", views.logout, methods=["POST"], name="admin_logout"),
        Route("/entities", views.entities, name="admin_entities"),
        Route("/entities/{uscc}", views.entity, name="admin_entity"),
        Route("/entities/{uscc}/notice", work.notice, name="admin_notice"),
        Route("/entities/{uscc}/timeline", views.timeline, name="admin_entity_timeline"),
        Route("/notifications/{id:int}/acknowledge", work.acknowledge, methods=["POST"], name="admin_acknowledge"),
        Route("/supervision-notices/{id:int}/sign", work.sign_supervision_notice, methods=["POST"],
              name="admin_sign_supervision_notice"),
        Route("/overdue", work.overdue, name="admin_overdue"),
        Route("/tracking/{id:int}", acts.tracking_form, name="admin_tracking"),
        Route("/tracking/{id:int}/inspect", acts.tracking_inspect, methods=["POST"], name="admin_tracking_inspect"),
        Route("/pool/{id:int}/claim", acts.pool_claim, methods=["POST"], name="admin_pool_claim"),
        Route("/reviews/{id:int}/opinion", acts.review_opinion, methods=["POST"], name="admin_review_opinion"),
        Route("/applications/{id:int}/close", acts.application_close, methods=["POST"], name="admin_application_close"),
        Route("/overdue/notice", acts.supervision_notice, methods=["POST"], name="admin_supervision_notice"),
        Route("/cases", cases.cases, name="admin_cases"),
        Route("/cases/{id:int}", cases.case, name="admin_case"),
        Route("/cases/{id:int}/close", cases.close, methods=["POST"], name="admin_case_close"),
        Route("/permits/{id:int}/breach", cases.report, methods=["POST"], name="admin_report_breach"),
        Route("/enforcement", pen.cases, name="admin_enforcement"),
        Route("/enforcement/{id:int}", pen.case, name="admin_enforcement_case"),
        Route("/enforcement/{id:int}/review", pen.review, methods=["POST"], name="admin_enforcement_review"),
        Route("/enforcement/{id:int}/decide", pen.decide, methods=["POST"], name="admin_enforcement_decide"),
        Route("/enforcement/{id:int}/exempt", pen.exempt, methods=["POST"], name="admin_enforcement_exempt"),
        Route("/enforcement/{id:int}/transfer", pen.transfer, methods=["POST"], name="admin_enforcement_transfer"),
        Route("/decisions/{id:int}/change", pen.change, methods=["POST"], name="admin_decision_change"),
        Route("/entities/{uscc}/enforcement", pen.open_form, name="admin_enforcement_open_form"),
        Route("/entities/{uscc}/enforcement", pen.open, methods=["POST"], name="admin_enforcement_open"),
        Route("/transfers", pen.transfers, name="admin_transfers"),
        Route("/transfers/{id:int}/status", pen.transfer_status, methods=["POST"], name="admin_transfer_status"),
        Route("/disclosures", pen.disclosures, name="admin_disclosures"),
        Route("/disclosures/department", pen.department_disclosures, name="admin_department_disclosures"),
        Route("/credit/lists", credit.lists, name="admin_credit_lists"),
        Route("/credit/lists/{id:int}/remove", credit.unlist, methods=["POST"], name="admin_credit_unlist"),
        Route("/credit/measures", credit.measures, name="admin_credit_measures"),
        Route("/credit/repairs", credit.repairs, name="admin_credit_repairs"),
        Route("/credit/repairs/{id:int}/decide", credit.decide_repair, methods=["POST"], name="admin_credit_decide"),
        Route("/credit/facts/{id:int}/repair", credit.file_repair, methods=["POST"], name="admin_credit_file_repair"),
        Route("/entities/{uscc}/list", credit.list_entity, methods=["POST"], name="admin_credit_list"),
        Route("/entities/{uscc}/evaluate", credit.evaluate, methods=["POST"], name="admin_credit_evaluate"),
        Route("/entities/{uscc}/risk", credit.risk_form, name="admin_risk_form"),
        Route("/entities/{uscc}/risk", credit.risk_assess, methods=["POST"], name="admin_risk_assess"),
        Route("/inspections", insp.index, name="admin_inspections"),
        Route("/inspections/items/publish", insp.publish_items, methods=["POST"], name="admin_inspection_items_publish"),
        Route("/inspections/plans", insp.create_plan, methods=["POST"], name="admin_plan_create"),
        Route("/inspections/plans/{id:int}", insp.plan, name="admin_plan"),
        Route("/inspections/plans/{id:int}/commit", insp.commit, methods=["POST"], name="admin_plan_commit"),
        Route("/inspections/plans/{id:int}/draw", insp.draw, methods=["POST"], name="admin_plan_draw"),
        Route("/inspections/plans/{id:int}/confirm", insp.confirm, methods=["POST"], name="admin_plan_confirm"),
        Route("/inspections/tasks", insp.tasks, name="admin_inspection_tasks"),
        Route("/inspections/tasks/{id:int}", insp.task, name="admin_inspection_task"),
        Route("/inspections/tasks/{id:int}/result", insp.result, methods=["POST"], name="admin_inspection_result"),
        Route("/inspections/results", insp.results, name="admin_inspection_results"),
        Route("/oversight", manage.dashboard, name="admin_dashboard"),
        Route("/catalogue", manage.catalogue, name="admin_catalogue"),
        Route("/catalogue/preview", manage.catalogue_preview, methods=["POST"], name="admin_catalogue_preview"),
        Route("/catalogue/import", manage.catalogue_import, methods=["POST"], name="admin_catalogue_import"),
        Route("/staff", manage.staff_page, name="admin_staff"),
        Route("/staff/new", manage.staff_create, methods=["POST"], name="admin_staff_create"),
        Route("/staff/{username}/password", manage.staff_password, methods=["POST"], name="admin_staff_password"),
        Route("/staff/{username}/active", manage.staff_active, methods=["POST"], name="admin_staff_active"),
        Route("/keys/new", manage.key_create, methods=["POST"], name="admin_key_create"),
        Route("/keys/{prefix}/revoke", manage.key_revoke, methods=["POST"], name="admin_key_revoke"),
        Route("/editors", editors.index, name="admin_editors"),
        Route("/editors/{key}", editors.page, name="admin_editor"),
        Route("/editors/{key}/{form}", editors.save, methods=["POST"], name="admin_editor_save"),
        Route("/audit", manage.audit_page, name="admin_audit"),
        Route("/audit/verify", manage.audit_verify, methods=["POST"], name="admin_audit_verify"),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="admin_static"),
    ]
    return [
        Mount("", routes=routes, middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY_SIZE),
            Middleware(ExceptionMiddleware, handlers={HTTPException: views.http_error}),
        ]),
    ]


__all__ = ["admin_routes"]
