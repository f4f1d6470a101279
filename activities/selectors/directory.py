"""The printable town directory: verified organisations and running activities in and around
a town, grouped by kind. Public: only what groups chose to publish, nothing about people."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from activities.models import Activity, Organisation
from activities.selectors.finding import activities_with_details, bounding_box
from activities.selectors.visibility import activities_visible, organisations_visible
from peers.matching.scoring import great_circle_km
from peers.models import Place

DIRECTORY_KM = 10  # "in that town": its centre and what a bus reaches


@dataclass
class DirectoryEntry:
    organisation: Organisation
    activities: list[Activity] = field(default_factory=list)


@dataclass
class DirectoryGroup:
    kind: str
    label: str
    entries: list[DirectoryEntry]


def _near(place: Place, rows, km: float) -> set[int]:
    return {
        key
        for key, lat, lon in rows
        if lat is not None and great_circle_km(place.latitude, place.longitude, lat, lon) <= km
    }


def directory_for_place(
    *, place: Place, now: datetime, km: float = DIRECTORY_KM
) -> list[DirectoryGroup]:
    """Verified organisations working within `km` of the town or running a visible activity
    there, with those activities (and their online ones), grouped by kind in the kinds' order.
    A fixed number of queries however many there are."""
    lat_range, lon_range = bounding_box(place.latitude, place.longitude, km)
    activity_rows = activities_visible().filter(
        online=False, place__latitude__range=lat_range, place__longitude__range=lon_range
    )
    activity_ids = _near(
        place,
        activity_rows.values_list("pk", "place__latitude", "place__longitude"),
        km,
    )
    town_rows = Organisation.towns.through.objects.filter(
        organisation__in=organisations_visible(),
        place__latitude__range=lat_range,
        place__longitude__range=lon_range,
    ).values_list("organisation_id", "place__latitude", "place__longitude")
    organisation_ids = _near(place, town_rows, km)
    organisation_ids |= set(
        activities_visible().filter(pk__in=activity_ids).values_list("organisation_id", flat=True)
    )
    organisations = list(organisations_visible().filter(pk__in=organisation_ids))
    activities = activities_with_details(now=now).filter(organisation_id__in=organisation_ids)
    by_organisation: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.online or activity.pk in activity_ids:
            by_organisation[activity.organisation_id].append(activity)
    groups = []
    for kind, label in Organisation.Kind.choices:
        entries = [
            DirectoryEntry(organisation, by_organisation.get(organisation.pk, []))
            for organisation in organisations
            if organisation.kind == kind
        ]
        if entries:
            groups.append(DirectoryGroup(kind, label, entries))
    return groups


def place_for_directory(*, key: str) -> Place | None:
    """The place a directory address names: a primary key, or a town's name with hyphens."""
    if key.isdigit():
        return Place.objects.filter(pk=int(key)).first()
    from peers.geo import place_lookup

    return place_lookup(key.replace("-", " "))
