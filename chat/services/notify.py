"""Telling people a message is waiting, and forgetting old messages."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chat.models import Member, Message
from peers.models import Consent, ConsentPurpose, Notification
from peers.selectors import has_consent
from peers.services import notification_create
from peers.services.notifications import user_language, verified_email_of


def notify_could_change_anything(*, conversation, sender_id: int | None) -> bool:
    """Whether a "message waiting" task would do anything: some other member has no unread
    notice for this conversation yet, or may get an email. One query, where queuing a task
    that then does nothing cost 40 % of sending a message."""
    link = reverse("chat:conversation", args=[conversation.pk])
    unread_notice = Notification.objects.filter(
        user=OuterRef("user"), kind=Notification.Kind.NEW_MESSAGE, link=link, read_at=None
    )
    email_consent = Consent.objects.filter(
        user=OuterRef("user"), purpose=ConsentPurpose.EMAIL_REMINDERS, withdrawn_at=None
    )
    others = Member.objects.filter(conversation=conversation)
    if sender_id is not None:
        others = others.exclude(user_id=sender_id)
    return others.filter(~Exists(unread_notice) | Exists(email_consent)).exists()


def message_waiting_notify(*, message: Message) -> None:
    """For each other member: one unread "new message" notice per conversation (linking to
    it) and, with their email consent, at most one email per conversation per hour. Neither
    ever contains the message's text."""
    link = reverse("chat:conversation", args=[message.conversation_id])
    others = Member.objects.filter(conversation_id=message.conversation_id).select_related("user")
    if message.sender_id is not None:
        others = others.exclude(user_id=message.sender_id)
    for member in others:
        with transaction.atomic():
            if not Notification.objects.filter(
                user=member.user, kind=Notification.Kind.NEW_MESSAGE, link=link, read_at=None
            ).exists():
                notification_create(
                    user=member.user, kind=Notification.Kind.NEW_MESSAGE, link=link, email=False
                )
        _email_if_due(member=member, link=link)


def _email_if_due(*, member: Member, link: str) -> None:
    user = member.user
    if not has_consent(user=user, purpose=ConsentPurpose.EMAIL_REMINDERS):
        return
    address = verified_email_of(user)
    if address is None:
        return
    now = timezone.now()
    due_before = now - timedelta(minutes=settings.CHAT_EMAIL_EVERY_MINUTES)
    # The conditional update is the throttle: of two workers, only one moves the time on.
    previous = member.last_emailed_at
    claimed = (
        Member.objects.filter(pk=member.pk)
        .filter(Q(last_emailed_at__isnull=True) | Q(last_emailed_at__lte=due_before))
        .update(last_emailed_at=now)
    )
    if not claimed:
        return
    with translation.override(user_language(user)):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(Notification.Kind.NEW_MESSAGE.label)
        body = render_to_string("chat/email/message_waiting.txt", {"url": settings.SITE_URL + link})
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # Hand the hour back, so the task's retry can send it.
        Member.objects.filter(pk=member.pk, last_emailed_at=now).update(last_emailed_at=previous)
        raise


def messages_expire(*, now=None) -> int:
    """Deletes chat messages older than CHAT_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CHAT_RETENTION_DAYS)
    deleted, _ = Message.objects.filter(created_at__lt=cutoff).delete()
    return deleted
