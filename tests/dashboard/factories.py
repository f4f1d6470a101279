"""Rows for the dashboard's known fixture. The dashboard only reads, and its figures depend on
dates in the past (waiting since, matched at, offers months ago), which the services stamp
with the present: so these are rows, as a past would have left them."""

import datetime as dt
import itertools

from chat.models import Case, Conversation, Message
from feedback.models import Feedback
from peers.models import (
    Move,
    Offer,
    Pairing,
    PersonLanguage,
    Profile,
    SupporterProfile,
    SupportRequest,
    User,
)
from tests.peers.factories import UserFactory, place

_references = itertools.count(1)


def person(
    town: str = "Middlesbrough", language: str | None = "ti", *, supporter: bool = False, name=""
) -> User:
    """A newcomer (or a supporter) with a town and a first language."""
    user = UserFactory(is_newcomer=not supporter, is_supporter=supporter)
    profile = Profile.objects.create(
        user=user, display_name=name or user.username, place=place(town) if town else None
    )
    if language:
        PersonLanguage.objects.create(profile=profile, language_id=language, is_first=True)
    return user


def support_request(
    user: User,
    *,
    now: dt.datetime,
    status: str = SupportRequest.Status.WAITING,
    waited_days: float = 1,
    matched_days_ago: float | None = None,
    reason: tuple[str, str] | None = None,
) -> SupportRequest:
    """A request that started `waited_days` before it was matched (or before now)."""
    matched_at = None if matched_days_ago is None else now - dt.timedelta(days=matched_days_ago)
    waiting_since = (matched_at or now) - dt.timedelta(days=waited_days)
    waiting_reason = {}
    if reason:
        key, language = reason
        waiting_reason = {"key": key, "params": {"language": language, "km": 10}}
    return SupportRequest.objects.create(
        newcomer=user,
        status=status,
        waiting_since=waiting_since,
        matched_at=matched_at,
        waiting_reason=waiting_reason,
    )


def active_supporter(
    town: str = "Middlesbrough", *, capacity: int = 1, verified_days_ago: int = 60, name: str = ""
) -> User:
    user = person(town, "ti", supporter=True, name=name)
    SupporterProfile.objects.create(
        user=user,
        capacity=capacity,
        status=SupporterProfile.Status.ACTIVE,
        verified_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=verified_days_ago),
    )
    return user


def offer(
    request: SupportRequest,
    supporter: User,
    *,
    status: str,
    created: dt.datetime,
    decided: dt.datetime | None = None,
) -> Offer:
    made = Offer.objects.create(
        request=request,
        supporter=supporter,
        status=status,
        expires_at=created + dt.timedelta(days=7),
        decided_at=decided,
    )
    Offer.objects.filter(pk=made.pk).update(created_at=created)
    return made


def pairing(newcomer: User, supporter: User) -> Pairing:
    return Pairing.objects.create(newcomer=newcomer, supporter=supporter)


def message_from(user: User, *, at: dt.datetime, pairing_row: Pairing) -> Message:
    conversation, _ = Conversation.objects.get_or_create(kind="pairing", pairing=pairing_row)
    return Message.objects.create(
        conversation=conversation, sender=user, body="Hello", created_at=at
    )


def feedback(
    *,
    score: int | None = None,
    kind: str = Feedback.Kind.FEEDBACK,
    status: str = Feedback.Status.NEW,
    created: dt.datetime,
    responded: dt.datetime | None = None,
) -> Feedback:
    return Feedback.objects.create(
        kind=kind,
        about=Feedback.About.GENERAL,
        score=score,
        text="",
        anonymous=True,
        reference=f"CG-T{next(_references):05d}",
        status=status,
        response="Thank you, we changed it." if status == Feedback.Status.RESOLVED else "",
        responded_at=responded,
        created_at=created,
    )


def case(*, kind: str, status: str, created: dt.datetime, closed: dt.datetime | None = None):
    conversation = Conversation.objects.create(kind="pairing")
    return Case.objects.create(
        kind=kind, status=status, conversation=conversation, created_at=created, closed_at=closed
    )


def move(user: User, *, to: str, on: dt.date) -> Move:
    return Move.objects.create(user=user, to_place=place(to), moved_on=on)


def crowd(*, towns: int, languages: tuple[str, ...], per_group: int, now: dt.datetime) -> int:
    """Many people at once (bulk rows): `per_group` waiting and as many matched in each of
    the first `towns` places for each first language, moving there too, with a coverage gap
    reason. Returns how many people were made."""
    from peers.models import Place

    places = list(Place.objects.order_by("pk")[:towns])
    specs = [(p, code) for p in places for code in languages for _ in range(per_group)]
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(username=f"crowd-{start}-{k}", password="!", is_newcomer=True)  # noqa: S106
            for k in range(2 * len(specs))
        ]
    )
    profiles = Profile.objects.bulk_create(
        [
            Profile(user=user, display_name=user.username, place=specs[k % len(specs)][0])
            for k, user in enumerate(users)
        ]
    )
    PersonLanguage.objects.bulk_create(
        [
            PersonLanguage(profile=profile, language_id=specs[k % len(specs)][1], is_first=True)
            for k, profile in enumerate(profiles)
        ]
    )
    SupportRequest.objects.bulk_create(
        [
            SupportRequest(
                newcomer=user,
                status="waiting" if k < len(specs) else "matched",
                waiting_since=now - dt.timedelta(days=30 + k % 17),
                matched_at=None if k < len(specs) else now - dt.timedelta(days=k % 20),
                waiting_reason={"key": "no_speaker", "params": {"language": specs[k][1]}}
                if k < len(specs)
                else {},
            )
            for k, user in enumerate(users)
        ]
    )
    Move.objects.bulk_create(
        [
            Move(user=user, to_place=specs[k % len(specs)][0], moved_on=now.date())
            for k, user in enumerate(users)
        ]
    )
    return len(users)
