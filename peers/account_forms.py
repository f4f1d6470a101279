"""allauth's forms, adjusted for people who log in with a username on a phone.

A module of its own: allauth's form modules need the app registry, and peers.forms is imported
while it is being built (allauth reads our SignupForm from it). allauth imports these by name
(ACCOUNT_FORMS, MFA_FORMS) when the first form is needed.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm

# The two-factor code (and recovery codes) are digits: a number pad on phones.
CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code"}


class LoginForm(AllauthLoginForm):
    """Most people log in with a username: the browser should not offer email addresses."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)
