from django.conf import settings
from django.http import HttpRequest

from peers.selectors import unread_notification_count, user_roles


def service_times(request: HttpRequest) -> dict:
    """The settings that texts promise, so a text never states a number the service does not
    keep ("within 3 days", "every 15 minutes"). Shown with the `duration` filter."""
    return {
        "offer_answer_minutes": settings.OFFER_EXPIRY_HOURS * 60,
        "matching_every_minutes": settings.MATCHING_EVERY_MINUTES,
    }


def roles(request: HttpRequest) -> dict:
    """Lets templates show the right navigation; never a substitute for a view's own check."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "unread_notifications": 0, "unread_messages": 0}
    from chat.selectors import unread_message_count

    return {
        "user_roles": user_roles(user=user),
        "unread_notifications": unread_notification_count(user=user),
        "unread_messages": unread_message_count(user=user),
    }
