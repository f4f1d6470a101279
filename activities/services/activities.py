"""Activities an organiser runs: create, edit, and call off one session (everyone who joined
is told at once)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import (
    Activity,
    ActivityDate,
    Cancellation,
    Organisation,
    Participation,
)
from activities.schedule import LONDON, upcoming_sessions
from peers.models import Consent, ConsentPurpose, Interest, Language, Notification, Place, User
from peers.services.notifications import notifications_create_bulk

# How far ahead an organiser can call off a session.
CANCEL_AHEAD_DAYS = 56


@dataclass
class ActivityFields:
    """What an organiser says about an activity (the form's cleaned answers)."""

    title: str
    description: str
    place: Place | None
    meeting_point: str
    online: bool
    schedule: str
    weekdays: list[int]
    starts_at: time | None
    ends_at: time | None
    cost_pence: int = 0
    travel_reimbursed: bool = False
    food_provided: bool = False
    childcare: bool = False
    women_only: bool = False
    family_friendly: bool = False
    step_free: bool = False
    prayer_space: bool = False
    no_need_to_talk: bool = False
    capacity: int | None = None
    status: str = Activity.Status.ACTIVE
    chat_enabled: bool = False
    interests: list[Interest] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    # A dated activity's days; each session runs from starts_at to ends_at on that day.
    dates: list[date] = field(default_factory=list)


SCALARS = (
    "title",
    "description",
    "place",
    "meeting_point",
    "online",
    "schedule",
    "weekdays",
    "starts_at",
    "ends_at",
    "cost_pence",
    "travel_reimbursed",
    "food_provided",
    "childcare",
    "women_only",
    "family_friendly",
    "step_free",
    "prayer_space",
    "no_need_to_talk",
    "capacity",
    "status",
    "chat_enabled",
)


def _check(fields: ActivityFields) -> None:
    errors: dict[str, str] = {}
    if fields.starts_at is None or fields.ends_at is None:
        errors["starts_at"] = _("Please give the start and end times.")
    elif fields.ends_at <= fields.starts_at:
        errors["ends_at"] = _("The end time must be after the start time.")
    if fields.schedule == Activity.Schedule.WEEKLY and not fields.weekdays:
        errors["weekdays"] = _("Please choose at least one day of the week.")
    if fields.schedule == Activity.Schedule.DATES and not fields.dates:
        errors["dates"] = _("Please give at least one date.")
    if not fields.online and fields.place is None:
        errors["place"] = _("Please give the town where it happens, or tick “online”.")
    if fields.cost_pence < 0:
        errors["cost"] = _("The cost cannot be less than nothing.")
    if fields.capacity is not None and fields.capacity < 1:
        errors["capacity"] = _("Please give at least 1 place, or leave it empty for no limit.")
    if errors:
        raise ValidationError(errors)


def _dates_save(activity: Activity, fields: ActivityFields, *, now: datetime) -> None:
    """A dated activity's sessions from today on are the ones given; past ones stay as they
    were (they happened)."""
    today = now.astimezone(LONDON).date()
    activity.dates.filter(starts_at__gte=datetime.combine(today, time(0), LONDON)).delete()
    if fields.schedule != Activity.Schedule.DATES:
        return
    rows = []
    for day in sorted(set(fields.dates)):
        if day < today:
            continue
        row = ActivityDate(
            activity=activity,
            starts_at=datetime.combine(day, fields.starts_at, LONDON),
            ends_at=datetime.combine(day, fields.ends_at, LONDON),
        )
        row.full_clean(exclude=["activity"])
        rows.append(row)
    ActivityDate.objects.bulk_create(rows)


def _assign(activity: Activity, fields: ActivityFields) -> None:
    for name in SCALARS:
        setattr(activity, name, getattr(fields, name))
    activity.title = activity.title.strip()
    activity.description = activity.description.strip()
    activity.meeting_point = activity.meeting_point.strip()
    if activity.schedule != Activity.Schedule.WEEKLY:
        activity.weekdays = []
    else:
        activity.weekdays = sorted(set(activity.weekdays))


def _save(activity: Activity, fields: ActivityFields, *, now: datetime) -> None:
    """Writes what the organiser said: the fields, checked by the model, then the interests,
    languages and dated sessions."""
    _assign(activity, fields)
    activity.full_clean()
    activity.save()
    activity.interests.set(fields.interests)
    activity.languages.set(fields.languages)
    _dates_save(activity, fields, now=now)


def _check_organiser(organisation: Organisation, user: User) -> None:
    if not organisation.organisers.filter(user=user).exists():
        raise ValidationError(_("Only the group's organisers can change its activities."))


@transaction.atomic
def activity_create(
    *, organisation: Organisation, by: User, fields: ActivityFields, now: datetime | None = None
) -> Activity:
    """An organiser adds an activity to their group (shown to newcomers once the group is
    verified and while it is running)."""
    _check_organiser(organisation, by)
    if organisation.status == Organisation.Status.REFUSED:
        raise ValidationError(_("This group was not accepted, so it cannot list activities."))
    _check(fields)
    activity = Activity(organisation=organisation)
    _save(activity, fields, now=now or timezone.now())
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by: User, fields: ActivityFields, now: datetime | None = None
) -> Activity:
    """An organiser changes an activity: every field, its days and its dates."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_organiser(activity.organisation, by)
    _check(fields)
    if fields.capacity is not None:
        coming = activity.participations.filter(status=Participation.Status.JOINED).count()
        if fields.capacity < coming:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are already coming: please give at least that many "
                        "places."
                    )
                    % {"count": coming}
                }
            )
    _save(activity, fields, now=now or timezone.now())
    # More places: the people waiting longest get them (and are told); chat on or off: the
    # group conversation follows. Same transaction, the activity row still locked.
    from activities.services.participation import activity_participation_sync

    activity_participation_sync(activity=activity)
    return activity


def sessions_to_cancel(*, activity: Activity, now: datetime) -> list:
    """The sessions an organiser can still call off: upcoming, not already cancelled."""
    return upcoming_sessions(
        activity,
        now=now,
        days=CANCEL_AHEAD_DAYS,
        dated=list(activity.dates.all()),
        cancelled=list(activity.cancellations.values_list("date", flat=True)),
    )


@transaction.atomic
def activity_cancel_session(
    *, activity: Activity, by: User, day: date, note: str = "", now: datetime | None = None
) -> Cancellation:
    """One session will not happen: it is recorded, and everyone coming is told at once, in
    the app, and by email only if they said yes to emails."""
    now = now or timezone.now()
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_organiser(activity.organisation, by)
    if day not in {session.day for session in sessions_to_cancel(activity=activity, now=now)}:
        raise ValidationError(
            {"day": _("Please choose one of the coming sessions that is not cancelled yet.")}
        )
    cancellation = Cancellation(activity=activity, date=day, note=note.strip(), created_by=by)
    cancellation.full_clean()
    cancellation.save()
    coming = list(
        activity.participations.filter(status=Participation.Status.JOINED).values_list(
            "user_id", flat=True
        )
    )
    wants_email = set(
        Consent.objects.filter(
            user_id__in=coming,
            purpose=ConsentPurpose.EMAIL_REMINDERS,
            withdrawn_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
    link = reverse("activities:activity-detail", args=[activity.pk])
    kind = Notification.Kind.ACTIVITY_CANCELLED
    emailed = [user_id for user_id in coming if user_id in wants_email]
    not_emailed = [user_id for user_id in coming if user_id not in wants_email]
    notifications_create_bulk(user_ids=emailed, kind=kind, link=link, note=cancellation.note)
    notifications_create_bulk(
        user_ids=not_emailed, kind=kind, link=link, note=cancellation.note, email=False
    )
    return cancellation
