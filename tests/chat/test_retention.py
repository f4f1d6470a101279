"""Retention with a frozen clock (the services take `now`, as messages_expire does): closed
cases and answered feedback lose their personal content CASE_RETENTION_DAYS later; counts,
kinds and statuses stay; running it again changes nothing; beat runs it daily."""

import re
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from chat.models import Case, CaseEvent, ConversationAccess
from chat.services import case_close, case_messages_open, person_warn
from chat.services.retention import cases_retention_apply
from feedback.models import Feedback
from feedback.services.privacy import feedback_retention_apply
from peers.tasks import personal_content_retention_apply
from tests.chat.factories import reported_case
from tests.peers.factories import CoordinatorFactory, NewcomerFactory

pytestmark = pytest.mark.django_db

DAYS = 30
NOW = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.CASE_RETENTION_DAYS = DAYS


def _closed_case(closed_days_ago: float, coordinator=None) -> Case:
    """A report with the reporter's words, read, a warning and a closing note, closed
    `closed_days_ago` before NOW."""
    coordinator = coordinator or CoordinatorFactory()
    case = reported_case()
    Case.objects.filter(pk=case.pk).update(detail="He keeps asking for my address")
    case_messages_open(case=case, coordinator=coordinator)
    person_warn(case=case, coordinator=coordinator, user_id=case.subject_id, note="Be kind")
    case_close(case=case, coordinator=coordinator, note="Warned the supporter.")
    Case.objects.filter(pk=case.pk).update(closed_at=NOW - timedelta(days=closed_days_ago))
    case.refresh_from_db()
    return case


def test_a_case_closed_longer_ago_than_the_retention_loses_its_personal_content():
    case = _closed_case(DAYS + 1)
    accesses = ConversationAccess.objects.filter(case=case).count()
    events = list(case.events.values_list("action", flat=True))

    assert cases_retention_apply(now=NOW) == 1

    case.refresh_from_db()
    assert (case.detail, case.closing_note, case.message_id) == ("", "", None)
    assert (case.subject_id, case.reporter_id) == (None, None)
    assert re.fullmatch(r"person [0-9a-f]{6}", case.subject_label)
    assert re.fullmatch(r"person [0-9a-f]{6}", case.reporter_label)
    assert case.subject_label != case.reporter_label
    assert case.personal_content_removed_at == NOW
    assert not case.events.exclude(note="").exists()
    # What the dashboard counts stays.
    assert (case.kind, case.status, case.reason) == (Case.Kind.REPORT, Case.Status.CLOSED, "unkind")
    assert list(case.events.values_list("action", flat=True)) == events
    assert ConversationAccess.objects.filter(case=case).count() == accesses


def test_recent_and_open_cases_keep_their_content():
    recent = _closed_case(DAYS - 1)
    still_open = reported_case()
    Case.objects.filter(pk=still_open.pk).update(
        detail="Still looking", created_at=NOW - timedelta(days=DAYS * 5)
    )

    assert cases_retention_apply(now=NOW) == 0

    recent.refresh_from_db()
    assert recent.closing_note == "Warned the supporter." and recent.subject_id is not None
    still_open.refresh_from_db()
    assert still_open.detail == "Still looking" and still_open.message_id is not None


def test_case_retention_is_idempotent_and_batched():
    coordinator = CoordinatorFactory()
    cases = [_closed_case(DAYS + 10, coordinator) for _n in range(5)]

    assert cases_retention_apply(now=NOW, batch_size=2) == 5
    labels = dict(Case.objects.values_list("pk", "subject_label"))
    assert cases_retention_apply(now=NOW, batch_size=2) == 0
    assert cases_retention_apply(now=NOW + timedelta(days=400)) == 0

    assert dict(Case.objects.values_list("pk", "subject_label")) == labels
    assert all(Case.objects.get(pk=case.pk).personal_content_removed_at == NOW for case in cases)


def test_a_later_clock_reaches_a_case_closed_recently():
    case = _closed_case(1)

    assert cases_retention_apply(now=NOW) == 0
    assert cases_retention_apply(now=NOW + timedelta(days=DAYS)) == 1
    case.refresh_from_db()
    assert case.closing_note == ""


