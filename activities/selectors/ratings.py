"""Reads about session ratings: which sessions a person may still rate, and what organisers
see (an average and comments, never who rated)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count
from django.utils import timezone

from activities.models import Activity, ActivityDate, Participation, SessionRating
from activities.schedule import LONDON, Session, weekly_sessions
from peers.models import User

RATING_DAYS = 14  # a session can be rated for two weeks after it happened
SUMMARY_DAYS = 84  # organisers see the ratings of the last twelve weeks' sessions
SHOWN_FROM = 3  # fewer ratings than this could point at one person: nothing is shown
OFFERED = 3  # at most this many sessions to rate are offered per activity, the newest


def sessions_on(activity: Activity, day: date, *, dated: Iterable[ActivityDate] = ()) -> list:
    """The activity's sessions on that (London) day, cancelled or not: none if it had none.
    `dated`: its ActivityDate rows, prefetched."""
    if activity.schedule == "weekly":
        if not (activity.weekdays and activity.starts_at and activity.ends_at):
            return []
        return weekly_sessions(
            activity.weekdays, activity.starts_at, activity.ends_at, first_day=day, days=1
        )
    found = (
        Session(row.starts_at.astimezone(LONDON), row.ends_at.astimezone(LONDON)) for row in dated
    )
    return sorted(session for session in found if session.day == day)


def sessions_recent(
    activity: Activity,
    *,
    now: datetime,
    dated: Iterable[ActivityDate] = (),
    cancelled: Iterable[date] = (),
) -> list[Session]:
    """The sessions that have ended, took place (not cancelled) and are recent enough to
    rate, newest first."""
    today = now.astimezone(LONDON).date()
    dated = list(dated)
    skip = set(cancelled)
    found = []
    for back in range(RATING_DAYS + 1):
        day = today - timedelta(days=back)
        if day in skip:
            continue
        found += [s for s in sessions_on(activity, day, dated=dated) if s.ends <= now]
    return sorted(found, reverse=True)


def _may_rate(participation: Participation, session: Session) -> bool:
    """Only a person who had joined before the session ended was there to rate it."""
    return participation.created_at < session.ends


def sessions_to_rate_for_rows(
    *, user: User, rows: Iterable, now: datetime | None = None
) -> dict[int, list[Session]]:
    """For "My activities" (activities_joined_by's rows, dates and cancellations prefetched):
    each joined activity's newest sessions the person has not rated yet, in one query."""
    now = now or timezone.now()
    rows = [row for row in rows if row.participation.status == Participation.Status.JOINED]
    if not rows:
        return {}
    cutoff = now.astimezone(LONDON).date() - timedelta(days=RATING_DAYS)
    rated = set(
        SessionRating.objects.filter(
            participation__user=user,
            participation__activity_id__in=[row.activity.pk for row in rows],
            session_date__gte=cutoff,
        ).values_list("participation__activity_id", "session_date")
    )
    found = {}
    for row in rows:
        activity = row.activity
        found[activity.pk] = [
            session
            for session in sessions_recent(
                activity,
                now=now,
                dated=activity.dates.all(),
                cancelled=[c.date for c in activity.cancellations.all()],
            )
            if (activity.pk, session.day) not in rated and _may_rate(row.participation, session)
        ][:OFFERED]
    return found


def sessions_to_rate(
    *, user: User, activity: Activity, now: datetime | None = None
) -> list[Session]:
    """The activity's newest sessions this person (joined) may still rate, newest first."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    participation = Participation.objects.filter(
        activity=activity, user=user, status=Participation.Status.JOINED
    ).first()
    if participation is None:
        return []
    cutoff = now.astimezone(LONDON).date() - timedelta(days=RATING_DAYS)
    rated = set(
        SessionRating.objects.filter(
            participation__user=user, participation__activity=activity, session_date__gte=cutoff
        ).values_list("session_date", flat=True)
    )
    return [
        session
        for session in sessions_recent(
            activity,
            now=now,
            dated=activity.dates.all(),
            cancelled=[c.date for c in activity.cancellations.all()],
        )
        if session.day not in rated and _may_rate(participation, session)
    ][:OFFERED]


@dataclass(frozen=True)
class RatingSummary:
    """What organisers see of their activity's ratings: never who rated."""

    count: int
    average: float | None  # None until there are enough ratings
    comments: list[str]  # empty until there are enough ratings

    @property
    def enough(self) -> bool:
        return self.count >= SHOWN_FROM


def activity_rating_summary(
    *, activity: Activity, now: datetime | None = None, comments: int = 20
) -> RatingSummary:
    """The average rating of the last weeks' sessions and their comments, shown only from
    SHOWN_FROM ratings on so that no single rater can be picked out; no names, no dates."""
    now = now or timezone.now()
    since = now.astimezone(LONDON).date() - timedelta(days=SUMMARY_DAYS)
    ratings = SessionRating.objects.filter(
        participation__activity=activity, session_date__gte=since
    )
    figures = ratings.aggregate(count=Count("pk"), average=Avg("rating"))
    count = figures["count"]
    if count < SHOWN_FROM:
        return RatingSummary(count, None, [])
    texts = list(
        ratings.exclude(comment="")
        .order_by("-session_date", "-pk")
        .values_list("comment", flat=True)[:comments]
    )
    return RatingSummary(count, round(figures["average"], 1), texts)
