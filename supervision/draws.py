"""双随机 — the draw itself, as a pure function anyone can re-run (in the spirit of RFC 3797).

Before drawing, a plan publishes SHA-256 of a secret seed and SHA-256 of the *snapshot*: one
canonical JSON document (keys sorted, separators ``,`` and ``:``, UTF-8, no ASCII escaping) holding
the plan's parameters, every object of the directory with its inclusion probability, and every
inspector pool with the objects each inspector must avoid. The draw reads nothing else; after it
the seed is revealed, and anyone holding the snapshot and the seed gets the same result.

Algorithm ``jianguan-draw/2`` (the current one; enough to re-implement it elsewhere):

* The snapshot is compact: objects of the same credit grade, risk level and key-focus mark have the
  same probability, so they share a *class*: ``"classes": [{"grade", "risk", "keyFocus", "p"}, ...]``
  with ``p`` the inclusion probability in millionths (an integer from 0 to 1000000), and the objects
  are three columns in ascending key order: ``"objects": {"key": [...], "entityId": [...],
  "class": [...]}`` (``class`` indexes ``classes``). An object's key is its credit code, or
  ``O…`` for an object without one, listed in ``"uncoded": {key: {"uncodedObjectId", "uscc"}}`` with
  the responsible entity's code.
* One keyed stream: ``SHAKE-256("jianguan-draw/2" || 0x00 || seed as UTF-8)``, read 8 bytes at a
  time as big-endian unsigned integers ``u``.
* Objects (Poisson sampling): the i-th object (in the snapshot's order) takes the i-th ``u`` and
  is drawn iff ``u * 10**6 < p * 2**64``, ``p`` that of its class — exact integer arithmetic. The
  expected number drawn is the sum of the objects' ``p``s (in millionths).
* Teams: the drawn objects in order; an object is unassigned when some pool has fewer than
  ``teamSize`` inspectors not avoiding it (no stream is read for it). Otherwise, for each pool in
  the snapshot's order, its eligible inspectors are taken by load (tasks already given in this
  draw), lowest first: a whole load level (in ascending id) when it fits, else ``need`` of the
  level (its inspectors in ascending id) chosen by a partial Fisher–Yates shuffle: for t = 0 …
  need−1, swap position t with t + ``uniform(len − t)`` and take position t. ``uniform(m)`` reads ``u`` from the stream
  (continuing after the objects' values) until ``u < 2**64 − (2**64 mod m)`` and returns ``u mod m``.
  Every inspector of the team then has one task more.

Algorithm ``jianguan-draw/1`` (plans drawn before version 2; still verified):

* ``H(label) = HMAC-SHA256(key = seed as UTF-8, message = label as UTF-8)``; ``h64(label)`` is the
  first 8 bytes of ``H`` read as a big-endian unsigned integer.
* The snapshot lists objects as one JSON object each, ``p`` a decimal string with at most 6 places.
* Objects (Poisson sampling): object ``k`` with probability ``p`` is drawn iff
  ``h64("select:" + k) * 10**6 < p * 10**6 * 2**64`` — exact integer arithmetic, independently for
  each object.
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

import bisect
import hashlib
import hmac
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Iterable

import orjson

ALGORITHM_V1 = "jianguan-draw/1"
ALGORITHM = "jianguan-draw/2"
ALGORITHMS = (ALGORITHM_V1, ALGORITHM)
CLASS_FIELDS = ("grade", "risk", "keyFocus", "p")
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


def _probabilities(weights: list[Decimal], forced: list[bool], target: Decimal,
                   counts: list[int] | None = None) -> list[Decimal]:
    """p_i = min(1, c·w_i) with Σp = target (forced objects p = 1 count towards it). Objects of equal weight
    have equal p, so the sums run over the distinct weights (exact in Decimal). `counts`: each entry
    stands for that many objects (a class of objects), by default one."""
    counts = counts if counts is not None else [1] * len(weights)
    rest = target - sum(n for f, n in zip(forced, counts) if f)
    free: Counter[Decimal] = Counter()
    for w, f, n in zip(weights, forced, counts):
        if not f and w > 0:
            free[w] += n
    p_of: dict[Decimal, Decimal] = {}
    while rest > 0 and free:
        c = rest / sum(w * n for w, n in free.items())
        capped = [w for w in free if c * w >= 1]
        if not capped:
            p_of.update((w, c * w) for w in free)
            break
        for w in capped:
            p_of[w] = Decimal(1)
            rest -= free.pop(w)
    one, zero = Decimal(1), Decimal(0)
    return [one if f else p_of.get(w, zero) for w, f in zip(weights, forced)]


def inclusion_probabilities(weights: list[Decimal], forced: list[bool], target: Decimal) -> list[str]:
    """One object an entry: 6-place decimal strings, rounded down (the form of jianguan-draw/1 snapshots)."""
    memo: dict[Decimal, str] = {}
    return [memo[x] if x in memo else memo.setdefault(x, _fmt(x)) for x in _probabilities(weights, forced, target)]


def class_millionths(weights: list[Decimal], forced: list[bool], counts: list[int], target: Decimal) -> list[int]:
    """One class of objects an entry (its weight, whether forced, how many objects): the probability of each
    of its objects in millionths, rounded down — the same numbers `inclusion_probabilities` gives object by object."""
    return [_millionths(_fmt(x)) for x in _probabilities(weights, forced, target, counts)]


def _millionths(p: str | int) -> int:
    return p if isinstance(p, int) else int(Decimal(p) * _SCALE)


def _fmt(x: Decimal) -> str:
    x = min(Decimal(1), max(Decimal(0), x)).quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_FLOOR)
    return format(x.normalize(), "f") if x else "0"


# --- the snapshot ----------------------------------------------------------------------------

def canonical(doc: Any) -> str:
    """Keys sorted, separators "," and ":", UTF-8 without ASCII escaping: the bytes of
    json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")), written by orjson (10× faster)."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode("utf-8")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pools(pools: list[dict]) -> list[dict]:
    return [{"department": pool["department"],
             "inspectors": sorted(({**i, "avoid": sorted(set(i.get("avoid", [])))} for i in pool["inspectors"]),
                                  key=lambda i: i["id"])}
            for pool in pools]


