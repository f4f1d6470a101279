from django import template

from peers.reference.interests import interest_name
from peers.reference.languages import dialect_name as dialect_name_for

register = template.Library()


@register.filter
def interest_label(interest) -> str:
    """An interest's name in the reader's language."""
    return interest_name(getattr(interest, "slug", interest))


@register.filter
def dialect_name(person_language) -> str:
    """The dialect of a person's language, in the reader's language."""
    return dialect_name_for(person_language.language_id, person_language.dialect)
