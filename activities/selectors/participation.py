"""Reads about who joined what: a person's place on a waiting list, their activities, and the
"come with me" asks they may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from activities.models import Activity, CompanionRequest, Organisation, Participation
from activities.schedule import Session, upcoming_sessions
from peers.models import Gender, Pairing, Profile, User


def participation_current(*, user: User, activity: Activity) -> Participation | None:
    """The person's participation that still stands (coming or waiting), if any."""
    if not user.is_authenticated:
        return None
    return Participation.objects.filter(
        activity=activity, user=user, status__in=Participation.CURRENT
    ).first()


def waiting_position(*, participation: Participation) -> int:
    """1 for the first person waiting: first come, first served."""
    ahead = Participation.objects.filter(
        activity_id=participation.activity_id, status=Participation.Status.WAITING
    ).filter(
        Q(created_at__lt=participation.created_at)
        | Q(created_at=participation.created_at, pk__lt=participation.pk)
    )
    return ahead.count() + 1


def joined_count(*, activity: Activity) -> int:
    return Participation.objects.filter(
        activity=activity, status=Participation.Status.JOINED
    ).count()


@dataclass(frozen=True)
class ParticipationBox:
    """What the activity page's participation box shows to one person."""

    participation: Participation | None
    waiting_position: int | None
    places_left: int | None  # None: no limit
    women_only_blocked: bool  # a women-only group and the person's profile does not say woman
    pairing: Pairing | None  # an active pairing in which the person is the newcomer
    ask: CompanionRequest | None  # the newest come-with-me ask about this activity

    @property
    def joined(self) -> bool:
        return (
            self.participation is not None
            and self.participation.status == Participation.Status.JOINED
        )

    @property
    def waiting(self) -> bool:
        return (
            self.participation is not None
            and self.participation.status == Participation.Status.WAITING
        )

    @property
    def full(self) -> bool:
        return self.places_left is not None and self.places_left <= 0

    @property
    def may_ask_companion(self) -> bool:
        standing = self.ask is not None and self.ask.status in ("asked", "yes")
        return self.joined and self.pairing is not None and not standing


def participation_box_for(*, user: User, activity: Activity) -> ParticipationBox:
    """The participation box's state for this person (a visitor sees only the places)."""
    capacity = activity.capacity
    places_left = None if capacity is None else max(capacity - joined_count(activity=activity), 0)
    if not user.is_authenticated:
        return ParticipationBox(None, None, places_left, False, None, None)
    participation = participation_current(user=user, activity=activity)
    position = (
        waiting_position(participation=participation)
        if participation and participation.status == Participation.Status.WAITING
        else None
    )
    blocked = False
    if activity.women_only:
        gender = Profile.objects.filter(user=user).values_list("gender", flat=True).first()
        blocked = gender != Gender.FEMALE
    pairing = (
        Pairing.objects.filter(newcomer=user, status=Pairing.Status.ACTIVE)
        .select_related("supporter__profile")
        .first()
    )
    ask = (
        CompanionRequest.objects.filter(activity=activity, newcomer=user)
        .exclude(status=CompanionRequest.Status.WITHDRAWN)
        .select_related("supporter__profile")
        .first()
    )
    return ParticipationBox(participation, position, places_left, blocked, pairing, ask)


def _still_paired(supporter: User) -> Exists:
    """The ask's newcomer is still paired with this supporter: once the pairing ends (or the
    newcomer blocks them) the supporter no longer learns which activity they go to."""
    return Exists(
        Pairing.objects.filter(
            newcomer_id=OuterRef("newcomer_id"), supporter=supporter, status=Pairing.Status.ACTIVE
        )
    )


def companion_asks_for_supporter(*, user: User, activity: Activity) -> QuerySet:
    """The come-with-me asks this supporter received about this activity (newest first)."""
    if not user.is_authenticated:
        return CompanionRequest.objects.none()
    return (
        CompanionRequest.objects.filter(activity=activity, supporter=user)
        .filter(_still_paired(user))
        .exclude(status=CompanionRequest.Status.WITHDRAWN)
        .select_related("newcomer__profile")
    )


def companion_ask_for_supporter(*, user: User, pk: int) -> CompanionRequest | None:
    """A come-with-me ask, only for the supporter it was sent to."""
    if not user.is_authenticated:
        return None
    return (
        CompanionRequest.objects.filter(pk=pk, supporter=user)
        .filter(_still_paired(user))
        .select_related("activity__place", "activity__organisation", "newcomer__profile")
        .first()
    )


def companion_ask_for_newcomer(*, user: User, pk: int) -> CompanionRequest | None:
    """A come-with-me ask, only for the newcomer who made it."""
    if not user.is_authenticated:
        return None
    return CompanionRequest.objects.filter(pk=pk, newcomer=user).select_related("activity").first()


@dataclass(frozen=True)
class JoinedActivity:
    activity: Activity
    participation: Participation
    sessions: list[Session]
    running: bool = True  # False when paused, ended or its group is no longer verified


def activities_joined_by(
    *, user: User, now: datetime | None = None, sessions: int = 3
) -> list[JoinedActivity]:
    """What the person joined or waits for, with the next few sessions of each: a fixed
    number of queries however many they joined."""
    now = now or timezone.now()
    participations = (
        Participation.objects.filter(user=user, status__in=Participation.CURRENT)
        .select_related("activity__place", "activity__organisation")
        .prefetch_related(
            Prefetch("activity__dates"),
            Prefetch("activity__cancellations"),
        )
        .order_by("status", "activity__title", "pk")
    )
    found = []
    for participation in participations:
        activity = participation.activity
        upcoming = upcoming_sessions(
            activity,
            now=now,
            days=42,
            dated=list(activity.dates.all()),
            cancelled=[row.date for row in activity.cancellations.all()],
        )
        running = (
            activity.status == Activity.Status.ACTIVE
            and activity.organisation.status == Organisation.Status.VERIFIED
        )
        found.append(
            JoinedActivity(activity, participation, upcoming[:sessions] if running else [], running)
        )
    return found
