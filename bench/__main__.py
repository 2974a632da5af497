"""`python -m bench [--database-url URL] [--entities N] [--only NAME ...] [--all]`

Seeds the database first when it holds fewer than N entities (an empty database only), runs the
registered benchmarks, prints a table and appends the run to BENCHMARKS.md with the machine,
the date, the data size, the command and the previous run's figures.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import pkgutil
import re
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

import bench
from bench import BENCHMARKS, Result
from bench.env import Env

ROOT = Path(__file__).resolve().parents[1]
MARK = "<!-- bench-run "


def discover() -> None:
    for m in pkgutil.iter_modules(bench.__path__):
        if m.name not in ("__main__", "env"):
            importlib.import_module(f"bench.{m.name}")


def machine(engine) -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    db = engine.dialect.name
    if db == "postgresql":
        with engine.connect() as c:
            db = "PostgreSQL " + c.execute(sa.text("SHOW server_version")).scalar().split()[0]
    return f"{cpu} × {os.cpu_count()} cores{mem}; Python {platform.python_version()}; {db} on the same host"


def count_entities(engine) -> int:
    with engine.connect() as c:
        try:
            return c.execute(sa.text("SELECT count(*) FROM market_entity")).scalar()
        except sa.exc.DBAPIError:
            return 0


def fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    if unit == "stmts" or float(x).is_integer() and abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"


def table(results: list[Result], previous: dict) -> list[str]:
    out = ["| figure | platform | floor | ratio | target | previous run | note |",
           "|---|---:|---:|---:|---|---:|---|"]
    for r in results:
        prev = previous.get(r.name)
        prev_s = "—" if prev is None else f"{fmt(prev['value'], r.unit)} {r.unit}" + (
            f" ({prev['ratio']:.2f}×)" if prev.get("ratio") else "") + f", {prev['date'][:16]}" + (
            f", {prev['entities']:,} entities" if prev.get("entities") else "")
        out.append(f"| {r.name} | {fmt(r.value, r.unit)} {r.unit} | "
                   f"{'—' if r.floor is None else fmt(r.floor, r.unit) + ' ' + r.unit} | "
                   f"{'—' if r.ratio is None else f'{r.ratio:.2f}×'} | {r.target} | {prev_s} | {r.note} |")
    return out


def previous_runs(path: Path) -> tuple[dict, dict]:
    """(the last run, each figure as last measured in any earlier run, with that run's date)."""
    if not path.exists():
        return {}, {}
    runs = [json.loads(x) for x in re.findall(re.escape(MARK) + r"(\{.*?\}) -->", path.read_text(encoding="utf-8"))]
    figures: dict = {}
    for run in runs:
        for name, r in run.get("results", {}).items():
            figures[name] = {**r, "date": run["date"], "entities": run.get("entities")}
    return (runs[-1] if runs else {}), figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///bench.db"))
    p.add_argument("--entities", type=int, default=0, help="seed this many entities first if the database is empty")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", action="append", default=[], help="run only this benchmark (repeatable)")
    p.add_argument("--all", action="store_true", help="also run the heavy ones (load)")
    p.add_argument("--iterations", type=int, default=300)
    p.add_argument("--feed-records", type=int, default=100_000,
                   help="feed: rows to load for the run when the database's feed is empty")
    p.add_argument("--clients", type=int, default=100, help="load: concurrent clients")
    p.add_argument("--duration", type=float, default=60, help="load: seconds")
    p.add_argument("--workers", type=int, default=2, help="load: uvicorn workers")
    p.add_argument("--write-share", type=float, default=0.1, help="load: share of requests that record a permit")
    p.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    p.add_argument("--no-record", action="store_true", help="print only; do not touch BENCHMARKS.md")
    args = p.parse_args(argv)

    discover()
    import migrations
    from api.app import create_app
    from api.settings import Settings
    from models.db import make_engine, new_session
    from supervision import seed
    from supervision.actors import SYSTEM

    url = args.database_url
    migrations.upgrade(url)
    engine = make_engine(url)
    have = count_entities(engine)
    if args.entities and have == 0:
        s = new_session(engine)
        summary = seed.seed(session=s, actor=SYSTEM, entities=args.entities, seed=args.seed, progress=True)
        s.commit()
        seed.analyze(s)
        s.commit()
        s.close()
        print(f"seeded {summary.entities:,} entities in {summary.seconds:.1f} s", file=sys.stderr)
        have = summary.entities
    elif args.entities and have != args.entities:
        print(f"note: the database holds {have:,} entities; using them (seed only writes to an empty database)",
              file=sys.stderr)
    if have == 0:
        print("the database holds no entities: pass --entities N", file=sys.stderr)
        return 2
    app = create_app(Settings(database_url=url, secret_key="b" * 40, environment="production"), engine=engine)
    env = Env(database_url=url, engine=engine, app=app, entities=have, iterations=args.iterations,
              options=vars(args))
    def wanted(name, fn) -> bool:
        return name in args.only if args.only else (args.all or not getattr(fn, "heavy", False))

    chosen = sorted((o, n, fn) for n, (o, fn) in BENCHMARKS.items() if wanted(n, fn))
    unknown = set(args.only) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(BENCHMARKS))}",
              file=sys.stderr)
        return 2
    results: list[Result] = []
    for _o, name, fn in chosen:
        print(f"running {name} …", file=sys.stderr, flush=True)
        results.extend(fn(env))
    engine.dispose()

    out = Path(args.output)
    prev, figures = previous_runs(out)
    lines = table(results, figures)
    print("\n".join(lines))
    if args.no_record:
        return 0
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    from api.cli import _safe_url
    command = "python -m bench " + " ".join(shlex.quote(_safe_url(a) if "://" in a else a)
                                              for a in (argv if argv is not None else sys.argv[1:]))
    record = {"date": when, "entities": have,
              "results": {r.name: {"value": r.value, "floor": r.floor, "ratio": r.ratio} for r in results}}
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n\nSee README.md, “Benchmarks”.\n"
    block = [f"\n## Run of {when}", "",
             f"- machine: {machine(make_engine(url))}",
             f"- data: {have:,} market entities (`jianguan seed --entities {have} --seed {args.seed}`)",
             f"- command: `{command}`",
             f"- previous run: {prev.get('date', 'none')}" + (f" ({prev['entities']:,} entities)" if prev else ""),
             "", *lines, "", MARK + json.dumps(record, ensure_ascii=False) + " -->", ""]
    out.write_text(text.rstrip("\n") + "\n" + "\n".join(block), encoding="utf-8")
    print(f"recorded in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
