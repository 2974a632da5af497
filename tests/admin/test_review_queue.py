"""法制审核 queue (000 §17): open cases no legal reviewer has looked at, on the enforcement list (?status=REVIEW),
on the reviewer's home page and in GraphQL cases(awaitingReview: true), all from penalties.awaiting_review_clause."""
from __future__ import annotations

from datetime import timedelta

from models.db import new_session
from supervision import penalties
from supervision.clock import today as cst_today
from tests.conftest import actor_of, gql

from .conftest import REVIEWER, csrf_from, login


def _cases(world, n: int) -> list[int]:
    """n open cases at T-SCJ, the newest first."""
    today = cst_today()
    with new_session(world.engine) as s:
        actor = actor_of(s, "T-SCJ")
        ids = [penalties.open_case(session=s, actor=actor, uscc=world.entities["restaurant"], item_code="FOOD",
                                   number=f"沪市监案〔2026〕{i + 1}号", opened_on=today - timedelta(days=i),
                                   violation_type="经营超过保质期的食品", today=today).id for i in range(n)]
        s.commit()
    return ids


def _review(client, case_id: int):
    page = client.get(f"/admin/enforcement/{case_id}")
    r = client.post(f"/admin/enforcement/{case_id}/review", data={"csrf_token": csrf_from(page), "approved": "1",
                                                                   "opinion": "事实清楚，同意。"}, follow_redirects=False)
    assert r.status_code == 303


def test_the_queue_lists_open_cases_not_yet_reviewed__000_s17(enforcement, client):
    first, second, third = _cases(enforcement, 3)
    assert login(client, REVIEWER).status_code == 303
    queue = client.get("/admin/enforcement?status=REVIEW")
    assert [r.id for r in queue.context["rows"]] == [first, second, third]
    assert 'aria-current="page">待法制审核' in queue.text
    _review(client, second)
    queue = client.get("/admin/enforcement?status=REVIEW")
    assert [r.id for r in queue.context["rows"]] == [first, third]
    assert second in [r.id for r in client.get("/admin/enforcement?status=OPEN").context["rows"]]  # still open
    home = client.get("/admin/")
    assert [r.id for r in home.context["awaiting_review"]] == [first, third]
    assert "/admin/enforcement?status=REVIEW" in home.text and "全部待法制审核的案件" in home.text


def test_other_departments_and_the_public_see_no_queue(enforcement, signed_in, client):
    _cases(enforcement, 2)
    wjw = signed_in("wjw")
    assert wjw.get("/admin/enforcement?status=REVIEW").context["rows"] == []
    assert "全部待法制审核的案件" not in wjw.get("/admin/").text  # not a legal reviewer
    dcs = signed_in("dcs")  # OVERSIGHT reads every department's queue
    assert len(dcs.get("/admin/enforcement?status=REVIEW").context["rows"]) == 2
    query = "{ cases(awaitingReview: true) { edges { node { number } } } }"
    assert gql(client, query, token=enforcement.keys["public"])["data"]["cases"]["edges"] == []
    assert gql(client, query, token=enforcement.keys["T-WJW"])["data"]["cases"]["edges"] == []


def test_graphql_reads_the_same_queue(enforcement, client):
    first, second = _cases(enforcement, 2)
    assert login(client, REVIEWER).status_code == 303
    _review(client, first)
    query = "{ cases(awaitingReview: true) { edges { node { number } } } }"
    edges = gql(client, query, token=enforcement.keys["T-SCJ"])["data"]["cases"]["edges"]
    assert [e["node"]["number"] for e in edges] == ["沪市监案〔2026〕2号"]
    everything = gql(client, "{ cases { edges { node { number } } } }", token=enforcement.keys["T-SCJ"])
    assert len(everything["data"]["cases"]["edges"]) == 2
