"""The activity's calendar file: RFC 5545, Europe/London, weekly RRULE or the dated sessions,
escaped text, CRLF line endings; only for activities newcomers can see."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from activities.calendar import activity_calendar
from activities.models import Activity, ActivityDate, Cancellation
from activities.schedule import LONDON
from activities.services.participation import activity_join
from tests.activities.factories import ActivityFactory
from tests.peers.factories import NewcomerFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)  # a Thursday


def ics_url(activity) -> str:
    return reverse("activities:activity-calendar", args=[activity.pk])


def events(raw: bytes) -> list:
    return icalendar.Calendar.from_ical(raw).walk("VEVENT")


def test_weekly_activity_is_one_event_with_a_weekly_rule_in_london_time():
    activity = ActivityFactory(weekdays=[5, 1])
    raw = activity_calendar(activity=activity, now=NOW)

    text = raw.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    assert "VERSION:2.0\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" in text
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU,SA\r\n" in text
    (event,) = events(raw)
    assert str(event["dtstart"].params["TZID"]) == "Europe/London"
    start = event.decoded("dtstart")
    assert start.weekday() in (1, 5) and start.hour == 14 and start.minute == 0
    assert event.decoded("dtend").hour == 16
    assert str(event["uid"]).startswith(f"activity-{activity.pk}@")
    assert str(event["url"]).endswith(reverse("activities:activity-detail", args=[activity.pk]))


def test_weekly_rule_keeps_the_wall_clock_time_across_the_clock_change():
    activity = ActivityFactory(weekdays=[5])
    raw = activity_calendar(activity=activity, now=datetime.datetime(2027, 3, 20, tzinfo=LONDON))
    text = raw.decode()
    # Both GMT and BST are described, so a calendar puts 14:00 at 14:00 all year.
    assert "TZOFFSETTO:+0100" in text and "TZOFFSETTO:+0000" in text
    assert "DTSTART;TZID=Europe/London:" in text and "T140000\r\n" in text


def test_cancelled_sessions_are_left_out_of_the_rule():
    activity = ActivityFactory(weekdays=[5])
    Cancellation.objects.create(activity=activity, date=datetime.date(2026, 12, 12))
    text = activity_calendar(activity=activity, now=NOW).decode()
    assert "EXDATE;TZID=Europe/London:20261212T140000\r\n" in text


def test_dated_activity_lists_each_session_without_cancelled_ones():
    activity = ActivityFactory(schedule=Activity.Schedule.DATES, weekdays=[])
    for day in (10, 17, 24):
        ActivityDate.objects.create(
            activity=activity,
            starts_at=datetime.datetime(2026, 12, day, 18, 30, tzinfo=LONDON),
            ends_at=datetime.datetime(2026, 12, day, 20, 0, tzinfo=LONDON),
        )
    Cancellation.objects.create(activity=activity, date=datetime.date(2026, 12, 17))

    raw = activity_calendar(activity=activity, now=NOW)

    found = events(raw)
    assert [e.decoded("dtstart").day for e in found] == [10, 24]
    assert len({str(e["uid"]) for e in found}) == 2
    assert "RRULE" not in raw.decode()
    assert "DTSTART;TZID=Europe/London:20261210T183000\r\n" in raw.decode()


def test_text_is_escaped():
    activity = ActivityFactory(
        title="Cook, eat; talk",
        description="Line one\nLine two, with comma; and semicolon \\ backslash",
        meeting_point="Hall; back door",
    )
    text = activity_calendar(activity=activity, now=NOW).decode()
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Cook\\, eat\\; talk\r\n" in unfolded
    assert "Line one\\nLine two\\, with comma\\; and semicolon \\\\ backslash" in unfolded
    assert "LOCATION:Hall\\; back door\\, Middlesbrough" in unfolded
    # Long lines are folded at 75 octets.
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_calendar_link_is_public_text_calendar_with_no_personal_data(client):
    activity = ActivityFactory()
    person = NewcomerFactory(username="selam-private")
    activity_join(user=person, activity=activity)

    response = client.get(ics_url(activity))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert b"selam-private" not in response.content
    assert events(response.content)


@pytest.mark.parametrize("status", [Activity.Status.PAUSED, Activity.Status.ENDED])
def test_calendar_link_for_an_activity_newcomers_cannot_see_is_404(client, status):
    assert client.get(ics_url(ActivityFactory(status=status))).status_code == 404


def test_calendar_link_for_an_unverified_group_is_404(client):
    from tests.activities.factories import OrganisationFactory

    activity = ActivityFactory(organisation=OrganisationFactory(status="pending"))
    assert client.get(ics_url(activity)).status_code == 404
