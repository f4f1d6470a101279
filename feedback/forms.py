"""Feedback forms in plain, translatable words (nothing fixed in English at import)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import MAX_TEXT_LENGTH, Feedback, PublishedChange

# The face scale: each point has a face *and* words, never colour or a picture alone. Faces
# from Unicode 6 (2010), which old phones' fonts have (🙁 and 🙂 came later).
FACES = {1: "😞", 2: "😕", 3: "😐", 4: "😊", 5: "😄"}

TOO_LONG = _("Please keep it under %(limit_value)s characters (you wrote %(show_value)s).")


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Is it feedback or a complaint?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Kind.FEEDBACK,
        error_messages={
            "required": _("Please choose feedback or a complaint."),
            "invalid_choice": _("Please choose feedback or a complaint."),
        },
    )
    about = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Feedback.About.choices,
        initial=Feedback.About.GENERAL,
        error_messages={
            "required": _("Please choose what it is about."),
            "invalid_choice": _("Please choose what it is about."),
        },
    )
    score = forms.TypedChoiceField(
        label=_("How was it? (you can skip this)"),
        choices=Feedback.Score.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the five faces.")},
    )
    text = forms.CharField(
        label=_("Tell us more"),
        help_text=_(
            "In your own words and your own language. You do not need to tell us anything about "
            "your asylum case."
        ),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 6}),
        error_messages={"max_length": TOO_LONG},
    )
    anonymous = forms.BooleanField(
        label=_("Send without my name (anonymous)"),
        help_text=_(
            "We will not know who sent it. You get a reference and a secret to read our answer."
        ),
        required=False,
    )
    activity = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # The form page's one-time token: the same form sent twice is stored once.
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, visitor: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if visitor:
            # A visitor's feedback has no account to link to: it is always anonymous.
            del self.fields["anonymous"]

    def faces(self) -> list[tuple]:
        """Each radio button with its face, for the template."""
        return [(radio, FACES.get(int(radio.data["value"]), "")) for radio in self["score"]]


# Codes copied by hand: left to right on any page, and not remembered by the browser (the
# page says nothing of this is kept on the phone or computer; library computers are shared).
CODE_INPUT = {
    "dir": "ltr",
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
}


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("For example CG-7K3P9Q"),
        max_length=20,
        widget=forms.TextInput(attrs=CODE_INPUT),
        error_messages={"required": _("Please type the reference.")},
    )
    secret = forms.CharField(
        label=_("Secret"),
        help_text=_("Sixteen letters and numbers, in four groups"),
        max_length=40,
        widget=forms.TextInput(attrs=CODE_INPUT),
        error_messages={"required": _("Please type the secret.")},
    )


class ResolveForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer (the person reads it)"),
        help_text=_("Plain words. Say what you did or will do."),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 6}),
        error_messages={
            "required": _("Please write the answer the person will read."),
            "max_length": TOO_LONG,
        },
    )


class PublishedChangeForm(forms.ModelForm):
    class Meta:
        model = PublishedChange
        fields = ["you_said", "we_did"]
        labels = {"you_said": _("You said"), "we_did": _("We did")}
        help_texts = {
            "you_said": _("In general words: never a name or anything that points at a person."),
        }
        widgets = {
            "you_said": forms.Textarea(attrs={"dir": "auto", "rows": 3}),
            "we_did": forms.Textarea(attrs={"dir": "auto", "rows": 4}),
        }
        error_messages = {
            "you_said": {
                "required": _("Please write what people told us."),
                "max_length": TOO_LONG,
            },
            "we_did": {"required": _("Please write what changed."), "max_length": TOO_LONG},
        }
