"""Profile forms with good and bad input: bad input gets a specific message."""

import datetime

import pytest
from django.utils import timezone

from peers.forms import (
    AboutForm,
    InterestsForm,
    LanguagesForm,
    NewcomerForm,
    PlaceForm,
    SupporterForm,
    TrainingForm,
)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Selam", None),
        ("Mary-Jane O'Neil", None),
        ("سلام", None),
        ("ሰላም", None),
        ("Олена", None),
        ("<b>Selam</b>", 'Please do not use <, >, & or " in your name.'),
        ("Sel\x07am", "Your name contains a hidden character. Please type it again."),
        ("Sel\u202eam", "Your name contains a hidden character. Please type it again."),
        ("Selam123", "Please use only letters, spaces, apostrophes, hyphens and full stops."),
        ("   ", "This field is required."),
        ("x" * 41, "Please use at most 40 letters."),
    ],
)
def test_about_form_display_name(name, error):
    form = AboutForm({"display_name": name, "gender": ""})

    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert error in form.errors["display_name"]


def test_about_form_refuses_unknown_gender():
    form = AboutForm({"display_name": "Selam", "gender": "q"})

    assert not form.is_valid()
    assert "gender" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "ok"),
    [("Middlesbrough", True), ("TS1 4AB", True), ("Atlantis", False), ("<script>", False)],
)
def test_place_form(text, ok):
    form = PlaceForm({"place": text})

    assert form.is_valid() is ok
    if not ok:
        assert form.errors["place"]
    if text == "Atlantis":
        assert "We could not find “Atlantis”" in form.errors["place"][0]


def languages_data(*rows) -> dict:
    data = {}
    for index, (code, dialect, first, level) in enumerate(rows):
        data[f"language_{index}"] = code
        data[f"dialect_{index}"] = dialect
        if first:
            data[f"first_{index}"] = "on"
        data[f"level_{index}"] = level
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([("ti", "", True, ""), ("ar", "ar:sudanese", False, "good")], None),
        ([("ar", "ar:levantine", True, ""), ("ku", "ku:sorani", True, "")], None),
        (
            [("ar", "", True, ""), ("fa", "", True, ""), ("ps", "", True, "")],
            "Choose at most two first languages.",
        ),
        ([("ar", "", False, "good")], "Tick at least one first language."),
        (
            [("ar", "", True, ""), ("ar", "", False, "basic")],
            "Each language can only be chosen once.",
        ),
        ([("ar", "ku:sorani", True, "")], "That dialect belongs to another language."),
        ([("xx", "", True, "")], "Select a valid choice."),
        ([("ar", "ar:klingon", True, "")], "Select a valid choice."),
        ([("", "", True, "")], "Please choose the language too."),
    ],
)
def test_languages_form(rows, error):
    form = LanguagesForm(languages_data(*rows))

    if error is None:
        assert form.is_valid(), form.errors
        assert len(form.cleaned_data["choices"]) == len(rows)
    else:
        assert not form.is_valid()
        assert any(error in message for messages in form.errors.values() for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"interests": ["cooking"], "free_mon": ["mon-am", "mon-eve"]}, None),
        ({"free_mon": ["mon-night"]}, "One of those times is not one we know."),
        ({"free_mon": ["tue-am"]}, "One of those times is not one we know."),
        ({"interests": ["skydiving"]}, "Select a valid choice."),
    ],
)
def test_interests_form(data, error):
    form = InterestsForm(data)

    if error is None:
        assert form.is_valid(), form.errors
        assert form.availability() == ["mon-am", "mon-eve"]
    else:
        assert not form.is_valid()
        assert any(error in message for messages in form.errors.values() for message in messages)


@pytest.mark.parametrize(
    ("max_km", "ok"),
    [("0", True), ("3", True), ("200", True), ("-1", False), ("201", False), ("x", False)],
)
def test_newcomer_form_distance_range(max_km, ok):
    form = NewcomerForm({"max_km": max_km, "helps": ["talk"], "about_me": ""})

    assert form.is_valid() is ok
    if not ok:
        assert form.errors["max_km"] == ["Please choose a distance between 0 and 200 km."]


def test_newcomer_form_refuses_hidden_characters_in_about_me():
    form = NewcomerForm({"max_km": "3", "about_me": "hello\x00"})

    assert not form.is_valid()
    assert "hidden character" in form.errors["about_me"][0]


@pytest.mark.parametrize(
    ("capacity", "ok"), [("1", True), ("5", True), ("0", False), ("6", False), ("", False)]
)
def test_supporter_form_capacity_range(capacity, ok):
    form = SupporterForm({"bio": "Hi", "capacity": capacity, "radius_km": "5"})

    assert form.is_valid() is ok
    if not ok:
        assert form.errors["capacity"] == ["You can support between 1 and 5 people at once."]


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({}, None, None),
        ({"completed_on": "2999-01-01"}, "completed_on", "This date cannot be in the future."),
        (
            {"dbs_checked_on": "2025-01-01", "dbs_expires_on": "2024-01-01"},
            "dbs_expires_on",
            "The expiry must be after the check date.",
        ),
        (
            {"dbs_expires_on": "2027-01-01"},
            "dbs_checked_on",
            "Please give the date of the check too.",
        ),
        ({"completed_on": "not a date"}, "completed_on", "Enter a valid date."),
    ],
)
def test_training_form(fields, field, error):
    data = {
        "course": "Peer support",
        "completed_on": str(timezone.localdate() - datetime.timedelta(days=30)),
    }
    data.update(fields)

    form = TrainingForm(data)

    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert error in form.errors[field]
