"""A city-sized data set: `jianguan seed --entities N [--seed S]`.

The demo (supervision/demo/load.py) builds a district through the domain acts, one entity at a
time; that takes hours for a city of millions. The seed writes the same kind of rows in bulk
(COPY on PostgreSQL, executemany on SQLite), in chunks, but decides them with the domain's own
rule functions run on in-memory rows: who supervises a permit (`responsible_departments`), who
is told of a registration (`_push_targets`), who decides a permit (`approving_department_id`),
and the working-day calendar for deadlines. So the access-routing rows (entity_assignment) are
exactly those the acts would have written. The seed act itself is audited once, not per row.

Other areas add their rows (inspections, penalties, disclosures, credit records …) by
registering an extension: a function called once per chunk with the chunk's rows, which appends
rows for its own tables to `chunk.rows`; optionally a `setup` run once before the first chunk
(through the domain acts, for the few rows everything else refers to: staff, item lists) and a
`finish` run once after the last (for rows that span chunks, such as a plan's whole directory).
JSON is written through supervision/bulk.py: serialised once per value (orjson), and a value
already serialised (`bulk.Json`) is written as it is.
"""
from __future__ import annotations

import random
import sys
import time as _time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Session, select

import models
from models import Department, MarketEntity, PermitItem
from models.enums import PermitMode, ResponsibilityRule

from . import accounts, audit, bulk, catalogue, clock
from .actors import Actor
from .calendar import load_calendar
from .clock import CST
from .demo import generate as g
from .notices import ACK_WORKING_DAYS, _push_targets
from .responsibility import approving_department_id, responsible_departments
from .tracking import FEEDBACK_WORKING_DAYS

CHUNK = 10_000
SEED_ACTOR_IDENT = "system:seed"
# Tables written by the seed, in foreign-key order; extensions append their own.
TABLES = ["market_entity", "notification", "permit", "entity_assignment"]


@dataclass
class SeedContext:
    """What an extension needs to write rows for a chunk: the catalogue, ids, the rng, the calendar."""

    rng: random.Random
    departments: dict[str, Department]
    items: dict[str, PermitItem]
    registrar: Department
    calendar: object
    today: date
    next_id: dict[str, int]
    seed: int = 1
    state: dict = field(default_factory=dict)  # extensions' own state across chunks, by extension name
    _cache: dict = field(default_factory=dict)

    @property
    def by_id(self) -> dict[int, Department]:
        if "by_id" not in self._cache:
            self._cache["by_id"] = {d.id: d for d in self.departments.values()}
        return self._cache["by_id"]

    def rng_for(self, name: str) -> random.Random:
        """An extension's own generator, so adding one extension does not change another's rows."""
        key = ("rng", name)
        if key not in self._cache:
            self._cache[key] = random.Random(f"{self.seed}:{name}")
        return self._cache[key]

    def memo(self, key, fn):
        """fn() once per key: per-date and per-item computations over millions of rows."""
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def working_days(self, start: date, n: int):
        """calendar.add_working_days, memoised: a city has millions of rows but a few thousand dates."""
        key = ("wd", start, n)
        if key not in self._cache:
            self._cache[key] = self.calendar.add_working_days(start, n)
        return self._cache[key]

    def scope_items(self, business_scope: str) -> tuple[int, ...]:
        """Ids of the post-registration items the scope calls for (notices.items_for_scope), in id order."""
        post = self._cache.get("post")
        if post is None:
            post = self._cache["post"] = [(i, tuple(p for p in i.scope_phrases if p)) for i in
                                          sorted(self.items.values(), key=lambda i: i.id)
                                          if i.mode == PermitMode.POST_REGISTRATION.value]
        return tuple(i.id for i, phrases in post if any(p in business_scope for p in phrases))

    @property
    def item_by_id(self) -> dict[int, PermitItem]:
        if "item_by_id" not in self._cache:
            self._cache["item_by_id"] = {i.id: i for i in self.items.values()}
        return self._cache["item_by_id"]

    def push_targets(self, matched: tuple[int, ...], street_id: int | None) -> dict:
        """notices._push_targets for the items matched (scope_items), memoised."""
        key = ("push", matched, street_id)
        if key not in self._cache:
            self._cache[key] = _push_targets([self.item_by_id[i] for i in matched], street_id)
        return self._cache[key]

    def responsible(self, item: PermitItem) -> list:
        key = ("resp", item.id)
        if key not in self._cache:
            self._cache[key] = [(r.department_id, r.rule.value) for r in responsible_departments(None, item)]
        return self._cache[key]

    def ids(self, table: str, n: int = 1) -> int:
        """Reserve n ids in `table`; return the first."""
        first = self.next_id.setdefault(table, 1)
        self.next_id[table] = first + n
        return first


