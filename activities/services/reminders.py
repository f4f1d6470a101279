"""Reminders the day before each session a person joined: in-app, and by email only for
those who asked for email reminders. Each (participation, session day) is reminded once: a
unique row says it was sent, in the same transaction as the notice."""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from activities.models import ActivityDate, Cancellation, Participation, ReminderSent
from activities.schedule import LONDON, Session, upcoming_sessions
from activities.selectors.visibility import activities_visible
from activities.services.participation import activity_link
from config.jobs import enqueue_after_commit
from peers.models import ConsentPurpose, Notification
from peers.selectors import has_consent
from peers.services.notifications import notification_create, user_language


def _sessions_on(activity, day: date) -> list[Session]:
    """The activity's sessions on that London day (dated rows and cancellations prefetched)."""
    start = datetime.combine(day, time(0), LONDON)
    found = upcoming_sessions(
        activity,
        now=start,
        days=1,
        dated=list(activity.dates.all()),
        cancelled=[row.date for row in activity.cancellations.all()],
    )
    return [session for session in found if session.day == day]


def _with_schedule(activities, day: date):
    start = datetime.combine(day, time(0), LONDON)
    return activities.prefetch_related(
        Prefetch(
            "dates",
            queryset=ActivityDate.objects.filter(
                starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
            ),
        ),
        Prefetch("cancellations", queryset=Cancellation.objects.filter(date=day)),
    )


def reminders_queue(*, now: datetime | None = None) -> int:
    """Queues one reminder for each person who joined an activity with a session tomorrow
    (London) and has not been reminded of it yet. Safe to run every hour."""
    now = now or timezone.now()
    tomorrow = now.astimezone(LONDON).date() + timedelta(days=1)
    activities = _with_schedule(
        activities_visible().filter(participations__status=Participation.Status.JOINED), tomorrow
    ).distinct()
    due = [activity.pk for activity in activities if _sessions_on(activity, tomorrow)]
    people = (
        Participation.objects.filter(activity_id__in=due, status=Participation.Status.JOINED)
        .exclude(reminders__session_date=tomorrow)
        .values_list("pk", flat=True)
    )
    queued = 0
    with transaction.atomic():
        for participation_id in people:
            enqueue_after_commit(
                "activities.tasks.activity_reminder_send", participation_id, tomorrow.isoformat()
            )
            queued += 1
    return queued


def reminder_send(*, participation_id: int, session_date: date) -> bool:
    """Reminds one person of their session that day, once: in-app, with the time written
    the way their language writes it, and by email only with their consent. False when
    already sent, or when they left, or the session was cancelled meanwhile."""
    participation = (
        Participation.objects.filter(pk=participation_id, status=Participation.Status.JOINED)
        .select_related("user")
        .first()
    )
    if participation is None:
        return False
    activity = (
        _with_schedule(activities_visible(), session_date)
        .filter(pk=participation.activity_id)
        .first()
    )
    sessions = _sessions_on(activity, session_date) if activity else []
    if not sessions:
        return False
    user = participation.user
    with translation.override(user_language(user)):
        when = formats.date_format(
            timezone.localtime(sessions[0].starts, LONDON), "DAY_MONTH_TIME_FORMAT"
        )
        if activity.meeting_point:
            note = _("%(title)s: %(when)s, %(where)s") % {
                "title": activity.title,
                "when": when,
                "where": activity.meeting_point,
            }
        else:
            note = _("%(title)s: %(when)s") % {"title": activity.title, "when": when}
    try:
        with transaction.atomic():
            ReminderSent.objects.create(participation=participation, session_date=session_date)
            notification_create(
                user=user,
                kind=Notification.Kind.ACTIVITY_REMINDER,
                note=note,
                link=activity_link(activity.pk),
                email=has_consent(user=user, purpose=ConsentPurpose.EMAIL_REMINDERS),
            )
    except IntegrityError:
        return False  # another worker sent it
    return True
