"""Forms in plain, translatable words. Each profile section is one short page on a phone."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peers.geo import place_find, place_suggestions
from peers.models import (
    MAX_CAPACITY,
    MAX_TRAVEL_KM,
    AvoidTopic,
    Dialect,
    Gender,
    Help,
    Interest,
    Language,
    LanguageLevel,
)
from peers.reference.availability import DAYS, PARTS
from peers.reference.interests import interest_name
from peers.reference.languages import dialect_name, language_label
from peers.roles import Role
from peers.services.moving import move_date_check
from peers.services.profiles import EARLIEST_TRAINING_DATE, LanguageChoice

ROLE_CHOICES = [
    (Role.NEWCOMER.value, _("I am new here and would like someone to talk to or things to do")),
    (Role.SUPPORTER.value, _("I am a trained peer supporter and would like to help")),
]
LANGUAGE_ROWS = 4
NAME_PUNCTUATION = set(" '’-.")
NO_PREFERENCE = [("", _("No preference"))]


def _interpolate(message, params: dict) -> str:
    return str(message) % params


_lazy_interpolate = lazy(_interpolate, str)


def lazy_interpolate(message, **params):
    """`message % params`, translated when shown, not when the module is imported: a form
    built at import time must still speak the language of each request."""
    return _lazy_interpolate(message, params)


def has_control_characters(text: str, *, allow_newlines: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(
        unicodedata.category(ch) in {"Cc", "Cf"} and ch not in allowed and ch != "\u200c"
        for ch in text
    )


def validate_display_name(value: str) -> None:
    """Letters of any alphabet, spaces, apostrophes, hyphens and full stops."""
    if re.search(r"[<>&\"]", value):
        raise ValidationError(_('Please do not use <, >, & or " in your name.'))
    if has_control_characters(value):
        raise ValidationError(_("Your name contains a hidden character. Please type it again."))
    if not value.strip():
        raise ValidationError(_("Please tell us a name to show."))
    for ch in value:
        if ch in NAME_PUNCTUATION or unicodedata.category(ch)[0] in {"L", "M"}:
            continue
        raise ValidationError(
            _("Please use only letters, spaces, apostrophes, hyphens and full stops.")
        )


def validate_plain_text(value: str) -> None:
    if has_control_characters(value, allow_newlines=True):
        raise ValidationError(_("This text contains a hidden character. Please type it again."))


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


class AboutForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your first name, or the name you like to be called"),
        help_text=_("Not your full legal name. This is the name others may see."),
        max_length=40,
        validators=[validate_display_name],
        # People's own words keep their own direction (dir="auto" on every free-text field).
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"max_length": _("Please use at most 40 letters.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender (you do not have to say)"),
        choices=[("", _("I prefer not to say")), *Gender.choices],
        required=False,
    )


class PlaceForm(forms.Form):
    place = forms.CharField(
        label=_("Your town or city, or the first half of your postcode"),
        help_text=_("For example: Middlesbrough, or TS1. Never your street or house number."),
        max_length=100,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions: list[str] = []  # "Did you mean …?" names, each a one-tap answer

    def clean_place(self):
        text = self.cleaned_data["place"]
        if has_control_characters(text) or re.search(r"[<>]", text):
            raise ValidationError(_("Please type just the name of your town."))
        place = place_find(text)
        if place is None:
            self.suggestions = place_suggestions(text)
            if len(self.suggestions) == 1:
                message = _("We could not find “%(place)s”. Did you mean %(suggestion)s?")
            elif self.suggestions:
                message = _("We could not find “%(place)s”. Did you mean one of these?")
            else:
                message = _(
                    "We could not find “%(place)s”. Try the nearest town or city, or the first "
                    "half of your postcode (for example TS1)."
                )
            suggestion = self.suggestions[0] if self.suggestions else ""
            raise ValidationError(message % {"place": text, "suggestion": suggestion})
        return place


class MoveForm(PlaceForm):
    """ "I have been moved": the new town (found the way the profile's place page finds it,
    with "Did you mean …?"), the date, and two choices that are off unless ticked."""

    place = forms.CharField(
        label=_("Your new town or city, or the first half of your new postcode"),
        help_text=_("For example: Stoke-on-Trent, or ST4. Never your street or house number."),
        max_length=100,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    moved_on = forms.DateField(
        label=_("The date you moved (or will move)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please give the date you moved."),
            "invalid": _("Please give the date as day, month and year."),
        },
    )
    wants_local_supporter = forms.BooleanField(
        label=_("I would like a peer supporter near my new town as well"),
        required=False,
    )
    share_name = forms.BooleanField(
        label=_("Let the coordinators of my new area see my name"),
        help_text=_("If you leave this off, they only see that someone has arrived."),
        required=False,
    )

    def clean_moved_on(self):
        moved_on = self.cleaned_data["moved_on"]
        move_date_check(moved_on)
        return moved_on


class LanguagesForm(forms.Form):
    """Up to four languages; one or two are first languages, with an optional dialect."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        languages = list(Language.objects.all())
        self.languages_by_code = {language.code: language for language in languages}
        ui_language = get_language() or "en"
        language_choices = [
            ("", _("Choose a language")),
            *[
                (lang.code, language_label(lang.code, lang.autonym, lang.english_name, ui_language))
                for lang in languages
            ],
        ]
        dialect_choices: list = [("", _("No particular dialect"))]
        by_language: dict[str, list] = {}
        for dialect in Dialect.objects.select_related("language"):
            by_language.setdefault(dialect.language_id, []).append(
                (
                    f"{dialect.language_id}:{dialect.token}",
                    dialect_name(dialect.language_id, dialect.token),
                )
            )
        for language in languages:
            if language.code in by_language:
                dialect_choices.append((language.autonym, by_language[language.code]))
        for row in range(LANGUAGE_ROWS):
            self.fields[f"language_{row}"] = forms.ChoiceField(
                label=_("Language"), choices=language_choices, required=False
            )
            self.fields[f"dialect_{row}"] = forms.ChoiceField(
                label=_("Dialect"), choices=dialect_choices, required=False
            )
            self.fields[f"first_{row}"] = forms.BooleanField(
                label=_("This is one of my first languages"), required=False
            )
            self.fields[f"level_{row}"] = forms.ChoiceField(
                label=_("If not, how well do you speak it?"),
                choices=[("", "—"), *LanguageLevel.choices],
                required=False,
            )
        self.fields["first_0"].initial = True

    def rows(self) -> list[dict]:
        return [
            {
                "number": row + 1,
                "language": self[f"language_{row}"],
                "dialect": self[f"dialect_{row}"],
                "first": self[f"first_{row}"],
                "level": self[f"level_{row}"],
            }
            for row in range(LANGUAGE_ROWS)
        ]

    def clean(self):
        cleaned = super().clean()
        choices: list[LanguageChoice] = []
        for row in range(LANGUAGE_ROWS):
            code = cleaned.get(f"language_{row}")
            dialect = cleaned.get(f"dialect_{row}") or ""
            if not code:
                if dialect or cleaned.get(f"first_{row}"):
                    self.add_error(f"language_{row}", _("Please choose the language too."))
                continue
            dialect_code, _sep, token = dialect.partition(":")
            if dialect and dialect_code != code:
                self.add_error(f"dialect_{row}", _("That dialect belongs to another language."))
                continue
            choices.append(
                LanguageChoice(
                    language=self.languages_by_code[code],
                    dialect=token,
                    is_first=bool(cleaned.get(f"first_{row}")),
                    level=cleaned.get(f"level_{row}") or "",
                )
            )
        first = [choice for choice in choices if choice.is_first]
        if not self.errors:
            if not first:
                raise ValidationError(_("Tick at least one first language."))
            if len(first) > 2:
                raise ValidationError(_("Choose at most two first languages."))
            codes = [choice.language.code for choice in choices]
            if len(codes) != len(set(codes)):
                raise ValidationError(_("Each language can only be chosen once."))
        cleaned["choices"] = choices
        return cleaned

    @classmethod
    def initial_for(cls, profile) -> dict:
        initial: dict = {}
        if profile is None:
            return initial
        for row, person_language in enumerate(profile.languages.all()[:LANGUAGE_ROWS]):
            initial[f"language_{row}"] = person_language.language_id
            if person_language.dialect:
                initial[f"dialect_{row}"] = (
                    f"{person_language.language_id}:{person_language.dialect}"
                )
            initial[f"first_{row}"] = person_language.is_first
            initial[f"level_{row}"] = person_language.level
        return initial


