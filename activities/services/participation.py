"""Joining and leaving activities, the waiting list, and "come with me".

Lock order (with the rest of the app): the activity's row, then its participations, then a
come-with-me ask, then the activity's conversation (chat). Every join, leave and promotion
holds the activity's row, so two people can never take the last place at the same moment;
the database's "one current participation per person" constraint is the invariant of record.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, CompanionRequest, Participation
from activities.selectors.visibility import activities_visible
from peers.models import ConsentPurpose, Gender, Notification, Pairing, Profile, User
from peers.selectors import has_consent
from peers.services.notifications import notification_create

# Asks that still stand: waiting for an answer, or answered yes.
OPEN_ASKS = (CompanionRequest.Status.ASKED, CompanionRequest.Status.YES)


def activity_link(activity_id: int) -> str:
    """Where a notice about an activity leads: its page."""
    return reverse("activities:activity-detail", args=[activity_id])


def _locked(activity: Activity, *, visible_only: bool) -> Activity:
    """The activity's row, locked for the rest of the transaction (the first lock taken)."""
    rows = activities_visible() if visible_only else Activity.objects.all()
    locked = rows.select_for_update(of=("self",)).filter(pk=activity.pk).first()
    if locked is None:
        raise ValidationError(
            _("This activity is not open for joining at the moment."), code="not_visible"
        )
    return locked


def _women_only_check(*, user: User, activity: Activity) -> None:
    if not activity.women_only:
        return
    gender = Profile.objects.filter(user=user).values_list("gender", flat=True).first()
    if gender != Gender.FEMALE:
        raise ValidationError(
            _(
                "This group is for women only. If you are a woman, choose “Woman” on your "
                "profile page and then join."
            ),
            code="women_only",
        )


def _with_consent(user: User) -> bool:
    """Notices about activities are emailed only to people who asked for email reminders."""
    return has_consent(user=user, purpose=ConsentPurpose.EMAIL_REMINDERS)


def _chat_member_add(activity: Activity, user_id: int) -> None:
    if activity.chat_enabled:
        from chat.services import activity_conversation_member_add

        activity_conversation_member_add(activity=activity, user_id=user_id)


def _chat_member_remove(activity: Activity, user_id: int) -> None:
    from chat.services import activity_conversation_member_remove

    activity_conversation_member_remove(activity=activity, user_id=user_id)


def _joined_count(activity: Activity) -> int:
    return Participation.objects.filter(
        activity=activity, status=Participation.Status.JOINED
    ).count()


def _has_room(activity: Activity) -> bool:
    return activity.capacity is None or _joined_count(activity) < activity.capacity


@transaction.atomic
def activity_join(*, user: User, activity: Activity) -> Participation:
    """Joins a visible activity, or its waiting list when every place is taken. Joining twice
    gives the same participation; women-only groups are for women."""
    if not user.is_authenticated or not user.is_active:
        raise ValidationError(_("Please log in first."), code="login")
    activity = _locked(activity, visible_only=True)
    _women_only_check(user=user, activity=activity)
    current = (
        Participation.objects.select_for_update()
        .filter(activity=activity, user=user, status__in=Participation.CURRENT)
        .first()
    )
    if current is not None:
        return current
    status = Participation.Status.JOINED if _has_room(activity) else Participation.Status.WAITING
    participation = Participation(activity=activity, user=user, status=status)
    participation.full_clean(validate_constraints=False)
    participation.save()
    if status == Participation.Status.JOINED:
        _chat_member_add(activity, user.pk)
    return participation


@transaction.atomic
def activity_leave(*, user: User, activity: Activity) -> bool:
    """Leaves an activity or its waiting list; a place that frees goes to the first person
    waiting, who is told. False when the person had not joined."""
    activity = _locked(activity, visible_only=False)
    current = (
        Participation.objects.select_for_update()
        .filter(activity=activity, user=user, status__in=Participation.CURRENT)
        .first()
    )
    if current is None:
        return False
    was_joined = current.status == Participation.Status.JOINED
    current.status = Participation.Status.LEFT
    current.save(update_fields=["status", "changed_at"])
    # Their "come with me" ask goes with them: the supporter is no longer expected.
    CompanionRequest.objects.filter(activity=activity, newcomer=user, status__in=OPEN_ASKS).update(
        status=CompanionRequest.Status.WITHDRAWN, answered_at=timezone.now()
    )
    if was_joined:
        _chat_member_remove(activity, user.pk)
        _promote(activity)
    return True


def _promote(activity: Activity) -> list[Participation]:
    """Gives free places to the people waiting longest. The caller holds the activity's lock."""
    promoted = []
    free = None if activity.capacity is None else activity.capacity - _joined_count(activity)
    waiting = Participation.objects.select_for_update().filter(
        activity=activity, status=Participation.Status.WAITING
    )
    waiting = waiting.order_by("created_at", "pk").select_related("user")
    if free is not None:
        waiting = waiting[: max(free, 0)]
    for participation in waiting:
        participation.status = Participation.Status.JOINED
        participation.save(update_fields=["status", "changed_at"])
        notification_create(
            user=participation.user,
            kind=Notification.Kind.ACTIVITY_PLACE,
            link=activity_link(activity.pk),
            email=_with_consent(participation.user),
        )
        _chat_member_add(activity, participation.user_id)
        promoted.append(participation)
    return promoted


