"""The activity list's filters: a plain GET form that works without JavaScript. Bad values
become a message on the form, never an error page."""

from functools import lru_cache

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from peers.geo import place_lookup, place_suggestions
from peers.reference.availability import DAYS, PARTS
from peers.reference.interests import INTERESTS
from peers.reference.languages import all_languages, language_label

MAX_KM = 200
TOWN_DEFAULT_KM = 10  # a town typed without a distance: about a bus ride


class Order:
    FOR_YOU = "for-you"
    NEAREST = "near"
    NAME = "name"


ORDER_CHOICES = [
    (Order.FOR_YOU, pgettext_lazy("activity order", "Best for you")),
    (Order.NEAREST, pgettext_lazy("activity order", "Nearest first")),
    (Order.NAME, pgettext_lazy("activity order", "By name")),
]


@lru_cache(maxsize=1)
def _languages() -> list:
    return all_languages()


def _language_choices() -> list[tuple[str, str]]:
    ui = get_language() or "en"
    return [("", _("Any language"))] + [
        (data.code, language_label(data.code, data.autonym, data.english_name, ui))
        for data in _languages()
    ]


class ActivityFilterForm(forms.Form):
    town = forms.CharField(
        label=_("Town or postcode"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "address-level2"}),
    )
    km = forms.IntegerField(
        label=_("Within (km)"),
        min_value=1,
        max_value=MAX_KM,
        required=False,
        error_messages={
            "invalid": _("Please give the distance as a whole number of km, like 5."),
            "min_value": _("Please give a distance of at least 1 km."),
            "max_value": _("Please give a distance of at most %(limit_value)s km."),
        },
    )
    interest = forms.ChoiceField(label=_("Something you enjoy"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    day = forms.ChoiceField(label=_("Day"), required=False, choices=[("", _("Any day")), *DAYS])
    part = forms.ChoiceField(
        label=_("Time of day"), required=False, choices=[("", _("Any time")), *PARTS]
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    family_friendly = forms.BooleanField(label=_("Families welcome"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    order = forms.ChoiceField(
        label=_("Order"), required=False, choices=ORDER_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interest"].choices = [("", _("Anything"))] + [
            (slug, name) for slug, name in INTERESTS.items()
        ]
        self.fields["language"].choices = _language_choices()
        self.place = None

    def clean_town(self) -> str:
        town = self.cleaned_data["town"].strip()
        if town:
            self.place = town_place_or_error(town)
        return town


def town_place_or_error(town: str):
    """The place a typed town names, or a ValidationError that says so and suggests the
    closest names (the filters and the directory's town picker ask the same way)."""
    place = place_lookup(town)
    if place is not None:
        return place
    suggestions = place_suggestions(town)
    if suggestions:
        raise forms.ValidationError(
            _("We could not find “%(town)s”. Did you mean %(names)s?"),
            params={"town": town, "names": ", ".join(suggestions)},
        )
    raise forms.ValidationError(
        _("We could not find “%(town)s”. Try the name of a town or a postcode."),
        params={"town": town},
    )
