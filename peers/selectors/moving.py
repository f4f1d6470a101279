"""Reads about moving town: what happened after a person's move, what suits them in the new
town, and arrivals per place for coordinators (names only with the person's agreement)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.urls import reverse

from peers.models import Consent, ConsentPurpose, Move, Place, User


def move_latest_for_user(*, user: User) -> Move | None:
    """The person's own latest move (never anyone else's), with its places and pairing."""
    return (
        Move.objects.filter(user=user)
        .select_related("to_place", "from_place", "pairing__supporter__profile")
        .first()
    )


def newcomers_sharing_profile(*, user_ids: set[int]) -> set[int]:
    """Those of these newcomers who consent now to their supporter seeing their name and town
    (one query for a whole page of notices)."""
    return set(
        Consent.objects.filter(
            user_id__in=user_ids,
            purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER,
            withdrawn_at__isnull=True,
        ).values_list("user_id", flat=True)
    )


def place_label(*, kind: str, name: str, near: str) -> str:
    """A place as people read it: "TS1 (Middlesbrough)" for a postcode district."""
    return f"{name} ({near})" if kind == Place.Kind.DISTRICT and near else name


def arrivals_by_place(*, since: date) -> list[dict]:
    """People who moved to each place on or after `since`, most arrivals first: the place,
    its region, how many people, and the names of only those who agreed to show them to the
    coordinators of their new area. Two queries, however many moves there are."""
    moves = Move.objects.filter(moved_on__gte=since)
    rows = (
        moves.values(
            "to_place_id", "to_place__name", "to_place__kind", "to_place__near", "to_place__region"
        )
        .annotate(count=Count("user_id", distinct=True))
        .order_by("-count", "to_place__name", "to_place_id")
    )
    names: dict[int, list[str]] = {}
    shared = (
        moves.filter(name_shared=True)
        .order_by("to_place_id", "user__profile__display_name", "user__username")
        .values_list("to_place_id", "user__profile__display_name", "user__username")
    )
    for place_id, display_name, username in shared:
        name = display_name or username
        if name not in names.setdefault(place_id, []):
            names[place_id].append(name)
    return [
        {
            "place_id": row["to_place_id"],
            "place_name": place_label(
                kind=row["to_place__kind"], name=row["to_place__name"], near=row["to_place__near"]
            ),
            "region": row["to_place__region"],
            "count": row["count"],
            "names": names.get(row["to_place_id"], []),
        }
        for row in rows
    ]


@dataclass(frozen=True)
class Recommended:
    activity: object
    distance: str
    reasons: list[str]
    next: object


RECOMMENDED_SHOWN = 5


def activities_recommended_for(
    *, user: User, now: datetime, limit: int = RECOMMENDED_SHOWN
) -> list[Recommended]:
    """The activities that suit the person best around the town on their profile (the
    activities' own "for you" ranking), nearest meetings only: after a move, the new town's."""
    from activities import recommend
    from activities.selectors.finding import (
        Search,
        activities_in_order,
        activity_next_session,
        activity_search,
        person_for_recommendations,
    )
    from peers.geo import distance_label
    from peers.selectors.pairing import reason_translator

    person = person_for_recommendations(user=user)
    if person is None:
        return []
    centre = Place(latitude=person.lat, longitude=person.lon)
    result = activity_search(search=Search(centre=centre), now=now, person=person, order="for-you")
    suited = [f for f in result.items if f.ranked is not None and f.distance_km is not None]
    suited = suited[:limit]
    by_id = {a.pk: a for a in activities_in_order(ids=[found.id for found in suited], now=now)}
    translator = reason_translator() if by_id else None
    return [
        Recommended(
            activity=by_id[found.id],
            distance=distance_label(found.distance_km),
            reasons=recommend.reasons_render(result.reasons(found), translator),
            next=activity_next_session(activity=by_id[found.id], now=now),
        )
        for found in suited
        if found.id in by_id
    ]


def local_help_url(*, place: Place) -> str:
    """The town's directory page: its groups, local help (GP, food bank, drop-in) and guides."""
    return reverse("activities:directory", kwargs={"key": place.pk})
