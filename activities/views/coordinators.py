"""Coordinators check the groups that ask to be listed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from activities.forms import OrganisationDecisionForm
from activities.models import Organisation
from activities.selectors.organisations import (
    organisation_get_for_coordinator,
    organisations_pending_for_coordinator,
)
from activities.services.organisations import organisation_refuse, organisation_verify
from peers.permissions import role_required
from peers.roles import Role


@role_required(Role.COORDINATOR)
def organisation_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/organisation_queue.html",
        {"organisations": organisations_pending_for_coordinator(coordinator=request.user)},
    )


@role_required(Role.COORDINATOR)
def organisation_review(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_coordinator(pk=pk, coordinator=request.user)
    form = OrganisationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "verify":
                organisation_verify(organisation=organisation, coordinator=request.user)
            else:
                organisation_refuse(
                    organisation=organisation,
                    coordinator=request.user,
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Done. The organisers have been told."))
            return redirect("activities:organisation-queue")
    return render(
        request,
        "activities/organisation_review.html",
        {
            "organisation": organisation,
            "form": form,
            "Status": Organisation.Status,
            "usernames": [organiser.user.username for organiser in organisation.organisers.all()],
        },
    )
