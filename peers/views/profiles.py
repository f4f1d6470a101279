"""A person's own profile, one section per page. Only ever the logged-in person's own data:
no URL here carries anyone's id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peers.forms import (
    AboutForm,
    InterestsForm,
    LanguagesForm,
    NewcomerForm,
    PlaceForm,
    SupporterForm,
    TrainingForm,
)
from peers.models import ConsentPurpose, NewcomerProfile, SupporterProfile
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors import consents_current, profile_for_owner, profile_progress, user_roles
from peers.services import (
    consent_grant,
    consent_withdraw,
    newcomer_profile_update,
    profile_about_update,
    profile_interests_update,
    profile_languages_set,
    profile_place_update,
    supporter_profile_update,
    supporter_training_update,
)

SECTION_ORDER = ["about", "place", "languages", "interests", "newcomer", "supporter", "training"]
SECTION_URLS = {
    "about": "peers:profile-about",
    "place": "peers:profile-place",
    "languages": "peers:profile-languages",
    "interests": "peers:profile-interests",
    "newcomer": "peers:profile-newcomer",
    "supporter": "peers:profile-supporter",
    "training": "peers:profile-training",
}


def next_profile_section_url(*, user, after: str | None = None) -> str | None:
    """The first section (after `after`) the person has not filled in yet, if any."""
    progress = profile_progress(user=user)
    start = SECTION_ORDER.index(after) + 1 if after else 0
    for section in SECTION_ORDER[start:]:
        if section in progress and not progress[section]:
            return reverse(SECTION_URLS[section])
    return None


def _next_section(request: HttpRequest, current: str) -> HttpResponse:
    """After saving, go on to the next section not yet filled in, else back to the overview."""
    return redirect(next_profile_section_url(user=request.user, after=current) or "peers:profile")


def _needs_a_role(request: HttpRequest) -> None:
    if not user_roles(user=request.user) & {Role.NEWCOMER, Role.SUPPORTER}:
        raise PermissionDenied


def _section(request, *, form_class, initial, save, name, template, extra=None):
    """Shows one profile section's form; on valid input saves it through its service."""
    _needs_a_role(request)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return _next_section(request, name)
    context = {"form": form, "section": name, **(extra or {})}
    return render(request, template, context)


@login_required
def profile_overview(request: HttpRequest) -> HttpResponse:
    _needs_a_role(request)
    user = request.user
    return render(
        request,
        "peers/profile_overview.html",
        {
            "profile": profile_for_owner(user=user),
            "newcomer_profile": NewcomerProfile.objects.filter(user=user).first(),
            "supporter_profile": SupporterProfile.objects.filter(user=user).first(),
            "progress": profile_progress(user=user),
            "consents": consents_current(user=user),
            "purposes": ConsentPurpose.choices,
        },
    )


@login_required
def profile_about(request: HttpRequest) -> HttpResponse:
    profile = profile_for_owner(user=request.user)
    initial = {"display_name": profile.display_name, "gender": profile.gender} if profile else {}
    return _section(
        request,
        form_class=AboutForm,
        initial=initial,
        name="about",
        template="peers/profile_about.html",
        save=lambda form: profile_about_update(user=request.user, **form.cleaned_data),
    )


@login_required
def profile_place(request: HttpRequest) -> HttpResponse:
    profile = profile_for_owner(user=request.user)
    initial = {"place": profile.place.name} if profile and profile.place else {}
    return _section(
        request,
        form_class=PlaceForm,
        initial=initial,
        name="place",
        template="peers/profile_place.html",
        save=lambda form: profile_place_update(user=request.user, place=form.cleaned_data["place"]),
    )


@login_required
def profile_languages(request: HttpRequest) -> HttpResponse:
    profile = profile_for_owner(user=request.user)
    return _section(
        request,
        form_class=LanguagesForm,
        initial=LanguagesForm.initial_for(profile),
        name="languages",
        template="peers/profile_languages.html",
        save=lambda form: profile_languages_set(
            user=request.user, choices=form.cleaned_data["choices"]
        ),
    )


@login_required
def profile_interests(request: HttpRequest) -> HttpResponse:
    profile = profile_for_owner(user=request.user)
    return _section(
        request,
        form_class=InterestsForm,
        initial=InterestsForm.initial_for(profile),
        name="interests",
        template="peers/profile_interests.html",
        save=lambda form: profile_interests_update(
            user=request.user,
            interests=list(form.cleaned_data["interests"]),
            availability=form.availability(),
        ),
    )


@role_required(Role.NEWCOMER)
def profile_newcomer(request: HttpRequest) -> HttpResponse:
    current = NewcomerProfile.objects.filter(user=request.user).first()
    initial = (
        model_to_dict(current, fields=NewcomerForm.base_fields)
        if current
        else {"max_km": 5, "remote_ok": True}
    )
    return _section(
        request,
        form_class=NewcomerForm,
        initial=initial,
        name="newcomer",
        template="peers/profile_newcomer.html",
        save=lambda form: newcomer_profile_update(user=request.user, **form.cleaned_data),
    )


@role_required(Role.SUPPORTER)
def profile_supporter(request: HttpRequest) -> HttpResponse:
    current = SupporterProfile.objects.filter(user=request.user).first()
    initial = (
        model_to_dict(current, fields=SupporterForm.base_fields)
        if current
        else {"capacity": 1, "radius_km": 5, "remote_ok": True}
    )
    return _section(
        request,
        form_class=SupporterForm,
        initial=initial,
        name="supporter",
        template="peers/profile_supporter.html",
        save=lambda form: supporter_profile_update(user=request.user, **form.cleaned_data),
    )


@role_required(Role.SUPPORTER)
def profile_training(request: HttpRequest) -> HttpResponse:
    current = SupporterProfile.objects.filter(user=request.user).first()
    initial = (
        {
            "course": current.training_course,
            "completed_on": current.training_completed_on,
            "dbs_checked_on": current.dbs_checked_on,
            "dbs_expires_on": current.dbs_expires_on,
        }
        if current
        else {}
    )
    return _section(
        request,
        form_class=TrainingForm,
        initial=initial,
        name="training",
        template="peers/profile_training.html",
        save=lambda form: supporter_training_update(
            user=request.user,
            course=form.cleaned_data["course"],
            completed_on=form.cleaned_data["completed_on"],
            dbs_checked_on=form.cleaned_data["dbs_checked_on"],
            dbs_expires_on=form.cleaned_data["dbs_expires_on"],
        ),
        extra={"supporter_profile": current},
    )


@login_required
@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    if purpose not in ConsentPurpose.values or action not in {"grant", "withdraw"}:
        messages.error(request, _("Sorry, we did not understand that choice. Nothing changed."))
        return redirect("peers:profile")
    if action == "grant":
        consent_grant(user=request.user, purpose=ConsentPurpose(purpose))
        messages.success(request, _("Thank you. You can change this at any time."))
    else:
        consent_withdraw(user=request.user, purpose=ConsentPurpose(purpose))
        messages.success(request, _("Done. This stopped straight away."))
    return redirect(f"{reverse('peers:profile')}#consent")
