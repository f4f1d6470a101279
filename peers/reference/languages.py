"""Languages of people seeking asylum in the UK, with common dialects where they matter.

Codes are lower-case BCP-47 primary tags, as the matcher expects. English names and autonyms
come from langcodes/language-data; OVERRIDES fixes the few it gets wrong or renders in a script
a cheap phone may not have.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import langcodes
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LanguageData:
    code: str
    english_name: str
    autonym: str
    direction: str
    dialects: tuple[tuple[str, object], ...]


# code -> dialect tokens with their (translatable) names; empty where dialect rarely matters
# for being understood.
DIALECTS: dict[str, tuple[tuple[str, object], ...]] = {
    "ar": (
        ("sudanese", _("Sudanese")),
        ("levantine", _("Levantine (Syrian, Lebanese, Palestinian, Jordanian)")),
        ("iraqi", _("Iraqi")),
        ("egyptian", _("Egyptian")),
        ("gulf", _("Gulf")),
        ("maghrebi", _("Maghrebi (Moroccan, Algerian, Tunisian, Libyan)")),
        ("yemeni", _("Yemeni")),
        ("hassaniya", _("Hassaniya")),
        ("chadian", _("Chadian")),
    ),
    "ku": (
        ("sorani", _("Sorani")),
        ("kurmanji", _("Kurmanji")),
        ("badini", _("Badini")),
        ("feyli", _("Feyli (Southern Kurdish)")),
    ),
    "fa": (
        ("iranian", _("Iranian Persian")),
        ("hazaragi", _("Hazaragi")),
    ),
    "prs": (
        ("kabuli", _("Kabuli")),
        ("hazaragi", _("Hazaragi")),
        ("herati", _("Herati")),
    ),
    "ps": (
        ("northern", _("Northern (Peshawar, Kabul)")),
        ("southern", _("Southern (Kandahar)")),
    ),
    "so": (
        ("maxaa", _("Maxaa (Standard Somali)")),
        ("maay", _("Maay")),
    ),
    "om": (
        ("eastern", _("Eastern (Harar)")),
        ("western", _("Western (Wellega)")),
        ("borana", _("Borana")),
    ),
    "sq": (
        ("gheg", _("Gheg (Northern, Kosovo)")),
        ("tosk", _("Tosk (Southern)")),
    ),
    "zh": (
        ("mandarin", _("Mandarin")),
        ("cantonese", _("Cantonese")),
        ("fujianese", _("Fujianese (Min)")),
    ),
    "pa": (
        ("gurmukhi", _("Eastern, written in Gurmukhi")),
        ("shahmukhi", _("Western, written in Shahmukhi")),
    ),
    "bn": (
        ("sylheti", _("Sylheti")),
        ("standard", _("Standard Bengali")),
    ),
    "ta": (
        ("sri-lankan", _("Sri Lankan Tamil")),
        ("indian", _("Indian Tamil")),
    ),
    "pt": (
        ("brazilian", _("Brazilian")),
        ("angolan", _("Angolan")),
        ("european", _("European")),
    ),
    "fr": (
        ("african", _("African French")),
        ("european", _("European French")),
    ),
    "es": (
        ("latin-american", _("Latin American")),
        ("european", _("European Spanish")),
    ),
    "sw": (
        ("congolese", _("Congolese Swahili")),
        ("east-african", _("East African (Kenya, Tanzania)")),
    ),
    "tr": (("turkish", _("Turkish")), ("cypriot", _("Cypriot"))),
    "en": (("pidgin", _("Nigerian Pidgin")),),
}

# The languages offered, roughly by how often people seeking asylum in the UK speak them.
CODES = (
    "ar", "fa", "prs", "ps", "ku", "ti", "am", "om", "so", "sq", "ur", "pa", "bn", "ta", "si",
    "vi", "zh", "tr", "fr", "pt", "es", "ln", "sw", "uk", "ru", "ka", "hi", "ne", "en", "tig",
    "bej", "ha", "yo", "ig", "my", "rhg", "ro", "pl", "hy", "az", "uz", "ff", "wo", "rw", "rn",
    "lg", "kri", "nus", "din", "bal", "sd", "gu", "ml", "te", "it", "de", "kab", "syr", "sr",
    "bs", "mk", "bg", "el", "tl", "th", "km",
)  # fmt: skip

# Where langcodes' English name or autonym is wrong for our users, or uses a script a cheap
# phone may not have.
OVERRIDES: dict[str, dict[str, str]] = {
    "prs": {"english_name": "Dari", "autonym": "دری"},
    "ku": {"autonym": "Kurdî / کوردی"},
    "bn": {"english_name": "Bengali"},
    "rhg": {"autonym": "Ruáingga"},
    "tig": {"autonym": "ትግሬ"},
    "bej": {"autonym": "Bidhaawyeet"},
    "din": {"autonym": "Thuɔŋjäŋ"},
    "ff": {"english_name": "Fula (Fulani)"},
    "tl": {"english_name": "Tagalog / Filipino"},
}


def language_data(code: str) -> LanguageData:
    """One language's names and direction, with our overrides applied."""
    language = langcodes.Language.get(code)
    override = OVERRIDES.get(code, {})
    autonym = override.get("autonym", language.autonym())
    return LanguageData(
        code=code,
        english_name=override.get("english_name", language.display_name("en")),
        autonym=autonym,
        direction=text_direction(autonym),
        dialects=DIALECTS.get(code, ()),
    )


def text_direction(text: str) -> str:
    """ "rtl" when the first strongly directional character is right-to-left, as browsers do."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def all_languages() -> list[LanguageData]:
    return [language_data(code) for code in CODES]


@lru_cache(maxsize=4096)
def language_label(code: str, autonym: str, english_name: str, ui_language: str) -> str:
    """ "ትግርኛ — Tigrinya": the self-name, then the name in the reader's language."""
    if ui_language.startswith("en"):
        local = english_name
    else:
        local = langcodes.Language.get(code).display_name(ui_language)
    return autonym if local.casefold() == autonym.casefold() else f"{autonym} — {local}"


@lru_cache(maxsize=4096)
def language_name_in(code: str, english_name: str, ui_language: str) -> str:
    """A language's name in the reader's language (for sentences about a language)."""
    if ui_language.startswith("en"):
        return english_name
    return langcodes.Language.get(code).display_name(ui_language)


def dialect_name(code: str, token: str) -> str:
    """A dialect's name in the reader's language (the token itself if we do not know it)."""
    return str(dict(DIALECTS.get(code, ())).get(token, token))
