"""The pure draw (seeds/004 §21–22; 000 §(十一); RFC 3797 in spirit): reproducible from the snapshot and the
seed, different for another seed, each object drawn with its stated probability, avoidance respected."""
from __future__ import annotations

import hashlib
import json
import math
from decimal import Decimal

from supervision import draws


def snapshot(objects: list[tuple[str, str]], inspectors: int = 6, avoid: dict[int, list[str]] | None = None,
             team_size: int = 2, pools: int = 1, algorithm: str = draws.ALGORITHM) -> dict:
    avoid = avoid or {}
    return draws.build_snapshot(
        plan={"id": 1, "teamSize": team_size}, objects=object_dicts(objects), algorithm=algorithm,
        pools=[{"department": f"D{d}", "inspectors": [{"id": d * 100 + i, "certificateNo": f"C{d}{i}",
                                                        "avoid": avoid.get(d * 100 + i, [])} for i in range(inspectors)]}
               for d in range(pools)])


def object_dicts(objects: list[tuple[str, str]]) -> list[dict]:
    return [{"key": k, "entityId": n, "uscc": k, "grade": None, "risk": None, "keyFocus": False, "p": p}
            for n, (k, p) in enumerate(objects)]


OBJECTS = [(f"E{i:03d}", p) for i, p in enumerate(["0.05", "0.1", "0.2", "0.3", "0.5", "0.7", "0.9", "1", "0"] * 3)]


def test_same_snapshot_and_seed_give_the_same_draw__s21():
    """§21 摇号: anyone re-running the published snapshot with the revealed seed gets the same objects and teams."""
    snap = snapshot(OBJECTS)
    a = draws.draw(snap, "seed-2026-001")
    b = draws.draw(draws.build_snapshot(plan=snap["plan"], objects=list(reversed(draws.object_rows(snap))), pools=snap["pools"]),
                   "seed-2026-001")
    assert a == b and a.selected


def test_a_different_seed_gives_a_different_draw__s21():
    snap = snapshot(OBJECTS)
    results = {tuple(draws.draw(snap, f"seed-{i}").selected) for i in range(5)}
    assert len(results) > 1


def test_objects_with_probability_one_are_always_drawn_and_zero_never__s22():
    snap = snapshot(OBJECTS)
    for i in range(20):
        chosen = set(draws.draw(snap, f"s{i}").selected)
        assert {k for k, p in OBJECTS if p == "1"} <= chosen
        assert not chosen & {k for k, p in OBJECTS if p == "0"}


def test_each_object_is_drawn_with_its_stated_probability__000_s11():
    """000 §(十一): the ratio follows credit and risk. Over 400 fixed seeds, each object's frequency lies within
    4.5 standard errors (√(p(1−p)/400)) of its probability, plus 0.005 for rounding."""
    objs = [(f"E{i:03d}", p) for i, p in enumerate(["0.02", "0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.3"])]
    snap = snapshot(objs)
    n = 400
    counts = {k: 0 for k, _ in objs}
    for i in range(n):
        for k in draws.draw(snap, f"stat-seed-{i:04d}").selected:
            counts[k] += 1
    for k, p in objs:
        pf = float(p)
        tolerance = 4.5 * math.sqrt(pf * (1 - pf) / n) + 0.005
        assert abs(counts[k] / n - pf) <= tolerance, (k, p, counts[k])


def test_inclusion_probabilities_follow_weights_and_sum_to_the_expected_count__000_s11():
    """Lower credit or higher risk → larger weight → higher probability; Σp = ratio × N, none above 1."""
    weights = [Decimal(w) for w in ("0.25", "1", "4", "16", "16")]
    p = [Decimal(x) for x in draws.inclusion_probabilities(weights, [False] * 5, Decimal("2"))]
    assert p == sorted(p) and max(p) <= 1
    assert abs(sum(p) - 2) < Decimal("0.00001")
    forced = draws.inclusion_probabilities(weights, [True, False, False, False, False], Decimal("1.5"))
    assert forced[0] == "1" and abs(sum(Decimal(x) for x in forced) - Decimal("1.5")) < Decimal("0.00001")


def test_default_table_draws_lower_credit_and_higher_risk_more__000_s11():
    t = draws.default_table()
    assert draws.weight(t, "D", "HIGH") > draws.weight(t, "A", "HIGH") > draws.weight(t, "A", "LOW")
    assert draws.weight(t, None, None) == draws.weight(t, "B", "MEDIUM")
    assert draws.check_table(t, ("A", "B", "C", "D"), ("LOW", "MEDIUM", "HIGHER", "HIGH")) == []
    assert draws.check_table({**t, "A|LOW": "9"}, ("A", "B", "C", "D"), ("LOW", "MEDIUM", "HIGHER", "HIGH"))


def test_teams_respect_avoidance_and_have_team_size_from_every_pool__s21_s24():
    """An inspector never gets an object he or she must avoid; a joint team has teamSize of every department."""
    objs = [(f"E{i:03d}", "1") for i in range(10)]
    avoid = {0: ["E000", "E001", "E002"], 1: ["E004"], 101: ["E003"]}
    snap = snapshot(objs, inspectors=3, avoid=avoid, pools=2)
    result = draws.draw(snap, "joint")
    assert result.unassigned == []
    for key, team in result.teams.items():
        assert len(team) == 4 and len(set(team)) == 4
        assert sum(1 for i in team if i < 100) == 2
        for ident in team:
            assert key not in avoid.get(ident, [])


