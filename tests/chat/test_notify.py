"""Telling people a message is waiting (in the app, and by email only with consent), never
what it says; and forgetting old messages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from chat.models import Member, Message
from chat.services import (
    case_close,
    conversation_mark_read,
    message_post,
    report_create,
    team_reply,
)
from chat.services.notify import conversation_notify, messages_expire
from chat.tasks import messages_retention_apply
from peers.models import ConsentPurpose, Notification
from peers.services import consent_grant, consent_withdraw
from peers.services.notifications import notifications_mark_read
from tests.chat.factories import messages_posted, pairing_conversation, team_case
from tests.peers.factories import CoordinatorFactory, verified_email_for

pytestmark = pytest.mark.django_db

SECRET = "my interview is on Tuesday at the Home Office"
ADDRESS = "selam@example.org"


@pytest.fixture
def chat(db):
    conversation = pairing_conversation()
    return conversation, conversation.pairing.newcomer, conversation.pairing.supporter


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Posts a message and runs what waits for the commit (the notice task, eagerly)."""

    def send_(conversation, sender, body: str = SECRET) -> Message:
        with django_capture_on_commit_callbacks(execute=True):
            return message_post(user=sender, conversation_id=conversation.pk, body=body).message

    return send_


def _notices(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.NEW_MESSAGE).values_list(
            "link", "note"
        )
    )


def _emailable(user, address: str = ADDRESS) -> None:
    consent_grant(user=user, purpose=ConsentPurpose.EMAIL_REMINDERS)
    verified_email_for(user, address)


# --- In the app -------------------------------------------------------------------------------


def test_new_message_gives_the_other_member_one_unread_notice(chat, send):
    conversation, newcomer, supporter = chat

    send(conversation, supporter)
    send(conversation, supporter, "and another thing")

    assert _notices(newcomer) == [(f"/chat/{conversation.pk}/", "")]
    assert _notices(supporter) == []  # never for the sender


def test_a_read_notice_makes_way_for_a_new_one(chat, send):
    conversation, newcomer, supporter = chat
    send(conversation, supporter)
    notifications_mark_read(user=newcomer)

    send(conversation, supporter, "are you there?")

    assert len(_notices(newcomer)) == 2
    assert Notification.objects.filter(user=newcomer, read_at=None).count() == 1


def test_one_notice_per_conversation(chat, send):
    conversation, newcomer, supporter = chat
    bystanders = pairing_conversation()
    # The supporter is also in a second pairing: a notice for each conversation.
    second = pairing_conversation(supporter=supporter)

    send(conversation, newcomer)
    send(second, second.pairing.newcomer)

    assert sorted(link for link, _note in _notices(supporter)) == sorted(
        [f"/chat/{conversation.pk}/", f"/chat/{second.pk}/"]
    )
    for person in (bystanders.pairing.newcomer, bystanders.pairing.supporter):
        assert _notices(person) == []


def test_notice_never_contains_the_message_text(chat, send):
    conversation, newcomer, supporter = chat

    send(conversation, supporter)

    notice = Notification.objects.get(user=newcomer)
    assert SECRET not in notice.note and SECRET not in notice.link


def test_team_reply_gives_the_person_a_notice(coordinator, django_capture_on_commit_callbacks):
    case = team_case()

    with django_capture_on_commit_callbacks(execute=True):
        team_reply(case=case, coordinator=coordinator, body="We read your message.")

    assert _notices(case.subject) == [(f"/chat/{case.conversation_id}/", "")]
    assert not Notification.objects.filter(user=coordinator).exists()


# --- By email ---------------------------------------------------------------------------------