@dataclass
class Chunk:
    entities: list[dict] = field(default_factory=list)  # generated entities with their "id" and "permits"
    rows: dict[str, list[dict]] = field(default_factory=dict)  # table -> rows to insert

    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)


Extension = Callable[[SeedContext, Chunk], None]
EXTENSIONS: list[tuple[str, Extension, list[str]]] = []
SETUPS: dict[str, Callable[[Session, Actor, SeedContext], None]] = {}
FINISHES: dict[str, Extension] = {}


def register(name: str, tables: list[str], *, setup: Callable | None = None, finish: Extension | None = None):
    """Decorator: `@seed.register("penalties", ["penalty", "disclosure"])` adds rows to every chunk;
    `setup(session, actor, ctx)` runs once before the first chunk, `finish(ctx, chunk)` once after the last."""
    def deco(fn: Extension) -> Extension:
        EXTENSIONS[:] = [e for e in EXTENSIONS if e[0] != name] + [(name, fn, tables)]
        for hooks, hook in ((SETUPS, setup), (FINISHES, finish)):
            hooks.pop(name, None)
            if hook is not None:
                hooks[name] = hook
        return fn
    return deco


@dataclass
class SeedSummary:
    entities: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class SeedError(RuntimeError):
    pass


# --- generating entities ---------------------------------------------------------------------

def iter_entities(n: int, seed: int) -> Iterator[dict]:
    """n entities of the demo district's profiles, streamed: the same (n, seed) gives the same entities.

    As supervision/demo/generate.generate_entities, but without holding the list, and names may
    repeat after a few attempts (the name space of two trade characters is small for a city).
    """
    rng = random.Random(seed)
    cat = g.load_catalogue()
    by_code = {it["code"]: it for it in cat["permitItems"]}
    types = g._quota(n, g._TYPE_SHARES)
    types = types[:n] + ["COMPANY"] * (n - len(types))
    rng.shuffle(types)
    statuses = g._quota(n, g._STATUS_SHARES)
    statuses = statuses[:n] + ["ACTIVE"] * (n - len(statuses))
    rng.shuffle(statuses)
    numbers = g._Numbers()
    names: set[str] = set()
    codes: set[str] = set()
    others_made = 0
    for etype, status in zip(types, statuses):
        profile = g._choose_profile(rng, etype)
        area = rng.choice(profile["areas"])
        latest = g.ESTABLISHED_TO if status == "ACTIVE" else date(2025, 6, 30)
        established = g._random_date(rng, g.ESTABLISHED_FROM, latest)
        authority, kind = "9", {"INDIVIDUAL_BUSINESS": "2", "FARMER_COOPERATIVE": "3"}.get(etype, "1")
        if etype == "OTHER":
            authority = "Y" if others_made % 3 == 2 else "N"
            others_made += 1
            if area not in g._VILLAGES:
                area = rng.choice(g._RURAL)
        licensed: list[str] = []
        general_items: list[str] = []
        industry = None
        for item_code, p, choices, implied_industry in profile["items"]:
            if rng.random() >= p:
                continue
            item = by_code[item_code]
            phrase = rng.choice(choices or item["scopePhrases"])
            target = licensed if item["status"] in g.PERMIT_STATUSES else general_items
            if phrase not in licensed and phrase not in general_items:
                target.append(phrase)
            if implied_industry and industry is None:
                industry = implied_industry
        industry = industry or rng.choice(profile["industries"])
        pool = list(profile["general"])
        general = rng.sample(pool, min(len(pool), rng.randint(2, 6)))
        general = general_items + [x for x in general if x not in general_items]
        scope = g._scope_text(rng, licensed, general, established)
        for attempt in range(8):
            if etype == "OTHER":
                name, kind = g._collective(rng, area, authority, attempt)
            else:
                name = g._entity_name(rng, profile, etype, area, industry)
            if name not in names:
                break
        names.add(name)
        code = g.make_uscc(rng, authority=authority, kind=kind, org_prefix=g._org_prefix(established))
        while code in codes:
            code = g.make_uscc(rng, authority=authority, kind=kind, org_prefix=g._org_prefix(established))
        codes.add(code)
        shopfront = etype == "INDIVIDUAL_BUSINESS" or (profile.get("shopWords") and etype == "BRANCH")
        entity = {"uscc": code, "name": name, "entityType": etype, "legalRepresentative": g._person(rng),
                  "address": g._address(rng, area, bool(shopfront)), "region": "310115", "industryCode": industry,
                  "businessScope": scope, "establishedOn": established.isoformat(), "status": status,
                  "contactPhone": g._phone(rng)}
        permits = []
        for item in g.items_needed(scope, cat):
            if item["status"] not in g.PERMIT_STATUSES:
                continue
            if item["mode"] == "PRE_REGISTRATION" or rng.random() < g.PERMIT_SHARE:
                permit = g._permit_for_item(rng, numbers, item, entity)
                if permit:
                    permits.append(permit)
        entity["permits"] = permits
        yield entity


