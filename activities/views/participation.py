"""Joining and leaving activities, "come with me", a person's own activities and the
calendar file. Each view checks who may act, calls one service and redirects."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.calendar import activity_calendar
from activities.models import Activity, CompanionRequest, Participation
from activities.selectors.participation import (
    activities_joined_by,
    companion_ask_for_newcomer,
    companion_ask_for_supporter,
    participation_current,
)
from activities.selectors.visibility import activities_visible
from activities.services.participation import (
    activity_join,
    activity_leave,
    companion_answer,
    companion_ask,
    companion_withdraw,
)
from peers.services import notifications_mark_read


class CompanionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        label=gettext_lazy("Your answer"),
    )


def _visible_activity(pk: int) -> Activity:
    activity = activities_visible().select_related("place", "organisation").filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def _back_to(activity_id: int) -> HttpResponse:
    return redirect(reverse("activities:activity-detail", args=[activity_id]) + "#participation")


def _done_or_error(request: HttpRequest, action) -> object | None:
    try:
        return action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


@login_required
@require_POST
def participation_join(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(pk)
    participation = _done_or_error(
        request, lambda: activity_join(user=request.user, activity=activity)
    )
    if participation is not None:
        if participation.status == Participation.Status.JOINED:
            messages.success(request, _("You have joined. See you there!"))
        else:
            messages.info(
                request,
                _(
                    "Every place is taken, so you are on the waiting list. When a place "
                    "comes free it is yours, and we will tell you."
                ),
            )
    return _back_to(activity.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participation_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Leaving asks first: the place may go to someone waiting and cannot be taken back."""
    activity = Activity.objects.select_related("place").filter(pk=pk).first()
    if activity is None:
        raise Http404
    participation = participation_current(user=request.user, activity=activity)
    if participation is None:
        messages.info(request, _("You had not joined this activity."))
        return _back_to_mine_or_activity(activity)
    if request.method == "POST":
        activity_leave(user=request.user, activity=activity)
        messages.success(request, _("Done: you have left “%(title)s”.") % {"title": activity})
        return _back_to_mine_or_activity(activity)
    return render(
        request,
        "activities/participation_leave.html",
        {
            "activity": activity,
            "participation": participation,
            "running": activities_visible().filter(pk=activity.pk).exists(),
        },
    )


def _back_to_mine_or_activity(activity: Activity) -> HttpResponse:
    if activities_visible().filter(pk=activity.pk).exists():
        return _back_to(activity.pk)
    return redirect("activities:participation-list")


@login_required
@require_POST
def companion_ask_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(pk)
    ask = _done_or_error(request, lambda: companion_ask(newcomer=request.user, activity=activity))
    if ask is not None:
        messages.success(
            request, _("We have asked your supporter. You will see their answer here.")
        )
    return _back_to(activity.pk)


@login_required
@require_POST
def companion_ask_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    ask = companion_ask_for_newcomer(user=request.user, pk=pk)
    if ask is None:
        raise Http404
    if _done_or_error(request, lambda: companion_withdraw(newcomer=request.user, ask=ask)):
        messages.success(request, _("Done: your supporter is no longer asked to come."))
    return _back_to(ask.activity_id)


@login_required
@require_http_methods(["GET", "POST"])
def companion_ask_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The supporter it was sent to answers yes or no; anyone else sees no such page."""
    ask = companion_ask_for_supporter(user=request.user, pk=pk)
    if ask is None:
        raise Http404
    notifications_mark_read(user=request.user, link=request.path)
    form = CompanionAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        yes = form.cleaned_data["answer"] == "yes"
        answered = _done_or_error(
            request, lambda: companion_answer(supporter=request.user, ask=ask, yes=yes)
        )
        if answered is not None:
            messages.success(request, _("Thank you. We have told them your answer."))
            return redirect("activities:companion-answer", pk=ask.pk)
        ask.refresh_from_db()
    return render(
        request,
        "activities/companion_answer.html",
        {
            "ask": ask,
            "activity": ask.activity,
            "form": form,
            "open": ask.status == CompanionRequest.Status.ASKED,
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_required
@require_GET
def participation_list(request: HttpRequest) -> HttpResponse:
    """My activities: what the person joined or waits for, with the next sessions."""
    return render(
        request,
        "activities/participation_list.html",
        {"joined": activities_joined_by(user=request.user)},
    )


@require_GET
def activity_calendar_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity's sessions as an iCalendar file (public, like the activity's page)."""
    activity = activities_visible().select_related("place").filter(pk=pk).first()
    if activity is None:
        raise Http404
    response = HttpResponse(
        activity_calendar(activity=activity), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response
