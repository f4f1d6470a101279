from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from peers.reference.interests import interest_name
from peers.reference.languages import dialect_name as dialect_name_for

register = template.Library()


@register.filter
def bdi(text) -> str:
    """A person's own words isolated from the page's direction, so an English name inside an
    Arabic sentence keeps its full stop and brackets where its writer put them. A filter, not
    markup in the sentence, so the translations of sentences that name someone stay valid."""
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def interest_label(interest) -> str:
    """An interest's name in the reader's language."""
    return interest_name(getattr(interest, "slug", interest))


@register.filter
def dialect_name(person_language) -> str:
    """The dialect of a person's language, in the reader's language."""
    return dialect_name_for(person_language.language_id, person_language.dialect)


@register.filter
def duration(minutes: int) -> str:
    """A setting's length of time in the reader's language: 4320 → "3 days", 60 → "1 hour",
    15 → "15 minutes" (Django's own translated, pluralised phrases)."""
    from django.utils.timesince import TIME_STRINGS

    minutes = int(minutes)
    if minutes and minutes % (24 * 60) == 0:
        return TIME_STRINGS["day"] % {"num": minutes // (24 * 60)}
    if minutes and minutes % 60 == 0:
        return TIME_STRINGS["hour"] % {"num": minutes // 60}
    return TIME_STRINGS["minute"] % {"num": minutes}


@register.filter
def listing(items) -> SafeString:
    """Items joined with the reader's language's list separator (Arabic «، », not ", "), each
    isolated in <bdi> so a name in another script keeps its own direction."""
    separator = pgettext("list separator", ", ")
    return format_html_join(separator, "<bdi>{}</bdi>", ((item,) for item in items))