def _feedback(reference: str, *, answered_days_ago: float | None, user=None, **extra) -> Feedback:
    answered = answered_days_ago is not None
    return Feedback.objects.create(
        kind="complaint",
        about="activity",
        score=2,
        text=f"What happened at the group ({reference})",
        user=user,
        anonymous=user is None,
        reference=reference,
        status="resolved" if answered else "new",
        response="We spoke to the organiser." if answered else "",
        responded_at=NOW - timedelta(days=answered_days_ago) if answered else None,
        created_at=NOW - timedelta(days=(answered_days_ago or 0) + 5),
        **extra,
    )


def test_feedback_answered_longer_ago_loses_the_persons_words_and_link():
    person = NewcomerFactory()
    named = _feedback("CG-OLD001", answered_days_ago=DAYS + 1, user=person)
    anonymous = _feedback("CG-OLD002", answered_days_ago=DAYS + 1)
    recent = _feedback("CG-NEW001", answered_days_ago=DAYS - 1, user=person)
    still_open = _feedback("CG-OPEN01", answered_days_ago=None, user=person)
    Feedback.objects.filter(pk=still_open.pk).update(created_at=NOW - timedelta(days=DAYS * 9))

    assert feedback_retention_apply(now=NOW, batch_size=1) == 2
    assert feedback_retention_apply(now=NOW) == 0

    for item in (named, anonymous):
        item.refresh_from_db()
        assert (item.user_id, item.text) == (None, "")
        assert (item.status, item.score, item.response) == (
            "resolved",
            2,
            "We spoke to the organiser.",
        )
    for item in (recent, still_open):
        item.refresh_from_db()
        assert item.user_id == person.pk and item.text


def test_the_daily_task_does_both(settings):
    case = _closed_case(DAYS + 1)
    item = _feedback("CG-TASK01", answered_days_ago=DAYS + 1, user=NewcomerFactory())
    settings.CASE_RETENTION_DAYS = DAYS  # the task reads the clock itself

    assert personal_content_retention_apply.delay().get() == {"cases": 1, "feedback": 1}

    case.refresh_from_db()
    item.refresh_from_db()
    assert case.closing_note == "" and item.text == ""
    assert not CaseEvent.objects.filter(case=case).exclude(note="").exists()


@pytest.mark.parametrize(
    ("name", "task"),
    [
        ("chat-retention", "chat.tasks.messages_retention_apply"),
        ("case-retention", "peers.tasks.personal_content_retention_apply"),
    ],
)
def test_beat_runs_each_retention_task_daily(name, task):
    entry = settings.CELERY_BEAT_SCHEDULE[name]

    assert entry["task"] == task
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31


def test_the_readme_documents_both_retention_settings():
    from pathlib import Path

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "CHAT_RETENTION_DAYS" in readme and "CASE_RETENTION_DAYS" in readme


# --- A deleted account, live ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_a_group_chat_open_live_is_told_of_a_deleted_accounts_messages(connect):
    """A group chat stays open when one of its members deletes their account: each page open
    on it hears which messages are now "from a deleted account", in its reader's language,
    so what it shows matches what a reload would show."""
    from channels.db import database_sync_to_async
    from django.utils import translation

    from activities.services.participation import activity_join
    from chat.models import Message
    from chat.services import message_post
    from peers.services.data_rights import account_delete
    from tests.activities.factories import ActivityFactory

    @database_sync_to_async
    def group_chat():
        activity = ActivityFactory(chat_enabled=True, capacity=10)
        leaving, staying = NewcomerFactory(), NewcomerFactory(language="ar")
        for person in (leaving, staying):
            activity_join(user=person, activity=activity)
        conversation = activity.conversation
        posted = [
            message_post(user=leaving, conversation_id=conversation.pk, body=f"Hello {n}")
            for n in range(2)
        ]
        ids = [each.payload["id"] for each in posted]
        message_post(user=staying, conversation_id=conversation.pk, body="Hello back")
        return conversation, leaving, staying, ids

    conversation, leaving, staying, ids = await group_chat()
    communicator, connected, _code = await connect(conversation.pk, staying)
    assert connected

    await database_sync_to_async(account_delete)(user=leaving)

    event = await communicator.receive_json_from(timeout=3)
    with translation.override("ar"):
        expected = {
            "type": "deleted",
            "ids": ids,
            "sender_name": translation.gettext("A deleted account"),
            "body": translation.gettext("Message from a deleted account"),
        }
    assert event == expected
    assert await database_sync_to_async(
        lambda: set(Message.objects.filter(pk__in=ids).values_list("body", "sender_deleted"))
    )() == {("", True)}
    await communicator.disconnect()
