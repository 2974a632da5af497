"""Benchmark: draw 5% of a 100,000-object directory (not a test; the figure goes to BENCHMARKS.md).

    python -m bench.draw --entities 100000 --ratio 0.05 --inspectors 200

Builds the directory in memory (credit grades and risk levels spread over the default table, 1% key-focus
objects, each inspector avoiding 50 objects), then times each step the platform runs: the inclusion
probabilities, the canonical snapshot and its SHA-256, the draw itself, and a full re-verification.
"""
from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from supervision import draws, ratings


def build(n: int, inspectors: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    grades = list(ratings.GRADES) + [None]
    risks = list(ratings.RISK_LEVELS) + [None]
    objects = [{"key": f"91310115MA{i:08d}", "entityId": i + 1, "uscc": f"91310115MA{i:08d}",
                "grade": rng.choice(grades), "risk": rng.choice(risks), "keyFocus": rng.random() < 0.01}
               for i in range(n)]
    keys = [o["key"] for o in objects]
    pool = [{"id": 1000 + j, "avoid": rng.sample(keys, 50)} for j in range(inspectors)]
    return objects, [{"department": "BENCH", "inspectors": pool}]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entities", type=int, default=100_000)
    p.add_argument("--ratio", default="0.05")
    p.add_argument("--inspectors", type=int, default=200)
    p.add_argument("--seed", default="bench-seed")
    args = p.parse_args(argv)
    rng = random.Random(20261123)
    objects, pools = build(args.entities, args.inspectors, rng)
    table = draws.default_table(ratings.GRADES, ratings.RISK_LEVELS)

    t0 = time.perf_counter()
    weights = [draws.weight(table, o["grade"], o["risk"]) for o in objects]
    forced = [o["keyFocus"] for o in objects]
    probs = draws.inclusion_probabilities(weights, forced, Decimal(args.ratio) * len(objects))
    for o, pr in zip(objects, probs):
        o["p"] = pr
    t1 = time.perf_counter()
    snap = draws.build_snapshot(plan={"id": 1, "teamSize": 2}, objects=objects, pools=pools)
    text = draws.canonical(snap)
    digest = draws.sha256_hex(text)
    t2, c2 = time.perf_counter(), time.process_time()
    result = draws.draw(snap, args.seed)
    t3, c3 = time.perf_counter(), time.process_time()
    check = draws.verify(snapshot_text=text, seed=args.seed, snapshot_hash=digest,
                         seed_hash=draws.sha256_hex(args.seed), result=result.as_dict())
    t4 = time.perf_counter()
    print(f"objects {len(objects):,}  inspectors {args.inspectors}  expected {Decimal(args.ratio) * len(objects)}  "
          f"drawn {len(result.selected):,}  teams {len(result.teams):,}  unassigned {len(result.unassigned)}")
    print(f"probabilities {t1 - t0:.2f}s  snapshot+sha256 {t2 - t1:.2f}s ({len(text) / 1e6:.1f} MB)  "
          f"draw {t3 - t2:.2f}s (cpu {c3 - c2:.2f}s)  verify {t4 - t3:.2f}s  total {t4 - t0:.2f}s  verified={check.matches}")
    return 0 if check.matches else 1


if __name__ == "__main__":
    raise SystemExit(main())
