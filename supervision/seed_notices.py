"""The seed's 双告知 and 双跟踪 rows (§8, §14–17): every registration's 告知书, the 承诺书 of an entity whose
scope calls for an item that needs approval, and the tracking tasks the pushes open — closed once the
permits are held, otherwise visited by two inspectors of the department (most) or still open (some of
them past their two months). Decided as notices.notify_registration, notices.tracking_due and
tracking.on_permit_recorded decide them; the departments' staff are created once through the acts."""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from sqlmodel import select

from models import StaffUser
from models.enums import DepartmentKind, EntityType, NotificationRole, PermitItemStatus, SignerRole, StaffRole, \
    TaskStatus, TrackingResult

from . import accounts, bulk, seed
from .clock import CST
from .notices import NEEDS_APPROVAL, TRACKING_MONTHS, notice_items, tracking_due

NAME = "notices"
SUPERVISING = {DepartmentKind.APPROVAL.value, DepartmentKind.COMPETENT.value, DepartmentKind.ENFORCEMENT.value}
INSPECTORS = 3
TRACKED = NEEDS_APPROVAL | {PermitItemStatus.FILING.value}
SIGNER = {EntityType.INDIVIDUAL_BUSINESS.value: SignerRole.OPERATOR.value,
          EntityType.BRANCH.value: SignerRole.PERSON_IN_CHARGE.value}


def certificate(code: str, n: int) -> str:
    from .demo.load import _certificate
    return _certificate(code, n)


def ensure_staff(session, actor, ctx: seed.SeedContext) -> dict[int, list[int]]:
    """Certified inspectors (执法检查人员, §21) of every supervising department, as the demo names them, and a
    legal reviewer (法制审核人员); returns department id -> inspector ids. Accounts cannot log in (random password)."""
    have = {u.username: u for u in session.exec(select(StaffUser)).all()}
    pw_hash = None
    for d in sorted(ctx.departments.values(), key=lambda d: d.id):
        if not set(d.kinds) & SUPERVISING:
            continue
        wanted = [(f"{d.code.lower()}-inspector{n}", f"{d.name}执法人员{n}", [StaffRole.INSPECTOR.value],
                   certificate(d.code, n)) for n in range(1, INSPECTORS + 1)]
        wanted.append((f"{d.code.lower()}-fazhi", f"{d.name}法制审核员", [StaffRole.LEGAL_REVIEWER.value], None))
        for username, display, roles, cert in wanted:
            if username in have:
                continue
            pw_hash = pw_hash or accounts.hash_password(secrets.token_hex(16))
            have[username] = accounts.create_staff(
                session=session, actor=actor, username=username, display_name=display, password=None,
                password_hash=pw_hash, department_code=d.code, roles=roles, certificate_no=cert, request_id="seed")
    session.flush()
    out: dict[int, list[int]] = {}
    for u in sorted(have.values(), key=lambda u: u.id):
        if StaffRole.INSPECTOR.value in (u.roles or []) and u.certificate_no and u.active:
            out.setdefault(u.department_id, []).append(u.id)
        if StaffRole.LEGAL_REVIEWER.value in (u.roles or []) and u.active:
            ctx.state.setdefault("reviewers", {}).setdefault(u.department_id, u.id)
    return out


def _setup(session, actor, ctx: seed.SeedContext) -> None:
    ctx.state["inspectors"] = ensure_staff(session, actor, ctx)


def _two(rng, team: list[int]) -> list[int]:
    """Two different inspectors (§16); random.sample costs more than the rest of the task."""
    a = rng.randrange(len(team))
    b = rng.randrange(len(team) - 1)
    return [team[a], team[b + (b >= a)]]


def _notice_items(ctx: seed.SeedContext, matched: tuple[int, ...]) -> bulk.Json:
    return ctx.memo(("notice", matched), lambda: bulk.Json(bulk.dumps(
        notice_items([ctx.item_by_id[i] for i in matched], ctx.by_id))))


@seed.register(NAME, ["registration_notice", "commitment", "tracking_task", "tracking_inspection"], setup=_setup)
def notices_and_tracking(ctx: seed.SeedContext, chunk: seed.Chunk) -> None:
    rng = ctx.rng_for(NAME)
    items = ctx.item_by_id
    pushes: dict[int, list[dict]] = {}
    for n in chunk.rows.get("notification", []):
        pushes.setdefault(n["entity_id"], []).append(n)
    permits: dict[int, list[dict]] = {}
    for p in chunk.rows.get("permit", []):
        permits.setdefault(p["entity_id"], []).append(p)
    for e, row in zip(chunk.entities, chunk.rows.get("market_entity", [])):
        eid, registered_at = row["id"], row["created_at"]
        established, matched = row["established_on"], e["postItems"]
        # 一告知 (§8): the notice, and the commitment when an item needs approval
        nid = ctx.ids("registration_notice")
        chunk.add("registration_notice", dict(id=nid, entity_id=eid, department_id=ctx.registrar.id,
                                              issued_on=established, items=_notice_items(ctx, matched),
                                              created_at=registered_at))
        if any(items[i].status in NEEDS_APPROVAL for i in matched):
            chunk.add("commitment", dict(
                id=ctx.ids("commitment"), entity_id=eid, notice_id=nid, signer_name=row["legal_representative"],
                signer_role=SIGNER.get(row["entity_type"], SignerRole.LEGAL_REPRESENTATIVE.value),
                signed_on=established, created_at=registered_at))
        # 一跟踪 (§14–17): a task per push naming items to approve or file; closed by the permits (§18)
        held: list[int] = [p["item_id"] for p in permits.get(eid, [])]
        for n in pushes.get(eid, []):
            tracked = [i for i in n["item_ids"] if items[i].status in TRACKED]
            if not tracked or n["role"] == NotificationRole.STREET.value:
                continue
            due = ctx.memo(("tracking_due", established), lambda: tracking_due(ctx.calendar, established, TRACKING_MONTHS))
            tid = ctx.ids("tracking_task")
            task = dict(id=tid, entity_id=eid, department_id=n["department_id"], notification_id=n["id"],
                        item_ids=tracked, opened_on=established, due=due.due, due_provisional=due.provisional,
                        status=TaskStatus.OPEN.value, closed_reason=None, recheck_every_months=None,
                        created_at=registered_at)
            if set(tracked) <= set(held):
                last = max(held.index(i) for i in tracked)
                task.update(status=TaskStatus.CLOSED.value,
                            closed_reason=f"已取得“{items[held[last]].name}”，纳入日常监管（§18）")
            else:
                recent = (ctx.today - established).days < 365
                visit = established + timedelta(days=rng.randint(7, 75) if recent else rng.randint(7, 120))
                team = ctx.state["inspectors"].get(n["department_id"], [])
                if visit <= ctx.today and not (recent and rng.random() < 0.35) and len(team) >= 2:
                    result = TrackingResult.NORMAL if rng.random() < 0.98 else TrackingResult.NOT_FOUND_AT_ADDRESS
                    chunk.add("tracking_inspection", dict(
                        id=ctx.ids("tracking_inspection"), task_id=tid, inspected_on=visit,
                        inspector_ids=_two(rng, team), result=result.value, notes="", due=due.due,
                        created_at=datetime.combine(visit, time(16, 0), CST)))
                    task["status"] = TaskStatus.INSPECTED.value
            chunk.add("tracking_task", task)
