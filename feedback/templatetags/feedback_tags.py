"""`{% feedback_open_count as n %}` for the coordinator home, `|age_days` for the queue
(anonymous feedback keeps only its day, so ages are counted in days), and `|reference` for a
reference inside a sentence or heading."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from feedback.selectors import feedback_open_count as open_count

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_open_count(context) -> int:
    """How many feedback entries and complaints wait for the coordinator reading the page."""
    return open_count(coordinator=context["request"].user)


@register.filter
def age_days(moment: datetime | None) -> int:
    """Whole days since that day (0: today), by the UTC calendar the entries are kept in."""
    if moment is None:
        return 0
    today = timezone.now().astimezone(timezone.UTC).date()
    return max(0, (today - moment.astimezone(timezone.UTC).date()).days)


@register.filter
def reference(code: str) -> str:
    """A reference ("CG-7K3P9Q") kept whole and left to right inside any sentence: a line
    never breaks at its dash, which in an Arabic or Persian heading would show "-CG" on one
    line and the rest on the next. A filter, so the sentences' translations stay valid."""
    return format_html('<bdi class="reference" dir="ltr">{}</bdi>', code)
