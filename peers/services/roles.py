"""Writes about people and their roles. Each public function is one transaction."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peers.models import User
from peers.roles import SELF_CHOSEN_ROLES, Role

ROLE_FIELDS = {Role.NEWCOMER: "is_newcomer", Role.SUPPORTER: "is_supporter"}


def user_role_apply(*, user: User, role: Role) -> None:
    """Sets a self-chosen role on an unsaved or saved user without saving (used at signup)."""
    if role not in SELF_CHOSEN_ROLES:
        raise ValidationError(_("You can only choose to be a newcomer or a peer supporter."))
    setattr(user, ROLE_FIELDS[role], True)
    user.__dict__.pop("_roles_cache", None)


@transaction.atomic
def user_role_add(*, user: User, role: Role) -> bool:
    """Adds a self-chosen role; returns False when the person already held it."""
    user_role_apply(user=user, role=role)
    field = ROLE_FIELDS[role]
    updated = User.objects.filter(pk=user.pk, **{field: False}).update(**{field: True})
    return bool(updated)


@transaction.atomic
def coordinator_grant(*, user: User) -> bool:
    """Gives coordinator rights; returns False when the person already had them."""
    group, _created = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    user.__dict__.pop("_roles_cache", None)
    return True


@transaction.atomic
def coordinator_revoke(*, user: User) -> bool:
    """Takes coordinator rights away; returns False when the person had none."""
    group = Group.objects.filter(name=settings.COORDINATORS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    user.__dict__.pop("_roles_cache", None)
    return True
