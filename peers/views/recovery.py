"""Getting back into an account without an email address: recovery codes (made by the person,
used on a public page) and one-time links a coordinator makes after checking who someone is."""

import time
from datetime import datetime

from allauth.account import app_settings as account_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peers.account_forms import NewPasswordForm, PasswordRecoverForm, ResetLinkCreateForm
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors.recovery import (
    LinkUnusable,
    email_address_for_owner,
    password_reset_link_get,
    password_reset_links_for_coordinator,
    recovery_code_summary_for_user,
)
from peers.services.recovery import (
    RecoveryFailed,
    ResetLinkRefused,
    password_recover_with_code,
    password_reset_link_create,
    password_reset_link_use,
    recovery_attempt_allowed,
    recovery_codes_create,
)

# The link a coordinator has just made waits here until the page that shows it once.
CREATED_LINK_SESSION_KEY = "peers_reset_link_created"


def _not_signed_in_recently(request: HttpRequest) -> bool:
    """True unless the person typed their password (logged in, signed up or confirmed it) in
    this session within allauth's reauthentication timeout: a phone or library computer left
    logged in must not let someone else make codes that open the account later."""
    timeout = account_settings.REAUTHENTICATION_TIMEOUT
    if (timezone.now() - request.user.date_joined).total_seconds() < timeout:
        return False  # the step straight after signup (allauth records no login for it)
    records = get_authentication_records(request, request.user)
    return not any(time.time() - record.get("at", 0) < timeout for record in records)


@never_cache
@login_required
@reauthentication_required(allow_get=True, enabled=_not_signed_in_recently)
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET explains (and, with codes already made, asks before replacing them); POST makes a
    new set and shows it once, on a page made to be printed or copied by hand."""
    after_signup = request.GET.get("after") == "signup"
    if request.method == "POST":
        codes = recovery_codes_create(user=request.user)
        recover_url = request.build_absolute_uri(reverse("peers:password-recover"))
        return render(
            request,
            "peers/recovery_codes_show.html",
            {"codes": codes, "recover_url": recover_url},
        )
    return render(
        request,
        "peers/recovery_codes.html",
        {
            "summary": recovery_code_summary_for_user(user=request.user),
            "after_signup": after_signup,
        },
    )


@login_required
@require_POST
def email_remove(request: HttpRequest) -> HttpResponse:
    """Asks before an email address is removed (allauth's page removes at once); the answer
    goes to allauth's own email page. Nothing changes here."""
    address = email_address_for_owner(user=request.user, email=request.POST.get("email", ""))
    if address is None:
        messages.error(request, _("Please choose one of your email addresses first."))
        return redirect("account_email")
    return render(request, "account/email_remove.html", {"address": address})


def password_recover(request: HttpRequest) -> HttpResponse:
    """Username + one recovery code + a new password. One message for a wrong username or
    code; tries are limited per username and per address."""
    form = PasswordRecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if not recovery_attempt_allowed(request=request, username=username):
            form.add_error(
                None,
                _(
                    "Too many tries. Please wait %(minutes)s minutes and try again, or ask the "
                    "team (see below)."
                )
                % {"minutes": settings.RECOVERY_LOCK_MINUTES},
            )
        else:
            try:
                password_recover_with_code(
                    request=request,
                    username=username,
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                )
            except RecoveryFailed:
                form.add_error(
                    None,
                    _(
                        "That username and recovery code do not match. Check both and try "
                        "again. Nothing has been changed."
                    ),
                )
            except ValidationError as error:
                form.password_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "Your new password is set and that recovery code is now used up. "
                        "Log in with your new password."
                    ),
                )
                return redirect("account_login")
    return render(
        request,
        "peers/password_recover.html",
        {"form": form, "team_contact": settings.TEAM_CONTACT},
    )


@role_required(Role.COORDINATOR)
def reset_link_create(request: HttpRequest) -> HttpResponse:
    """A coordinator makes a one-time link for someone who cannot get in, after checking who
    they are; every link is recorded and listed here."""
    form = ResetLinkCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = password_reset_link_create(
                coordinator=request.user,
                username=form.cleaned_data["username"],
                note=form.cleaned_data["note"],
            )
        except ResetLinkRefused as refused:
            form.add_error(None, str(refused.args[0]))
        else:
            request.session[CREATED_LINK_SESSION_KEY] = {
                "url": request.build_absolute_uri(
                    reverse("peers:reset-link-open", args=[created.token])
                ),
                "username": created.link.user.username,
                "expires_at": created.link.expires_at.isoformat(),
            }
            return redirect("peers:reset-link-created")
    return render(
        request,
        "peers/reset_link_create.html",
        {
            "form": form,
            "links": password_reset_links_for_coordinator(),
            "link_hours": settings.PASSWORD_RESET_LINK_HOURS,
            "now": timezone.now(),
        },
    )


@never_cache
@role_required(Role.COORDINATOR)
def reset_link_created(request: HttpRequest) -> HttpResponse:
    """Shows the new link once: it is taken out of the session as it is shown."""
    created = request.session.pop(CREATED_LINK_SESSION_KEY, None)
    if created is None:
        messages.info(request, _("That link has already been shown. Make a new one if needed."))
        return redirect("peers:reset-link-create")
    created["expires_at"] = datetime.fromisoformat(created["expires_at"])
    return render(request, "peers/reset_link_created.html", {"created": created})


@never_cache
def reset_link_open(request: HttpRequest, token: str) -> HttpResponse:
    """The person sets a new password through a coordinator's link; the link then stops
    working. Someone logged in as another person cannot use it."""
    try:
        link = password_reset_link_get(token=token)
    except LinkUnusable as unusable:
        return _link_unusable(request, unusable)
    if request.user.is_authenticated and request.user.pk != link.user_id:
        return render(request, "peers/reset_link_open.html", {"not_yours": True}, status=403)
    form = NewPasswordForm(request.POST or None, user=link.user)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_link_use(
                request=request, token=token, password=form.cleaned_data["password1"]
            )
        except LinkUnusable as unusable:
            return _link_unusable(request, unusable)
        except ValidationError as error:
            form.password_error(error)
        else:
            messages.success(request, _("Your new password is set. Log in with it now."))
            return redirect("account_login")
    return render(request, "peers/reset_link_open.html", {"form": form, "link": link})


def _link_unusable(request: HttpRequest, unusable: LinkUnusable) -> HttpResponse:
    status = 404 if unusable.reason == LinkUnusable.Reason.INVALID else 410
    return render(
        request, "peers/reset_link_open.html", {"unusable": unusable.reason}, status=status
    )