def build_snapshot(*, plan: dict, objects: list[dict], pools: list[dict], algorithm: str = ALGORITHM) -> dict:
    """objects: {key, entityId, uscc, uncodedObjectId, grade, risk, keyFocus, p (decimal string)}; pools:
    {department, inspectors: [{id, certificateNo, avoid}]}. The document in the algorithm's layout."""
    if algorithm == ALGORITHM_V1:
        return {"algorithm": algorithm, "plan": plan, "objects": sorted(objects, key=lambda o: o["key"]),
                "pools": _pools(pools)}
    if algorithm != ALGORITHM:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    index: dict[tuple, int] = {}
    classes = [index.setdefault((o.get("grade"), o.get("risk"), bool(o.get("keyFocus")), _millionths(o["p"])), len(index))
               for o in objects]
    uncoded = {o["key"]: {"uncodedObjectId": o["uncodedObjectId"], "uscc": o["uscc"]}
               for o in objects if o.get("uncodedObjectId") is not None}
    return compact_snapshot(plan=plan, keys=[o["key"] for o in objects], entity_ids=[o["entityId"] for o in objects],
                            class_of=classes, classes=[dict(zip(CLASS_FIELDS, c)) for c in index],
                            uncoded=uncoded, pools=pools)


def compact_snapshot(*, plan: dict, keys: list[str], entity_ids: list[int], class_of: list[int], classes: list[dict],
                     uncoded: dict[str, dict], pools: list[dict]) -> dict:
    """A jianguan-draw/2 snapshot: classes {grade, risk, keyFocus, p (millionths)}, the objects' three columns
    (put in ascending key order here; already sorted input costs one pass), the uncoded objects."""
    if any(a >= b for a, b in zip(keys, keys[1:])):
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys, entity_ids, class_of = ([col[i] for i in order] for col in (keys, entity_ids, class_of))
    # classes in a canonical order, whatever order they were found in
    order = sorted(range(len(classes)), key=lambda i: canonical(classes[i]))
    renumber = {old: new for new, old in enumerate(order)}
    if any(old != new for old, new in renumber.items()):
        class_of = [renumber[c] for c in class_of]
    return {"algorithm": ALGORITHM, "plan": plan, "classes": [classes[i] for i in order],
            "objects": {"key": list(keys), "entityId": list(entity_ids), "class": list(class_of)},
            "uncoded": {k: uncoded[k] for k in sorted(uncoded)}, "pools": _pools(pools)}


