"""Reads for finding activities: one activity's page, the filtered and ranked list, and the
person's side of "for you". Everything starts from `activities_visible()`."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from activities import recommend
from activities.models import Activity, ActivityDate, Cancellation
from activities.schedule import LONDON, Session, activity_slots, upcoming_sessions
from activities.selectors.visibility import activities_visible
from peers.matching.model import Language, Reason
from peers.matching.scoring import great_circle_km
from peers.models import NewcomerProfile, PersonLanguage, Place, Profile

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


# --- The list: filters in SQL where they are plain, exact distance and free times in Python --

KM_PER_DEGREE = 111.195  # along a meridian, on the matcher's 6371.009 km sphere
DEFAULT_MAX_KM = 10  # someone without a newcomer profile: about a bus ride
PER_PAGE = 20


@dataclass(frozen=True)
class Search:
    """A cleaned search: a centre (typed town, else the person's own) and what to keep."""

    centre: Place | None = None
    km: float | None = None
    interest: str = ""
    language: str = ""
    day: str = ""
    part: str = ""
    free: bool = False
    women_only: bool = False
    family_friendly: bool = False
    step_free: bool = False
    online: bool = False


@dataclass(frozen=True)
class Found:
    id: int
    distance_km: float | None  # from the search's centre; None for online or no centre
    ranked: recommend.Ranked | None = None  # when ordered "for you" and it suits the person


@dataclass
class SearchResult:
    items: list[Found]
    person: recommend.Person | None = None
    index: recommend.ActivityIndex | None = None

    def reasons(self, found: Found) -> tuple[Reason, ...]:
        """Why an activity suits the person (only asked for the page shown)."""
        if found.ranked is None or self.person is None or self.index is None:
            return ()
        facts = self.index.fact(found.id)
        return recommend.reason_parts(self.person, facts, found.ranked.distance_km)


def bounding_box(lat: float, lon: float, km: float) -> tuple[tuple[float, float], ...]:
    """Latitude and longitude ranges that hold every point within `km` of (lat, lon): a cheap
    SQL prefilter before the exact great-circle distance."""
    dlat = km / KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01)
    dlon = min(180.0, km / (KM_PER_DEGREE * cos_lat))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def _filtered(search: Search) -> QuerySet:
    activities = activities_visible()
    if search.interest:
        activities = activities.filter(interests=search.interest)
    if search.language:
        activities = activities.filter(languages=search.language)
    for flag in ("women_only", "family_friendly", "step_free", "online"):
        if getattr(search, flag):
            activities = activities.filter(**{flag: True})
    if search.free:
        activities = activities.filter(cost_pence=0)
    if search.km is not None and search.centre is not None and not search.online:
        lat_range, lon_range = bounding_box(
            search.centre.latitude, search.centre.longitude, search.km
        )
        activities = activities.filter(
            online=False, place__latitude__range=lat_range, place__longitude__range=lon_range
        )
    return activities


class _Row:
    """The fields `activity_slots` reads, from a values row."""

    __slots__ = ("schedule", "starts_at", "weekdays")

    def __init__(self, schedule: str, weekdays, starts_at) -> None:
        self.schedule, self.weekdays, self.starts_at = schedule, weekdays, starts_at


class _Dated:
    __slots__ = ("starts_at",)

    def __init__(self, starts_at: datetime) -> None:
        self.starts_at = starts_at


def _slot_wanted(slots: frozenset[str], day: str, part: str) -> bool:
    return any(
        (not day or slot.startswith(f"{day}-")) and (not part or slot.endswith(f"-{part}"))
        for slot in slots
    )


