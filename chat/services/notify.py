"""Telling people a message is waiting, and forgetting old messages."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chat.models import Case, Member, Message
from config.jobs import enqueue
from peers.models import ConsentPurpose, Notification
from peers.selectors import has_consent
from peers.services import notification_create
from peers.services.notifications import user_language, verified_email_of


def _notify_key(conversation_id: int) -> str:
    return f"chat-notify:{int(conversation_id)}"


def conversation_notify_soon(*, conversation_id: int) -> None:
    """After this commit, makes sure one "message waiting" task for the conversation is on its
    way, CHAT_NOTIFY_DELAY_SECONDS from now. However many messages follow meanwhile, it is the
    one task (a key in the shared cache says it is queued): a busy conversation costs a cache
    write per message, not a task. And whoever reads the messages live before it runs gets no
    notice for them."""
    delay = settings.CHAT_NOTIFY_DELAY_SECONDS

    def queue() -> None:
        # Expires on its own, so a task lost with its worker never stops the notices.
        if cache.add(_notify_key(conversation_id), 1, timeout=delay + 300):
            enqueue("chat.tasks.conversation_notify", conversation_id, countdown=delay)

    transaction.on_commit(queue, robust=True)


def conversation_notify(*, conversation_id: int) -> None:
    """For each member with unread messages from others: one unread "new message" notice per
    conversation (linking to it) and, with their email consent, at most one email per
    conversation per hour. Neither ever contains a message's text. Safe to run twice."""
    # Forget the task first: a message committed from now on queues the next one.
    cache.delete(_notify_key(conversation_id))
    link = reverse("chat:conversation", args=[conversation_id])
    unread_from_others = Message.objects.filter(
        conversation_id=conversation_id, pk__gt=OuterRef("last_read_id"), hidden_at__isnull=True
    ).exclude(sender_id=OuterRef("user_id"))
    waiting = (
        Member.objects.filter(conversation_id=conversation_id)
        .filter(Exists(unread_from_others))
        .select_related("user")
    )
    for member in waiting:
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
        body = render_to_string(
            "chat/email/message_waiting.txt",
            {"url": settings.SITE_URL + link, "every_minutes": settings.CHAT_EMAIL_EVERY_MINUTES},
        )
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # Hand the hour back, so the task's retry can send it.
        Member.objects.filter(pk=member.pk, last_emailed_at=now).update(last_emailed_at=previous)
        raise


# Deleting a year of messages at once would hold one long transaction over the table.
EXPIRE_BATCH = 5000


def messages_expire(*, now=None) -> int:
    """Deletes chat messages older than CHAT_RETENTION_DAYS, in batches; a message an open
    case is about stays until that case is closed (a coordinator may still need to read it)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CHAT_RETENTION_DAYS)
    due = Message.objects.filter(created_at__lt=cutoff).exclude(cases__status__in=Case.OPEN)
    deleted = 0
    while ids := list(due.order_by("pk").values_list("pk", flat=True)[:EXPIRE_BATCH]):
        _total, per_model = Message.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(Message._meta.label, 0)
    return deleted
