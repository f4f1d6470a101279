"""Getting back into an account without an email address.

Two ways: the person's own one-time recovery codes (printed or written down after signup), and a
one-time link a coordinator makes after checking who the person is. Both end in the same place:
a new password, the code or link used up.

Recovery codes are twelve random digits (about 40 bits), typed with a number pad in any script.
They are stored as a keyed hash (HMAC-SHA256 with SECRET_KEY and a salt per code), not with the
password hasher: that one is deliberately slow, and a try compares against up to eight codes.
The key means a copy of the database alone does not let anyone test codes offline; tries online
are limited per username and per address (ACCOUNT_RATE_LIMITS["recover_with_code"]).
"""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.keyed_hash import keyed_hash, keyed_hash_matches
from peers.models import AuditEvent, PasswordResetLink, RecoveryCode, User
from peers.roles import Role
from peers.selectors import user_roles
from peers.selectors.recovery import password_reset_link_check, token_hash
from peers.services.audit import audit_record

CODE_DIGITS = 12
CODE_GROUP = 4
HMAC_KEY_SALT = "peers.recovery_code"
RATE_LIMIT_ACTION = "recover_with_code"


class RecoveryFailed(Exception):
    """The username and code do not match an unused code: one message for every reason, so it
    never tells whether a username exists."""


class ResetLinkRefused(Exception):
    """A coordinator may not make this link; the message says why."""


@dataclass(frozen=True)
class CreatedLink:
    link: PasswordResetLink
    token: str


# --- Recovery codes -------------------------------------------------------------------------


def recovery_code_normalise(code: str) -> str:
    """Digits only, whatever script they were typed in (Arabic-Indic, Persian, Latin); spaces
    and dashes are ignored."""
    digits = []
    for ch in code:
        value = unicodedata.decimal(ch, None)
        if value is not None:
            digits.append(str(value))
    return "".join(digits)


def recovery_code_format(code: str) -> str:
    """1234 5678 9012: groups of four, easier to copy by hand."""
    return " ".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def _code_hash(code: str) -> str:
    return keyed_hash(code, purpose=HMAC_KEY_SALT)


def _code_matches(code: str, stored: str) -> bool:
    return keyed_hash_matches(code, stored, purpose=HMAC_KEY_SALT)


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """A new set of one-time codes for the person; every earlier code stops working. Returns the
    codes, formatted, to be shown once: only their hashes are kept."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        for _ in range(settings.RECOVERY_CODE_COUNT)
    ]
    now = timezone.now()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_code_hash(code), created_at=now) for code in codes
    )
    return [recovery_code_format(code) for code in codes]


def recovery_attempt_allowed(*, request: HttpRequest, username: str) -> bool:
    """Counts one try with a recovery code against the username and the address (allauth's
    rate limits, in the shared cache); False once either has had its share."""
    return ratelimit.consume(request, action=RATE_LIMIT_ACTION, key=username.strip().lower())


def _user_for_username(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


def _password_set(*, request: HttpRequest | None, user: User, password: str) -> None:
    validate_password(password, user)
    adapter = get_adapter(request)
    adapter.set_password(user, password)
    if request is not None:
        # Like allauth after a reset by email: a login lock from wrong passwords is lifted.
        adapter._delete_login_attempts_cached_email(request, username=user.username)


@transaction.atomic
def password_recover_with_code(
    *, request: HttpRequest | None, username: str, code: str, password: str
) -> User:
    """Sets a new password when the code is one of the person's unused recovery codes, and uses
    the code up. Raises RecoveryFailed (nothing changes) or ValidationError for a password the
    validators refuse (the code stays unused)."""
    user = _user_for_username(username)
    normalised = recovery_code_normalise(code)
    if user is None or len(normalised) != CODE_DIGITS:
        raise RecoveryFailed
    unused = RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
    match = next((row for row in unused if _code_matches(normalised, row.code_hash)), None)
    if match is None:
        raise RecoveryFailed
    _password_set(request=request, user=user, password=password)
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    return user


# --- Links made by a coordinator ------------------------------------------------------------


@transaction.atomic
def password_reset_link_create(*, coordinator: User, username: str, note: str) -> CreatedLink:
    """A one-time link, valid for PASSWORD_RESET_LINK_HOURS, to set a new password for the
    person with this username; any earlier unused link for them stops working. The row records
    who made it, when, for whom and the coordinator's note on how they checked identity.
    Coordinator and staff accounts are refused: those are not reset this way."""
    if Role.COORDINATOR not in user_roles(user=coordinator):
        raise ResetLinkRefused(_("Only coordinators can make these links."))
    note = note.strip()
    if not note:
        raise ResetLinkRefused(_("Please write how you checked who the person is."))
    user = _user_for_username(username)
    if user is None:
        raise ResetLinkRefused(_("There is no active account with this username."))
    if user.pk == coordinator.pk:
        raise ResetLinkRefused(_("You cannot make a link for your own account."))
    if user.is_staff or user.is_superuser or Role.COORDINATOR in user_roles(user=user):
        raise ResetLinkRefused(
            _("Coordinator and staff accounts cannot be reset this way. Ask an administrator.")
        )
    now = timezone.now()
    PasswordResetLink.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    link = PasswordResetLink(
        user=user,
        created_by=coordinator,
        note=note,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(hours=settings.PASSWORD_RESET_LINK_HOURS),
    )
    link.full_clean()
    link.save()
    # The note on how identity was checked stays on the link row, not in the log.
    audit_record(
        actor=coordinator,
        action=AuditEvent.Action.RESET_LINK_MADE,
        subject=user,
        target=f"reset link {link.pk}",
        detail=f"valid {settings.PASSWORD_RESET_LINK_HOURS} hours",
    )
    return CreatedLink(link=link, token=token)


@transaction.atomic
def password_reset_link_use(*, request: HttpRequest | None, token: str, password: str) -> User:
    """Sets the new password through a coordinator's link and uses the link up (once only,
    even when two tabs send at the same moment)."""
    link = password_reset_link_check(
        PasswordResetLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    _password_set(request=request, user=link.user, password=password)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link.user
