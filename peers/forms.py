from django import forms
from django.utils.translation import gettext_lazy as _

from peers.roles import Role

ROLE_CHOICES = [
    (Role.NEWCOMER.value, _("I am new here and would like someone to talk to or things to do")),
    (Role.SUPPORTER.value, _("I am a trained peer supporter and would like to help")),
]


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth adds username, email and password)."""

    role = forms.ChoiceField(
        label=_("Why are you joining?"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose why you are joining.")},
    )

    def signup(self, request, user) -> None:
        """Required by allauth; the role is applied by the account adapter."""


class RoleAddForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)