class InterestsForm(forms.Form):
    interests = forms.ModelMultipleChoiceField(
        label=_("What do you enjoy?"),
        queryset=Interest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interests"].label_from_instance = lambda interest: interest_name(interest.slug)
        for day, day_name in DAYS:
            self.fields[f"free_{day}"] = forms.MultipleChoiceField(
                label=day_name,
                choices=[(f"{day}-{part}", part_name) for part, part_name in PARTS],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={
                    "invalid_choice": _(
                        "One of those times is not one we know. Please choose from the times shown."
                    ),
                },
            )

    def day_fields(self) -> list:
        return [self[f"free_{day}"] for day, _name in DAYS]

    def availability(self) -> list[str]:
        return [slot for day, _name in DAYS for slot in self.cleaned_data.get(f"free_{day}", [])]

    @classmethod
    def initial_for(cls, profile) -> dict:
        if profile is None:
            return {}
        initial: dict = {"interests": list(profile.interests.all())}
        for day, _name in DAYS:
            initial[f"free_{day}"] = [
                slot for slot in profile.availability if slot.startswith(f"{day}-")
            ]
        return initial


def _km_field(label) -> forms.IntegerField:
    message = lazy_interpolate(
        _("Please choose a distance between 0 and %(max)s km."), max=MAX_TRAVEL_KM
    )
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_TRAVEL_KM,
        help_text=_("3 km is about 40 minutes' walk."),
        error_messages={
            "min_value": message,
            "max_value": message,
            "invalid": message,
            "required": message,
        },
    )


