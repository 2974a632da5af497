"""双随机 — the draw itself, as a pure function anyone can re-run (in the spirit of RFC 3797).

Before drawing, a plan publishes SHA-256 of a secret seed and SHA-256 of the *snapshot*: one
canonical JSON document (keys sorted, separators ``,`` and ``:``, UTF-8, no ASCII escaping) holding
the plan's parameters, every object of the directory with its inclusion probability, and every
inspector pool with the objects each inspector must avoid. The draw reads nothing else; after it
the seed is revealed, and anyone holding the snapshot and the seed gets the same result.

Algorithm ``jianguan-draw/1`` (enough to re-implement it elsewhere):

* ``H(label) = HMAC-SHA256(key = seed as UTF-8, message = label as UTF-8)``; ``h64(label)`` is the
  first 8 bytes of ``H`` read as a big-endian unsigned integer.
* Objects (Poisson sampling): object ``k`` with probability ``p`` (a decimal string with at most 6
  places) is drawn iff ``h64("select:" + k) * 10**6 < p * 10**6 * 2**64`` — exact integer
  arithmetic, independently for each object. The expected number drawn is the sum of the ``p``s.
* Teams: drawn objects in ascending key order; for each pool in the snapshot's order, the
  inspectors not avoiding the object are ranked by (tasks already given in this draw, hex of
  ``H("team:" + k + ":" + inspector id)``) and the first ``teamSize`` form the pool's part of the
  team. An object without enough eligible inspectors in some pool is listed as unassigned.

Inclusion probabilities (computed when the snapshot is taken and stored in it): each object has a
weight from the plan's probability table, keyed by credit grade and risk level (lower credit or
higher risk → larger weight, 000 §11, §37); key-focus objects (§22) are either always drawn
(p = 1) or have their weight multiplied. The plan's ratio r (or count n) sets the *expected*
sample size T = r × N (or n): p_i = min(1, c × w_i), with c chosen so that Σ p_i = T.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Iterable

ALGORITHM = "jianguan-draw/1"
PLACES = 6
_SCALE = 10 ** PLACES
_TWO64 = 1 << 64

GRADE_FACTOR = {"A": Decimal("0.5"), "B": Decimal("1"), "C": Decimal("2"), "D": Decimal("4")}
RISK_FACTOR = {"LOW": Decimal("0.5"), "MEDIUM": Decimal("1"), "HIGHER": Decimal("2"), "HIGH": Decimal("4")}
UNRATED = "*"  # a grade or risk level not (yet) given: the table's default row


def default_table(grades: Iterable[str] = tuple(GRADE_FACTOR), risks: Iterable[str] = tuple(RISK_FACTOR)) -> dict[str, str]:
    """Weight per "grade|risk": the product of a grade factor and a risk factor; '*' stands for unrated."""
    g = {**{x: GRADE_FACTOR.get(x, Decimal(1)) for x in grades}, UNRATED: Decimal(1)}
    r = {**{x: RISK_FACTOR.get(x, Decimal(1)) for x in risks}, UNRATED: Decimal(1)}
    return {f"{a}|{b}": str((g[a] * r[b]).normalize()) for a in g for b in r}


def weight(table: dict[str, str], grade: str | None, risk: str | None) -> Decimal:
    for key in (f"{grade or UNRATED}|{risk or UNRATED}", f"{grade or UNRATED}|{UNRATED}", f"{UNRATED}|{risk or UNRATED}",
                f"{UNRATED}|{UNRATED}"):
        if key in table:
            return Decimal(str(table[key]))
    return Decimal(1)


def check_table(table: dict[str, str], grades: tuple[str, ...], risks: tuple[str, ...]) -> list[str]:
    """Problems of a probability table: negative weights, or a better grade / lower risk weighted more."""
    problems = []
    for k, v in table.items():
        try:
            if Decimal(str(v)) < 0 or not Decimal(str(v)).is_finite():
                problems.append(f"{k} 的权重不能为负数")
        except ArithmeticError:
            problems.append(f"{k} 的权重“{v}”不是数字")
    if problems:
        return problems
    for r in risks:
        ws = [weight(table, g, r) for g in grades]
        if any(a > b for a, b in zip(ws, ws[1:])):
            problems.append(f"风险等级 {r}：信用等级越低，抽取概率应不低于信用等级高者")
    for g in grades:
        ws = [weight(table, g, r) for r in risks]
        if any(a > b for a, b in zip(ws, ws[1:])):
            problems.append(f"信用等级 {g}：风险等级越高，抽取概率应不低于风险等级低者")
    return problems


def inclusion_probabilities(weights: list[Decimal], forced: list[bool], target: Decimal) -> list[str]:
    """p_i = min(1, c·w_i) with Σp = target (forced objects p = 1 count towards it); 6-place strings, rounded down."""
    n = len(weights)
    p = [Decimal(0)] * n
    rest = target - sum(1 for f in forced if f)
    free = [i for i in range(n) if not forced[i] and weights[i] > 0]
    for i in range(n):
        if forced[i]:
            p[i] = Decimal(1)
    while rest > 0 and free:
        total = sum(weights[i] for i in free)
        c = rest / total
        capped = [i for i in free if c * weights[i] >= 1]
        if not capped:
            for i in free:
                p[i] = c * weights[i]
            break
        for i in capped:
            p[i] = Decimal(1)
        rest -= len(capped)
        done = set(capped)
        free = [i for i in free if i not in done]
    return [_fmt(x) for x in p]


def _fmt(x: Decimal) -> str:
    x = min(Decimal(1), max(Decimal(0), x)).quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_FLOOR)
    return format(x.normalize(), "f") if x else "0"


# --- the snapshot ----------------------------------------------------------------------------

def canonical(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_snapshot(*, plan: dict, objects: list[dict], pools: list[dict]) -> dict:
    """objects: {key, entityId, uscc, grade, risk, keyFocus, p}; pools: {department, inspectors: [{id, certificateNo, avoid}]}."""
    return {
        "algorithm": ALGORITHM,
        "plan": plan,
        "objects": sorted(objects, key=lambda o: o["key"]),
        "pools": [{"department": pool["department"],
                   "inspectors": sorted(({**i, "avoid": sorted(set(i.get("avoid", [])))} for i in pool["inspectors"]),
                                        key=lambda i: i["id"])}
                  for pool in pools],
    }


# --- the draw --------------------------------------------------------------------------------

def _mac(seed: str, label: str) -> bytes:
    return hmac.new(seed.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).digest()


def h64(seed: str, label: str) -> int:
    return int.from_bytes(_mac(seed, label)[:8], "big")


def selected(seed: str, key: str, p: str) -> bool:
    p_scaled = int(Decimal(p) * _SCALE)
    return h64(seed, "select:" + key) * _SCALE < p_scaled * _TWO64


@dataclass(frozen=True)
class DrawResult:
    selected: list[str]  # object keys, ascending
    teams: dict[str, list[int]]  # object key -> inspector ids (each pool's part in pool order)
    unassigned: list[str]  # drawn objects some pool could not staff (avoidance)

    def as_dict(self) -> dict:
        return {"algorithm": ALGORITHM, "selected": self.selected, "teams": self.teams, "unassigned": self.unassigned}


def draw(snapshot: dict, seed: str) -> DrawResult:
    """The whole draw: a function of the snapshot and the seed only."""
    if snapshot.get("algorithm") != ALGORITHM:
        raise ValueError(f"unknown algorithm {snapshot.get('algorithm')!r}")
    team_size = int(snapshot["plan"]["teamSize"])
    chosen = [o["key"] for o in sorted(snapshot["objects"], key=lambda o: o["key"]) if selected(seed, o["key"], o["p"])]
    pools = [[(int(i["id"]), frozenset(i.get("avoid", []))) for i in pool["inspectors"]] for pool in snapshot["pools"]]
    load: dict[int, int] = {}
    teams: dict[str, list[int]] = {}
    unassigned: list[str] = []
    for key in chosen:
        team: list[int] = []
        for pool in pools:
            part = _pick(seed, key, pool, load, team_size)
            if part is None:
                team = []
                break
            team.extend(part)
        if not team:
            unassigned.append(key)
            continue
        for ident in team:
            load[ident] = load.get(ident, 0) + 1
        teams[key] = team
    return DrawResult(selected=chosen, teams=teams, unassigned=unassigned)


def _pick(seed: str, key: str, pool: list[tuple[int, frozenset]], load: dict[int, int], size: int) -> list[int] | None:
    """The first `size` eligible inspectors by (load, HMAC); the HMAC is computed only for the loads reached."""
    by_load: dict[int, list[int]] = {}
    for ident, avoid in pool:
        if key not in avoid:
            by_load.setdefault(load.get(ident, 0), []).append(ident)
    if sum(len(v) for v in by_load.values()) < size:
        return None
    out: list[int] = []
    for n in sorted(by_load):
        group = sorted(by_load[n], key=lambda ident: _mac(seed, f"team:{key}:{ident}").hex())
        out.extend(group[:size - len(out)])
        if len(out) == size:
            return out
    return out


@dataclass(frozen=True)
class Verification:
    matches: bool
    snapshot_hash_ok: bool
    seed_hash_ok: bool
    result_ok: bool
    message: str


def verify(*, snapshot_text: str, seed: str, snapshot_hash: str, seed_hash: str, result: dict) -> Verification:
    """Re-run a published draw: the hashes must match what was published before, and the result what was announced."""
    snap_ok = sha256_hex(snapshot_text) == snapshot_hash
    seed_ok = sha256_hex(seed) == seed_hash
    again = draw(json.loads(snapshot_text), seed).as_dict()
    res_ok = canonical(again) == canonical(result)
    ok = snap_ok and seed_ok and res_ok
    if ok:
        msg = "复核一致：快照与种子的哈希与事前公布的一致，重新摇号结果与公布结果相同"
    else:
        parts = [t for t, good in (("名录快照哈希不符", snap_ok), ("种子哈希不符", seed_ok), ("重新摇号结果与公布结果不同", res_ok)) if not good]
        msg = "复核不一致：" + "；".join(parts)
    return Verification(ok, snap_ok, seed_ok, res_ok, msg)
