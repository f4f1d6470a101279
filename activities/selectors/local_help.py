"""Reads of local help: a town's services for its public directory, and the coordinators'
list. Public readers see only what the services publish (never who added them)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from activities.models import LocalService
from activities.selectors.finding import bounding_box
from peers.matching.scoring import great_circle_km
from peers.models import Place


@dataclass
class LocalHelpGroup:
    kind: str
    label: str
    services: list[LocalService]


def local_services_near(*, place: Place, km: float) -> list[LocalService]:
    """Services listed for any town within `km` of the place (what a bus reaches), nearest
    town first. One query however many there are."""
    lat_range, lon_range = bounding_box(place.latitude, place.longitude, km)
    rows = LocalService.objects.filter(
        place__latitude__range=lat_range, place__longitude__range=lon_range
    ).select_related("place")
    near = []
    for service in rows:
        distance = great_circle_km(
            place.latitude, place.longitude, service.place.latitude, service.place.longitude
        )
        if distance <= km:
            near.append((distance != 0, service))
    return [service for _, service in sorted(near, key=lambda pair: pair[0])]


def local_help_for_place(*, place: Place, km: float) -> list[LocalHelpGroup]:
    """A town's local services grouped by kind, in the kinds' order (GPs first)."""
    services = local_services_near(place=place, km=km)
    groups = []
    for kind, label in LocalService.Kind.choices:
        of_kind = [service for service in services if service.kind == kind]
        if of_kind:
            groups.append(LocalHelpGroup(kind, label, of_kind))
    return groups


def local_services_list_for_coordinator(*, place: Place | None = None) -> QuerySet[LocalService]:
    """Every listed service (or one town's), by town then kind, for coordinators to keep up to
    date."""
    services = LocalService.objects.select_related("place").order_by(
        "place__name", "place_id", "kind", "name", "pk"
    )
    if place is not None:
        services = services.filter(place=place)
    return services


def local_service_get_for_coordinator(*, pk: int) -> LocalService:
    return get_object_or_404(LocalService.objects.select_related("place"), pk=pk)
