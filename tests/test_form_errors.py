"""Every form's error messages reach the person in their own language: nothing is fixed in
English when a module is imported (a form's class body runs once, at import)."""

import inspect
import re

import pytest
from django import forms
from django.utils import translation

import chat.forms
import peers.forms

pytestmark = pytest.mark.django_db
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def _forms() -> list[type[forms.Form]]:
    found = []
    for module in (peers.forms, chat.forms):
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.Form) and value.__module__ == module.__name__:
                found.append(value)
    return found


def _bad_values(form: forms.Form) -> list[dict]:
    """Empty, and every number field too big, too small and not a number."""
    numbers = [name for name, field in form.fields.items() if isinstance(field, forms.IntegerField)]
    return [{}] + [{name: value for name in numbers} for value in ("999999", "-5", "abc")]


@pytest.mark.parametrize("form_class", _forms(), ids=lambda form: form.__name__)
def test_every_error_message_is_in_arabic_for_an_arabic_reader(form_class):
    messages = []
    with translation.override("ar"):
        for data in _bad_values(form_class()):
            form = form_class(data=data)
            form.is_valid()
            messages += [str(error) for errors in form.errors.values() for error in errors]

    english = [message for message in messages if not ARABIC_LETTER.search(message)]
    assert english == []


def test_the_distance_message_follows_the_language_of_each_request():
    for language, expected in (("en", "between 0 and"), ("ar", None)):
        with translation.override(language):
            form = peers.forms.NewcomerForm(data={"max_km": "999"})
            form.is_valid()
            (message,) = form.errors["max_km"]
        if expected:
            assert expected in message
        else:
            assert ARABIC_LETTER.search(message) and "between" not in message
