"""Help any newcomer in England may need, shown on every town's directory page, and the short
practical guides linked from it. Data in code, translated when shown, never at import time.

The crisis lines (999, NHS 111, Samaritans) come from the chat's crisis help, so the numbers
and the words they share can never disagree with what a person in crisis is shown.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chat.crisis import crisis_resources


@dataclass(frozen=True)
class NationalService:
    name: str | Promise
    contact: str  # what is shown: a phone number or a web address
    href: str  # tel: for phones, https: for websites
    purposes: tuple[str | Promise, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    title: Promise
    summary: Promise

    @property
    def template(self) -> str:
        return f"activities/guide_{self.slug.replace('-', '_')}.html"


GUIDES = (
    Guide(
        "register-with-a-gp",
        _("Registering with a GP (family doctor)"),
        _("Anyone in England can register. You do not need proof of address or status."),
    ),
    Guide(
        "free-prescriptions-hc2",
        _("Free prescriptions and the HC2 certificate"),
        _("How people seeking asylum can get medicine, dental care and eye tests free."),
    ),
    Guide(
        "ask-for-an-interpreter",
        _("How to ask for an interpreter"),
        _("Interpreters are free at the GP and at NHS hospitals. Ask when you book."),
    ),
)
GUIDES_BY_SLUG = {guide.slug: guide for guide in GUIDES}


def _crisis_line(href: str) -> dict[str, str]:
    return next(line for line in crisis_resources() if line["href"] == href)


def national_services() -> list[NationalService]:
    """The national services, in the current language: emergencies first, then health, then
    asylum support and advice."""
    emergency = _crisis_line("tel:999")
    nhs_111 = _crisis_line("tel:111")
    samaritans = _crisis_line("tel:116123")
    return [
        NationalService(
            emergency["name"], emergency["contact"], emergency["href"], (emergency["when"],)
        ),
        NationalService(
            _("NHS 111"),
            nhs_111["contact"],
            nhs_111["href"],
            (
                _(
                    "Urgent medical help when it is not an emergency, or when you do not know "
                    "where to go. Free, any time, day or night. You can ask for an interpreter."
                ),
                nhs_111["when"],
            ),
        ),
        NationalService(
            samaritans["name"], samaritans["contact"], samaritans["href"], (samaritans["when"],)
        ),
        NationalService(
            _("Migrant Help"),
            "0808 8010 503",
            "tel:08088010503",
            (
                _(
                    "Asylum support: help to apply for it, and problems with your asylum "
                    "accommodation or your payments. Free to call, any time. They can use an "
                    "interpreter."
                ),
            ),
        ),
        NationalService(
            _("Refugee Council"),
            "refugeecouncil.org.uk",
            "https://www.refugeecouncil.org.uk/",
            (_("Advice and support for refugees and people seeking asylum."),),
        ),
        NationalService(
            _("Citizens Advice"),
            "citizensadvice.org.uk",
            "https://www.citizensadvice.org.uk/",
            (
                _(
                    "Free advice on money, housing, work and other problems, on the phone, "
                    "online or in person."
                ),
            ),
        ),
    ]
