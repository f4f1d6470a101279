"""Reads about people. Permission decisions are made here so no view can forget them."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from peers.models import User
from peers.roles import Role


def user_roles(*, user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a person holds now; empty for visitors and deactivated accounts."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    roles = set()
    if user.is_newcomer:
        roles.add(Role.NEWCOMER)
    if user.is_supporter:
        roles.add(Role.SUPPORTER)
    if user.groups.filter(name=settings.COORDINATORS_GROUP).exists():
        roles.add(Role.COORDINATOR)
    user._roles_cache = frozenset(roles)
    return user._roles_cache


def user_has_totp(*, user: User) -> bool:
    """Whether the person has an authenticator app set up as a second factor."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def people_counts_for_coordinator() -> dict[str, int]:
    """How many active people hold each role: figures only, no names."""
    return User.objects.filter(is_active=True).aggregate(
        newcomers=Count("pk", filter=Q(is_newcomer=True), distinct=True),
        supporters=Count("pk", filter=Q(is_supporter=True), distinct=True),
        coordinators=Count("pk", filter=Q(groups__name=settings.COORDINATORS_GROUP), distinct=True),
    )
