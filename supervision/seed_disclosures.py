"""The seed's 双公示 rows (§39–41): each permit decision's published record and its feed change, as
disclosure.on_permit_recorded (and on_permit_status_changed for a permit no longer in force) write
them, with the same fields (disclosure.permit_fields) and the same feed snapshot. `add_disclosure` is
also how the penalty and spot-check extensions publish theirs."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

from models.enums import DisclosureKind, DisclosureStatus, FeedEvent, PermitStatus

from . import bulk, disclosure, seed
from .clock import CST

NAME = "disclosures"
EMPTY = bulk.Json("[]")


def plain(fields: dict) -> dict:
    """audit.jsonable for the flat field dicts of a record: dates as ISO strings, amounts as strings."""
    out = {}
    for k, v in fields.items():
        if isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        out[k] = v
    return out


def utc_iso(ctx: seed.SeedContext, at: datetime) -> str:
    return ctx.memo(("utc", at), lambda: at.astimezone(timezone.utc).isoformat(timespec="microseconds"))


def authority(ctx: seed.SeedContext, department_id: int) -> tuple[str, str | None]:
    """A department's name and its own credit code (许可机关/处罚机关/检查机关), read once in setup."""
    return ctx.by_id[department_id].name, ctx.state[NAME]["codes"].get(department_id)


def _record(ctx, did: int, kind: str, uscc: str, version: int, decided_on: date, published_at: datetime,
            public_until: date | None, fields_json: str) -> bulk.Json:
    """disclosure.snapshot(d), with the fields spliced in as serialised once."""
    head = bulk.dumps({"id": did, "kind": kind, "uscc": uscc, "status": DisclosureStatus.PUBLIC.value, "version": version,
                       "decidedOn": decided_on.isoformat(), "publishedAt": utc_iso(ctx, published_at),
                       "publicUntil": public_until.isoformat() if public_until else None})
    return bulk.Json(head[:-1] + ',"fields":' + fields_json + "}")


def add_disclosure(ctx: seed.SeedContext, chunk: seed.Chunk, *, kind: DisclosureKind, source_id: int, entity_id: int,
                   uscc: str, department_id: int, decided_on: date, fields: dict, published_at: datetime,
                   public_until: date | None = None, severity: str | None = None,
                   update: tuple[dict, datetime] | None = None) -> int:
    """disclosure.create for a complete record (every department has its credit code): PUBLIC at once, one
    PUBLISHED change in the feed; with `update` (changes, at), the UPDATED change disclosure.update adds."""
    did = ctx.ids("disclosure")
    due = ctx.working_days(decided_on, disclosure.PUBLISH_WORKING_DAYS).due
    fields = plain(fields)
    fields_json = bulk.dumps(fields)
    chunk.add("disclosure_change", dict(
        disclosure_id=did, kind=kind.value, event=FeedEvent.PUBLISHED.value, at=published_at,
        record=_record(ctx, did, kind.value, uscc, 1, decided_on, published_at, public_until, fields_json)))
    version, updated_at = 1, published_at
    if update is not None:
        changes, updated_at = update
        fields = {**fields, **plain(changes)}
        fields_json = bulk.dumps(fields)
        version = 2
        chunk.add("disclosure_change", dict(
            disclosure_id=did, kind=kind.value, event=FeedEvent.UPDATED.value, at=updated_at,
            record=_record(ctx, did, kind.value, uscc, 2, decided_on, published_at, public_until, fields_json)))
    chunk.add("disclosure", dict(
        id=did, kind=kind.value, source_id=source_id, entity_id=entity_id, uscc=uscc, department_id=department_id,
        decided_on=decided_on, due_on=due, published_at=published_at, status=DisclosureStatus.PUBLIC.value,
        public_until=public_until, severity=severity, fields=bulk.Json(fields_json), missing=EMPTY, version=version,
        updated_at=updated_at))
    return did


def _setup(session, actor, ctx: seed.SeedContext) -> None:
    ctx.state[NAME] = {"codes": disclosure.department_codes(session, ctx.by_id)}


@seed.register(NAME, ["disclosure", "disclosure_change"], setup=_setup)
def permit_records(ctx: seed.SeedContext, chunk: seed.Chunk) -> None:
    """§39: every permit decision is published when recorded; a permit since expired, revoked or cancelled
    carries its current status (§40), as permits.change_permit_status leaves it."""
    entities = {e["id"]: e for e in chunk.rows.get("market_entity", [])}
    for p in chunk.rows.get("permit", []):
        e, item = entities[p["entity_id"]], ctx.item_by_id[p["item_id"]]
        name, code = authority(ctx, p["issuing_department_id"])
        fields = disclosure.permit_fields(
            entity=SimpleNamespace(name=e["name"], uscc=e["uscc"], entity_type=e["entity_type"],
                                   legal_representative=e["legal_representative"]),
            item=item, permit=SimpleNamespace(**p), authority=name, authority_uscc=code)
        update = None
        if p["status"] != PermitStatus.GRANTED.value:
            status = PermitStatus(p["status"])
            text = disclosure.PERMIT_STATUS_TEXT[status]
            ended = p["valid_to"] + timedelta(days=1) if status == PermitStatus.EXPIRED and p["valid_to"] else \
                p["decision_date"] + timedelta(days=180)
            at = datetime.combine(min(ended, ctx.today), time(9, 0), CST)
            update = ({"currentStatus": text, "remarks": f"{text}：{p['status_reason']}" if p["status_reason"] else None},
                      max(at, p["created_at"]))
        add_disclosure(ctx, chunk, kind=DisclosureKind.PERMIT, source_id=p["id"], entity_id=e["id"], uscc=e["uscc"],
                       department_id=p["issuing_department_id"], decided_on=p["decision_date"], fields=fields,
                       published_at=p["created_at"], update=update)
