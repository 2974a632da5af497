"""Throughput under load, and the proof that several workers share one database safely.

Starts `jianguan serve --workers W` on loopback, drives C concurrent clients for D seconds with a
mix of entity-file reads and permit recordings (a write that appends to the audit chain), then
checks that every write answered as successful is in the database (no lost writes) and that the
audit chain verifies with several writers.
"""
from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import date

import sqlalchemy as sa

from . import Result, Timings, register
from .entity_file import ENTITY_FILE, VIEWER
from .env import Env

RECORD = """
mutation Record($input: RecordPermitInput!) {
  recordPermit(input: $input) { permit { id number } userErrors { field code message } }
}"""
WRITE_ITEM = "PD-SP-001"  # 食品经营许可, decided by the registering department (rule 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env: Env, port: int, workers: int) -> subprocess.Popen:
    url = env.engine.url.render_as_string(hide_password=False)
    cmd = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "l" * 40,
                                      "JIANGUAN_ENV": "production"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    import httpx2
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except Exception:  # not listening yet
            pass
        if proc.poll() is not None:
            raise RuntimeError("the server exited while starting")
        time.sleep(0.3)
    _stop(proc)
    raise RuntimeError("the server did not start within 60 s")


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def _writable_usccs(env: Env, n: int = 200) -> list[str]:
    with env.engine.connect() as c:
        return c.execute(sa.text("SELECT uscc FROM market_entity WHERE status = 'ACTIVE' ORDER BY id DESC LIMIT :n"),
                         {"n": n}).scalars().all()


@register("load", order=90, heavy=True)
def load(env: Env) -> list[Result]:
    o = env.options
    clients, duration, workers, share = o.get("clients", 100), o.get("duration", 60.0), o.get("workers", 2), o.get("write_share", 0.1)
    token = env.token(VIEWER)
    reads, writes = env.sample_usccs(), _writable_usccs(env)
    run = uuid.uuid4().hex[:8]
    port = _free_port()
    proc = _start(env, port, workers)
    lat, errors, written, write_ok = Timings(), [], [0], [0]
    by_kind = {"read": Timings(), "write": Timings()}
    try:
        import httpx2

        async def client(k: int, stop: float):
            rng = random.Random(k)
            limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
            async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits) as c:
                i = 0
                while time.monotonic() < stop:
                    i += 1
                    if rng.random() < share:
                        written[0] += 1
                        body = {"query": RECORD, "variables": {"input": {
                            "uscc": rng.choice(writes), "itemCode": WRITE_ITEM, "number": f"LOAD-{run}-{k}-{i}",
                            "decisionDate": date.today().isoformat()}}}
                    else:
                        body = {"query": ENTITY_FILE, "variables": {"uscc": rng.choice(reads)}}
                    t0 = time.perf_counter()
                    try:
                        r = await c.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
                        data = r.json()
                        ok = r.status_code == 200 and not data.get("errors")
                        if ok and "mutation" in body["query"]:
                            payload = data["data"]["recordPermit"]
                            ok = not payload["userErrors"] and payload["permit"] is not None
                            write_ok[0] += ok
                        if not ok:
                            errors.append(f"{r.status_code}: {str(data)[:200]}")
                    except Exception as exc:  # a refused or dropped connection is an error of the run
                        errors.append(repr(exc)[:200])
                    lat.add(time.perf_counter() - t0)
                    by_kind["write" if "mutation" in body["query"] else "read"].add(time.perf_counter() - t0)

        async def drive():
            stop = time.monotonic() + duration
            await asyncio.gather(*(client(k, stop) for k in range(clients)))

        started = time.monotonic()
        asyncio.run(drive())
        elapsed = time.monotonic() - started
    finally:
        _stop(proc)

    with env.engine.connect() as c:
        stored = c.execute(sa.text("SELECT count(*) FROM permit WHERE number LIKE :p"), {"p": f"LOAD-{run}-%"}).scalar()
        audited = c.execute(sa.text("SELECT count(*) FROM audit_record WHERE act = 'permit.record' AND target_id IN "
                                    "(SELECT CAST(id AS VARCHAR) FROM permit WHERE number LIKE :p)"),
                            {"p": f"LOAD-{run}-%"}).scalar()
    from models.db import new_session
    from supervision import audit
    s = new_session(env.engine)
    try:
        chain = audit.verify(s)
    finally:
        s.close()
    n = len(lat.samples)
    lost = write_ok[0] - stored
    note = f"{clients} clients, {duration:.0f} s, {workers} workers, {share:.0%} writes"
    if errors:
        note += f"; first error: {errors[0]}"
    return [
        Result("load: requests/s", n / elapsed, "req/s", note=note, higher_is_better=True),
        Result("load: p50", lat.p50_ms, "ms"),
        Result("load: p99", lat.p99_ms, "ms", target="stated"),
        *[Result(f"load: {kind} p50 / p99", t.p50_ms, "ms", note=f"p99 {t.p99_ms:,.0f} ms over {len(t.samples):,} requests")
          for kind, t in by_kind.items() if t.samples],
        Result("load: errors", len(errors), "", target="0"),
        Result("load: writes answered ok / stored / audited", write_ok[0], "",
               note=f"{write_ok[0]} ok of {written[0]} sent; {stored} stored; {audited} audit records; "
                    f"lost writes: {lost}", target="equal"),
        Result("load: audit chain verifies after concurrent writers", 1 if chain.ok else 0, "",
               note=f"{chain.checked:,} records" + ("" if chain.ok else f"; broken at #{chain.first_broken_id}: {chain.reason}"),
               target="1 (yes)"),
    ]