def object_rows(snapshot: dict) -> list[dict]:
    """The snapshot's objects one dict each ({key, entityId, uscc, uncodedObjectId, grade, risk, keyFocus, p}),
    whatever the algorithm's layout (p: a decimal string in /1, millionths in /2)."""
    objs = snapshot["objects"]
    if isinstance(objs, list):
        return objs
    classes, uncoded = snapshot["classes"], snapshot.get("uncoded", {})
    return [{"key": k, "entityId": e, "uscc": uncoded.get(k, {}).get("uscc", k),
             "uncodedObjectId": uncoded.get(k, {}).get("uncodedObjectId"), **classes[c]}
            for k, e, c in zip(objs["key"], objs["entityId"], objs["class"])]


def objects_by_key(snapshot: dict, keys: list[str]) -> dict[str, dict]:
    """key -> {entityId, uncodedObjectId} for the given keys of the snapshot's objects (either layout)."""
    objs = snapshot["objects"]
    if isinstance(objs, list):
        wanted = set(keys)
        return {o["key"]: {"entityId": o["entityId"], "uncodedObjectId": o.get("uncodedObjectId")}
                for o in objs if o["key"] in wanted}
    column, uncoded = objs["key"], snapshot.get("uncoded", {})
    out = {}
    for k in keys:  # the key column is in ascending order
        i = bisect.bisect_left(column, k)
        if i < len(column) and column[i] == k:
            out[k] = {"entityId": objs["entityId"][i], "uncodedObjectId": uncoded.get(k, {}).get("uncodedObjectId")}
    return out


# --- the draw --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DrawResult:
    selected: list[str]  # object keys, ascending
    teams: dict[str, list[int]]  # object key -> inspector ids (each pool's part in pool order)
    unassigned: list[str]  # drawn objects some pool could not staff (avoidance)
    algorithm: str = ALGORITHM

    def as_dict(self) -> dict:
        return {"algorithm": self.algorithm, "selected": self.selected, "teams": self.teams,
                "unassigned": self.unassigned}


def draw(snapshot: dict, seed: str) -> DrawResult:
    """The whole draw: a function of the snapshot and the seed only, by the snapshot's algorithm."""
    algorithm = snapshot.get("algorithm")
    if algorithm == ALGORITHM:
        return _draw_v2(snapshot, seed)
    if algorithm == ALGORITHM_V1:
        return _draw_v1(snapshot, seed)
    raise ValueError(f"unknown algorithm {algorithm!r}")


class _Stream:
    """SHAKE-256 of the seed, read as 64-bit big-endian unsigned integers; longer output extends shorter."""

    def __init__(self, seed: str, expected: int):
        self._material = ALGORITHM.encode() + b"\x00" + seed.encode("utf-8")
        self._words = array("Q")
        self._pos = 0
        self._fill(max(expected, 64))

    def _fill(self, words: int) -> None:
        raw = hashlib.shake_256(self._material).digest(8 * words)
        self._words = array("Q", raw)
        if sys.byteorder == "little":
            self._words.byteswap()

    def reserve(self, n: int) -> None:
        """Make sure n more words are at hand (one longer squeeze instead of several)."""
        if self._pos + n > len(self._words):
            self._fill(self._pos + n)

    def take(self, n: int) -> array:
        if self._pos + n > len(self._words):
            self._fill(2 * (self._pos + n))
        out = self._words[self._pos:self._pos + n]
        self._pos += n
        return out

    def uniform(self, m: int) -> int:
        limit = _TWO64 - _TWO64 % m
        while True:
            if self._pos >= len(self._words):
                self._fill(2 * len(self._words))
            u = self._words[self._pos]
            self._pos += 1
            if u < limit:
                return u % m


