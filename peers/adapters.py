"""How allauth is customised for Common Ground: through its adapter, not signals."""

import html

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from peers.forms import lazy_interpolate
from peers.roles import Role
from peers.services import user_role_apply
from peers.services.notifications import user_language_set

ALLAUTH_EMAIL_STAGE = "allauth.account.stages.EmailVerificationStage"
OUR_EMAIL_STAGE = "peers.stages.EmailVerificationWhenGivenStage"
# Left-to-right/right-to-left embeddings and overrides, and their end mark.
EMBEDDING_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e"))


def strip_embedding_marks(text: str) -> str:
    """allauth's Arabic catalog puts invisible left-to-right embeddings around some full stops
    and colons, which then sit on the wrong side of a right-to-left sentence."""
    return text.translate(EMBEDDING_MARKS)


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

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message is None and message_template:
            try:
                text = render_to_string(message_template, message_context or {}, request)
            except TemplateDoesNotExist:
                return
            message = html.unescape(text.strip())
            if not message:
                return
        if message is not None:
            message = strip_embedding_marks(str(message))
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def format_email_subject(self, subject: str) -> str:
        return strip_embedding_marks(super().format_email_subject(subject))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # One more step first: recovery codes, the way back in without an email address.
        return reverse("peers:recovery-codes") + "?after=signup"
