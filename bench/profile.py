"""Where an entity-file request spends its time: pyinstrument over the GraphQL execution itself.

`python -m bench --only profile` runs the entity-file query through `api.graphql.http.execute`
(the function every /graphql request runs in its worker thread) in this thread, so the profiler
sees it, and prints the top of the profile. It reports one figure: the request's CPU share.
"""
from __future__ import annotations

import sys
import time

from . import Result, register
from .entity_file import ENTITY_FILE, VIEWER
from .env import Env


@register("profile", order=95, heavy=True)
def profile(env: Env) -> list[Result]:
    from pyinstrument import Profiler

    from api.graphql.http import execute
    from api.graphql.limits import QueryLimits
    from api.graphql.schema import build_schema
    schema = build_schema(QueryLimits(max_depth=12, max_aliases=30, max_tokens=5000, max_nodes=500_000,
                                      max_page_size=100))
    token, usccs = env.token(VIEWER), env.sample_usccs()

    def run(u: str) -> None:
        status, body = execute(schema, env.engine, query=ENTITY_FILE, variables={"uscc": u}, operation_name=None,
                               token=token, request_id="profile")
        assert status == 200 and not body.get("errors"), body

    for u in usccs[:20]:
        run(u)
    p = Profiler(interval=0.0005)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    p.start()
    for u in usccs:
        run(u)
    p.stop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    text = p.output_text(unicode=False, color=False, show_all=False)
    print(text, file=sys.stderr)
    n = len(usccs)
    return [Result("profile: entity file wall per request (profiled)", wall / n * 1000, "ms"),
            Result("profile: entity file CPU per request (profiled)", cpu / n * 1000, "ms",
                   note="the rest of the wall time is waiting on PostgreSQL round trips")]