# --- rows for one chunk ----------------------------------------------------------------------

def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), CST)


def build_chunk(ctx: SeedContext, generated: list[dict]) -> Chunk:
    """Rows for a chunk of generated entities, decided by the domain's rule functions."""
    chunk = Chunk()
    streets = {kw: ctx.departments[code].id for code, kw in _streets().items() if code in ctx.departments}
    rng = ctx.rng
    now = datetime.now(CST)
    for e in generated:
        eid = ctx.ids("market_entity")
        e["id"] = eid
        established = date.fromisoformat(e["establishedOn"])
        registered_at = _at(established, 10)
        street_id = next((d for kw, d in streets.items() if kw in e["address"]), None)
        e["streetId"], e["postItems"] = street_id, ctx.scope_items(e["businessScope"])
        chunk.entities.append(e)
        chunk.add("market_entity", dict(
            id=eid, uscc=e["uscc"], uscc_as_entered=e["uscc"], name=e["name"], entity_type=e["entityType"],
            legal_representative=e["legalRepresentative"], address=e["address"], region=e["region"],
            industry_code=e["industryCode"], business_scope=e["businessScope"], established_on=established,
            status=e["status"], registering_department_id=ctx.registrar.id, street_department_id=street_id,
            contact_phone=e["contactPhone"], tolerance_until=None, created_at=registered_at, updated_at=registered_at))
        chunk.add("entity_assignment", dict(
            entity_id=eid, department_id=ctx.registrar.id, rule=ResponsibilityRule.REGISTERED.value,
            source_kind="registration", source_id=eid, item_id=None, created_at=registered_at))
        # 二告知 (§9): the push to each department the items name, and its receipt (§11).
        due = ctx.working_days(established, ACK_WORKING_DAYS)
        first_notification: dict[int, int] = {}
        for (dept_id, role), item_ids in ctx.push_targets(e["postItems"], street_id).items():
            nid = ctx.ids("notification")
            first_notification.setdefault(dept_id, nid)
            acked = None
            if rng.random() < 0.93:
                acked = _at(ctx.working_days(established, 0 if rng.random() < 0.75 else 1).due, 11)
                acked = acked if acked <= now else None
            chunk.add("notification", dict(
                id=nid, entity_id=eid, department_id=dept_id, role=role, item_ids=item_ids, pushed_at=registered_at,
                ack_due=due.due, ack_due_provisional=due.provisional, acknowledged_at=acked,
                acknowledged_by=SEED_ACTOR_IDENT if acked else None))
            chunk.add("entity_assignment", dict(
                entity_id=eid, department_id=dept_id, rule=ResponsibilityRule.ROUTED.value, source_kind="notification",
                source_id=nid, item_id=None, created_at=registered_at))
        # 谁审批、谁监管: permits, and the departments each one makes responsible (rules 1–5).
        for p in e["permits"]:
            item = ctx.items[p["itemCode"]]
            issuer = ctx._cache.setdefault(("issuer", item.id), approving_department_id(item))
            if issuer is None:
                continue
            pid = ctx.ids("permit")
            decided = date.fromisoformat(p["decisionDate"])
            recorded = _at(decided, 15)
            chunk.add("permit", dict(
                id=pid, entity_id=eid, item_id=item.id, number=p["number"], decision_date=decided,
                valid_from=date.fromisoformat(p["validFrom"]),
                valid_to=date.fromisoformat(p["validTo"]) if p.get("validTo") else None, status=p["status"],
                status_reason=None if p["status"] == "GRANTED" else "批量生成数据", issuing_department_id=issuer,
                feedback_due=ctx.working_days(decided, FEEDBACK_WORKING_DAYS).due,
                notification_id=first_notification.get(issuer), created_at=recorded, updated_at=recorded))
            for dept_id, rule in ctx.responsible(item):
                chunk.add("entity_assignment", dict(
                    entity_id=eid, department_id=dept_id, rule=rule, source_kind="permit",
                    source_id=pid, item_id=item.id, created_at=recorded))
    for _name, fn, _tables in EXTENSIONS:
        fn(ctx, chunk)
    return chunk


