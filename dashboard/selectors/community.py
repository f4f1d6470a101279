"""Activity participation and ratings, feedback scores, complaints and cases."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When

from activities.models import Participation, SessionRating
from chat.models import Case as SafetyCase
from dashboard.selectors.common import Town, period_start, town_fields
from feedback.models import Feedback

# Open items by how long they have been open (days); closed ones are counted apart.
AGE_NEW, AGE_WEEK = 2, 7


@dataclass(frozen=True)
class ParticipationRow:
    key: object
    coming: int
    waiting: int
    rated_by: int = 0
    ratings: int = 0
    rating_total: int = 0


@dataclass(frozen=True)
class ActivityFigures:
    by_kind: list[ParticipationRow]  # key: organisation kind
    by_town: list[tuple[Town, ParticipationRow]]  # town id None: online


@dataclass(frozen=True)
class FeedbackFigures:
    scores: dict[int, int]  # score 1–5 -> how many gave it


@dataclass(frozen=True)
class AgeRow:
    """Items of one kind and status: how many, and the open ones by age."""

    kind: str
    status: str
    total: int
    ages: dict[str, int]  # "new" (< 2 days), "week" (2–7 days), "older" (> 7 days)


@dataclass(frozen=True)
class CaseFigures:
    complaints: list[AgeRow]
    cases: list[AgeRow]


COMING = Participation.Status.JOINED


ON_WAITING_LIST = Participation.Status.WAITING


def activity_figures(*, now: dt.datetime) -> ActivityFigures:
    """People coming to or waiting for running activities, by kind of group and by town,
    and session ratings in the last PERIOD_DAYS by kind of group."""
    current = Participation.objects.filter(
        status__in=Participation.CURRENT, activity__status="active"
    ).order_by()
    people = {
        "coming": Count("user", distinct=True, filter=Q(status=COMING)),
        "waiting": Count("user", distinct=True, filter=Q(status=ON_WAITING_LIST)),
    }
    kind = "activity__organisation__kind"
    ratings = _ratings_by_kind(since=period_start(now=now).date())
    by_kind_rows = {row[kind]: row for row in current.values(kind).annotate(**people)}
    by_kind = [
        ParticipationRow(
            key,
            by_kind_rows.get(key, {}).get("coming", 0),
            by_kind_rows.get(key, {}).get("waiting", 0),
            *ratings.get(key, (0, 0, 0)),
        )
        for key in by_kind_rows.keys() | ratings.keys()
    ]
    place = "activity__place"
    by_town = [
        (Town.from_row(row, place), ParticipationRow(row[place], row["coming"], row["waiting"]))
        for row in current.values(*town_fields(place)).annotate(**people)
    ]
    return ActivityFigures(
        by_kind=sorted(by_kind, key=lambda r: (-r.coming, -r.waiting, r.key)),
        by_town=sorted(by_town, key=lambda item: (-item[1].coming, -item[1].waiting,
                                                  item[0].name)),
    )  # fmt: skip


def _ratings_by_kind(*, since: dt.date) -> dict[str, tuple[int, int, int]]:
    """Per kind of group: how many people rated sessions since then, how many ratings, and
    their sum."""
    rows = (
        SessionRating.objects.filter(session_date__gte=since)
        .order_by()
        .values_list("participation__activity__organisation__kind")
        .annotate(
            people=Count("participation__user", distinct=True), n=Count("pk"), total=Sum("rating")
        )
    )
    return {key: (people, n, total or 0) for key, people, n, total in rows}


def feedback_figures(*, now: dt.datetime) -> FeedbackFigures:
    """How many gave each score (1–5) with their feedback or complaint in the period."""
    rows = (
        Feedback.objects.filter(score__isnull=False, created_at__gte=period_start(now=now))
        .order_by()
        .values_list("score")
        .annotate(n=Count("pk"))
    )
    scores = dict.fromkeys(range(1, 6), 0)
    scores.update(dict(rows))
    return FeedbackFigures(scores=scores)


def _by_age(queryset: QuerySet, *, now: dt.datetime, closed: Q, kind: str | None) -> list[AgeRow]:
    """Open items by age bucket, closed ones apart, grouped by (kind and) status."""
    age = Case(
        When(closed, then=Value("closed")),
        When(created_at__gt=now - dt.timedelta(days=AGE_NEW), then=Value("new")),
        When(created_at__gt=now - dt.timedelta(days=AGE_WEEK), then=Value("week")),
        default=Value("older"),
    )
    fields = [kind, "status"] if kind else ["status"]
    rows = queryset.order_by().annotate(age=age).values_list(*fields, "age").annotate(n=Count("pk"))
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for *key, bucket, n in rows:
        group = (key[0], key[1]) if kind else ("", key[0])
        grouped[group][bucket] = grouped[group].get(bucket, 0) + n
    return [
        AgeRow(group_kind, status, sum(ages.values()), {k: v for k, v in ages.items()
                                                       if k != "closed"})
        for (group_kind, status), ages in sorted(grouped.items())
    ]  # fmt: skip


def case_figures(*, now: dt.datetime) -> CaseFigures:
    """Complaints and safeguarding cases (alerts, reports, messages to the team) open now,
    by status and age, and those closed in the last PERIOD_DAYS."""
    since = period_start(now=now)
    resolved = Q(status=Feedback.Status.RESOLVED)
    complaints = Feedback.objects.filter(kind=Feedback.Kind.COMPLAINT).filter(
        Q(status__in=Feedback.OPEN) | Q(responded_at__gte=since)
    )
    closed = Q(status=SafetyCase.Status.CLOSED)
    cases = SafetyCase.objects.filter(Q(status__in=SafetyCase.OPEN) | Q(closed_at__gte=since))
    return CaseFigures(
        complaints=_by_age(complaints, now=now, closed=resolved, kind=None),
        cases=_by_age(cases, now=now, closed=closed, kind="kind"),
    )
