"""Feedback and complaints: giving them (named or anonymous), following them, coordinators'
triage (new → acknowledged → resolved, with a written answer), and "You said, we did".

Anonymous feedback keeps no link to the account that wrote it: no user, no address, no session
key, no browser, and only the day (an exact time could be matched against server logs). It is
followed with its reference and a secret shown once; only a keyed hash of the secret is kept
(HMAC-SHA256 with SECRET_KEY and a salt per row, as recovery codes are: the secret is long and
random and tries are rate-limited, so the password hasher's deliberate slowness buys nothing,
and a copy of the database alone does not let anyone test secrets offline).

A reference and a secret come from the form page's one-time token (`secrets.token_urlsafe`)
through a keyed HMAC, so the same form sent twice (a double tap on a slow connection, with no
JavaScript to stop it) gives the same reference and secret, one row, and the same thanks page,
without keeping anything on the server that could link the token to the account.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from config.keyed_hash import keyed_hash, keyed_hash_matches
from feedback.models import MAX_TEXT_LENGTH, Feedback, PublishedChange
from feedback.selectors import feedback_concerns
from peers.models import AuditEvent, Notification, User
from peers.roles import Role
from peers.selectors import user_has_totp, user_roles
from peers.services.audit import audit_record
from peers.services.notifications import notification_create

# Letters and digits nobody confuses when copying by hand: no 0/O, no 1/I.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "CG-"
REFERENCE_LENGTH = 6  # 32**6: about a billion references
SECRET_GROUPS = 4
SECRET_GROUP_LENGTH = 4  # 16 letters: 80 bits, and the tries are rate-limited
# A new reference is tried when one is taken; ten in a row taken means something is wrong.
REFERENCE_ATTEMPTS = 10
HMAC_SALT = "feedback.submission"
SECRET_HASH_SALT = "feedback.secret"  # noqa: S105 - a key salt, not a password

# Follow-up tries, limited per address in the shared cache (loosely: a library or a hostel
# puts many people behind one). Never per reference: the limiter keeps each try's time under
# its key, so a reference's entry and an address's entry written by the same try would tie
# that address to that anonymous complaint for as long as they last. Nor is one needed: a
# secret is 80 random bits (a thousand addresses at this rate would need some 10^15 years to
# guess one), and the answer never says whether a reference exists. A per-reference limit
# would also let anyone who saw a reference lock its owner out.
FOLLOW_RATE_LIMITS = {"feedback_follow": "20/15m/ip"}
FOLLOW_LOCK_MINUTES = 15


class FeedbackNotFound(Exception):
    """The reference and secret do not match anonymous feedback: one answer for a wrong
    reference and a wrong secret, so it never tells which one was wrong."""


@dataclass(frozen=True)
class FeedbackCreated:
    feedback: Feedback
    # Formatted for copying by hand, shown once; empty for named feedback.
    secret: str
    # The same form was sent again: nothing new was stored.
    repeated: bool = False


# --- Codes ----------------------------------------------------------------------------------


def submission_token_new() -> str:
    """The one-time token a feedback form page carries (never stored on the server)."""
    return secrets.token_urlsafe(32)


def _code(token: str, purpose: str, attempt: int, length: int) -> str:
    digest = salted_hmac(HMAC_SALT, f"{purpose}:{attempt}:{token}", algorithm="sha256").digest()
    number = int.from_bytes(digest)
    letters = []
    for _index in range(length):
        number, rest = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[rest])
    return "".join(letters)


def reference_for(token: str, attempt: int) -> str:
    return REFERENCE_PREFIX + _code(token, "reference", attempt, REFERENCE_LENGTH)


def secret_for(token: str, attempt: int) -> str:
    return _code(token, "secret", attempt, SECRET_GROUPS * SECRET_GROUP_LENGTH)


def secret_hash(secret: str) -> str:
    """What is kept of a secret: a salted, keyed hash."""
    return keyed_hash(secret, purpose=SECRET_HASH_SALT)


def secret_matches(secret: str, stored: str) -> bool:
    return keyed_hash_matches(secret, stored, purpose=SECRET_HASH_SALT)


def secret_format(secret: str) -> str:
    """ABCD EFGH JKLM NPQR: groups of four, easier to copy by hand."""
    return " ".join(
        secret[i : i + SECRET_GROUP_LENGTH] for i in range(0, len(secret), SECRET_GROUP_LENGTH)
    )


def _plain(text: str) -> str:
    """Upper-case letters and Latin digits, whatever script the digits were typed in; spaces,
    dashes and dots are dropped."""
    kept = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            kept.append(str(digit))
        elif ch.isascii() and ch.isalpha():
            kept.append(ch.upper())
    return "".join(kept)


def reference_normalise(text: str) -> str:
    """ "cg 7k3p9q", "7K3P9Q" and "CG-7K3P9Q" are the same reference."""
    plain = _plain(text)
    prefix = _plain(REFERENCE_PREFIX)
    if plain.startswith(prefix) and len(plain) == len(prefix) + REFERENCE_LENGTH:
        plain = plain[len(prefix) :]
    return REFERENCE_PREFIX + plain


def secret_normalise(text: str) -> str:
    return _plain(text)


# --- Giving feedback ------------------------------------------------------------------------


def _day_only(moment: datetime) -> datetime:
    """Midnight UTC of that day: anonymous feedback keeps no time that logs could match."""
    return moment.astimezone(timezone.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _check_content(*, kind: str, score: int | None, text: str) -> None:
    if kind == Feedback.Kind.COMPLAINT and not text:
        raise ValidationError(
            {"text": _("Please tell us what happened, so that we can look into it.")}
        )
    if score is None and not text:
        raise ValidationError(_("Please choose a face or write a few words."))
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {"text": _("Please keep it under %(limit)s characters.") % {"limit": MAX_TEXT_LENGTH}}
        )


def _is_same_submission(existing: Feedback, candidate: Feedback, secret: str) -> bool:
    """Whether a row with this reference is this very form sent again."""
    same_content = (
        existing.kind,
        existing.about,
        existing.score,
        existing.text,
        existing.activity_id,
        existing.anonymous,
    ) == (
        candidate.kind,
        candidate.about,
        candidate.score,
        candidate.text,
        candidate.activity_id,
        candidate.anonymous,
    )
    if not same_content:
        return False
    if candidate.anonymous:
        return existing.user_id is None and secret_matches(secret, existing.secret_hash)
    return existing.user_id == candidate.user_id


@transaction.atomic
def feedback_create(
    *,
    user: User | None,
    kind: str,
    about: str,
    score: int | None,
    text: str,
    anonymous: bool,
    language: str,
    activity: Activity | None = None,
    token: str = "",
) -> FeedbackCreated:
    """Stores feedback or a complaint with a short reference. Anonymous (always, for a
    visitor): no account, only the day, and a secret shown once to follow it. The same form
    (`token`) sent twice stores one row and answers both times alike."""
    text = text.strip()
    _check_content(kind=kind, score=score, text=text)
    anonymous = anonymous or user is None
    if about != Feedback.About.ACTIVITY:
        activity = None
    now = timezone.now()
    token = token or submission_token_new()
    for attempt in range(REFERENCE_ATTEMPTS):
        secret = secret_for(token, attempt) if anonymous else ""
        candidate = Feedback(
            kind=kind,
            about=about,
            score=score,
            text=text,
            language=language[:12],
            activity=activity,
            anonymous=anonymous,
            user=None if anonymous else user,
            reference=reference_for(token, attempt),
            secret_hash=secret_hash(secret) if anonymous else "",
            created_at=_day_only(now) if anonymous else now,
        )
        candidate.full_clean(validate_unique=False)
        existing = Feedback.objects.filter(reference=candidate.reference).first()
        if existing is None:
            try:
                with transaction.atomic():
                    candidate.save(force_insert=True)
            except IntegrityError:
                # The same form, sent twice at once: the other request stored it first.
                existing = Feedback.objects.filter(reference=candidate.reference).first()
                if existing is None:
                    raise
            else:
                return FeedbackCreated(feedback=candidate, secret=secret_format(secret))
        if _is_same_submission(existing, candidate, secret):
            return FeedbackCreated(feedback=existing, secret=secret_format(secret), repeated=True)
    raise RuntimeError("No free feedback reference after several tries.")


# --- Following it ---------------------------------------------------------------------------


def feedback_follow_allowed(*, request: HttpRequest) -> bool:
    """Counts one try at following anonymous feedback against the address it came from (in
    the shared cache, with allauth's rate limiter as recovery codes are); False once it has
    had its share. Nothing about which reference was tried is kept."""
    # allauth's public `ratelimit.consume` reads only ACCOUNT_RATE_LIMITS; its internal one
    # takes our own rates, kept here next to the rule they protect.
    from allauth.core.internal import ratelimit

    usage = ratelimit.consume(
        request, app="feedback", action="feedback_follow", config=FOLLOW_RATE_LIMITS
    )
    return usage is not None


def feedback_follow(*, reference: str, secret: str) -> Feedback:
    """Anonymous feedback by its reference and secret (status and our answer). Raises
    FeedbackNotFound for an unknown reference or a wrong secret alike."""
    feedback = (
        Feedback.objects.select_related("activity")
        .filter(reference=reference_normalise(reference), anonymous=True)
        .first()
    )
    plain = secret_normalise(secret)
    stored = feedback.secret_hash if feedback is not None else ""
    # The same work whether or not the reference exists: the time tells nothing.
    if not secret_matches(plain, stored or "0$0") or feedback is None:
        raise FeedbackNotFound
    return feedback


# --- Coordinators' triage -------------------------------------------------------------------


def _coordinator_check(coordinator: User, feedback: Feedback | None = None) -> None:
    """Coordinator rights and a second factor: the rule of every coordinator page; and never
    an entry about a group she organises, nor her own (another coordinator answers those)."""
    if Role.COORDINATOR not in user_roles(user=coordinator) or not user_has_totp(user=coordinator):
        raise PermissionDenied
    if feedback is not None and feedback_concerns(feedback=feedback, coordinator=coordinator):
        raise PermissionDenied


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


@transaction.atomic
def feedback_acknowledge(*, feedback: Feedback, coordinator: User) -> Feedback:
    """A coordinator says someone is looking at it (new → acknowledged); no change after."""
    _coordinator_check(coordinator, feedback)
    feedback = _locked(feedback)
    if feedback.status == Feedback.Status.RESOLVED:
        raise ValidationError(_("This has already been answered."))
    if feedback.status == Feedback.Status.NEW:
        feedback.status = Feedback.Status.ACKNOWLEDGED
        feedback.acknowledged_at = timezone.now()
        feedback.save(update_fields=["status", "acknowledged_at"])
    return feedback


def feedback_link(feedback: Feedback) -> str:
    """Where the person reads our answer: their own list for named feedback, else the
    follow-up page (by reference and secret)."""
    if feedback.user_id:
        return reverse("feedback:feedback-mine-detail", args=[feedback.reference])
    return reverse("feedback:feedback-follow")


@transaction.atomic
def feedback_resolve(*, feedback: Feedback, coordinator: User, response: str) -> Feedback:
    """Answers and closes it, once, with a written answer. A named person is told in their
    notices (in their language when they read it); an anonymous one reads the answer by
    reference. Each answer is on the audit log."""
    _coordinator_check(coordinator, feedback)
    response = response.strip()
    if not response:
        raise ValidationError({"response": _("Please write the answer the person will read.")})
    if len(response) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {
                "response": _("Please keep it under %(limit)s characters.")
                % {"limit": MAX_TEXT_LENGTH}
            }
        )
    feedback = _locked(feedback)
    if feedback.status == Feedback.Status.RESOLVED:
        raise ValidationError(_("This has already been answered."))
    now = timezone.now()
    feedback.status = Feedback.Status.RESOLVED
    feedback.response = response
    feedback.responded_by = coordinator
    feedback.responded_at = now
    feedback.acknowledged_at = feedback.acknowledged_at or now
    feedback.full_clean(validate_unique=False)
    feedback.save(
        update_fields=["status", "response", "responded_by", "responded_at", "acknowledged_at"]
    )
    audit_record(
        actor=coordinator,
        action=AuditEvent.Action.FEEDBACK_ANSWERED,
        subject=feedback.user if feedback.user_id else None,
        target=f"feedback {feedback.reference}",
    )
    if feedback.user_id:
        # No note: the notice's words are rendered in the reader's language when shown, and
        # the answer itself is read on the page it links to (never in an email).
        notification_create(
            user=feedback.user,
            kind=Notification.Kind.FEEDBACK_ANSWERED,
            link=feedback_link(feedback),
        )
    return feedback


# --- You said, we did -----------------------------------------------------------------------


PUBLISHED_FIELDS = ("you_said", "we_did")


@transaction.atomic
def published_change_create(*, coordinator: User, you_said: str, we_did: str) -> PublishedChange:
    """Publishes a "You said, we did" entry on the public page (general words: no names)."""
    _coordinator_check(coordinator)
    change = PublishedChange(
        you_said=you_said.strip(), we_did=we_did.strip(), published_by=coordinator
    )
    change.full_clean()
    # A TextField's max_length binds only forms; the rule holds for every caller.
    limits = {name: PublishedChange._meta.get_field(name).max_length for name in PUBLISHED_FIELDS}
    too_long = {
        name: _("Please keep it under %(limit)s characters.") % {"limit": limit}
        for name, limit in limits.items()
        if len(getattr(change, name)) > limit
    }
    if too_long:
        raise ValidationError(too_long)
    change.save()
    return change


@transaction.atomic
def published_change_withdraw(*, change: PublishedChange, coordinator: User) -> PublishedChange:
    """Takes an entry off the public page (it stays on record, withdrawn)."""
    _coordinator_check(coordinator)
    change = PublishedChange.objects.select_for_update().get(pk=change.pk)
    if change.withdrawn_at is not None:
        raise ValidationError(_("This has already been withdrawn."))
    change.withdrawn_at = timezone.now()
    change.save(update_fields=["withdrawn_at"])
    return change
