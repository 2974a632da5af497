"""The disclosure feed (§39–41): every change in commit order, resumable by an opaque cursor, each
change seen exactly once — also with concurrent writers on PostgreSQL."""
from __future__ import annotations

import threading
import pytest
from sqlmodel import select

from models import DisclosureChange
from models.db import new_session
from supervision import feed, penalties
from supervision.errors import DomainError
from tests.conftest import actor_of
from tests.supervision.penalty_fixtures import decide, open_case, setup_enforcement


@pytest.fixture
def district(db):
    return setup_enforcement(db)


def pull_all(s, after=None, first=2):
    seen = []
    while True:
        page = feed.read(s, after=after, first=first)
        seen += page.changes
        after = page.end_cursor
        if not page.has_next:
            return seen, after


def test_a_client_resuming_from_its_cursor_sees_each_change_once__004_s40(district):
    with district.session() as s:
        first, cursor = pull_all(s)
        assert [c.event for c in first] == ["PUBLISHED"] * 3  # permits of departments with a credit code
        d = decide(s, open_case(s, district))
        penalties.change_penalty(session=s, actor=actor_of(s, "T-SCJ"), decision_id=d.id, status="REVOKED", reason="复议撤销")
        s.commit()
        more, cursor2 = pull_all(s, after=cursor)
        assert [(c.kind, c.event) for c in more] == [("PENALTY", "PUBLISHED"), ("PENALTY", "UPDATED")]
        assert more[1].record["fields"]["remarks"].startswith("处罚决定已撤销")
        assert pull_all(s, after=cursor2)[0] == []  # nothing new: nothing repeated
        assert feed.read(s, after=cursor2, first=5).end_cursor == cursor2  # an empty page keeps the cursor


def test_a_malformed_cursor_is_refused_not_read_as_the_beginning():
    with pytest.raises(DomainError):
        feed.decode_cursor("bm9wZQ")
    with pytest.raises(DomainError):
        feed.read(None, after=None, first=feed.MAX_FEED_PAGE + 1)


def test_concurrent_writers_leave_no_gap_for_a_paging_reader__004_s40(district):
    """Writers commit concurrently while a reader pages with its cursor: it sees every change exactly once."""
    if district.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    writers, per_writer = 6, 10
    errors: list[BaseException] = []
    done = threading.Event()

    def write(w: int):
        try:
            for i in range(per_writer):
                with new_session(district.engine) as s:
                    case = open_case(s, district, number=f"并发案{w}-{i}")
                    s.commit()
                    decide(s, case, number=f"并发罚{w}-{i}")  # the feed row is written before the audit record
                    s.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    seen: list[int] = []

    def read():
        cursor = None
        with new_session(district.engine) as s:
            while True:
                finished = done.is_set()
                page = feed.read(s, after=cursor, first=3)
                s.rollback()  # a fresh snapshot for every page
                seen.extend(c.seq for c in page.changes)
                cursor = page.end_cursor
                if finished and not page.has_next:
                    return

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    assert errors == []
    with new_session(district.engine) as s:
        every = s.exec(select(DisclosureChange.seq).order_by(DisclosureChange.seq)).all()
    assert len(every) == 3 + writers * per_writer
    assert seen == every  # each change once, in order, none skipped


def test_cli_pull_writes_json_lines_with_standard_columns_and_resumes__004_s41(district, monkeypatch, tmp_path, capsys):
    import json

    from api.cli import main
    monkeypatch.setenv("DATABASE_URL", str(district.engine.url.render_as_string(hide_password=False)))
    out = tmp_path / "feed.jsonl"
    assert main(["feed", "pull", "--output", str(out), "--page", "2"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and lines[0]["record"]["fields"]["许可编号"] == "JY23101150000001"
    since = capsys.readouterr().err.split("--since ")[1].strip()
    assert since == lines[-1]["cursor"]
    assert main(["feed", "pull", "--since", since, "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ""  # resumed: nothing repeated
