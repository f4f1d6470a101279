"""Posting and reading messages: the one path the websocket and the plain form both use."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import safety
from chat.groups import broadcast_after_commit, conversation_group
from chat.models import MAX_MESSAGE_LENGTH, Conversation, Member, Message
from chat.selectors import conversation_for_sending, member_names, message_payload
from peers.models import User

MAX_CLIENT_ID_LENGTH = 64


class ChatError(Exception):
    """Bad input: told to the sender with one of the contract's error codes; nothing stored."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class ChatForbidden(Exception):
    """Not a member, the conversation is closed, or the person is suspended."""


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool  # False: the same client_id was sent before, this is that message
    payload: dict
    assessment: safety.Assessment


def message_body_clean(body: object) -> str:
    """The contract's rule: a string, trimmed, 1 to 2,000 characters."""
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise ChatError("empty", _("Please write a message first."))
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ChatError(
            "too_long",
            _("That message is too long. Please keep it under %(limit)s characters.")
            % {"limit": MAX_MESSAGE_LENGTH},
        )
    return text


def rate_limit_take(*, user: User) -> None:
    """At most N messages in each window per person, counted in the shared cache so every
    server process agrees."""
    window = settings.CHAT_RATE_LIMIT_SECONDS
    key = f"chat-rate:{user.pk}:{int(time.time() // window)}"
    try:
        used = cache.incr(key)  # one round trip in the common case
    except ValueError:  # the first message of this window
        used = 1 if cache.add(key, 1, timeout=window * 2) else cache.incr(key)
    if used > settings.CHAT_RATE_LIMIT_MESSAGES:
        raise ChatError(
            "rate_limited", _("You are sending messages very fast. Please wait a few seconds.")
        )


def _client_id_clean(client_id: object) -> str | None:
    if client_id is None or client_id == "":
        return None
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID_LENGTH:
        raise ChatError("invalid_json", _("client_id must be a short text, such as a UUID."))
    return client_id


def message_post(
    *, user: User, conversation_id: int, body: object, client_id: object = None
) -> Posted:
    """A member sends a message: checked, stored, then broadcast to every member after commit.
    The same client_id twice gives the one message (the database constraint decides).
    The hot path of the chat, so it reads everything it decides on in one locked query."""
    with transaction.atomic():
        sending = conversation_for_sending(user=user, conversation_id=conversation_id)
        if sending is None or not sending.may_write:
            raise ChatForbidden
        conversation = sending.conversation
        text = message_body_clean(body)
        client_id = _client_id_clean(client_id)
        rate_limit_take(user=user)
        assessment = safety.assess(text)
        message = _message_insert(
            conversation=conversation,
            sender=user,
            body=text,
            client_id=client_id,
            risk=assessment.severity or "",
        )
        if message is None:  # the same client_id again: the one message it stored
            message = Message.objects.get(sender=user, client_id=client_id)
            payload = message_payload(message, member_names(conversation=message.conversation))
            return Posted(message=message, created=False, payload=payload, assessment=assessment)
        payload = message_payload(message, {user.pk: sending.sender_name})
        _own_message_read(message)
        broadcast_after_commit(
            conversation_group(conversation.pk), {"type": "chat.message", "message": payload}
        )
        _after_message(conversation=conversation, message=message, assessment=assessment)
    return Posted(message=message, created=True, payload=payload, assessment=assessment)


# The insert and the read marker of every message sent, in plain SQL for the same reason as
# chat.selectors.conversation_for_sending: through the ORM (with the savepoint its
# IntegrityError needs) they cost 1.8 ms of CPU a message, against 0.4.
_INSERT_SQL = """
INSERT INTO {table} (conversation_id, sender_id, from_team, body, client_id, risk, created_at)
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (sender_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
RETURNING id
"""
_READ_OWN_SQL = "UPDATE {table} SET last_read_id = %s WHERE conversation_id = %s AND user_id = %s"


def _message_insert(
    *, conversation: Conversation, sender: User, body: str, client_id: str | None, risk: str
) -> Message | None:
    """Stores a message; None when this sender already sent this client_id (the unique
    constraint decides, in the same statement)."""
    created_at = timezone.now()
    params = [
        conversation.pk,
        sender.pk,
        False,
        body,
        client_id,
        risk,
        connection.ops.adapt_datetimefield_value(created_at),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL.format(table=Message._meta.db_table), params)
        row = cursor.fetchone()
    if row is None:
        return None
    message = Message(
        id=row[0],
        conversation=conversation,
        sender=sender,
        from_team=False,
        body=body,
        client_id=client_id,
        risk=risk,
        created_at=created_at,
    )
    message._state.adding = False
    message._state.db = connection.alias
    return message


def _own_message_read(message: Message) -> None:
    """The sender has read their own message."""
    with connection.cursor() as cursor:
        cursor.execute(
            _READ_OWN_SQL.format(table=Member._meta.db_table),
            [message.pk, message.conversation_id, message.sender_id],
        )


def _after_message(
    *, conversation: Conversation, message: Message, assessment: safety.Assessment
) -> None:
    from chat.services.moderation import case_open_for_risk, team_case_touch
    from chat.services.notify import conversation_notify_soon

    if assessment.is_risk:
        case_open_for_risk(message=message, assessment=assessment)
    if conversation.kind == Conversation.Kind.TEAM:
        team_case_touch(conversation=conversation, message=message)
    conversation_notify_soon(conversation_id=conversation.pk)


def conversation_mark_read(*, user: User, conversation_id: int, up_to: object) -> int:
    """Moves the person's read marker forward (never back, never past the last message)."""
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 0:
        raise ChatError("invalid_json", _("up_to must be a message id."))
    latest = Message.objects.filter(conversation_id=conversation_id).aggregate(last=Max("pk"))
    up_to = min(up_to, latest["last"] or 0)
    return Member.objects.filter(
        conversation_id=conversation_id, user=user, last_read_id__lt=up_to
    ).update(last_read_id=Greatest("last_read_id", up_to))
