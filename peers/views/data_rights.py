"""A person's own data: download everything held about them, or delete their account.

No id in any of these URLs: each acts on the logged-in person only, whatever their roles (a
coordinator downloads their own data here, never anybody else's)."""

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from peers.models import User
from peers.selectors.data_export import account_delete_preview, data_export_for
from peers.services.data_rights import (
    DELETE_CONFIRM_LOCK_MINUTES,
    account_delete,
    account_delete_attempt_allowed,
    data_export_record,
)

EXPORT_FILENAME = "common-ground-my-data"
# The downloaded page carries its own small stylesheet (it is read offline, from a file),
# allowed by a nonce; everything else about the site's policy stays.
EXPORT_PAGE_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.NONCE],
    "img-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}-{day}.{extension}"'
    return response


@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    """The page with the two downloads, saying what they contain."""
    return render(request, "peers/data_export.html")


@login_required
@require_GET
def data_export_json(request: HttpRequest) -> HttpResponse:
    data = data_export_for(user=request.user)
    data_export_record(user=request.user, kind="json")
    body = json.dumps(
        {"generated_at": timezone.now(), **data},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    return _attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), "json")


@login_required
@require_GET
@csp_override(EXPORT_PAGE_CSP)
def data_export_html(request: HttpRequest) -> HttpResponse:
    """The same, as a page to read and print, in the language the person reads the site in."""
    data = data_export_for(user=request.user)
    data_export_record(user=request.user, kind="html")
    response = render(
        request, "peers/data_export_file.html", {"data": data, "generated_at": timezone.now()}
    )
    return _attachment(response, "html")


class AccountDeleteForm(forms.Form):
    """Proof that the person at the keyboard owns the account: their password when they have
    one, else their username (accounts made without a usable password)."""

    confirm = forms.CharField(max_length=200, strip=False)

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.by_password = user.has_usable_password()
        field = self.fields["confirm"]
        if self.by_password:
            field.label = _("Type your password to confirm")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Type your username to confirm")
            field.widget.attrs.update({"autocomplete": "off", "dir": "auto"})

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"]
        if self.by_password:
            if not account_delete_attempt_allowed(request=self.request, user=self.user):
                raise forms.ValidationError(
                    gettext("Too many tries. Please wait %(minutes)s minutes and try again.")
                    % {"minutes": DELETE_CONFIRM_LOCK_MINUTES}
                )
            if not self.user.check_password(typed):
                raise forms.ValidationError(_("That is not your password. Nothing was deleted."))
        elif typed.strip() != self.user.get_username():
            raise forms.ValidationError(_("That is not your username. Nothing was deleted."))
        return typed


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    """GET explains what goes and what stays; a POST with the password (or username) deletes
    the account, logs out and says goodbye."""
    form = AccountDeleteForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user)
        except User.DoesNotExist:
            pass  # deleted a moment ago by the same form sent twice: the same goodbye
        logout(request)
        return redirect("peers:account-delete-done")
    return render(
        request,
        "peers/account_delete.html",
        {"form": form, "preview": account_delete_preview(user=request.user)},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def account_delete_done(request: HttpRequest) -> HttpResponse:
    return render(request, "peers/account_delete_done.html")
