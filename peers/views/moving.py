""" "I have been moved": one page for the newcomer, then what happened and what is near."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from peers.forms import MoveForm
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors.moving import (
    activities_recommended_for,
    arrivals_by_place,
    local_help_url,
    move_latest_for_user,
)
from peers.selectors.pairing import support_status_for_newcomer
from peers.services.moving import person_move


@role_required(Role.NEWCOMER)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest) -> HttpResponse:
    status = support_status_for_newcomer(newcomer=request.user)
    # Already looking for someone near (an earlier move): ticked, so moving again keeps it.
    looking = status.pairing is not None and status.request is not None
    form = MoveForm(
        request.POST or None,
        initial={"moved_on": timezone.localdate(), "wants_local_supporter": looking},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_move(
                user=request.user,
                place=data["place"],
                moved_on=data["moved_on"],
                wants_local_supporter=data["wants_local_supporter"],
                share_name=data["share_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for telling us. Nothing you had is lost."))
            return redirect("peers:move-done")
    return render(
        request,
        "peers/move_form.html",
        {"form": form, "status": status},
    )


@role_required(Role.NEWCOMER)
@require_GET
def move_done(request: HttpRequest) -> HttpResponse:
    latest = move_latest_for_user(user=request.user)
    if latest is None:
        return redirect("peers:move")
    return render(
        request,
        "peers/move_done.html",
        {
            "move": latest,
            "status": support_status_for_newcomer(newcomer=request.user),
            "recommended": activities_recommended_for(user=request.user, now=timezone.now()),
            "local_help_url": local_help_url(place=latest.to_place),
        },
    )


# Arrivals are counted over the same period as the dashboard's figures.
ARRIVALS_DAYS = 90


@role_required(Role.COORDINATOR)
@require_GET
def arrivals(request: HttpRequest) -> HttpResponse:
    """People who moved to each town lately: a count ("fewer than 5" when small) and the
    names of only those who asked us to show them to the coordinators of their new area."""
    from dashboard.privacy import suppress

    since = timezone.localdate() - timedelta(days=ARRIVALS_DAYS)
    rows = [{**row, "shown": suppress(row["count"])} for row in arrivals_by_place(since=since)]
    return render(request, "peers/move_arrivals.html", {"rows": rows, "days": ARRIVALS_DAYS})
