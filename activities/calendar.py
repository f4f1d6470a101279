"""An activity as an iCalendar file (RFC 5545) for people who keep a calendar: a weekly
activity is one event with a weekly RRULE (cancelled sessions as EXDATE), a dated one is one
event per session. Times are Europe/London with its VTIMEZONE. The icalendar library does the
escaping, line folding and CRLF line endings. Only public facts: no one's name."""

from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.schedule import LONDON

PRODID = "-//Common Ground//Activities//EN"
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _uid(activity: Activity, suffix: str = "") -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "common-ground"
    return f"activity-{activity.pk}{suffix}@{host}"


def _event(activity: Activity, *, uid: str, starts: datetime, ends: datetime, stamp: datetime):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", activity.title)
    event.add("description", activity.description)
    where = ", ".join(part for part in (activity.meeting_point, str(activity.place or "")) if part)
    if where:
        event.add("location", where)
    event.add("url", settings.SITE_URL + reverse("activities:activity-detail", args=[activity.pk]))
    return event


def _first_weekly_start(activity: Activity, today: date) -> date:
    """The first session day on or after the day the activity was listed (or today)."""
    listed = activity.created_at.astimezone(LONDON).date() if activity.created_at else today
    day = min(listed, today)
    while day.weekday() not in set(activity.weekdays):
        day += timedelta(days=1)
    return day


def activity_calendar(*, activity: Activity, now: datetime | None = None) -> bytes:
    """The .ics file's bytes for one activity."""
    now = now or timezone.now()
    today = now.astimezone(LONDON).date()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", activity.title)
    cancelled = {row.date for row in activity.cancellations.all()}
    first = today
    if activity.schedule == Activity.Schedule.WEEKLY:
        if activity.weekdays and activity.starts_at and activity.ends_at:
            first = _first_weekly_start(activity, today)
            starts = datetime.combine(first, activity.starts_at, LONDON)
            ends = datetime.combine(first, activity.ends_at, LONDON)
            if ends <= starts:
                ends += timedelta(days=1)
            event = _event(activity, uid=_uid(activity), starts=starts, ends=ends, stamp=now)
            days = [ICAL_DAYS[day] for day in sorted(set(activity.weekdays))]
            event.add("rrule", {"freq": "weekly", "byday": days})
            skipped = sorted(
                datetime.combine(day, activity.starts_at, LONDON)
                for day in cancelled
                if day >= first and day.weekday() in activity.weekdays
            )
            if skipped:
                event.add("exdate", skipped)
            calendar.add_component(event)
    else:
        for row in activity.dates.all():
            if row.starts_at.astimezone(LONDON).date() in cancelled:
                continue
            starts, ends = row.starts_at.astimezone(LONDON), row.ends_at.astimezone(LONDON)
            first = min(first, starts.date())
            uid = _uid(activity, f"-{row.pk}")
            calendar.add_component(_event(activity, uid=uid, starts=starts, ends=ends, stamp=now))
    # Only the years that matter: the whole history of the zone would weigh kilobytes.
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=366), last_date=today + timedelta(days=5 * 366)
    )
    return calendar.to_ical()
