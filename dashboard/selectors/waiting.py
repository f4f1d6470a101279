"""The waiting list, time to match, coverage gaps and arrivals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.db.models.fields.json import KT

from dashboard.selectors.common import PLACE, DaysBetween, Town, period_start, town_fields
from peers.models import Move, SupportRequest
from peers.selectors.pairing import asked_beside_a_pairing

# Waiting reasons that mean nobody who speaks the person's language can reach them.
COVERAGE_GAP_KEYS = ("no_speaker", "no_speaker_within")


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
class GapRow:
    town: Town
    language: str
    waiting: int  # nobody who speaks it within reach
    no_speaker: int  # of whom: no supporter with room speaks it at all (anywhere)


@dataclass(frozen=True)
class CoverageFigures:
    gaps: list[GapRow]
    arrivals: list[tuple[Town, int]]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _match_times(waits: dict[object, list[float]]) -> dict[object, MatchTime]:
    return {key: MatchTime(len(values), _median(values)) for key, values in waits.items()}


def _first_language() -> FilteredRelation:
    """A request's newcomer's first language, as a LEFT JOIN on that one row. (Joining every
    language and filtering made SQLite walk all of them, supporters' too, in language order;
    a subquery per request made PostgreSQL's planner compile the query (JIT) first.)"""
    return FilteredRelation(
        "newcomer__profile__languages", condition=Q(newcomer__profile__languages__is_first=True)
    )


def matched_waits(*, now: dt.datetime) -> QuerySet:
    """One row per request matched in the last PERIOD_DAYS: its town (with its name), its
    newcomer's first language and the days they waited (computed by the database).
    Hand-overs are left out (as from the wait newcomers are told): a person who moved and
    asked for a local supporter while still paired keeps her first request's place, so
    from `waiting_since` she "waited" the months she had a supporter."""
    return (
        SupportRequest.objects.filter(matched_at__gte=period_start(now=now))
        .exclude(asked_beside_a_pairing())
        .order_by()
        .annotate(first=_first_language(), days=DaysBetween(F("matched_at"), F("waiting_since")))
        .values(*town_fields(PLACE), "first__language_id", "days")
    )


def waiting_figures(*, now: dt.datetime) -> WaitingFigures:
    """People waiting now (no match yet, an offer out included) and the median time to
    match of requests matched in the last PERIOD_DAYS, by town and by first language.

    Three queries. The medians come from one row per request matched in the period
    (`matched_waits`), not from window functions in the database: `manage.py
    bench_dashboard` times both; for 50,000 newcomers the rows were 4–5 times faster on
    SQLite and as fast on PostgreSQL."""
    place = PLACE
    waiting = SupportRequest.objects.filter(status__in=SupportRequest.OPEN).order_by()
    towns: dict[int | None, Town] = {}
    town_waiting: dict[int | None, int] = {}
    for row in waiting.values(*town_fields(place)).annotate(n=Count("pk")):
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
        .values(*town_fields(place), language=KT("waiting_reason__params__language"))
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
        .values(*town_fields("to_place"))
        .annotate(n=Count("user", distinct=True))
    )
    found = [(Town.from_row(row, "to_place"), row["n"]) for row in rows]
    return sorted(found, key=lambda item: (-item[1], item[0].name))
