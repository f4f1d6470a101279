"""Reference data loaded by migrations: languages with autonyms and dialects, interests, places."""

import pytest
from django.apps import apps
from django.utils import translation

from peers.geo import place_lookup
from peers.models import Dialect, Interest, Language, Place, PlaceName
from peers.reference.interests import INTERESTS, interest_name
from peers.reference.languages import language_label, text_direction
from peers.reference.sync import sync_place_names

REQUIRED_CODES = [
    "ar", "fa", "prs", "ps", "ku", "ti", "am", "om", "so", "sq", "ur", "pa", "bn", "ta", "vi",
    "zh", "tr", "fr", "pt", "es", "ln", "sw", "uk", "ru", "ka", "hi", "ne",
]  # fmt: skip


@pytest.mark.django_db
def test_languages_cover_the_main_languages_of_people_seeking_asylum():
    codes = set(Language.objects.values_list("code", flat=True))

    assert len(codes) >= 45
    assert set(REQUIRED_CODES) <= codes
    assert all(code == code.lower() and code.isalpha() for code in codes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "english", "autonym", "direction"),
    [
        ("ti", "Tigrinya", "ትግርኛ", "ltr"),
        ("am", "Amharic", "አማርኛ", "ltr"),
        ("ar", "Arabic", "العربية", "rtl"),
        ("fa", "Persian", "فارسی", "rtl"),
        ("prs", "Dari", "دری", "rtl"),
        ("ps", "Pashto", "پښتو", "rtl"),
        ("ur", "Urdu", "اردو", "rtl"),
        ("uk", "Ukrainian", "українська", "ltr"),
        ("so", "Somali", "Soomaali", "ltr"),
    ],
)
def test_language_names_and_direction(code, english, autonym, direction):
    language = Language.objects.get(code=code)

    assert (language.english_name, language.autonym, language.direction) == (
        english,
        autonym,
        direction,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "tokens"),
    [
        ("ar", {"sudanese", "levantine", "iraqi", "egyptian", "gulf", "maghrebi", "yemeni"}),
        ("ku", {"sorani", "kurmanji", "badini"}),
    ],
)
def test_dialects_where_they_matter(code, tokens):
    assert tokens <= set(Dialect.objects.filter(language_id=code).values_list("token", flat=True))


def test_language_label_names_the_language_in_the_readers_language():
    assert language_label("ti", "ትግርኛ", "Tigrinya", "en") == "ትግርኛ — Tigrinya"
    assert language_label("en", "English", "English", "en") == "English"
    assert language_label("ti", "ትግርኛ", "Tigrinya", "ar").startswith("ትግርኛ — ")
    assert "Tigrinya" not in language_label("ti", "ትግርኛ", "Tigrinya", "ar")


@pytest.mark.parametrize(
    ("text", "direction"), [("دری", "rtl"), ("ትግርኛ", "ltr"), ("Kurdî / کوردی", "ltr"), ("", "ltr")]
)
def test_text_direction_follows_the_first_strong_character(text, direction):
    assert text_direction(text) == direction


@pytest.mark.django_db
def test_interests_are_loaded_and_translatable():
    assert 28 <= Interest.objects.count() == len(INTERESTS)
    with translation.override("ar"):
        arabic = interest_name("football")
    assert arabic and arabic != "Football"
    assert interest_name("no-such-interest") == "no-such-interest"


@pytest.mark.django_db
def test_places_hold_towns_and_postcode_districts():
    assert Place.objects.filter(kind=Place.Kind.TOWN).count() > 4000
    assert Place.objects.filter(kind=Place.Kind.DISTRICT).count() > 2800
    district = Place.objects.get(kind=Place.Kind.DISTRICT, name="TS1")
    assert district.near == "Middlesbrough"
    assert str(district) == "TS1 (Middlesbrough)"


@pytest.mark.django_db
def test_place_names_can_be_synced_again_for_a_database_loaded_earlier():
    """A database loaded before the normalisation learnt a letter variant gets the new keys
    from sync_place_names (what a data migration would run), and a second run adds nothing."""
    PlaceName.objects.filter(key="ميدلزبره").delete()
    assert place_lookup("ميدلزبرة") is None
    count = PlaceName.objects.count()

    sync_place_names(apps)
    added = PlaceName.objects.count() - count
    sync_place_names(apps)

    assert place_lookup("ميدلزبرة").name == "Middlesbrough"
    assert added >= 1
    assert PlaceName.objects.count() == count + added
