"""Organisers' pages: list a group, manage it, add organisers, create and edit activities,
call off a session. Every page reads through a selector that only returns the person's own
groups, so someone else's group is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.forms import ActivityForm, CancelForm, OrganisationForm, OrganiserAddForm
from activities.models import Activity, Organisation
from activities.schedule import LONDON
from activities.selectors.organisations import (
    activity_get_for_organiser,
    activity_people_for_organiser,
    organisation_activities,
    organisation_get_for_organiser,
    organisation_organisers,
    organisations_for_organiser,
)
from activities.services.activities import (
    activity_cancel_session,
    activity_create,
    activity_update,
    sessions_to_cancel,
)
from activities.services.organisations import (
    organisation_apply,
    organisation_update,
    organiser_add,
)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Thank you. A coordinator will check your group; we will tell you here."),
            )
            return redirect("activities:organisation-manage", organisation.pk)
    return render(request, "activities/organisation_form.html", {"form": form})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/organisation_list.html",
        {"organisations": organisations_for_organiser(user=request.user)},
    )


@login_required
def organisation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_organiser(user=request.user, pk=pk)
    return render(
        request,
        "activities/organisation_manage.html",
        {
            "organisation": organisation,
            "activities": organisation_activities(organisation=organisation),
            "organisers": organisation_organisers(organisation=organisation),
            "Status": Organisation.Status,
        },
    )


@login_required
def organisation_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_organiser(user=request.user, pk=pk)
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_for(organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:organisation-manage", organisation.pk)
    return render(
        request,
        "activities/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def organiser_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_organiser(user=request.user, pk=pk)
    form = OrganiserAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organiser = organiser_add(
                organisation=organisation,
                added_by=request.user,
                username=form.cleaned_data["username"],
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            messages.success(
                request,
                _("Done: %(username)s can now manage the group, and has been told.")
                % {"username": organiser.user.username},
            )
            return redirect("activities:organisation-manage", organisation.pk)
    return render(
        request,
        "activities/organiser_form.html",
        {
            "form": form,
            "organisation": organisation,
            "organisers": organisation_organisers(organisation=organisation),
        },
    )


@login_required
def activity_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_organiser(user=request.user, pk=pk)
    if organisation.status == Organisation.Status.REFUSED:
        messages.error(request, _("This group was not accepted, so it cannot list activities."))
        return redirect("activities:organisation-manage", organisation.pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(
                organisation=organisation, by=request.user, fields=form.fields_for_service()
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:activity-manage", activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "organisation": organisation},
    )


def _upcoming_dates(activity: Activity) -> list:
    today = timezone.now().astimezone(LONDON).date()
    return [
        row.starts_at.astimezone(LONDON).date()
        for row in activity.dates.all()
        if row.starts_at.astimezone(LONDON).date() >= today
    ]


@login_required
def activity_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_organiser(user=request.user, pk=pk)
    form = ActivityForm(
        request.POST or None,
        initial=ActivityForm.initial_for(activity, upcoming_dates=_upcoming_dates(activity)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(activity=activity, by=request.user, fields=form.fields_for_service())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:activity-manage", activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "organisation": activity.organisation, "activity": activity},
    )


@login_required
def activity_manage(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_organiser(user=request.user, pk=pk)
    now = timezone.now()
    return render(
        request,
        "activities/activity_manage.html",
        {
            "activity": activity,
            "organisation": activity.organisation,
            "people": activity_people_for_organiser(activity=activity),
            "sessions": sessions_to_cancel(activity=activity, now=now)[:6],
            "cancellations": [
                c for c in activity.cancellations.all() if c.date >= now.astimezone(LONDON).date()
            ],
        },
    )


@login_required
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a session and write a note; a second step asks to confirm before anyone is
    told."""
    activity = activity_get_for_organiser(user=request.user, pk=pk)
    sessions = sessions_to_cancel(activity=activity, now=timezone.now())
    form = CancelForm(request.POST or None, sessions=sessions)
    context = {"activity": activity, "form": form, "sessions": sessions}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") != "yes":
            chosen = next(s for s in sessions if s.day == form.cleaned_data["day"])
            people = activity_people_for_organiser(activity=activity)
            return render(
                request,
                "activities/activity_cancel_confirm.html",
                {**context, "session": chosen, "people": people},
            )
        try:
            activity_cancel_session(
                activity=activity,
                by=request.user,
                day=form.cleaned_data["day"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Done: everyone coming has been told."))
            return redirect("activities:activity-manage", activity.pk)
    return render(request, "activities/activity_cancel.html", context)