@transaction.atomic
def activity_places_fill(*, activity: Activity) -> list[Participation]:
    """After an organiser raises the number of places (or removes the limit): the people
    waiting longest take the new places and are told. Safe to call at any time."""
    return _promote(_locked(activity, visible_only=False))


# --- "Come with me" -------------------------------------------------------------------------


def _active_pairing_of(newcomer: User) -> Pairing | None:
    return (
        Pairing.objects.filter(newcomer=newcomer, status=Pairing.Status.ACTIVE)
        .select_related("supporter")
        .first()
    )


@transaction.atomic
def companion_ask(*, newcomer: User, activity: Activity) -> CompanionRequest:
    """A newcomer who joined an activity asks their supporter (active pairing) to come with
    them the first time; the supporter is told. Asking twice gives the same open ask."""
    activity = _locked(activity, visible_only=True)
    joined = Participation.objects.filter(
        activity=activity, user=newcomer, status=Participation.Status.JOINED
    ).exists()
    if not joined:
        raise ValidationError(
            _("Join the activity first, then you can ask your supporter to come with you."),
            code="not_joined",
        )
    pairing = _active_pairing_of(newcomer)
    if pairing is None:
        raise ValidationError(
            _("You can ask this once you have a peer supporter."), code="no_pairing"
        )
    if activity.women_only:
        gender = Profile.objects.filter(user=pairing.supporter).values_list("gender", flat=True)
        if gender.first() != Gender.FEMALE:
            raise ValidationError(
                _("This group is for women only, so your supporter cannot come with you."),
                code="women_only",
            )
    standing = CompanionRequest.objects.select_for_update().filter(
        activity=activity, newcomer=newcomer, status__in=OPEN_ASKS
    )
    for existing in standing:
        if existing.supporter_id == pairing.supporter_id:
            return existing
        # Asked a previous supporter: that ask no longer stands.
        existing.status, existing.answered_at = CompanionRequest.Status.WITHDRAWN, timezone.now()
        existing.save(update_fields=["status", "answered_at"])
    ask = CompanionRequest.objects.create(
        activity=activity, newcomer=newcomer, supporter=pairing.supporter
    )
    notification_create(
        user=pairing.supporter,
        kind=Notification.Kind.COMPANION_ASKED,
        link=reverse("activities:companion-answer", args=[ask.pk]),
        email=_with_consent(pairing.supporter),
    )
    return ask


def _ask_locked(ask: CompanionRequest) -> CompanionRequest:
    return CompanionRequest.objects.select_for_update().get(pk=ask.pk)


@transaction.atomic
def companion_answer(*, supporter: User, ask: CompanionRequest, yes: bool) -> CompanionRequest:
    """The asked supporter, still paired with the newcomer, says yes or no; the newcomer is
    told. Only an open ask can be answered."""
    _locked(ask.activity, visible_only=False)
    ask = _ask_locked(ask)
    if ask.supporter_id != supporter.pk:
        raise ValidationError(_("This request is not for you."), code="not_yours")
    if ask.status != CompanionRequest.Status.ASKED:
        raise ValidationError(_("This request has already been answered."), code="answered")
    paired = Pairing.objects.filter(
        newcomer_id=ask.newcomer_id, supporter=supporter, status=Pairing.Status.ACTIVE
    ).exists()
    if not paired:
        raise ValidationError(
            _("You are no longer paired with this person, so the request has closed."),
            code="not_paired",
        )
    ask.status = CompanionRequest.Status.YES if yes else CompanionRequest.Status.NO
    ask.answered_at = timezone.now()
    ask.save(update_fields=["status", "answered_at"])
    notification_create(
        user=ask.newcomer,
        kind=Notification.Kind.COMPANION_ANSWERED,
        link=activity_link(ask.activity_id),
        email=_with_consent(ask.newcomer),
    )
    return ask


@transaction.atomic
def companion_withdraw(*, newcomer: User, ask: CompanionRequest) -> CompanionRequest:
    """The newcomer takes back their ask (open or accepted): it no longer stands."""
    _locked(ask.activity, visible_only=False)
    ask = _ask_locked(ask)
    if ask.newcomer_id != newcomer.pk:
        raise ValidationError(_("This request is not yours."), code="not_yours")
    if ask.status not in OPEN_ASKS:
        raise ValidationError(_("This request no longer stands."), code="closed")
    ask.status = CompanionRequest.Status.WITHDRAWN
    ask.answered_at = timezone.now()
    ask.save(update_fields=["status", "answered_at"])
    return ask


@transaction.atomic
def activity_participation_sync(*, activity: Activity) -> list[Participation]:
    """After an organiser changes an activity (call it in the same transaction): places it
    gained go to the people waiting longest, who are told, and its group chat follows the
    organiser's choice (opened with everyone coming, or kept read-only when turned off)."""
    from chat.services import conversation_sync_for_activity

    activity = _locked(activity, visible_only=False)
    promoted = _promote(activity)
    if activity.chat_enabled or hasattr(activity, "conversation"):
        conversation_sync_for_activity(activity=activity)
    return promoted
