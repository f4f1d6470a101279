"""Writes about people, one transaction each. Import from here: `from peers.services import …`."""

from peers.services.audit import access_record, audit_record
from peers.services.consent import consent_grant, consent_withdraw
from peers.services.notifications import notification_create, notifications_mark_read
from peers.services.profiles import (
    newcomer_profile_update,
    profile_about_update,
    profile_interests_update,
    profile_languages_set,
    profile_place_update,
    supporter_profile_update,
    supporter_training_update,
)
from peers.services.roles import (
    coordinator_grant,
    coordinator_revoke,
    user_role_add,
    user_role_apply,
)
from peers.services.supporters import (
    supporter_pause,
    supporter_reject,
    supporter_resume,
    supporter_verify,
    supporter_withdraw,
)

__all__ = [
    "access_record",
    "audit_record",
    "consent_grant",
    "consent_withdraw",
    "coordinator_grant",
    "coordinator_revoke",
    "newcomer_profile_update",
    "notification_create",
    "notifications_mark_read",
    "profile_about_update",
    "profile_interests_update",
    "profile_languages_set",
    "profile_place_update",
    "supporter_pause",
    "supporter_profile_update",
    "supporter_reject",
    "supporter_resume",
    "supporter_training_update",
    "supporter_verify",
    "supporter_withdraw",
    "user_role_add",
    "user_role_apply",
]
