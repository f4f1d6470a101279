"""Local help a coordinator adds for a town: add, correct, remove. Public once saved, so it
holds only what the service itself publishes."""

from django.db import transaction

from activities.models import LocalService
from peers.models import Place, User


def _fill(
    service: LocalService,
    *,
    place: Place,
    kind: str,
    name: str,
    description: str,
    address: str,
    contact: str,
    opening_hours: str,
) -> LocalService:
    service.place = place
    service.kind = kind
    service.name = name.strip()
    service.description = description.strip()
    service.address = address.strip()
    service.contact = contact.strip()
    service.opening_hours = opening_hours.strip()
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def local_service_create(
    *,
    coordinator: User,
    place: Place,
    kind: str,
    name: str,
    description: str,
    address: str = "",
    contact: str = "",
    opening_hours: str = "",
) -> LocalService:
    """A coordinator lists a service for a town; it shows on that town's directory at once."""
    return _fill(
        LocalService(added_by=coordinator),
        place=place,
        kind=kind,
        name=name,
        description=description,
        address=address,
        contact=contact,
        opening_hours=opening_hours,
    )


@transaction.atomic
def local_service_update(
    *,
    service: LocalService,
    place: Place,
    kind: str,
    name: str,
    description: str,
    address: str = "",
    contact: str = "",
    opening_hours: str = "",
) -> LocalService:
    """A coordinator corrects a service's details (the whole entry, checked again)."""
    locked = LocalService.objects.select_for_update().get(pk=service.pk)
    return _fill(
        locked,
        place=place,
        kind=kind,
        name=name,
        description=description,
        address=address,
        contact=contact,
        opening_hours=opening_hours,
    )


@transaction.atomic
def local_service_delete(*, service: LocalService) -> None:
    """A coordinator removes a service that has closed or no longer welcomes newcomers."""
    LocalService.objects.filter(pk=service.pk).delete()
