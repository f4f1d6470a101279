from functools import lru_cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from peers.forms import RoleAddForm
from peers.models import SupporterProfile
from peers.permissions import role_required
from peers.roles import SELF_CHOSEN_ROLES, Role
from peers.selectors import (
    greeting_name,
    newcomer_card_for_supporter,
    people_counts_for_coordinator,
    supporter_applications_for_coordinator,
    user_roles,
)
from peers.selectors.pairing import (
    pairings_for_user,
    support_status_for_newcomer,
    supporter_places_for_supporter,
)
from peers.services import user_role_add
from peers.services.notifications import user_language_set
from peers.views.profiles import next_profile_section_url

ROLE_ADDED_MESSAGES = {
    Role.NEWCOMER: gettext_lazy("Done: you can now also ask for someone to talk to."),
    Role.SUPPORTER: gettext_lazy("Done: you can now also support others as a peer supporter."),
}

ROLE_HOMES = {
    Role.COORDINATOR: "peers:coordinator-home",
    Role.NEWCOMER: "peers:newcomer-home",
    Role.SUPPORTER: "peers:supporter-home",
}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "peers/home.html")


@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and tools ask for whatever the pages say (127 bytes)."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@lru_cache(maxsize=1)
def _favicon_bytes() -> bytes:
    return Path(finders.find("favicon.ico")).read_bytes()


def help_now(request: HttpRequest) -> HttpResponse:
    return render(request, "peers/help.html")


@require_POST
def language_change(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for a logged-in person we remember their choice."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Sends a person with one role straight to its page; others choose."""
    roles = user_roles(user=request.user)
    if len(roles) == 1:
        return redirect(ROLE_HOMES[next(iter(roles))])
    # The same glance as on each role's own page, so nobody has to open both to know.
    return render(
        request,
        "peers/dashboard.html",
        {
            "greeting_name": greeting_name(user=request.user),
            "role_pages": [(role, ROLE_HOMES[role]) for role in Role if role in roles],
            "roles_to_add": [role for role in SELF_CHOSEN_ROLES if role not in roles],
            "status": (
                support_status_for_newcomer(newcomer=request.user)
                if Role.NEWCOMER in roles
                else None
            ),
            "places": (
                supporter_places_for_supporter(supporter=request.user)
                if Role.SUPPORTER in roles
                else None
            ),
        },
    )


@login_required
@require_POST
def role_add(request: HttpRequest) -> HttpResponse:
    form = RoleAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose newcomer or peer supporter."))
        return redirect("peers:dashboard")
    role = Role(form.cleaned_data["role"])
    if user_role_add(user=request.user, role=role):
        messages.success(request, str(ROLE_ADDED_MESSAGES[role]))
    return redirect(ROLE_HOMES[role])


@role_required(Role.NEWCOMER)
def newcomer_home(request: HttpRequest) -> HttpResponse:
    context = {
        **_other_roles(request),
        "greeting_name": greeting_name(user=request.user),
        "status": support_status_for_newcomer(newcomer=request.user),
    }
    return render(request, "peers/newcomer_home.html", context)


@role_required(Role.SUPPORTER)
def supporter_home(request: HttpRequest) -> HttpResponse:
    context = {
        **_other_roles(request),
        "greeting_name": greeting_name(user=request.user),
        "places": supporter_places_for_supporter(supporter=request.user),
    }
    return render(request, "peers/supporter_home.html", context)


@role_required(Role.COORDINATOR)
def coordinator_home(request: HttpRequest) -> HttpResponse:
    counts = people_counts_for_coordinator()
    waiting = supporter_applications_for_coordinator().count()
    from activities.selectors.organisations import organisations_waiting_count
    from chat.selectors import cases_for_coordinator

    return render(
        request,
        "peers/coordinator_home.html",
        {
            "counts": counts,
            "waiting": waiting,
            "open_cases": cases_for_coordinator().count(),
            "groups_waiting": organisations_waiting_count(coordinator=request.user),
        },
    )


def _other_roles(request: HttpRequest) -> dict:
    roles = user_roles(user=request.user)
    return {
        "roles_to_add": [role for role in SELF_CHOSEN_ROLES if role not in roles],
        "next_section_url": next_profile_section_url(user=request.user),
        "supporter_profile": SupporterProfile.objects.filter(user=request.user).first(),
        "pairings": [
            (p, newcomer_card_for_supporter(newcomer=p.newcomer, supporter=request.user))
            for p in pairings_for_user(user=request.user)
            if p.supporter_id == request.user.pk
        ],
    }