def _streets() -> dict[str, str]:
    from .demo.load import STREETS
    return STREETS


# --- writing ---------------------------------------------------------------------------------

def _set_aside(session: Session, tables: list[str]) -> list[str]:
    """PostgreSQL: drop the secondary indexes (not those behind constraints) and the foreign keys of the tables,
    and return the statements that restore them. Building an index once after the load is cheaper than
    maintaining it row by row; a foreign key checks (and share-locks) the referenced row for every row copied,
    while added back it validates all rows in one join. Same transaction: a failed seed leaves them as they were."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    indexes = session.execute(sa.text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
        "AND i.tablename = ANY(:t) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conname = i.indexname AND c.connamespace = to_regnamespace(current_schema()))"),
        {"t": tables}).all()
    keys = session.execute(sa.text(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.connamespace = to_regnamespace(current_schema()) "
        "AND c.conrelid::regclass::text = ANY(:t) ORDER BY c.conrelid::regclass::text, c.conname"),
        {"t": tables}).all()
    for name, _ in indexes:
        session.execute(sa.text(f'DROP INDEX "{name}"'))
    for table, name, _ in keys:
        session.execute(sa.text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    return [d for _, d in indexes] + [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in keys]


def _next_ids(session: Session, tables: list[str]) -> dict[str, int]:
    out = {}
    for t in tables:
        table = models.metadata.tables[t]
        if "id" in table.c:
            out[t] = (session.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
    return out


def _reset_sequences(session: Session, tables: list[str]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    for t in tables:
        session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                f"GREATEST((SELECT max(id) FROM {t}), 1))"))


class Progress:
    """A progress bar on stderr, redrawn at most a few times a second."""

    def __init__(self, total: int, label: str = "seed", stream=None):
        self.total, self.label, self.stream = total, label, stream or sys.stderr
        self.done, self.start, self._drawn = 0, _time.monotonic(), 0.0

    def update(self, n: int) -> None:
        self.done += n
        t = _time.monotonic()
        if t - self._drawn > 0.25 or self.done >= self.total:
            self._drawn = t
            frac = self.done / self.total if self.total else 1
            rate = self.done / max(t - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            bar = "#" * int(frac * 30)
            self.stream.write(f"\r{self.label} [{bar:<30}] {self.done:>9,}/{self.total:,} {rate:>8,.0f}/s eta {eta:5.0f}s")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def ensure_catalogue(session: Session, actor: Actor, keys: bool = True) -> None:
    """The demo catalogue's departments and items, and one key per department (the demo's derived
    tokens, so the benchmarks can name them), through the domain acts."""
    from .demo.load import demo_token
    if session.exec(select(Department.id).limit(1)).first() is None:
        catalogue.import_catalogue(session=session, actor=actor, data=g.load_catalogue(), request_id="seed")
        session.flush()
    if keys:
        from models import ApiKey
        have = set(session.exec(select(ApiKey.prefix)).all())
        scopes = [d.code for d in session.exec(select(Department).order_by(Department.id)).all()] + ["public"]
        for scope in scopes:
            token = demo_token(scope)
            if token[len(accounts.KEY_PREFIX):].split("_", 1)[0] not in have:
                accounts.create_api_key(session=session, actor=actor, name=f"{scope}（批量数据）",
                                        department_code=None if scope == "public" else scope, token=token,
                                        request_id="seed")
        session.flush()


def seed(*, session: Session, actor: Actor, entities: int, seed: int = 1, chunk_size: int = CHUNK,
         progress: bool = False, request_id: str = "seed", rebuild_indexes: bool = True) -> SeedSummary:
    """Write `entities` generated market entities with their permits, pushes and routing rows.

    Refuses a database that already holds entities (a second seed would repeat credit codes).
    Runs in the caller's transaction; the caller commits.
    """
    if not 1 <= entities <= 50_000_000:
        raise SeedError("entities 须在 1—50,000,000 之间")
    if session.exec(select(MarketEntity.id).limit(1)).first() is not None:
        raise SeedError("数据库中已有市场主体：批量数据只写入空库")
    started = _time.monotonic()
    ensure_catalogue(session, actor)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL synchronous_commit = off"))
    departments = {d.code: d for d in session.exec(select(Department)).all()}
    items = {i.code: i for i in session.exec(select(PermitItem)).all()}
    registrar = next(d for d in sorted(departments.values(), key=lambda d: d.id) if "REGISTRATION" in d.kinds)
    tables = list(dict.fromkeys(TABLES + [t for _n, _f, ts in EXTENSIONS for t in ts]))
    ctx = SeedContext(rng=random.Random(seed * 7919 + 1), departments=departments, items=items, registrar=registrar,
                      calendar=load_calendar(session), today=clock.today(), next_id={}, seed=seed)
    for setup in SETUPS.values():
        setup(session, actor, ctx)
    ctx.next_id = _next_ids(session, tables)
    summary = SeedSummary()
    bar = Progress(entities) if progress else None
    batch: list[dict] = []

    def write(chunk: Chunk) -> None:
        for t in tables:
            rows = chunk.rows.get(t, [])
            bulk.write_rows(session, t, rows)
            summary.rows[t] = summary.rows.get(t, 0) + len(rows)

    def flush() -> None:
        write(build_chunk(ctx, batch))
        summary.entities += len(batch)
        if bar:
            bar.update(len(batch))
        batch.clear()

    aside = _set_aside(session, tables) if rebuild_indexes else []
    for e in iter_entities(entities, seed):
        batch.append(e)
        if len(batch) >= chunk_size:
            flush()
    if batch:
        flush()
    for finish in FINISHES.values():
        last = Chunk()
        finish(ctx, last)
        write(last)
    if bar:
        bar.close()
    for definition in aside:
        session.execute(sa.text(definition))
    _reset_sequences(session, [t for t in tables if "id" in models.metadata.tables[t].c])
    summary.seconds = _time.monotonic() - started
    audit.append(session, actor=actor, act="data.seed", target_type="DataSet", target_id=f"seed:{seed}",
                 request_id=request_id, change={"entities": entities, "seed": seed, "rows": summary.rows})
    return summary


def analyze(session: Session) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("ANALYZE"))


# The areas' extensions register themselves on import.
from . import seed_notices, seed_disclosures, seed_penalties, seed_inspections  # noqa: E402,F401
