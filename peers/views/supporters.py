"""Supporters' own status changes, and the coordinators' verification queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peers.forms import DecisionForm
from peers.models import AccessRecord, SupporterProfile
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors import supporter_application_get, supporter_applications_for_coordinator
from peers.selectors.matching import person_language_label
from peers.services import (
    access_record,
    supporter_pause,
    supporter_reject,
    supporter_resume,
    supporter_verify,
    supporter_withdraw,
)

# The statuses as a coordinator reads them (the model's labels speak to the supporter).
COORDINATOR_STATUS_LABELS = {
    SupporterProfile.Status.APPLIED: gettext_lazy("Waiting for a check"),
    SupporterProfile.Status.ACTIVE: gettext_lazy("Verified and active"),
    SupporterProfile.Status.PAUSED: gettext_lazy("Verified, on a break"),
    SupporterProfile.Status.WITHDRAWN: gettext_lazy("Stopped"),
    SupporterProfile.Status.REJECTED: gettext_lazy("Refused"),
}

STATUS_ACTIONS = {
    "pause": (supporter_pause, gettext_lazy("You are paused. Take the time you need.")),
    "resume": (supporter_resume, gettext_lazy("Welcome back. You can receive suggestions again.")),
    "withdraw": (
        supporter_withdraw,
        gettext_lazy("You have stopped being a supporter. Thank you."),
    ),
}


@role_required(Role.SUPPORTER)
@require_POST
def supporter_status_change(request: HttpRequest) -> HttpResponse:
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Sorry, we did not understand that choice. Nothing changed."))
        return redirect("peers:supporter-home")
    if request.POST["action"] == "withdraw" and request.POST.get("confirmed") != "yes":
        # Ask first, and say what happens: a coordinator must check them again to come back.
        return render(request, "peers/supporter_withdraw_confirm.html")
    service, done_message = action
    try:
        service(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done_message))
    return redirect("peers:supporter-home")


@role_required(Role.COORDINATOR)
def supporter_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "peers/supporter_queue.html",
        {"applications": supporter_applications_for_coordinator()},
    )


@role_required(Role.COORDINATOR)
def supporter_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = supporter_application_get(pk=pk)
    access_record(
        coordinator=request.user,
        subject=application.user,
        reason=AccessRecord.Reason.SUPPORTER_VERIFICATION,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = supporter_verify if form.cleaned_data["decision"] == "verify" else supporter_reject
        try:
            decide(profile=application, coordinator=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Done. The person has been told."))
            return redirect("peers:supporter-queue")
    return render(
        request,
        "peers/supporter_review.html",
        {
            "application": application,
            "form": form,
            "Status": SupporterProfile.Status,
            "status_for_coordinator": COORDINATOR_STATUS_LABELS[application.status],
            "languages": [
                person_language_label(item)
                for item in application.user.profile.languages.select_related("language")
            ]
            if hasattr(application.user, "profile")
            else [],
        },
    )
