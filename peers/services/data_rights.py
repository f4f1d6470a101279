"""A person's data rights: downloading what is held about them (the record of it), deleting
their account, and the retention task that removes old personal content.

Deleting an account is one transaction in the app's lock order (peers/services/pairing.py):
the person's own row, their supporter profile, the support requests involved (in id order),
their offers, pairings, then conversations and cases (chat), activities last.
"""

import re
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from config.jobs import enqueue_after_commit
from config.transactions import atomic_with_retry
from peers.models import (
    AuditEvent,
    NewcomerProfile,
    Offer,
    Pairing,
    Profile,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.services.audit import audit_record

SESSION_BATCH = 2000
# Tries at the password on the delete form, per account and (loosely) per address, in the
# shared cache with allauth's limiter, as for recovery codes and feedback references: a
# session left open on a library computer must not become a way to guess the password.
DELETE_CONFIRM_ACTION = "account_delete_confirm"
DELETE_CONFIRM_LOCK_MINUTES = 15
DELETE_CONFIRM_RATE_LIMITS = {
    DELETE_CONFIRM_ACTION: f"30/h/ip,5/{DELETE_CONFIRM_LOCK_MINUTES}m/key",
}
# Audit lines a person writes about themselves: on deletion their name goes from these too.
# (Lines a coordinator wrote keep the coordinator's username: the log must say who did what.)
OWN_ACTIONS = (AuditEvent.Action.DATA_EXPORTED,)


def data_export_record(*, user: User, kind: str) -> AuditEvent:
    """Writes down that a person downloaded their own data (`kind`: "json" or "html")."""
    return audit_record(
        actor=user, action=AuditEvent.Action.DATA_EXPORTED, subject=user, target=kind
    )


def account_delete_attempt_allowed(*, request: HttpRequest, user: User) -> bool:
    """Counts one try at the password on the delete form, against the account and the
    address; False once either has had its share."""
    from allauth.core.internal import ratelimit

    usage = ratelimit.consume(
        request,
        app="peers",
        action=DELETE_CONFIRM_ACTION,
        config=DELETE_CONFIRM_RATE_LIMITS,
        key=str(user.pk),
    )
    return usage is not None


def person_names(*, user: User) -> list[str]:
    """What the person is called anywhere in the app (the name they show, the names on the
    account, the username, email addresses), longest first."""
    from allauth.account.models import EmailAddress

    names = {user.get_username(), user.first_name, user.last_name, user.get_full_name()}
    names.add(user.email)
    names.update(Profile.objects.filter(user=user).values_list("display_name", flat=True))
    names.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted({name.strip() for name in names if len(name.strip()) >= 2}, key=len, reverse=True)


def names_replace(text: str, *, names: list[str], pseudonym: str) -> str:
    """`text` with each of `names`, as a whole word in any case, replaced by `pseudonym`: what
    coordinators wrote about a person stays, without who they were."""
    if not text or not names:
        return text
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags=re.IGNORECASE)
    return pattern.sub(lambda _match: pseudonym, text)


