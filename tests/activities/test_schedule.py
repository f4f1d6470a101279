"""When activities happen, in London time, and which free-time slots they fall in."""

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

from activities.schedule import LONDON, activity_slots, slot_of, upcoming_sessions


def _weekly(**fields):
    base = {"schedule": "weekly", "weekdays": [5], "starts_at": time(14), "ends_at": time(16)}
    return SimpleNamespace(**{**base, **fields})


def test_weekly_sessions_keep_their_wall_clock_time_across_the_clock_change():
    # British Summer Time ends on Sunday 25 October 2026.
    now = datetime(2026, 10, 20, 9, tzinfo=UTC)

    sessions = upcoming_sessions(_weekly(), now=now, days=14)

    assert [s.starts for s in sessions] == [
        datetime(2026, 10, 24, 14, tzinfo=LONDON),
        datetime(2026, 10, 31, 14, tzinfo=LONDON),
    ]
    assert sessions[0].starts.utcoffset() != sessions[1].starts.utcoffset()


def test_upcoming_sessions_leave_out_cancelled_and_finished_ones():
    now = datetime(2026, 12, 5, 15, 30, tzinfo=LONDON)  # during Saturday's session

    sessions = upcoming_sessions(_weekly(), now=now, days=15, cancelled=[date(2026, 12, 12)])

    assert [s.day for s in sessions] == [date(2026, 12, 5), date(2026, 12, 19)]


def test_dated_sessions_come_from_their_rows():
    rows = [
        SimpleNamespace(
            starts_at=datetime(2026, 12, 9, 18, tzinfo=UTC),
            ends_at=datetime(2026, 12, 9, 20, tzinfo=UTC),
        )
    ]
    activity = SimpleNamespace(schedule="dates")

    sessions = upcoming_sessions(activity, now=datetime(2026, 12, 1, tzinfo=UTC), dated=rows)

    assert [slot_of(s.starts) for s in sessions] == ["wed-eve"]
    assert activity_slots(activity, dated=rows) == {"wed-eve"}


def test_activity_slots_of_a_weekly_activity():
    assert activity_slots(_weekly(weekdays=[0, 5], starts_at=time(10))) == {"mon-am", "sat-am"}
    assert activity_slots(_weekly(weekdays=[])) == frozenset()
