"""How activities read on a page: cost, days, languages, in the reader's language."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from peers.reference.availability import DAYS
from peers.reference.languages import language_label

register = template.Library()


@register.filter
def cost(pence: int) -> str:
    """ "Free", or "£2.50" with the reader's decimal separator."""
    if not pence:
        return _("Free")
    amount = formats.number_format(Decimal(pence) / 100, 2, use_l10n=True)
    return _("£%(amount)s") % {"amount": amount}


@register.filter
def weekday_names(weekdays) -> str:
    """Day numbers (0 = Monday) as day names in week order, with the reader's list separator."""
    names = [str(DAYS[day][1]) for day in sorted(set(weekdays or ())) if 0 <= day < len(DAYS)]
    return pgettext("list separator", ", ").join(names)


@register.filter
def language_name(language) -> str:
    """ "العربية — Arabic": a language's own name, then its name in the reader's language."""
    return language_label(
        language.code, language.autonym, language.english_name, get_language() or "en"
    )
