"""The coordinators' dashboard figures, read with aggregate queries (GROUP BY in the
database): a fixed number of queries however many people there are, a row per group back
(the one exception: a row per request matched in the period, for the medians). Plain
dataclasses out, with raw counts: the small-number rule is applied where they are shown
(dashboard.report), so the page and the exports agree.

The same queries run on SQLite and PostgreSQL. Whatever Django would compute by calling back
into Python for every row on SQLite (datetime differences, month truncation) is written so
the database does it natively.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import Participation, SessionRating
from chat.models import Case as SafetyCase
from chat.models import Message
from feedback.models import Feedback
from peers.models import Move, Offer, Pairing, SupporterProfile, SupportRequest

PERIOD_DAYS = 90
INACTIVE_DAYS = 30
MONTHS = 6
NAMES_SHOWN = 40
# Waiting reasons that mean nobody who speaks the person's language can reach them.
COVERAGE_GAP_KEYS = ("no_speaker", "no_speaker_within")
# Open items by how long they have been open (days); closed ones are counted apart.
AGE_NEW, AGE_WEEK = 2, 7


@dataclass(frozen=True)
class Town:
    """A place as coordinators know it ("TS1 (Middlesbrough)"); id None when not given."""

    id: int | None
    name: str

    @classmethod
    def from_row(cls, row: dict, prefix: str) -> Town:
        pk = row[prefix]
        if pk is None:
            return cls(None, "")
        name, near = row[f"{prefix}__name"], row[f"{prefix}__near"]
        district = row[f"{prefix}__kind"] == "district"
        return cls(pk, f"{name} ({near})" if district and near else name)


def _town_fields(prefix: str) -> list[str]:
    return [prefix, f"{prefix}__name", f"{prefix}__near", f"{prefix}__kind"]


@dataclass(frozen=True)
class MatchTime:
    """How long people matched in the period waited: how many, and the median in days."""

    people: int = 0
    median_days: float | None = None


@dataclass(frozen=True)
class WaitingRow:
    """One town or first language: people waiting now, and time to match in the period."""

    key: object
    waiting: int
    matched: MatchTime


@dataclass(frozen=True)
class WaitingFigures:
    waiting: int
    matched: MatchTime
    by_town: list[tuple[Town, WaitingRow]]
    by_language: list[WaitingRow]  # key: language code ("" when not given)


@dataclass(frozen=True)
class MonthOffers:
    month: dt.date
    made: int
    accepted: int
    declined: int
    expired: int
    other: int  # still waiting for an answer, or withdrawn


@dataclass(frozen=True, order=True)
class LoadRow:
    capacity: int
    active: int  # active pairings
    supporters: int


@dataclass(frozen=True)
class SupporterFigures:
    active: int
    places: int  # their capacity, added up
    in_use: int  # their active pairings, added up
    load: list[LoadRow]
    inactive: int
    inactive_names: list[str]  # the first NAMES_SHOWN, for the page only


@dataclass(frozen=True)
class GapRow:
    town: Town
    language: str
    waiting: int  # nobody who speaks it within reach
    no_speaker: int  # of whom: no supporter with room speaks it at all (anywhere)


@dataclass(frozen=True)
class CoverageFigures:
    gaps: list[GapRow]
    arrivals: list[tuple[Town, int]]


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


class DaysBetween(Func):
    """Days from `start` to `end`, as a float, computed by the database itself. (Django's
    datetime subtraction on SQLite calls back into Python for every row: 50,000 waits took a
    second; SQLite's julianday() and PostgreSQL's epoch take milliseconds.)"""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def period_start(*, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=PERIOD_DAYS)


# --- Waiting list and time to match ----------------------------------------------------------


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _match_times(waits: dict[object, list[float]]) -> dict[object, MatchTime]:
    return {key: MatchTime(len(values), _median(values)) for key, values in waits.items()}


PLACE = "newcomer__profile__place"


def _first_language() -> FilteredRelation:
    """A request's newcomer's first language, as a LEFT JOIN on that one row. (Joining every
    language and filtering made SQLite walk all of them, supporters' too, in language order;
    a subquery per request made PostgreSQL's planner compile the query (JIT) first.)"""
    return FilteredRelation(
        "newcomer__profile__languages", condition=Q(newcomer__profile__languages__is_first=True)
    )


def matched_waits(*, now: dt.datetime) -> QuerySet:
    """One row per request matched in the last PERIOD_DAYS: its town (with its name), its
    newcomer's first language and the days they waited (computed by the database)."""
    return (
        SupportRequest.objects.filter(matched_at__gte=period_start(now=now))
        .order_by()
        .annotate(first=_first_language(), days=DaysBetween(F("matched_at"), F("waiting_since")))
        .values(*_town_fields(PLACE), "first__language_id", "days")
    )


def waiting_figures(*, now: dt.datetime) -> WaitingFigures:
    """People waiting now (no match yet, an offer out included) and the median time to
    match of requests matched in the last PERIOD_DAYS, by town and by first language.

    Three queries. The medians come from one row per request matched in the period
    (`matched_waits`), not from window functions in the database: `manage.py
    bench_dashboard` times both; the rows were several times faster on SQLite and faster on
    PostgreSQL too, for 50,000 newcomers."""
    place = PLACE
    waiting = SupportRequest.objects.filter(status__in=SupportRequest.OPEN).order_by()
    towns: dict[int | None, Town] = {}
    town_waiting: dict[int | None, int] = {}
    for row in waiting.values(*_town_fields(place)).annotate(n=Count("pk")):
        towns[row[place]] = Town.from_row(row, place)
        town_waiting[row[place]] = row["n"]
    language_waiting = {
        code or "": n
        for code, n in waiting.annotate(first=_first_language())
        .values_list("first__language_id")
        .annotate(n=Count("pk"))
    }
    matched = matched_waits(now=now)
    by_town: dict[object, list[float]] = defaultdict(list)
    by_language: dict[object, list[float]] = defaultdict(list)
    every: list[float] = []
    for row in matched:
        if row[place] not in towns:
            towns[row[place]] = Town.from_row(row, place)
        by_town[row[place]].append(row["days"])
        by_language[row["first__language_id"] or ""].append(row["days"])
        every.append(row["days"])
    town_times, language_times = _match_times(by_town), _match_times(by_language)
    total = sum(town_waiting.values())
    town_rows = [
        (town, WaitingRow(key, town_waiting.get(key, 0), town_times.get(key, MatchTime())))
        for key, town in towns.items()
    ]
    language_rows = [
        WaitingRow(key, language_waiting.get(key, 0), language_times.get(key, MatchTime()))
        for key in language_waiting.keys() | language_times.keys()
    ]
    return WaitingFigures(
        waiting=total,
        matched=MatchTime(len(every), _median(every)) if every else MatchTime(),
        by_town=sorted(town_rows, key=lambda item: (-item[1].waiting, -item[1].matched.people,
                                                    item[0].name)),
        by_language=sorted(language_rows, key=lambda row: (-row.waiting,
                                                           -row.matched.people, str(row.key))),
    )  # fmt: skip


# --- Offers -----------------------------------------------------------------------------------


def months_back(*, now: dt.datetime, months: int = MONTHS) -> list[dt.date]:
    """The first days of the last `months` calendar months (this one included), oldest
    first, in the site's time zone."""
    today = timezone.localtime(now).date()
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _month_after(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def offer_figures(*, now: dt.datetime) -> list[MonthOffers]:
    """Offers made in each of the last MONTHS months and how they ended (as they stand).
    Months are told apart by comparing with their first instants in the site's time zone,
    which the database does natively (truncating dates would call back into Python for
    every row on SQLite)."""
    months = months_back(now=now)
    starts = [
        timezone.make_aware(dt.datetime.combine(month, dt.time()))
        for month in [*months, _month_after(months[-1])]
    ]
    which = Case(
        *[When(created_at__lt=starts[k + 1], then=Value(k)) for k in range(len(months))],
        default=Value(len(months)),
        output_field=IntegerField(),
    )
    counts: list[dict[str, int]] = [defaultdict(int) for _ in months]
    rows = (
        Offer.objects.filter(created_at__gte=starts[0])
        .order_by()
        .annotate(month=which)
        .values_list("month", "status")
        .annotate(n=Count("pk"))
    )
    for k, status, n in rows:
        if k < len(months):
            counts[k][status] += n
    done = (Offer.Status.ACCEPTED, Offer.Status.DECLINED, Offer.Status.EXPIRED)
    return [
        MonthOffers(
            month=month,
            made=sum(c.values()),
            accepted=c[Offer.Status.ACCEPTED],
            declined=c[Offer.Status.DECLINED],
            expired=c[Offer.Status.EXPIRED],
            other=sum(n for status, n in c.items() if status not in done),
        )
        for month, c in zip(months, counts, strict=True)
    ]


# --- Supporters -------------------------------------------------------------------------------


def _active_supporters() -> QuerySet:
    return SupporterProfile.objects.filter(
        status=SupporterProfile.Status.ACTIVE, verified_at__isnull=False
    ).order_by()


def inactive_supporters(*, now: dt.datetime) -> QuerySet:
    """Active supporters, verified at least INACTIVE_DAYS ago, who in the last INACTIVE_DAYS
    sent no message and answered no offer."""
    since = now - dt.timedelta(days=INACTIVE_DAYS)
    return _active_supporters().filter(
        ~Exists(Message.objects.filter(sender=OuterRef("user_id"), created_at__gte=since)),
        ~Exists(
            Offer.objects.filter(
                supporter=OuterRef("user_id"),
                decided_at__gte=since,
                status__in=(Offer.Status.ACCEPTED, Offer.Status.DECLINED),
            )
        ),
        verified_at__lt=since,
    )


def supporter_figures(*, now: dt.datetime) -> SupporterFigures:
    """Active supporters by capacity and active pairings, and who has been inactive."""
    pairings = (
        Pairing.objects.filter(supporter=OuterRef("user_id"), status=Pairing.Status.ACTIVE)
        .order_by()
        .values("supporter")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _active_supporters()
        .annotate(active=Coalesce(Subquery(pairings, output_field=IntegerField()), 0))
        .values_list("capacity", "active")
        .annotate(n=Count("pk"))
    )
    load = sorted(LoadRow(capacity, active, n) for capacity, active, n in rows)
    # The first names and how many there are in all, in one query (a window count).
    inactive = list(
        inactive_supporters(now=now)
        .annotate(total=Window(Count("pk")))
        .order_by("user__profile__display_name", "user__username", "pk")
        .values_list("user__profile__display_name", "user__username", "total")[:NAMES_SHOWN]
    )
    return SupporterFigures(
        active=sum(row.supporters for row in load),
        places=sum(row.capacity * row.supporters for row in load),
        in_use=sum(row.active * row.supporters for row in load),
        load=load,
        inactive=inactive[0][2] if inactive else 0,
        inactive_names=[display or username for display, username, _total in inactive],
    )


# --- Coverage gaps and arrivals -----------------------------------------------------------


def coverage_figures(*, now: dt.datetime) -> CoverageFigures:
    """Languages people wait for with nobody who speaks them within reach, per town, worst
    first (from the reason each matching run stores on the requests it leaves waiting); and
    people who moved to each town in the last PERIOD_DAYS."""
    place = "newcomer__profile__place"
    gaps = (
        SupportRequest.objects.filter(
            status=SupportRequest.Status.WAITING, waiting_reason__key__in=COVERAGE_GAP_KEYS
        )
        .order_by()
        .values(*_town_fields(place), language=KT("waiting_reason__params__language"))
        .annotate(n=Count("pk"), none=Count("pk", filter=Q(waiting_reason__key="no_speaker")))
    )
    rows = [
        GapRow(Town.from_row(row, place), row["language"] or "", row["n"], row["none"])
        for row in gaps
    ]
    return CoverageFigures(
        gaps=sorted(rows, key=lambda r: (-r.waiting, -r.no_speaker, r.town.name, r.language)),
        arrivals=arrivals_by_town(since=period_start(now=now).date()),
    )


def arrivals_by_town(*, since: dt.date) -> list[tuple[Town, int]]:
    """How many people moved to each town on or after `since`, most first."""
    rows = (
        Move.objects.filter(moved_on__gte=since)
        .order_by()
        .values(*_town_fields("to_place"))
        .annotate(n=Count("user", distinct=True))
    )
    found = [(Town.from_row(row, "to_place"), row["n"]) for row in rows]
    return sorted(found, key=lambda item: (-item[1], item[0].name))


# --- Activities -------------------------------------------------------------------------------

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
        for row in current.values(*_town_fields(place)).annotate(**people)
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
            people=Count("participation__user", distinct=True),
            n=Count("pk"),
            total=Sum("rating"),
        )
    )
    return {key: (people, n, total or 0) for key, people, n, total in rows}


# --- Feedback, complaints and cases ---------------------------------------------------------


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
