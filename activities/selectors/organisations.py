"""What organisers and coordinators read about organisations and activities. Permission
filtering lives here: an organiser only ever gets their own groups' rows."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404

from activities.models import Activity, Organisation, Organiser, Participation
from activities.selectors.visibility import activities_managed_by, organisations_managed_by
from peers.models import Consent, ConsentPurpose, User


def organisations_for_organiser(*, user: User) -> QuerySet:
    """The groups this person organises, with their towns and how many activities each has."""
    return (
        organisations_managed_by(user=user)
        .annotate(activity_count=Count("activities", distinct=True))
        .prefetch_related("towns")
        .order_by("name", "pk")
    )


def organisation_get_for_organiser(*, user: User, pk: int) -> Organisation:
    """One of this person's groups, or 404 (someone else's group looks like no group)."""
    return get_object_or_404(organisations_managed_by(user=user).prefetch_related("towns"), pk=pk)


def organisation_activities(*, organisation: Organisation) -> QuerySet:
    """A group's activities for its organisers, with the counts of who is coming and waiting."""
    return (
        organisation.activities.select_related("place")
        .annotate(
            coming=Count("participations", filter=Q(participations__status="joined")),
            waiting=Count("participations", filter=Q(participations__status="waiting")),
        )
        .order_by("title", "pk")
    )


def organisation_organisers(*, organisation: Organisation) -> QuerySet:
    return (
        Organiser.objects.filter(organisation=organisation)
        .select_related("user", "user__profile")
        .order_by("created_at", "pk")
    )


def organisations_pending_for_coordinator(*, coordinator: User) -> QuerySet:
    """Groups waiting for a check, oldest first; never the coordinator's own groups (another
    coordinator checks those)."""
    return (
        Organisation.objects.filter(status=Organisation.Status.PENDING)
        .exclude(organisers__user=coordinator)
        .select_related("created_by")
        .prefetch_related("towns")
        .order_by("created_at", "pk")
    )


def organisation_get_for_coordinator(*, pk: int, coordinator: User) -> Organisation:
    """A group to check, or 404 when there is none or the coordinator organises it."""
    return get_object_or_404(
        Organisation.objects.exclude(organisers__user=coordinator)
        .select_related("created_by", "decided_by")
        .prefetch_related(
            "towns",
            Prefetch("organisers", queryset=Organiser.objects.select_related("user")),
        ),
        pk=pk,
    )


def activity_get_for_organiser(*, user: User, pk: int) -> Activity:
    """One activity of this person's groups, or 404."""
    return get_object_or_404(
        activities_managed_by(user=user)
        .select_related("organisation", "place")
        .prefetch_related("interests", "languages", "dates", "cancellations"),
        pk=pk,
    )


@dataclass(frozen=True)
class People:
    """Who is coming, for the organiser: counts for everyone, names only for those who agreed
    to show their name to group organisers."""

    coming: int
    waiting: int
    coming_names: list[str]
    waiting_names: list[str]


def activity_people_for_organiser(*, activity: Activity) -> People:
    """Counts of who is coming and waiting; the names of those who consented, and nobody
    else's (two queries, however many joined)."""
    rows = Participation.objects.filter(activity=activity, status__in=Participation.CURRENT)
    counts = rows.aggregate(
        coming=Count("pk", filter=Q(status=Participation.Status.JOINED)),
        waiting=Count("pk", filter=Q(status=Participation.Status.WAITING)),
    )
    consented = Consent.objects.filter(
        user=OuterRef("user_id"),
        purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS,
        withdrawn_at__isnull=True,
    )
    named = (
        rows.filter(Exists(consented))
        .annotate(
            name=Coalesce(
                NullIf("user__profile__display_name", Value("")),
                NullIf("user__first_name", Value("")),
                "user__username",
            )
        )
        .order_by("created_at", "pk")
        .values_list("status", "name")
    )
    coming_names, waiting_names = [], []
    for status, name in named:
        (coming_names if status == Participation.Status.JOINED else waiting_names).append(name)
    return People(
        coming=counts["coming"],
        waiting=counts["waiting"],
        coming_names=coming_names,
        waiting_names=waiting_names,
    )


def organisations_waiting_count(*, coordinator: User) -> int:
    """How many groups wait for this coordinator's check (the queue's own rule)."""
    return organisations_pending_for_coordinator(coordinator=coordinator).count()
