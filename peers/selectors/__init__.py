"""Reads about people, with permission filtering inside. Import from here."""

from peers.selectors.profiles import (
    NewcomerCard,
    consents_current,
    greeting_name,
    has_consent,
    newcomer_card_for_supporter,
    notifications_for_user,
    profile_for_owner,
    profile_progress,
    supporter_application_get,
    supporter_applications_for_coordinator,
    unread_notification_count,
)
from peers.selectors.roles import people_counts_for_coordinator, user_has_totp, user_roles

__all__ = [
    "NewcomerCard",
    "consents_current",
    "greeting_name",
    "has_consent",
    "newcomer_card_for_supporter",
    "notifications_for_user",
    "people_counts_for_coordinator",
    "profile_for_owner",
    "profile_progress",
    "supporter_application_get",
    "supporter_applications_for_coordinator",
    "unread_notification_count",
    "user_has_totp",
    "user_roles",
]