def test_an_object_nobody_may_inspect_is_listed_unassigned__s21():
    snap = snapshot([("E000", "1"), ("E001", "1")], inspectors=2, avoid={0: ["E000"]})
    result = draws.draw(snap, "x")
    assert result.unassigned == ["E000"] and list(result.teams) == ["E001"]


def test_verification_names_what_does_not_match__s21():
    snap = snapshot(OBJECTS)
    text = draws.canonical(snap)
    result = draws.draw(snap, "open-seed").as_dict()
    ok = draws.verify(snapshot_text=text, seed="open-seed", snapshot_hash=draws.sha256_hex(text),
                      seed_hash=draws.sha256_hex("open-seed"), result=result)
    assert ok.matches
    bad = draws.verify(snapshot_text=text, seed="other-seed", snapshot_hash=draws.sha256_hex(text),
                       seed_hash=draws.sha256_hex("open-seed"), result=result)
    assert not bad.matches and not bad.seed_hash_ok


# --- jianguan-draw/2 and plans drawn under /1 ----------------------------------------------------------

def test_version_2_draws_objects_by_the_published_keyed_stream__s21():
    """Anyone can re-implement the selection from the documentation: SHAKE-256 of the algorithm name and the seed,
    8 bytes an object in key order, drawn iff u·10^6 < p·2^64 with p in millionths."""
    objs = [(f"E{i:04d}", ["0.05", "0.3", "0.75", "1", "0"][i % 5]) for i in range(500)]
    snap = snapshot(objs)
    assert snap["algorithm"] == "jianguan-draw/2" and len(snap["classes"]) == 5
    stream = hashlib.shake_256(b"jianguan-draw/2\x00" + "公开的种子".encode()).digest(8 * 500)
    p = {k: int(Decimal(v) * 1_000_000) for k, v in objs}
    expected = [k for i, (k, _) in enumerate(sorted(objs))
                if int.from_bytes(stream[8 * i:8 * i + 8], "big") * 1_000_000 < p[k] * 2 ** 64]
    assert draws.draw(snap, "公开的种子").selected == expected


def test_a_version_1_snapshot_is_drawn_and_verified_by_version_1__s21():
    """Plans published under jianguan-draw/1 verify as before: the HMAC per object decides, and the verification
    names the algorithm."""
    objs = [(f"E{i:03d}", ["0.1", "0.5", "0.9"][i % 3]) for i in range(60)]
    snap = snapshot(objs, algorithm=draws.ALGORITHM_V1)
    result = draws.draw(snap, "seed-v1")
    assert result.selected == [k for k, p in objs if draws.selected("seed-v1", k, p)] and result.algorithm == "jianguan-draw/1"
    text = draws.canonical(snap)
    v = draws.verify(snapshot_text=text, seed="seed-v1", snapshot_hash=draws.sha256_hex(text),
                     seed_hash=draws.sha256_hex("seed-v1"), result=result.as_dict())
    assert v.matches and v.algorithm == "jianguan-draw/1"
    assert draws.draw(snapshot(objs), "seed-v1").selected != result.selected  # the two algorithms differ


def test_the_compact_snapshot_has_one_class_per_probability_and_the_same_probabilities__000_s11():
    """Objects of one grade, risk and key-focus mark share a class; its p is what the object-by-object computation gives."""
    weights = [Decimal(w) for w in ("0.25", "1", "4", "16", "16", "1", "0.25", "0")] * 50
    forced = [i % 97 == 0 for i in range(len(weights))]
    per_object = draws.inclusion_probabilities(weights, forced, Decimal("37"))
    classes = sorted(set(zip(weights, forced)))
    counts = [sum(1 for x in zip(weights, forced) if x == c) for c in classes]
    per_class = dict(zip(classes, draws.class_millionths([w for w, _ in classes], [f for _, f in classes], counts,
                                                         Decimal("37"))))
    assert [per_class[c] for c in zip(weights, forced)] == [int(Decimal(p) * 1_000_000) for p in per_object]
    objs = [(f"E{i:04d}", p) for i, p in enumerate(per_object)]
    compact, full = snapshot(objs), snapshot(objs, algorithm=draws.ALGORITHM_V1)
    assert len(compact["classes"]) == len(set(per_object))
    assert len(draws.canonical(compact)) < len(draws.canonical(full)) / 2


def test_version_2_teams_spread_the_work_evenly_and_respect_avoidance__s21():
    """Inspectors are taken lowest load first: with no avoidance, loads differ by at most one."""
    objs = [(f"E{i:03d}", "1") for i in range(101)]
    result = draws.draw(snapshot(objs, inspectors=7, avoid={3: ["E005", "E006"]}), "even")
    load: dict[int, int] = {}
    for key, team in result.teams.items():
        assert len(set(team)) == 2 and not (key in ("E005", "E006") and 3 in team)
        for i in team:
            load[i] = load.get(i, 0) + 1
    assert len(load) == 7 and max(load.values()) - min(load.values()) <= 1
    assert draws.draw(snapshot(objs, inspectors=7, avoid={3: ["E005", "E006"]}), "other").teams != result.teams


def test_canonical_json_is_sorted_compact_utf8__s21():
    doc = {"名称": "抽查\n\"计划\"", "b": [1, None, True], "a": {"z": 1, "é": 2}}
    assert draws.canonical(doc) == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
