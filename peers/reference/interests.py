"""Interests people can share, in plain words. Slugs are stored; names are translated."""

from django.utils.translation import gettext_lazy as _

INTERESTS: dict[str, object] = {
    "football": _("Football"),
    "cricket": _("Cricket"),
    "running": _("Running"),
    "walking": _("Walking"),
    "swimming": _("Swimming"),
    "cycling": _("Cycling"),
    "gym": _("Gym and fitness"),
    "cooking": _("Cooking"),
    "eating-together": _("Sharing a meal"),
    "gardening": _("Gardening"),
    "art": _("Art and drawing"),
    "music": _("Music"),
    "singing": _("Singing"),
    "dance": _("Dance"),
    "crafts": _("Crafts"),
    "sewing": _("Sewing"),
    "reading": _("Reading"),
    "films": _("Films"),
    "faith-culture": _("Faith and culture"),
    "english-practice": _("Practising English"),
    "computers": _("Computers and phones"),
    "volunteering": _("Volunteering"),
    "parenting": _("Parenting and children"),
    "study": _("Study and college"),
    "work-skills": _("Work skills"),
    "chess-games": _("Chess and board games"),
    "photography": _("Photography"),
    "nature": _("Nature and parks"),
    "coffee-chat": _("Coffee and a chat"),
    "womens-group": _("Women's groups"),
    "mens-group": _("Men's groups"),
    "youth": _("Young people's activities"),
}


def interest_name(slug: str) -> str:
    return str(INTERESTS.get(slug, slug))
