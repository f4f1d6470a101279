"""Reads for finding activities: one activity's page, the filtered and ranked list, and the
person's side of "for you". Everything starts from `activities_visible()`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from activities.models import Activity, ActivityDate, Cancellation
from activities.schedule import LONDON, Session, upcoming_sessions
from activities.selectors.visibility import activities_visible

SESSIONS_AHEAD_DAYS = 28


def _today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def activities_with_details(*, now: datetime) -> QuerySet:
    """Visible activities with what their pages show (organisation, place, languages,
    interests, coming dates and cancellations) fetched in a fixed number of queries."""
    return (
        activities_visible()
        .select_related("organisation", "place")
        .prefetch_related(
            "languages",
            "interests",
            Prefetch("dates", queryset=ActivityDate.objects.filter(ends_at__gt=now)),
            Prefetch("cancellations", queryset=Cancellation.objects.filter(date__gte=_today(now))),
        )
    )


@dataclass(frozen=True)
class SessionShown:
    session: Session
    cancelled: bool
    note: str = ""


def activity_sessions_shown(*, activity: Activity, now: datetime) -> list[SessionShown]:
    """The coming sessions, cancelled ones kept and marked (so nobody travels for nothing).
    Uses the prefetched dates and cancellations of `activities_with_details`."""
    notes = {c.date: c.note for c in activity.cancellations.all()}
    sessions = upcoming_sessions(
        activity, now=now, days=SESSIONS_AHEAD_DAYS, dated=list(activity.dates.all())
    )
    return [
        SessionShown(session, session.day in notes, notes.get(session.day, ""))
        for session in sessions
    ]


def activity_next_session(*, activity: Activity, now: datetime) -> Session | None:
    """The next session that will happen (not cancelled), from prefetched rows."""
    cancelled = [c.date for c in activity.cancellations.all()]
    sessions = upcoming_sessions(
        activity,
        now=now,
        days=SESSIONS_AHEAD_DAYS,
        dated=list(activity.dates.all()),
        cancelled=cancelled,
    )
    return sessions[0] if sessions else None