def activity_search(
    *,
    search: Search,
    now: datetime,
    person: recommend.Person | None = None,
    order: str = "name",
) -> SearchResult:
    """Visible activities that pass the search, in the asked order: "for-you" (the matcher's
    parts, in the person's own limits, suitable ones first), "near" (nearest first, online
    last) or "name". A fixed number of queries however many activities there are."""
    activities = _filtered(search)
    rows = list(
        activities.values_list(
            "pk", "place__latitude", "place__longitude", "online", "schedule", "weekdays",
            "starts_at",
        )
    )  # fmt: skip
    need_slots = bool(search.day or search.part) or (order == "for-you" and person is not None)
    dated: dict[int, list[_Dated]] = defaultdict(list)
    if need_slots:
        for activity_id, starts_at in ActivityDate.objects.filter(
            activity__in=activities.filter(schedule=Activity.Schedule.DATES).values("pk"),
            ends_at__gt=now,
        ).values_list("activity_id", "starts_at"):
            dated[activity_id].append(_Dated(starts_at))

    centre = search.centre
    kept: list[tuple[int, float | None, float | None, float | None, bool, frozenset[str]]] = []
    for pk, lat, lon, online, schedule, weekdays, starts_at in rows:
        distance = None
        if centre is not None and not online and lat is not None:
            distance = great_circle_km(centre.latitude, centre.longitude, lat, lon)
            if search.km is not None and distance > search.km:
                continue
        slots = (
            activity_slots(_Row(schedule, weekdays, starts_at), dated=dated.get(pk, ()))
            if need_slots
            else frozenset()
        )
        if (search.day or search.part) and not _slot_wanted(slots, search.day, search.part):
            continue
        kept.append((pk, distance, lat, lon, online, slots))

    if order == "for-you" and person is not None:
        return _ranked_for(person, activities, kept)
    items = [Found(pk, distance) for pk, distance, *_rest in kept]
    if order == "near" and centre is not None:
        items.sort(key=lambda f: (f.distance_km is None, f.distance_km or 0.0))
    return SearchResult(items)


def _ranked_for(person: recommend.Person, activities: QuerySet, kept: list) -> SearchResult:
    """Suitable activities best first with the matcher's parts; the rest follow in name order."""
    ids = activities.values("pk")
    languages: dict[int, set[str]] = defaultdict(set)
    for activity_id, code in Activity.languages.through.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "language_id"):
        languages[activity_id].add(code)
    interests: dict[int, set[str]] = defaultdict(set)
    for activity_id, slug in Activity.interests.through.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "interest_id"):
        interests[activity_id].add(slug)
    index = recommend.ActivityIndex(
        [
            recommend.ActivityFacts(
                id=pk,
                lat=lat,
                lon=lon,
                online=online,
                languages=frozenset(languages.get(pk, ())),
                interests=frozenset(interests.get(pk, ())),
                slots=slots,
            )
            for pk, _distance, lat, lon, online, slots in kept
        ]
    )
    ranked = recommend.rank(person, index, explain=0)
    distances = {pk: distance for pk, distance, *_rest in kept}
    items = [Found(r.id, distances[r.id], r) for r in ranked]
    suited = {r.id for r in ranked}
    items += [Found(pk, distance) for pk, distance, *_rest in kept if pk not in suited]
    return SearchResult(items, person, index)


def activities_in_order(*, ids: list[int], now: datetime) -> list[Activity]:
    """One page of activities with their details, in the order given."""
    by_id = {a.pk: a for a in activities_with_details(now=now).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


# --- The person's side of "for you" -------------------------------------------------------------


def person_for_recommendations(*, user) -> recommend.Person | None:
    """The person as ranking sees them: their town's centre, languages (first marked),
    interests, free times and limits; None until they have a town and a language."""
    if not user.is_authenticated:
        return None
    profile = Profile.objects.filter(user=user).select_related("place").first()
    if profile is None or profile.place is None:
        return None
    languages = tuple(
        Language(code, dialect or None, first)
        for code, dialect, first in PersonLanguage.objects.filter(profile=profile).values_list(
            "language_id", "dialect", "is_first"
        )
    )
    if not languages:
        return None
    interests = frozenset(profile.interests.values_list("slug", flat=True))
    limits = NewcomerProfile.objects.filter(user=user).values_list("max_km", "remote_ok").first()
    max_km, remote_ok = limits if limits else (DEFAULT_MAX_KM, True)
    return recommend.Person(
        lat=profile.place.latitude,
        lon=profile.place.longitude,
        languages=languages,
        interests=interests,
        availability=frozenset(profile.availability or ()),
        max_km=float(max_km),
        remote_ok=remote_ok,
    )
