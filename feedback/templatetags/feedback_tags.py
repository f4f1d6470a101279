"""`{% feedback_open_count as n %}` for the coordinator home, and `|age_days` for the queue
(anonymous feedback keeps only its day, so ages are counted in days)."""

from datetime import datetime

from django import template
from django.utils import timezone

from feedback.selectors import feedback_open_count as open_count

register = template.Library()


@register.simple_tag
def feedback_open_count() -> int:
    """How many feedback entries and complaints wait for a coordinator."""
    return open_count()


@register.filter
def age_days(moment: datetime | None) -> int:
    """Whole days since that day (0: today), by the UTC calendar the entries are kept in."""
    if moment is None:
        return 0
    today = timezone.now().astimezone(timezone.UTC).date()
    return max(0, (today - moment.astimezone(timezone.UTC).date()).days)
