"""Rating a session after it happened: a short form with a labelled face scale that works
without JavaScript. The view checks the shape, calls the rating service and says what
happened."""

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from activities.models import Activity
from activities.selectors.visibility import activities_visible
from activities.services.ratings import session_rate, session_rating_check

# The face scale: each point has words, so it never relies on colour or a picture alone.
FACES = {1: "☹️", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}


class SessionRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How was it?"),
        choices=[
            (1, gettext_lazy("Not good")),
            (2, gettext_lazy("Not great")),
            (3, gettext_lazy("OK")),
            (4, gettext_lazy("Good")),
            (5, gettext_lazy("Very good")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Please choose how the session was.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything to add? (optional)"),
        help_text=gettext_lazy("The organisers see your words but never your name."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def faces(self) -> list[tuple]:
        """Each radio button with its face, for the template."""
        return [(radio, FACES.get(int(radio.data["value"]), "")) for radio in self["rating"]]


def rating_form_for(activity_id: int, day: date, data=None) -> SessionRatingForm:
    """A form whose ids are unique on a page that offers several sessions."""
    return SessionRatingForm(data, auto_id=f"rate-{activity_id}-{day:%Y%m%d}-%s")


def _day_from(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise Http404
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise Http404 from error


def _next_or_mine(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("activities:participation-list")


@login_required
@require_http_methods(["GET", "POST"])
def session_rating_create(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """GET shows the form (when the session can still be rated); POST rates it once."""
    activity = get_object_or_404(Activity.objects.select_related("organisation"), pk=pk)
    if (
        not activities_visible().filter(pk=activity.pk).exists()
        and not activity.participations.filter(user=request.user).exists()
    ):
        raise Http404  # an unchecked group's activity is shown to nobody but its joiners
    session_date = _day_from(day)
    form = rating_form_for(activity.pk, session_date, request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            session_rate(
                user=request.user,
                activity=activity,
                session_date=session_date,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Thank you for telling us how it was."))
            return _next_or_mine(request)
    if refusal is None:
        try:
            session_rating_check(user=request.user, activity=activity, session_date=session_date)
        except ValidationError as error:
            refusal = " ".join(error.messages)
    return render(
        request,
        "activities/session_rating_form.html",
        {
            "activity": activity,
            "session_date": session_date,
            "form": form,
            "refusal": refusal,
            "open": refusal is None,
        },
        status=400 if request.method == "POST" else 200,
    )
