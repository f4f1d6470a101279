"""The audit log, read only by coordinators who log in with a second factor."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from peers.models import AuditEvent, User
from peers.roles import Role
from peers.selectors.roles import user_has_totp, user_roles

# Dates typed in the filters are days in England, whatever the server's clock says.
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class AuditParty:
    """Someone named in a filter: an account, or only the label a deleted account left."""

    user: User | None
    label: str

    def q(self, side: Literal["actor", "subject"]) -> Q:
        if self.user is not None:
            return Q(**{side: self.user})
        return Q(**{f"{side}__isnull": True, f"{side}_label__iexact": self.label})


@dataclass(frozen=True)
class AuditFilters:
    actor: AuditParty | None = None
    subject: AuditParty | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        """The filters as one plain line for the audit log's own record of being read."""
        parts = [
            f"coordinator={self.actor.label}" if self.actor else "",
            f"person={self.subject.label}" if self.subject else "",
            f"action={self.action}" if self.action else "",
            f"from={self.date_from.isoformat()}" if self.date_from else "",
            f"to={self.date_to.isoformat()}" if self.date_to else "",
        ]
        return "; ".join(part for part in parts if part) or "no filters"


def _has_totp(user: User) -> bool:
    # Asked by the page's guard and again here: one query per request, not two.
    cached = getattr(user, "_audit_totp_cache", None)
    if cached is None:
        cached = user._audit_totp_cache = user_has_totp(user=user)
    return cached


def audit_log_readable(*, user: User | AnonymousUser) -> bool:
    """Only a coordinator with an authenticator app set up may read the audit log, whatever
    other roles they hold."""
    return Role.COORDINATOR in user_roles(user=user) and _has_totp(user)


def audit_party_find(*, name: str, side: Literal["actor", "subject"]) -> AuditParty | None:
    """The account with this username; failing that, the label a deleted account left on the
    log (a coordinator's username, a person's pseudonym); None when neither exists."""
    name = name.strip()
    user = User.objects.filter(username__iexact=name).first()
    if user is not None:
        return AuditParty(user=user, label=user.get_username())
    left = AuditEvent.objects.filter(
        **{f"{side}__isnull": True, f"{side}_label__iexact": name}
    ).exists()
    return AuditParty(user=None, label=name) if left else None


def london_day_start(day: date) -> datetime:
    """Midnight at the start of `day` in England (GMT or BST, as it was that day)."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def audit_events_for_coordinator(*, user: User, filters: AuditFilters) -> QuerySet:
    """The audit lines that match the filters, newest first; both dates count whole days in
    England. Refused to anyone but a coordinator with two-factor login."""
    if not audit_log_readable(user=user):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("subject").order_by("-at", "-pk")
    if filters.actor is not None:
        events = events.filter(filters.actor.q("actor"))
    if filters.subject is not None:
        events = events.filter(filters.subject.q("subject"))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from is not None:
        events = events.filter(at__gte=london_day_start(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(at__lt=london_day_start(filters.date_to + timedelta(days=1)))
    return events


def audit_subject_name(event: AuditEvent) -> str:
    """Whom a line is about: their username, or the pseudonym left once they deleted their
    account; empty when it was about no one (a group, the log itself)."""
    if event.subject is not None:
        return event.subject.get_username()
    return event.subject_label
