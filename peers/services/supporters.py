"""A supporter's status: applied → verified by a coordinator → active / paused / withdrawn."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peers.models import AuditEvent, Notification, SupporterProfile, User
from peers.services.audit import audit_record
from peers.services.notifications import notification_create

Status = SupporterProfile.Status


def _locked(profile: SupporterProfile) -> SupporterProfile:
    return SupporterProfile.objects.select_for_update().get(pk=profile.pk)


def _audit(profile: SupporterProfile, coordinator: User, action: AuditEvent.Action) -> None:
    # The decision note is written to the person: it stays out of the log.
    audit_record(
        actor=coordinator,
        action=action,
        subject=profile.user,
        target=f"supporter application {profile.pk}",
    )


@transaction.atomic
def supporter_verify(
    *, profile: SupporterProfile, coordinator: User, note: str = ""
) -> SupporterProfile:
    """A coordinator confirms the training record; the supporter becomes active and is told."""
    profile = _locked(profile)
    if profile.status != Status.APPLIED:
        raise ValidationError(_("Only people waiting for a check can be verified."))
    if not profile.training_course or not profile.training_completed_on:
        raise ValidationError(_("There is no training record to check yet."))
    profile.status = Status.ACTIVE
    profile.verified_at = timezone.now()
    profile.verified_by = coordinator
    profile.decision_note = note.strip()
    profile.save()
    _audit(profile, coordinator, AuditEvent.Action.SUPPORTER_VERIFIED)
    notification_create(
        user=profile.user,
        kind=Notification.Kind.SUPPORTER_VERIFIED,
        link=reverse("peers:supporter-home"),
    )
    return profile


@transaction.atomic
def supporter_reject(
    *, profile: SupporterProfile, coordinator: User, note: str
) -> SupporterProfile:
    """A coordinator declines an application, with a reason the person is shown."""
    profile = _locked(profile)
    if profile.status != Status.APPLIED:
        raise ValidationError(_("Only people waiting for a check can be refused."))
    if not note.strip():
        raise ValidationError(_("Please give a reason: the person will see it."))
    profile.status = Status.REJECTED
    profile.verified_at = None
    profile.verified_by = coordinator
    profile.decision_note = note.strip()
    profile.save()
    _audit(profile, coordinator, AuditEvent.Action.SUPPORTER_REJECTED)
    notification_create(
        user=profile.user,
        kind=Notification.Kind.SUPPORTER_REJECTED,
        note=profile.decision_note,
        link=reverse("peers:supporter-home"),
    )
    return profile


def _self_transition(user: User, allowed_from: set[str], to: str) -> SupporterProfile:
    profile = SupporterProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.status not in allowed_from:
        raise ValidationError(_("That change is not possible right now."))
    profile.status = to
    profile.save(update_fields=["status", "updated_at"])
    return profile


@transaction.atomic
def supporter_pause(*, user: User) -> SupporterProfile:
    """The supporter takes a break: no new suggestions until they resume, and suggestions
    still waiting for their answer go back at once (the newcomers keep their place)."""
    profile = _self_transition(user, {Status.ACTIVE}, Status.PAUSED)
    pending_offers_withdraw(user)
    return profile


def pending_offers_withdraw(user: User) -> None:
    """The supporter's suggestions still waiting for an answer go back; the newcomers keep
    their place. The caller holds the supporter's row lock; requests are locked before their
    offers (the lock order in peers/services/pairing.py)."""
    from peers.models import Offer, SupportRequest

    pending = Offer.objects.filter(supporter=user, status=Offer.Status.PENDING)
    request_ids = list(pending.values_list("request_id", flat=True))
    list(SupportRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk"))
    list(pending.select_for_update().order_by("pk"))
    pending.update(status=Offer.Status.WITHDRAWN, decided_at=timezone.now())
    SupportRequest.objects.filter(pk__in=request_ids, status=SupportRequest.Status.OFFERED).update(
        status=SupportRequest.Status.WAITING
    )


@transaction.atomic
def supporter_resume(*, user: User) -> SupporterProfile:
    """Back from a break (only a verified supporter can be active)."""
    return _self_transition(user, {Status.PAUSED}, Status.ACTIVE)


@transaction.atomic
def supporter_withdraw(*, user: User) -> SupporterProfile:
    """The supporter stops; a coordinator must check them again to come back."""
    profile = _self_transition(
        user, {Status.APPLIED, Status.ACTIVE, Status.PAUSED}, Status.WITHDRAWN
    )
    pending_offers_withdraw(user)
    return profile
