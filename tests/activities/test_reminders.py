"""Reminders the day before a session: once per person and session, in-app always, email only
with consent, the time written the way the person's language writes it (frozen clock)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from activities.models import Activity, ActivityDate, Cancellation, ReminderSent
from activities.schedule import LONDON
from activities.services.participation import activity_join, activity_leave
from activities.services.reminders import reminder_send, reminders_queue
from activities.tasks import activity_reminders_queue
from peers.models import ConsentPurpose, Notification
from peers.services.consent import consent_grant
from tests.activities.factories import ActivityFactory
from tests.peers.factories import NewcomerFactory, verified_email_for

pytestmark = pytest.mark.django_db

FRIDAY = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
SATURDAY = datetime.date(2026, 12, 5)


def reminders() -> list[Notification]:
    return list(Notification.objects.filter(kind=Notification.Kind.ACTIVITY_REMINDER))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs the beat's job at `now`, with the queued tasks (eager) after commit."""

    def run_(now=FRIDAY) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_queue(now=now)

    return run_


def test_reminder_the_day_before_for_each_joined_person_with_a_link(run):
    activity = ActivityFactory(title="Saturday football", capacity=2)
    first, second, waiting = NewcomerFactory(), NewcomerFactory(), NewcomerFactory()
    for person in (first, second, waiting):
        activity_join(user=person, activity=activity)

    assert run() == 2

    sent = reminders()
    assert {n.user_id for n in sent} == {first.pk, second.pk}
    for notice in sent:
        assert notice.link == reverse("activities:activity-detail", args=[activity.pk])
        assert notice.note == "Saturday football: 5 Dec, 14:00, Albert Park, by the café"


def test_reminders_are_sent_once_however_often_the_job_runs(run):
    activity = ActivityFactory()
    person = NewcomerFactory()
    participation = activity_join(user=person, activity=activity)

    run()
    assert run() == 0  # already reminded: nothing queued
    assert reminder_send(participation_id=participation.pk, session_date=SATURDAY) is False

    assert len(reminders()) == 1
    assert ReminderSent.objects.get().session_date == SATURDAY


def test_time_is_written_in_the_persons_language(run):
    activity = ActivityFactory(title="كرة القدم", meeting_point="")
    person = NewcomerFactory(language="ar")
    activity_join(user=person, activity=activity)

    run()

    (notice,) = reminders()
    assert notice.note == "كرة القدم: 5 ديسمبر، 14:00"


def test_email_only_with_consent(run, settings):
    settings.SITE_URL = "https://common-ground.example"
    activity = ActivityFactory()
    consenting, not_consenting = NewcomerFactory(), NewcomerFactory()
    verified_email_for(consenting, "selam@example.org")
    verified_email_for(not_consenting, "dawit@example.org")
    consent_grant(user=consenting, purpose=ConsentPurpose.EMAIL_REMINDERS)
    for person in (consenting, not_consenting):
        activity_join(user=person, activity=activity)

    run()

    assert len(reminders()) == 2
    assert [message.to for message in mail.outbox] == [["selam@example.org"]]
    body = mail.outbox[0].body
    assert "5 Dec, 14:00" in body
    assert reverse("activities:activity-detail", args=[activity.pk]) in body


def test_no_reminder_for_a_cancelled_session_or_another_day(run):
    cancelled = ActivityFactory()
    Cancellation.objects.create(activity=cancelled, date=SATURDAY)
    sunday = ActivityFactory(weekdays=[6])
    for activity in (cancelled, sunday):
        activity_join(user=NewcomerFactory(), activity=activity)

    assert run() == 0
    assert reminders() == []


def test_no_reminder_for_someone_who_left_or_a_paused_activity(run):
    activity = ActivityFactory()
    paused = ActivityFactory()
    leaver = NewcomerFactory()
    activity_join(user=leaver, activity=activity)
    activity_leave(user=leaver, activity=activity)
    activity_join(user=NewcomerFactory(), activity=paused)
    Activity.objects.filter(pk=paused.pk).update(status=Activity.Status.PAUSED)

    assert run() == 0
    assert reminders() == []


def test_a_session_cancelled_after_queuing_is_not_reminded():
    activity = ActivityFactory()
    participation = activity_join(user=NewcomerFactory(), activity=activity)
    Cancellation.objects.create(activity=activity, date=SATURDAY)

    assert reminder_send(participation_id=participation.pk, session_date=SATURDAY) is False
    assert reminders() == []


def test_dated_sessions_are_reminded_too(run):
    activity = ActivityFactory(schedule=Activity.Schedule.DATES, weekdays=[])
    ActivityDate.objects.create(
        activity=activity,
        starts_at=datetime.datetime(2026, 12, 5, 18, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2026, 12, 5, 20, 0, tzinfo=LONDON),
    )
    ActivityDate.objects.create(
        activity=activity,
        starts_at=datetime.datetime(2026, 12, 12, 18, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2026, 12, 12, 20, 0, tzinfo=LONDON),
    )
    activity_join(user=NewcomerFactory(), activity=activity)

    run()

    (notice,) = reminders()
    assert "5 Dec, 18:30" in notice.note


def test_tomorrow_is_londons_tomorrow_late_at_night(run):
    activity = ActivityFactory()
    activity_join(user=NewcomerFactory(), activity=activity)
    # 00:30 on Saturday in London (summer time would differ; this is December, GMT).
    late = datetime.datetime(2026, 12, 5, 0, 30, tzinfo=LONDON)

    assert run(late) == 0  # the session is today, not tomorrow


def test_the_beat_runs_the_task(monkeypatch, django_capture_on_commit_callbacks):
    entry = settings.CELERY_BEAT_SCHEDULE["activity-reminders"]
    assert entry["task"] == "activities.tasks.activity_reminders_queue"
    activity = ActivityFactory()
    activity_join(user=NewcomerFactory(), activity=activity)
    monkeypatch.setattr("django.utils.timezone.now", lambda: FRIDAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert activity_reminders_queue.apply().get() == 1

    assert len(reminders()) == 1
