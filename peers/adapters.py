"""How allauth is customised for Common Ground: through its adapter, not signals."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from peers.forms import lazy_interpolate
from peers.roles import Role
from peers.services import user_role_apply
from peers.services.notifications import user_language_set

ALLAUTH_EMAIL_STAGE = "allauth.account.stages.EmailVerificationStage"
OUR_EMAIL_STAGE = "peers.stages.EmailVerificationWhenGivenStage"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Say when, and that it is this account only (the limit is per account).
        "too_many_login_attempts": lazy_interpolate(
            _(
                "Too many wrong passwords for this account. Please try again in %(minutes)s "
                "minutes, or reset your password."
            ),
            minutes=settings.LOGIN_LOCK_MINUTES,
        ),
    }

    def get_login_stages(self) -> list[str]:
        return [
            OUR_EMAIL_STAGE if stage == ALLAUTH_EMAIL_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=False)
        user_role_apply(user=user, role=Role(form.cleaned_data["role"]))
        if commit:
            user.save()
        return user

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        # What we send them later (notices, emails, crisis help) speaks the language they use.
        user_language_set(user=user, language=translation.get_language() or "")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("peers:dashboard")
