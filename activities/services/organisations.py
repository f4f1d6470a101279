"""Organisations: anyone applies, a coordinator verifies or refuses, organisers add organisers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Organisation, Organiser
from peers.models import AuditEvent, Notification, Place, User
from peers.services.audit import audit_record
from peers.services.notifications import notification_create, notifications_create_bulk

Status = Organisation.Status


def _locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _manage_link(organisation: Organisation) -> str:
    return reverse("activities:organisation-manage", args=[organisation.pk])


@transaction.atomic
def organisation_apply(
    *,
    user: User,
    name: str,
    kind: str,
    description: str,
    public_contact: str,
    towns: list[Place],
) -> Organisation:
    """Anyone logged in asks to list a group; they become its first organiser, and nobody else
    sees it until a coordinator has checked it."""
    if not towns:
        raise ValidationError(_("Please name at least one town your group works in."))
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        public_contact=public_contact.strip(),
        status=Status.PENDING,
        created_by=user,
    )
    organisation.full_clean()
    organisation.save()
    organisation.towns.set(towns)
    Organiser.objects.create(organisation=organisation, user=user, added_by=user)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    description: str,
    public_contact: str,
    towns: list[Place],
) -> Organisation:
    """An organiser corrects their group's details (its check by a coordinator stands)."""
    if not towns:
        raise ValidationError(_("Please name at least one town your group works in."))
    organisation = _locked(organisation)
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.description = description.strip()
    organisation.public_contact = public_contact.strip()
    organisation.full_clean()
    organisation.save()
    organisation.towns.set(towns)
    return organisation


def _tell_organisers(organisation: Organisation, kind: Notification.Kind, note: str = "") -> None:
    link = _manage_link(organisation)
    user_ids = list(organisation.organisers.values_list("user_id", flat=True))
    if note:
        # A reason is each organiser's to read: one notice each, carrying it.
        for user in User.objects.filter(pk__in=user_ids):
            notification_create(user=user, kind=kind, note=note, link=link)
    else:
        notifications_create_bulk(user_ids=user_ids, kind=kind, link=link)


def _audit(organisation: Organisation, coordinator: User, action: AuditEvent.Action) -> None:
    # A group is not a person: the line names it by number and has no subject.
    audit_record(actor=coordinator, action=action, target=f"group {organisation.pk}")


@transaction.atomic
def organisation_verify(*, organisation: Organisation, coordinator: User) -> Organisation:
    """A coordinator has checked the group: from now on newcomers and the public can see it;
    its organisers are told."""
    organisation = _locked(organisation)
    if organisation.status != Status.PENDING:
        raise ValidationError(_("Only groups waiting for a check can be verified."))
    organisation.status = Status.VERIFIED
    organisation.decided_by = coordinator
    organisation.decided_at = timezone.now()
    organisation.decision_note = ""
    organisation.save()
    _audit(organisation, coordinator, AuditEvent.Action.ORGANISATION_VERIFIED)
    _tell_organisers(organisation, Notification.Kind.ORGANISATION_VERIFIED)
    return organisation


@transaction.atomic
def organisation_refuse(
    *, organisation: Organisation, coordinator: User, note: str
) -> Organisation:
    """A coordinator declines a group, with a reason its organisers are shown."""
    organisation = _locked(organisation)
    if organisation.status != Status.PENDING:
        raise ValidationError(_("Only groups waiting for a check can be refused."))
    if not note.strip():
        raise ValidationError(_("Please give a reason: the organisers will see it."))
    organisation.status = Status.REFUSED
    organisation.decided_by = coordinator
    organisation.decided_at = timezone.now()
    organisation.decision_note = note.strip()
    organisation.save()
    _audit(organisation, coordinator, AuditEvent.Action.ORGANISATION_REFUSED)
    _tell_organisers(
        organisation, Notification.Kind.ORGANISATION_REFUSED, organisation.decision_note
    )
    return organisation


@transaction.atomic
def organiser_add(*, organisation: Organisation, added_by: User, username: str) -> Organiser:
    """An organiser invites another person, by username, to manage the group with them; the
    new organiser is told."""
    organisation = _locked(organisation)
    if not organisation.organisers.filter(user=added_by).exists():
        raise ValidationError(_("Only the group's organisers can add an organiser."))
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _("We could not find anyone called “%(username)s”. Please check the username.")
            % {"username": username.strip()}
        )
    if organisation.organisers.filter(user=user).exists():
        raise ValidationError(_("This person is already an organiser of the group."))
    organiser = Organiser.objects.create(organisation=organisation, user=user, added_by=added_by)
    # A new organiser is in the group chats of the activities that have one.
    from activities.services.participation import activity_participation_sync

    for activity in organisation.activities.filter(chat_enabled=True).order_by("pk"):
        activity_participation_sync(activity=activity)
    notification_create(
        user=user, kind=Notification.Kind.ORGANISER_ADDED, link=_manage_link(organisation)
    )
    return organiser
