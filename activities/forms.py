"""Organisers' and coordinators' forms, in plain translatable words."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Organisation
from activities.schedule import LONDON
from activities.services.activities import SCALARS, ActivityFields
from peers.forms import has_control_characters, validate_plain_text
from peers.geo import place_find, place_suggestions
from peers.models import Interest, Language
from peers.reference.availability import DAYS
from peers.reference.interests import interest_name
from peers.reference.languages import language_label

MAX_TOWNS = 10
DATE_ROWS = 6
MAX_COST_POUNDS = Decimal(1000)
FLAGS = (
    "travel_reimbursed",
    "food_provided",
    "childcare",
    "women_only",
    "family_friendly",
    "step_free",
    "prayer_space",
    "no_need_to_talk",
)


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"dir": "auto", **attrs})


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"dir": "auto", "rows": rows})


def _place_or_error(text: str):
    """The town a person means, or a ValidationError saying what we could not find."""
    if has_control_characters(text) or re.search(r"[<>]", text):
        raise ValidationError(_("Please type just the name of the town."))
    place = place_find(text)
    if place is not None:
        return place
    suggestions = place_suggestions(text)
    if suggestions:
        raise ValidationError(
            _("We could not find “%(place)s”. Did you mean %(suggestion)s?")
            % {"place": text, "suggestion": suggestions[0]}
        )
    raise ValidationError(
        _(
            "We could not find “%(place)s”. Try the nearest town or city, or the first half of "
            "the postcode (for example TS1)."
        )
        % {"place": text}
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of your group"),
        max_length=120,
        widget=_text(),
        validators=[validate_plain_text],
    )
    kind = forms.ChoiceField(
        label=_("What kind of group is it?"), choices=Organisation.Kind.choices
    )
    description = forms.CharField(
        label=_("What does your group do?"),
        help_text=_(
            "A few plain sentences. Newcomers will read this once a coordinator has checked "
            "your group."
        ),
        max_length=1000,
        widget=_area(),
        validators=[validate_plain_text],
    )
    public_contact = forms.CharField(
        label=_("How can newcomers reach you?"),
        help_text=_("Shown to everyone: a phone number, an email or a place and time to come."),
        max_length=200,
        widget=_text(),
        validators=[validate_plain_text],
    )
    towns = forms.CharField(
        label=_("Towns you work in"),
        help_text=_(
            "Town names or the first half of postcodes, separated by commas. For example: "
            "Middlesbrough, Stockton-on-Tees, TS1."
        ),
        max_length=500,
        widget=_text(),
    )

    def clean_towns(self):
        names = [name.strip() for name in self.cleaned_data["towns"].split(",") if name.strip()]
        if not names:
            raise ValidationError(_("Please name at least one town your group works in."))
        if len(names) > MAX_TOWNS:
            raise ValidationError(_("Please name at most %(count)s towns.") % {"count": MAX_TOWNS})
        places, errors = [], []
        for name in names:
            try:
                place = _place_or_error(name)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                if place not in places:
                    places.append(place)
        if errors:
            raise ValidationError(errors)
        return places

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "description": organisation.description,
            "public_contact": organisation.public_contact,
            "towns": ", ".join(town.name for town in organisation.towns.all()),
        }


class OrganiserAddForm(forms.Form):
    username = forms.CharField(
        label=_("Their username on Common Ground"),
        help_text=_(
            "They need an account first. They will be told that they can manage your group."
        ),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "none"}),
    )


class OrganisationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", "verify"), ("refuse", "refuse")])
    note = forms.CharField(
        label=_("Reason (the organisers see this if you refuse)"),
        widget=_area(rows=2),
        required=False,
        max_length=1000,
        validators=[validate_plain_text],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Please give a reason: the organisers will see it."))
        return cleaned


# Fields the form hands over converted rather than as they are.
CONVERTED = {"weekdays", "cost_pence"}


class ActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("For example: Saturday football, women's cooking group."),
        max_length=120,
        widget=_text(),
        validators=[validate_plain_text],
    )
    description = forms.CharField(
        label=_("What happens?"),
        help_text=_("What people do, what to bring, who it is for."),
        max_length=1500,
        widget=_area(),
        validators=[validate_plain_text],
    )
    online = forms.BooleanField(label=_("It happens online"), required=False)
    place = forms.CharField(
        label=_("Town or postcode district"),
        help_text=_("For example: Middlesbrough, or TS1. Leave empty only if it happens online."),
        max_length=100,
        required=False,
        widget=_text(),
    )
    meeting_point = forms.CharField(
        label=_("Where to meet"),
        help_text=_(
            "A public place, e.g. “Albert Park, by the café”. Never a private address: "
            "everyone can read this."
        ),
        max_length=200,
        required=False,
        widget=_text(),
        validators=[validate_plain_text],
    )
    schedule = forms.ChoiceField(
        label=_("When does it happen?"),
        choices=Activity.Schedule.choices,
        widget=forms.RadioSelect,
        initial=Activity.Schedule.WEEKLY,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week (if it is every week)"),
        choices=[(number, name) for number, (_code, name) in enumerate(DAYS)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_at = forms.TimeField(
        label=_("Starts at"),
        help_text=_("UK time, for example 14:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the start time."),
            "invalid": _("Please give a time like 14:00."),
        },
    )
    ends_at = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the end time."),
            "invalid": _("Please give a time like 16:00."),
        },
    )
    cost = forms.DecimalField(
        label=_("Cost in £ for each time"),
        help_text=_("Leave empty or put 0 if it is free."),
        min_value=0,
        max_value=MAX_COST_POUNDS,
        decimal_places=2,
        required=False,
        error_messages={
            "min_value": _("The cost cannot be less than nothing."),
            "max_value": _("Please give a cost of at most £1000."),
            "invalid": _("Please give the cost as a number of pounds, like 2.50."),
            "max_decimal_places": _("Please give the cost in pounds and pence, like 2.50."),
        },
    )
    travel_reimbursed = forms.BooleanField(label=_("Travel costs paid back"), required=False)
    food_provided = forms.BooleanField(label=_("Food provided"), required=False)
    childcare = forms.BooleanField(label=_("Childcare"), required=False)
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    family_friendly = forms.BooleanField(label=_("Families welcome"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    prayer_space = forms.BooleanField(label=_("Prayer space"), required=False)
    no_need_to_talk = forms.BooleanField(
        label=_("No need to talk about problems: it is social, not therapy"), required=False
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("What is it about?"),
        queryset=Interest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages spoken there"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("How many places?"),
        help_text=_(
            "Leave empty when there is no limit. When it is full, people can join a waiting list."
        ),
        min_value=1,
        max_value=10_000,
        required=False,
        error_messages={
            "min_value": _("Please give at least 1 place, or leave it empty for no limit.")
        },
    )
    status = forms.ChoiceField(
        label=_("Is it running?"),
        choices=Activity.Status.choices,
        initial=Activity.Status.ACTIVE,
        help_text=_("Paused and ended activities are not shown to newcomers."),
    )
    chat_enabled = forms.BooleanField(
        label=_("Open a group chat for the organisers and the people who joined"),
        help_text=_("Messages are moderated, like every chat on Common Ground."),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interests"].label_from_instance = lambda item: interest_name(item.slug)
        ui_language = get_language() or "en"
        self.fields["languages"].label_from_instance = lambda lang: language_label(
            lang.code, lang.autonym, lang.english_name, ui_language
        )
        for row in range(DATE_ROWS):
            self.fields[f"date_{row}"] = forms.DateField(
                label=_("Date %(number)s") % {"number": row + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": _("Please give a date like 2026-03-14.")},
            )

    def flag_fields(self) -> list:
        return [self[name] for name in FLAGS]

    def date_fields(self) -> list:
        return [self[f"date_{row}"] for row in range(DATE_ROWS)]

    def clean_place(self):
        text = self.cleaned_data["place"].strip()
        return _place_or_error(text) if text else None

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time."))
        schedule = cleaned.get("schedule")
        if schedule == Activity.Schedule.WEEKLY and not cleaned.get("weekdays"):
            self.add_error("weekdays", _("Please choose at least one day of the week."))
        dates = [cleaned[f"date_{row}"] for row in range(DATE_ROWS) if cleaned.get(f"date_{row}")]
        if schedule == Activity.Schedule.DATES:
            today = timezone.now().astimezone(LONDON).date()
            for row in range(DATE_ROWS):
                day = cleaned.get(f"date_{row}")
                if day and day < today:
                    self.add_error(f"date_{row}", _("Please give a date from today on."))
        if schedule == Activity.Schedule.DATES and not dates and "date_0" not in self.errors:
            self.add_error("date_0", _("Please give at least one date."))
        if not cleaned.get("online") and "place" not in self.errors and not cleaned.get("place"):
            self.add_error("place", _("Please give the town where it happens, or tick “online”."))
        cleaned["dates"] = dates
        return cleaned

    def fields_for_service(self) -> ActivityFields:
        data = self.cleaned_data
        cost = data.get("cost") or Decimal(0)
        # The model's plain fields come straight from the form (one list: services.SCALARS);
        # the rest need converting.
        plain = {name: data[name] for name in SCALARS if name not in CONVERTED}
        return ActivityFields(
            **plain,
            weekdays=list(data["weekdays"]),
            cost_pence=int(cost * 100),
            interests=list(data["interests"]),
            languages=list(data["languages"]),
            dates=data["dates"],
        )

    @classmethod
    def initial_for(cls, activity: Activity, *, upcoming_dates: list) -> dict:
        initial = {
            name: getattr(activity, name) for name in SCALARS if name not in {"place", "cost_pence"}
        }
        initial["place"] = activity.place.name if activity.place else ""
        initial["cost"] = Decimal(activity.cost_pence) / 100 if activity.cost_pence else None
        initial["interests"] = list(activity.interests.all())
        initial["languages"] = list(activity.languages.all())
        for row, day in enumerate(upcoming_dates[:DATE_ROWS]):
            initial[f"date_{row}"] = day
        return initial


class CancelForm(forms.Form):
    day = forms.TypedChoiceField(
        label=_("Which session?"),
        coerce=date.fromisoformat,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the session that will not happen."),
            "invalid_choice": _(
                "Please choose one of the coming sessions that is not cancelled yet."
            ),
        },
    )
    note = forms.CharField(
        label=_("A short note for the people coming (optional)"),
        help_text=_("For example: “The pitch is frozen. See you next week!”"),
        max_length=300,
        required=False,
        widget=_area(rows=2),
        validators=[validate_plain_text],
    )

    def __init__(self, *args, sessions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [
            (session.day.isoformat(), session_label(session)) for session in sessions
        ]


def session_label(session) -> str:
    """ "Saturday 14 Mar, 14:00" in the reader's language (built per request)."""
    return _("%(weekday)s %(when)s") % {
        "weekday": date_format(session.starts, "l"),
        "when": date_format(session.starts, "DAY_MONTH_TIME_FORMAT"),
    }
