"""allauth's forms, adjusted for people who log in with a username on a phone, and the forms for
getting back into an account without an email address.

A module of its own: allauth's form modules need the app registry, and peers.forms is imported
while it is being built (allauth reads our SignupForm from it). allauth imports these by name
(ACCOUNT_FORMS, MFA_FORMS) when the first form is needed.
"""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import PasswordField, PasswordVerificationMixin, SetPasswordField
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peers.adapters import strip_embedding_marks
from peers.forms import lazy_interpolate

# The two-factor code (and recovery codes) are digits: a number pad on phones.
CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code"}
RESET_LINK_NOTE_MAX = 300


def errors_without_embedding_marks(errors) -> None:
    errors.data = [
        ValidationError(strip_embedding_marks(message), code=error.code)
        for error in errors.as_data()
        for message in error.messages
    ]


class EmbeddingMarksRemovedMixin:
    """allauth's Arabic catalog wraps some full stops in invisible left-to-right embedding marks
    (U+202A … U+202C), which move the punctuation in a right-to-left page; its error messages
    reach the page without them."""

    def full_clean(self) -> None:
        super().full_clean()
        for errors in self._errors.values():
            errors_without_embedding_marks(errors)


class LoginForm(EmbeddingMarksRemovedMixin, AllauthLoginForm):
    """Most people log in with a username: the browser should not offer email addresses."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        # The page offers both ways back in (email, recovery code) together below the form;
        # allauth's own "Forgot your password?" under the field would say the first twice.
        self.fields["password"].help_text = ""


class SignupForm(EmbeddingMarksRemovedMixin, AllauthSignupForm):
    """The username's limits are said beside the field, instead of a pasted long name being cut
    silently at the field's maximum length."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields.get("username")
        if username is not None:
            username.help_text = lazy_interpolate(
                _("%(min)s to %(max)s characters: letters, digits and @ . + - _ only, no spaces."),
                min=settings.ACCOUNT_USERNAME_MIN_LENGTH,
                max=username.max_length,
            )


class ResetPasswordForm(EmbeddingMarksRemovedMixin, AllauthResetPasswordForm):
    """Only for people who gave an email address. A username typed here gets a message that
    points to the ways without email, not the browser's own "enter an email" bubble."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        # A text field (no browser check in the browser's language) with the email keyboard.
        email.widget = forms.TextInput(
            attrs={**email.widget.attrs, "inputmode": "email", "autocomplete": "email"}
        )
        email.widget.attrs.pop("type", None)
        email.error_messages["invalid"] = _(
            "This is not an email address. If you log in with a username only, use one of "
            "your recovery codes or ask the team: both are explained below."
        )


class ChangePasswordForm(EmbeddingMarksRemovedMixin, AllauthChangePasswordForm):
    pass


class SetPasswordForm(EmbeddingMarksRemovedMixin, AllauthSetPasswordForm):
    pass


class ResetPasswordKeyForm(EmbeddingMarksRemovedMixin, AllauthResetPasswordKeyForm):
    pass


class AddEmailForm(EmbeddingMarksRemovedMixin, AllauthAddEmailForm):
    pass


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


# --- Getting back in without email (peers/views/recovery.py) --------------------------------


class NewPasswordForm(EmbeddingMarksRemovedMixin, PasswordVerificationMixin, forms.Form):
    """A new password, twice, checked by the site's password rules (for this person when known)."""

    password1 = SetPasswordField(label=_("New Password"))
    password2 = PasswordField(label=_("New Password (again)"), autocomplete="new-password")

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].user = user

    def password_error(self, error: ValidationError) -> None:
        """The service's verdict on the password, shown on the field."""
        self.add_error("password1", error)
        errors_without_embedding_marks(self._errors["password1"])


class PasswordRecoverForm(NewPasswordForm):
    username = forms.CharField(
        label=_("Your username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("One of your recovery codes"),
        help_text=_("12 digits. Spaces do not matter. Each code works only once."),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    field_order = ["username", "code", "password1", "password2"]


class ResetLinkCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Their username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    identity_checked = forms.BooleanField(
        label=_("I have checked that this person is who they say they are."),
        error_messages={"required": _("Please confirm that you have checked who the person is.")},
    )
    note = forms.CharField(
        label=_("How did you check? (kept in the record)"),
        help_text=_(
            "For example: met at the drop-in and she knew her peer supporter's name. Never write "
            "immigration or health details."
        ),
        max_length=RESET_LINK_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