def test_email_needs_consent(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    verified_email_for(newcomer, ADDRESS)  # an address, but no consent

    send(conversation, supporter)

    assert mailoutbox == []
    assert len(_notices(newcomer)) == 1


def test_email_needs_a_verified_address(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    consent_grant(user=newcomer, purpose=ConsentPurpose.EMAIL_REMINDERS)
    newcomer.email = ADDRESS
    newcomer.save(update_fields=["email"])

    send(conversation, supporter)

    assert mailoutbox == []


def test_withdrawn_consent_stops_the_emails_at_once(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(newcomer)
    consent_withdraw(user=newcomer, purpose=ConsentPurpose.EMAIL_REMINDERS)

    send(conversation, supporter)

    assert mailoutbox == []


def test_email_at_most_one_per_conversation_per_period(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(newcomer)

    send(conversation, supporter)
    send(conversation, supporter, "second message")
    assert [email.to for email in mailoutbox] == [[ADDRESS]]

    member = Member.objects.get(conversation=conversation, user=newcomer)
    assert member.last_emailed_at is not None
    Member.objects.filter(pk=member.pk).update(
        last_emailed_at=timezone.now()
        - timedelta(minutes=settings.CHAT_EMAIL_EVERY_MINUTES, seconds=1)
    )
    send(conversation, supporter, "third message")

    assert [email.to for email in mailoutbox] == [[ADDRESS], [ADDRESS]]


def test_email_period_follows_the_setting(chat, send, mailoutbox, settings):
    settings.CHAT_EMAIL_EVERY_MINUTES = 5
    conversation, newcomer, supporter = chat
    _emailable(newcomer)
    send(conversation, supporter)
    Member.objects.filter(conversation=conversation, user=newcomer).update(
        last_emailed_at=timezone.now() - timedelta(minutes=4)
    )
    send(conversation, supporter, "too soon")
    assert len(mailoutbox) == 1

    Member.objects.filter(conversation=conversation, user=newcomer).update(
        last_emailed_at=timezone.now() - timedelta(minutes=6)
    )
    send(conversation, supporter, "now")

    assert len(mailoutbox) == 2


def test_email_is_per_conversation(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(supporter)
    second = pairing_conversation(supporter=supporter)

    send(conversation, newcomer)
    send(second, second.pairing.newcomer)

    assert len(mailoutbox) == 2


def test_email_never_contains_the_message_text(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(newcomer)

    send(conversation, supporter)

    (email,) = mailoutbox
    for part in (email.subject, email.body):
        assert SECRET not in part
        assert "Home Office" not in part
    assert f"{settings.SITE_URL}/chat/{conversation.pk}/" in email.body
    assert email.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)


def test_email_is_in_the_recipients_stored_language(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(newcomer)
    newcomer.language = "ar"
    newcomer.save(update_fields=["language"])

    with translation.override("en"):  # the sender's language does not matter
        send(conversation, supporter)

    (email,) = mailoutbox
    with translation.override("ar"):
        hello = translation.gettext("Hello,")
        label = str(Notification.Kind.NEW_MESSAGE.label)
    assert hello != "Hello,"  # the catalog has this one
    assert email.body.startswith(hello)
    assert email.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + label


def test_a_failed_email_is_sent_on_the_retry(chat, mailoutbox, monkeypatch):
    from smtplib import SMTPException

    from django.core.mail import send_mail

    conversation, newcomer, supporter = chat
    _emailable(newcomer)
    (message,) = messages_posted(conversation, supporter, 1)
    attempts = []

    def flaky_send_mail(*args, **kwargs):
        attempts.append(args)
        if len(attempts) == 1:
            raise SMTPException("the mail server is down for a moment")
        return send_mail(*args, **kwargs)

    monkeypatch.setattr("chat.services.notify.send_mail", flaky_send_mail)
    # What the conversation_notify task's worker does: the first run fails, autoretry runs it
    # again.
    with pytest.raises(SMTPException):
        conversation_notify(conversation_id=conversation.pk)
    conversation_notify(conversation_id=conversation.pk)

    assert len(_notices(newcomer)) == 1  # the retry adds no second notice
    assert [email.to for email in mailoutbox] == [[ADDRESS]]


def test_sender_gets_no_email(chat, send, mailoutbox):
    conversation, newcomer, supporter = chat
    _emailable(supporter)

    send(conversation, supporter)

    assert mailoutbox == []


# --- Retention --------------------------------------------------------------------------------


def test_messages_expire_deletes_only_messages_past_retention(chat, settings):
    settings.CHAT_RETENTION_DAYS = 30
    conversation, newcomer, supporter = chat
    old, edge, recent = messages_posted(conversation, supporter, 3)
    now = timezone.now()
    Message.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=30, minutes=1))
    Message.objects.filter(pk=edge.pk).update(created_at=now - timedelta(days=29, hours=23))

    deleted = messages_expire(now=now)

    assert deleted == 1
    assert list(Message.objects.order_by("pk").values_list("pk", flat=True)) == [
        edge.pk,
        recent.pk,
    ]


def test_retention_task_uses_the_setting(chat, settings):
    settings.CHAT_RETENTION_DAYS = 365
    conversation, newcomer, supporter = chat
    (kept,) = messages_posted(conversation, newcomer, 1)
    (gone,) = messages_posted(conversation, supporter, 1)
    Message.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=300))
    Message.objects.filter(pk=gone.pk).update(created_at=timezone.now() - timedelta(days=400))

    assert messages_retention_apply() == 1

    assert list(Message.objects.values_list("pk", flat=True)) == [kept.pk]


def test_opening_the_conversation_answers_its_new_message_notice(client, chat):
    conversation, newcomer, supporter = chat
    messages_posted(conversation, supporter, 1)
    conversation_notify(conversation_id=conversation.pk)
    other = Notification.objects.create(user=newcomer, kind=Notification.Kind.PAIRING_STARTED)
    client.force_login(newcomer)

    client.get(f"/chat/{conversation.pk}/")

    assert not Notification.objects.filter(
        user=newcomer, kind=Notification.Kind.NEW_MESSAGE, read_at__isnull=True
    ).exists()
    other.refresh_from_db()
    assert other.read_at is None  # notices about other things stay unread


@pytest.fixture
def queued(monkeypatch):
    """The notice tasks queued, with their delay, instead of run at once."""
    from chat.tasks import conversation_notify as task

    calls = []
    monkeypatch.setattr(
        task, "apply_async", lambda args, countdown: calls.append((args, countdown))
    )
    return calls


def test_one_task_per_conversation_however_many_messages(chat, send, queued, settings):
    conversation, newcomer, supporter = chat
    settings.CHAT_NOTIFY_DELAY_SECONDS = 45
    other = pairing_conversation()

    send(conversation, supporter, "Hello")
    send(conversation, newcomer, "Hi!")
    send(conversation, supporter, "How are you?")
    send(other, other.pairing.newcomer, "Hello")

    assert queued == [((conversation.pk,), 45), ((other.pk,), 45)]
    assert _notices(newcomer) == []  # nothing until the task runs

    conversation_notify(conversation_id=conversation.pk)
    send(conversation, supporter, "Still there?")  # the task ran: the next message queues one

    assert queued[-1] == ((conversation.pk,), 45)
    assert len(queued) == 3


def test_messages_read_live_before_the_task_runs_need_no_notice(chat, send, queued):
    conversation, newcomer, supporter = chat
    send(conversation, supporter, "Hello")
    # The newcomer read it live and answered; the supporter reads the answer live.
    second = send(conversation, newcomer, "Hi, I am here")
    conversation_mark_read(user=supporter, conversation_id=conversation.pk, up_to=second.pk)

    conversation_notify(conversation_id=conversation.pk)

    assert _notices(newcomer) == []
    assert _notices(supporter) == []


def test_a_hidden_message_alone_gives_no_notice(chat, send, queued):
    conversation, newcomer, supporter = chat
    message = send(conversation, supporter, "Something a moderator removes")
    Message.objects.filter(pk=message.pk).update(hidden_at=timezone.now())

    conversation_notify(conversation_id=conversation.pk)

    assert _notices(newcomer) == []


def test_messages_expire_spares_a_message_an_open_case_is_about_and_works_in_batches(
    chat, settings, monkeypatch
):
    settings.CHAT_RETENTION_DAYS = 30
    conversation, newcomer, supporter = chat
    reported, *others = messages_posted(conversation, supporter, 4)
    case = report_create(reporter=newcomer, message_id=reported.pk, reason="unkind")
    long_ago = timezone.now() - timedelta(days=40)
    Message.objects.update(created_at=long_ago)
    monkeypatch.setattr("chat.services.notify.EXPIRE_BATCH", 2)

    assert messages_expire() == 3
    assert list(Message.objects.values_list("pk", flat=True)) == [reported.pk]

    case_close(case=case, coordinator=CoordinatorFactory(), note="Handled")

    assert messages_expire() == 1
    assert not Message.objects.exists()
