"""Crisis help shown at once when a message suggests risk, in the reader's language."""

from django.utils import translation
from django.utils.translation import gettext as _


def crisis_resources(language: str | None = None) -> list[dict[str, str]]:
    """The crisis lines for England, translated into `language` (default: the current one)."""
    with translation.override(language or translation.get_language()):
        return [
            {
                "name": _("Samaritans"),
                "contact": "116 123",
                "href": "tel:116123",
                "when": _("Free, any time, day or night, to talk."),
            },
            {
                "name": _("NHS 111, option 2"),
                "contact": "111",
                "href": "tel:111",
                "when": _("Mental health crisis help in England: call 111 and choose option 2."),
            },
            {
                "name": _("Emergency"),
                "contact": "999",
                "href": "tel:999",
                "when": _("If you are in danger now or badly hurt: call 999 or go to A&E."),
            },
            {
                "name": _("Shout"),
                "contact": "85258",
                "href": "sms:85258?body=SHOUT",
                "when": _("If you cannot talk: text SHOUT to 85258, free, any time."),
            },
        ]


def crisis_note(language: str | None = None) -> str:
    """The reassurance that goes with the crisis lines."""
    with translation.override(language or translation.get_language()):
        return _(
            "You can ask for an interpreter. Calling will not affect any asylum claim. "
            "Your message was delivered, and someone from the Common Ground team will also "
            "check in with you."
        )
