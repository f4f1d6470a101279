"""Chat forms in plain, translatable words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chat.models import MAX_MESSAGE_LENGTH, ReportReason
from chat.services.moderation import MAX_SUSPENSION_DAYS


class MessageForm(forms.Form):
    # Length and emptiness are checked by the service, with the websocket's exact rules.
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        strip=False,
        required=False,
    )
    client_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
        max_length=1000,
        required=False,
    )


class CaseNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        max_length=2000,
        required=False,
    )


class WarnForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What the person will read"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        max_length=1000,
    )


class SuspendForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    days = forms.IntegerField(
        label=_("For how many days"), min_value=1, max_value=MAX_SUSPENSION_DAYS, initial=7
    )
    reason = forms.CharField(
        label=_("Reason (the person will read it)"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        max_length=1000,
        required=False,
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply as the Common Ground team"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        max_length=MAX_MESSAGE_LENGTH,
    )
