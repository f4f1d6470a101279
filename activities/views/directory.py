"""The printable town directory, for caseworkers, GP receptionists and noticeboards. Public."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.filters import town_place_or_error
from activities.local_help import GUIDES, national_services
from activities.selectors.directory import DIRECTORY_KM, directory_for_place, place_for_directory
from activities.selectors.local_help import local_help_for_place


class TownForm(forms.Form):
    town = forms.CharField(
        label=_("Town or postcode"),
        max_length=60,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "address-level2"}),
    )

    def clean_town(self):
        return town_place_or_error(self.cleaned_data["town"].strip())


def directory_pick(request: HttpRequest) -> HttpResponse:
    form = TownForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("activities:directory", key=form.cleaned_data["town"].pk)
    return render(request, "activities/directory_pick.html", {"form": form})


def directory(request: HttpRequest, key: str) -> HttpResponse:
    place = place_for_directory(key=key)
    if place is None:
        raise Http404("no such place")
    if not key.isdigit():
        return redirect("activities:directory", key=place.pk)
    return render(
        request,
        "activities/directory.html",
        {
            "place": place,
            "groups": directory_for_place(place=place, now=timezone.now()),
            "km": DIRECTORY_KM,
            "local_help": local_help_for_place(place=place, km=DIRECTORY_KM),
            "national": national_services(),
            "guides": GUIDES,
            "printed": timezone.now(),
        },
    )