@atomic_with_retry
def account_delete(*, user: User) -> str:
    """Deletes a person's account and everything personal held about them, keeping other
    people's conversations whole. The other side of an active pairing is told, and a newcomer
    they supported waits again in the place she first asked; offers waiting for them as a
    supporter go back (those newcomers keep their place); their places in
    activities go to the people waiting; their messages in others' conversations read
    "message from a deleted account"; cases, answers to their feedback and the audit log keep
    what coordinators wrote, with the person (and their names in it) as a pseudonym
    (returned). The account row goes last. User.DoesNotExist when it has already gone (the
    same form sent twice: the second waited on the row lock)."""
    from activities.models import Organiser, Participation
    from activities.services.participation import activity_leave
    from chat.services.retention import chat_person_forget, pseudonym_new
    from feedback.services.privacy import feedback_person_forget
    from peers.services.pairing import (
        pairing_end,
        support_request_cancel,
        support_request_create,
    )
    from peers.services.supporters import pending_offers_withdraw

    user = User.objects.select_for_update().get(pk=user.pk)
    pseudonym = pseudonym_new()
    names = person_names(user=user)

    # Supporter profile, then every request involved (theirs and the ones offered to them),
    # in id order, then offers: the app's lock order.
    is_supporter = (
        SupporterProfile.objects.select_for_update().filter(user=user).first() is not None
    )
    request_ids = set(
        Offer.objects.filter(supporter=user, status=Offer.Status.PENDING).values_list(
            "request_id", flat=True
        )
    ) | set(
        SupportRequest.objects.filter(newcomer=user, status__in=SupportRequest.OPEN).values_list(
            "pk", flat=True
        )
    )
    list(SupportRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk"))
    if is_supporter:
        pending_offers_withdraw(user)  # the newcomers keep their place in the queue
    support_request_cancel(newcomer=user)

    active = Pairing.objects.filter(Q(newcomer=user) | Q(supporter=user)).filter(
        status=Pairing.Status.ACTIVE
    )
    for pairing in active.order_by("pk"):
        pairing_end(pairing=pairing, by=user)  # the other person is told, in their language
        if pairing.supporter_id == user.pk:
            # The newcomer did not choose this: she waits again, in the place she first
            # asked, as when she asks for a different supporter.
            first_asked = (
                SupportRequest.objects.filter(pk=pairing.request_id)
                .values_list("waiting_since", flat=True)
                .first()
            )
            support_request_create(newcomer=pairing.newcomer, waiting_since=first_asked)

    current = Participation.objects.filter(user=user, status__in=Participation.CURRENT)
    for participation in current.select_related("activity").order_by("activity_id"):
        activity_leave(user=user, activity=participation.activity)

    # A group they alone organised stays (its people and activities are not theirs to take
    # away) and is written down in the audit log's line, for the coordinators (the delete
    # page offers the person a way to add another organiser first).
    others = Count("organisation__organisers", filter=~Q(organisation__organisers__user=user))
    orphaned = sorted(
        Organiser.objects.filter(user=user)
        .annotate(others=others)
        .filter(others=0)
        .values_list("organisation_id", flat=True)
    )

    chat_person_forget(user=user, pseudonym=pseudonym, names=names)
    feedback_person_forget(user=user, pseudonym=pseudonym, names=names)
    AuditEvent.objects.filter(subject=user).update(subject=None, subject_label=pseudonym)
    AuditEvent.objects.filter(actor=user, action__in=OWN_ACTIONS).update(
        actor=None, actor_label=pseudonym
    )
    _admin_log_forget(user)
    enqueue_after_commit("peers.tasks.user_sessions_delete", user.pk)

    # Everything else personal goes with the row: profiles, languages, requests, offers,
    # pairings, consents, notifications, moves, recovery codes, reset links, email addresses,
    # second factors, blocks, memberships, participations and ratings (each on_delete CASCADE;
    # what others wrote points at them with SET_NULL).
    user.delete()
    detail = ""
    if orphaned:
        groups = ", ".join(f"group {pk}" for pk in orphaned)
        detail = f"Groups left without an organiser: {groups}"
    audit_record(
        actor=None,
        actor_label=pseudonym,  # they did it themselves
        action=AuditEvent.Action.ACCOUNT_DELETED,
        subject_label=pseudonym,
        detail=detail,
    )
    return pseudonym


def _admin_log_forget(user: User) -> None:
    """The admin site's history of changes to their account and profiles names them."""
    owned = {
        User: [user.pk],
        Profile: Profile.objects.filter(user=user).values_list("pk", flat=True),
        NewcomerProfile: NewcomerProfile.objects.filter(user=user).values_list("pk", flat=True),
        SupporterProfile: SupporterProfile.objects.filter(user=user).values_list("pk", flat=True),
    }
    types = ContentType.objects.get_for_models(*owned)
    about = Q(pk__in=[])
    for model, pks in owned.items():
        about |= Q(content_type=types[model], object_id__in=[str(pk) for pk in pks])
    LogEntry.objects.filter(about).delete()


def user_sessions_delete(*, user_id: int) -> int:
    """Deletes a person's login sessions from a database-backed session store (the default).
    A session only holds an account id, so this is tidying: once the account row is gone, no
    session can log anyone in as it."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0  # a cache-only store: its entries expire on their own
    model = store_class.get_model_class()
    store = store_class()
    theirs = []
    rows = model.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    )
    for key, data in rows.iterator(chunk_size=SESSION_BATCH):
        if str(store.decode(data).get(SESSION_KEY)) == str(user_id):
            theirs.append(key)
    deleted = 0
    for start in range(0, len(theirs), SESSION_BATCH):
        count, _rows = model.objects.filter(
            session_key__in=theirs[start : start + SESSION_BATCH]
        ).delete()
        deleted += count
    return deleted


def personal_content_retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Removes personal content past CASE_RETENTION_DAYS: of cases closed that long ago and of
    feedback answered that long ago. Counts and statuses stay (run daily by beat)."""
    from chat.services.retention import cases_retention_apply
    from feedback.services.privacy import feedback_retention_apply

    now = now or timezone.now()
    return {
        "cases": cases_retention_apply(now=now),
        "feedback": feedback_retention_apply(now=now),
    }
