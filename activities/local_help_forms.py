"""The coordinators' form for local help. Everything typed here is public on the town's
directory page, so the help texts say so."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.forms import _place_or_error
from activities.models import LocalService
from peers.forms import validate_plain_text


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"dir": "auto", **attrs})


class LocalServiceForm(forms.Form):
    town = forms.CharField(
        label=_("Town or postcode district"),
        help_text=_("The town whose directory lists it. For example: Middlesbrough, or TS1."),
        max_length=100,
        widget=_text(),
    )
    kind = forms.ChoiceField(label=_("Kind of help"), choices=LocalService.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=120, widget=_text(), validators=[validate_plain_text]
    )
    description = forms.CharField(
        label=_("What it offers"),
        help_text=_("One or two plain sentences, e.g. “Welcomes new patients; interpreters.”"),
        max_length=300,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
        validators=[validate_plain_text],
    )
    address = forms.CharField(
        label=_("Where to find it"),
        help_text=_("The service's own public address. Never a person's home."),
        max_length=200,
        required=False,
        widget=_text(),
        validators=[validate_plain_text],
    )
    contact = forms.CharField(
        label=_("Phone, email or website"),
        help_text=_("The service's public contact, never a person's own number."),
        max_length=200,
        required=False,
        widget=_text(),
        validators=[validate_plain_text],
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        help_text=_("For example: Monday to Friday, 8:00–18:30."),
        max_length=200,
        required=False,
        widget=_text(),
        validators=[validate_plain_text],
    )

    def clean_town(self):
        return _place_or_error(self.cleaned_data["town"].strip())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["place"] = data.pop("town")
        return data

    @classmethod
    def initial_for(cls, service: LocalService) -> dict:
        return {
            "town": service.place.name,
            "kind": service.kind,
            "name": service.name,
            "description": service.description,
            "address": service.address,
            "contact": service.contact,
            "opening_hours": service.opening_hours,
        }


class LocalServiceTownFilter(forms.Form):
    town = forms.CharField(label=_("Only one town"), max_length=100, required=False, widget=_text())

    def clean_town(self):
        text = self.cleaned_data["town"].strip()
        return _place_or_error(text) if text else None
