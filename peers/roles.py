"""The roles a person can hold. Anyone can hold several (a settled refugee can be a supporter)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    NEWCOMER = "newcomer"
    SUPPORTER = "supporter"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.NEWCOMER: _("Newcomer"),
    Role.SUPPORTER: _("Peer supporter"),
    Role.COORDINATOR: _("Coordinator"),
}

# Roles a person picks for themselves; coordinator rights are only ever granted.
SELF_CHOSEN_ROLES = (Role.NEWCOMER, Role.SUPPORTER)