class NewcomerForm(forms.Form):
    max_km = _km_field(_("How far can you travel to meet someone? (km)"))
    remote_ok = forms.BooleanField(
        label=_("I am happy to talk by chat or phone too"), required=False
    )
    wants_gender = forms.ChoiceField(
        label=_("Would you prefer your supporter to be…"),
        choices=[*NO_PREFERENCE, (Gender.FEMALE, _("A woman")), (Gender.MALE, _("A man"))],
        required=False,
    )
    helps = forms.MultipleChoiceField(
        label=_("What would help you?"),
        choices=Help.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    about_me = forms.CharField(
        label=_("About me (private)"),
        help_text=_(
            "Only you can see this. Later you can choose to share it with your supporter, so "
            "you do not have to tell your story again. Never write about your asylum case."
        ),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 4}),
        max_length=1000,
        required=False,
        validators=[validate_plain_text],
    )
    avoid_topics = forms.MultipleChoiceField(
        label=_("Topics you would rather not talk about"),
        choices=AvoidTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Please choose from the topics shown."),
        },
    )
    avoid_topics_other = forms.CharField(
        label=_("Anything else you would rather not talk about (optional)"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
        error_messages={"max_length": _("Please use at most 300 letters.")},
    )


class SupporterForm(forms.Form):
    bio = forms.CharField(
        label=_("A few words about you"),
        help_text=_("People you are matched with will see this."),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
        max_length=600,
        validators=[validate_plain_text],
    )
    capacity = forms.IntegerField(
        label=_("How many people can you support at the same time?"),
        min_value=1,
        max_value=MAX_CAPACITY,
        error_messages={
            key: lazy_interpolate(
                _("You can support between 1 and %(max)s people at once."), max=MAX_CAPACITY
            )
            for key in ("min_value", "max_value", "invalid", "required")
        },
    )
    radius_km = _km_field(_("How far can you travel to meet someone? (km)"))
    remote_ok = forms.BooleanField(
        label=_("I am happy to support people by chat or phone"), required=False
    )
    wants_gender = forms.ChoiceField(
        label=_("Would you prefer to support…"),
        choices=[*NO_PREFERENCE, (Gender.FEMALE, _("Women")), (Gender.MALE, _("Men"))],
        required=False,
    )


class TrainingForm(forms.Form):
    course = forms.CharField(
        label=_("Peer support training you completed"),
        help_text=_("The course name and who ran it."),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        validators=[validate_plain_text],
    )
    completed_on = forms.DateField(
        label=_("Date you finished it"), widget=forms.DateInput(attrs={"type": "date"})
    )
    dbs_checked_on = forms.DateField(
        label=_("DBS check date (if you have one)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    dbs_expires_on = forms.DateField(
        label=_("DBS check expiry (if it has one)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("completed_on", "dbs_checked_on"):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("This date cannot be in the future."))
            elif cleaned.get(name) and cleaned[name] < EARLIEST_TRAINING_DATE:
                self.add_error(
                    name, _("Please check this date: it cannot be in the future or before 1950.")
                )
        checked, expires = cleaned.get("dbs_checked_on"), cleaned.get("dbs_expires_on")
        if expires and not checked:
            self.add_error("dbs_checked_on", _("Please give the date of the check too."))
        if checked and expires and expires <= checked:
            self.add_error("dbs_expires_on", _("The expiry must be after the check date."))
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", "verify"), ("reject", "reject")])
    note = forms.CharField(
        label=_("Note (the person sees this if you refuse)"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        required=False,
        max_length=1000,
        validators=[validate_plain_text],
    )


class PairingEndForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (optional, private: only coordinators can read it)"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        max_length=1000,
        required=False,
        validators=[validate_plain_text],
    )


class SuggestionPickForm(forms.Form):
    """A coordinator picks one of the ranked suggestions for a waiting person (never a typed
    username: only someone the matcher allows can be picked) and says why."""

    supporter = forms.TypedChoiceField(
        label=_("Supporter"), coerce=int, widget=forms.RadioSelect, choices=()
    )
    note = forms.CharField(
        label=_("Why this supporter? (kept with the suggestion)"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        max_length=1000,
        validators=[validate_plain_text],
    )

    def __init__(self, *args, suggestions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions = {s.supporter_id: s for s in suggestions}
        self.fields["supporter"].choices = [
            (s.supporter_id, s.display_name or s.username) for s in suggestions
        ]
        self.fields["supporter"].error_messages["invalid_choice"] = _(
            "Please pick one of the suggested supporters: the one you chose is no longer "
            "suggested (they may have no free place now)."
        )

    def chosen(self):
        return self.suggestions[self.cleaned_data["supporter"]]