def _draw_v2(snapshot: dict, seed: str) -> DrawResult:
    team_size = int(snapshot["plan"]["teamSize"])
    objs = snapshot["objects"]
    keys, class_of = objs["key"], objs["class"]
    pools = snapshot["pools"]
    ps = [int(c["p"]) for c in snapshot["classes"]]
    threshold = [-((-p << 64) // _SCALE) for p in ps]  # u·10^6 < p·2^64  ⟺  u < ⌈p·2^64/10^6⌉
    stream = _Stream(seed, len(keys))
    chosen = [k for k, u, c in zip(keys, stream.take(len(keys)), class_of) if u < threshold[c]]
    stream.reserve(2 * team_size * len(pools) * len(chosen))  # what the teams will read, rejections aside
    members = [[int(i["id"]) for i in pool["inspectors"]] for pool in pools]
    avoiding: list[dict[str, set[int]]] = []
    for pool in pools:
        by_key: dict[str, set[int]] = {}
        for i in pool["inspectors"]:
            for k in i.get("avoid", ()):
                by_key.setdefault(k, set()).add(int(i["id"]))
        avoiding.append(by_key)
    levels = [{0: sorted(ids)} for ids in members]  # per pool: load -> inspectors with it, ascending id
    load: list[dict[int, int]] = [dict.fromkeys(ids, 0) for ids in members]
    teams: dict[str, list[int]] = {}
    unassigned: list[str] = []
    for key in chosen:
        if any(len(ids) - len(avoiding[q].get(key, ())) < team_size for q, ids in enumerate(members)):
            unassigned.append(key)
            continue
        team: list[int] = []
        for q in range(len(pools)):
            avoid = avoiding[q].get(key)
            need = team_size
            for n in sorted(levels[q]):
                level = levels[q][n]
                cands = [i for i in level if i not in avoid] if avoid else level
                if len(cands) <= need:
                    team.extend(cands)
                    need -= len(cands)
                else:  # Fisher–Yates on a copy of cands, which only records the positions it moved
                    moved: dict[int, int] = {}
                    for t in range(need):
                        j = t + stream.uniform(len(cands) - t)
                        team.append(moved.get(j, cands[j]))
                        moved[j] = moved.get(t, cands[t])
                    need = 0
                if need == 0:
                    break
            for ident in team[-team_size:]:
                n = load[q][ident]
                load[q][ident] = n + 1
                levels[q][n].remove(ident)
                if not levels[q][n]:
                    del levels[q][n]
                bisect.insort(levels[q].setdefault(n + 1, []), ident)
        teams[key] = team
    return DrawResult(selected=chosen, teams=teams, unassigned=unassigned, algorithm=ALGORITHM)


# --- jianguan-draw/1 ------------------------------------------------------------------------------

def _mac(seed: str, label: str) -> bytes:
    return hmac.new(seed.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).digest()


def h64(seed: str, label: str) -> int:
    return int.from_bytes(_mac(seed, label)[:8], "big")


def selected(seed: str, key: str, p: str) -> bool:
    p_scaled = int(Decimal(p) * _SCALE)
    return h64(seed, "select:" + key) * _SCALE < p_scaled * _TWO64


def _draw_v1(snapshot: dict, seed: str) -> DrawResult:
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
    return DrawResult(selected=chosen, teams=teams, unassigned=unassigned, algorithm=ALGORITHM_V1)


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
    algorithm: str = ""  # the algorithm the snapshot records (and the draw was re-run with)


def verify(*, snapshot_text: str, seed: str, snapshot_hash: str, seed_hash: str, result: dict) -> Verification:
    """Re-run a published draw: the hashes must match what was published before, and the result what was announced."""
    snap_ok = sha256_hex(snapshot_text) == snapshot_hash
    seed_ok = sha256_hex(seed) == seed_hash
    snapshot = orjson.loads(snapshot_text)
    again = draw(snapshot, seed).as_dict()
    res_ok = canonical(again) == canonical(result)
    ok = snap_ok and seed_ok and res_ok
    if ok:
        msg = "复核一致：快照与种子的哈希与事前公布的一致，重新摇号结果与公布结果相同"
    else:
        parts = [t for t, good in (("名录快照哈希不符", snap_ok), ("种子哈希不符", seed_ok), ("重新摇号结果与公布结果不同", res_ok)) if not good]
        msg = "复核不一致：" + "；".join(parts)
    algorithm = snapshot.get("algorithm", "")
    return Verification(ok, snap_ok, seed_ok, res_ok, f"{msg}（算法 {algorithm}）", algorithm)
