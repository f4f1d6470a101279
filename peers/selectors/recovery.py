"""Reads for getting back into an account: how many recovery codes a person has left, the
coordinators' record of reset links, and whether a reset link can still be used."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from peers.models import PasswordResetLink, RecoveryCode, User

RECENT_LINKS = 20


class LinkUnusable(Exception):
    class Reason(StrEnum):
        INVALID = "invalid"
        EXPIRED = "expired"
        USED = "used"

    def __init__(self, reason: "LinkUnusable.Reason") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RecoveryCodeSummary:
    unused: int
    made_on: datetime | None


def recovery_code_summary_for_user(*, user: User) -> RecoveryCodeSummary:
    """How many of the person's recovery codes are still unused, and when the set was made."""
    figures = RecoveryCode.objects.filter(user=user).aggregate(
        unused=Count("pk", filter=Q(used_at__isnull=True)), made_on=Max("created_at")
    )
    return RecoveryCodeSummary(unused=figures["unused"], made_on=figures["made_on"])


def token_hash(token: str) -> str:
    """A reset link's token is 256 random bits: a plain hash keeps a database copy useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def password_reset_link_check(link: PasswordResetLink | None) -> PasswordResetLink:
    """The link, if it can still be used: not used, not replaced, not expired, for an active
    account. LinkUnusable says why not."""
    if link is None or not link.user.is_active:
        raise LinkUnusable(LinkUnusable.Reason.INVALID)
    if link.used_at is not None or link.revoked_at is not None:
        raise LinkUnusable(LinkUnusable.Reason.USED)
    if link.expires_at <= timezone.now():
        raise LinkUnusable(LinkUnusable.Reason.EXPIRED)
    return link


def password_reset_link_get(*, token: str) -> PasswordResetLink:
    """The link this token opens, if it can still be used."""
    link = (
        PasswordResetLink.objects.select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return password_reset_link_check(link)


def password_reset_links_for_coordinator() -> QuerySet[PasswordResetLink]:
    """The latest reset links, for coordinators: who made each, for whom, when, and why."""
    return PasswordResetLink.objects.select_related("user", "created_by").order_by("-created_at")[
        :RECENT_LINKS
    ]


def email_address_for_owner(*, user: User, email: str) -> EmailAddress | None:
    """One of the person's own email addresses, or None."""
    return EmailAddress.objects.filter(user=user, email__iexact=email.strip()).first()
