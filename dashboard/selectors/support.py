"""Offers to supporters month by month, and supporters' load and inactivity."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from chat.models import Message
from peers.models import Offer, Pairing, SupporterProfile

INACTIVE_DAYS = 30


MONTHS = 6


NAMES_SHOWN = 40


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
        # Names repeat ("Ali", "Ali"): the username tells a coordinator which one it is.
        inactive_names=[
            f"{display} ({username})" if display and display != username else username
            for display, username, _total in inactive
        ],
    )
