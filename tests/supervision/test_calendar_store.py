"""An admin publishes a year's arrangement; deadlines in it follow it and stop being provisional."""
from datetime import date

import pytest

from supervision import calendar
from supervision.actors import SYSTEM
from supervision.errors import Forbidden, ValidationErrors
from tests.conftest import actor_of

ARRANGEMENT_2027 = [
    {"date": "2027-02-06", "working": False, "note": "春节"},  # a Saturday made a holiday in this test arrangement
    {"date": "2027-02-20", "working": True, "note": "春节调休上班"},  # a Saturday made a working day
]


def test_unpublished_year_is_provisional_until_entered(session):
    cal = calendar.load_calendar(session)
    before = cal.add_working_days(date(2027, 2, 18), 2)
    assert before.provisional and before.due == date(2027, 2, 22)
    calendar.publish_arrangement(session=session, actor=SYSTEM, year=2027, days=ARRANGEMENT_2027, source="国办发明电〔2026〕X号")
    session.commit()
    cal = calendar.load_calendar(session)
    after = cal.add_working_days(date(2027, 2, 18), 2)
    assert not after.provisional
    assert after.due == date(2027, 2, 20)  # the adjusted Saturday counts


def test_republishing_replaces_the_year(session):
    calendar.publish_arrangement(session=session, actor=SYSTEM, year=2027, days=ARRANGEMENT_2027, source="第一版")
    calendar.publish_arrangement(session=session, actor=SYSTEM, year=2027, days=ARRANGEMENT_2027[:1], source="更正版")
    session.commit()
    cal = calendar.load_calendar(session)
    assert not cal.is_working_day(date(2027, 2, 20))


def test_bad_entries_are_refused_whole(session):
    with pytest.raises(ValidationErrors) as exc:
        calendar.publish_arrangement(session=session, actor=SYSTEM, year=2027, source="",
                                     days=[{"date": "2027-13-01", "working": True}, {"date": "2025-05-01", "working": False}])
    fields = {e.field for e in exc.value.errors}
    assert {"source", "days[0]", "days[1].date"} <= fields
    session.rollback()
    assert not calendar.load_calendar(session).is_published(2027)


def test_only_the_platform_admin_publishes(world):
    with world.session() as s, pytest.raises(Forbidden):
        calendar.publish_arrangement(session=s, actor=actor_of(s, "T-DCS"), year=2027, days=ARRANGEMENT_2027, source="x")


def test_deadline_query_across_national_day__004_s11(client):
    """A push on 2025-09-30 is acknowledged within 1 working day: due 2025-10-09 (§11)."""
    from tests.conftest import gql
    r = gql(client, "{ a: deadline(start: \"2025-09-30\", workingDays: 1) { due provisional } "
                    "b: deadline(start: \"2026-12-28\", workingDays: 10) { due provisional } }")
    assert r["data"]["a"] == {"due": "2025-10-09", "provisional": False}
    assert r["data"]["b"] == {"due": "2027-01-12", "provisional": True}
