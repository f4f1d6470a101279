"""Chat test data, made through the services so tests walk the real path."""

from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from chat.models import Conversation
from chat.services import conversation_open_for_pairing
from peers.models import Pairing
from tests.peers.factories import NewcomerFactory, SupporterFactory


def pairing_conversation(newcomer=None, supporter=None) -> Conversation:
    """An active pairing between two people, with its conversation."""
    newcomer = newcomer or NewcomerFactory()
    supporter = supporter or SupporterFactory()
    pairing = Pairing.objects.create(newcomer=newcomer, supporter=supporter)
    return conversation_open_for_pairing(pairing=pairing)


def session_cookie_for(user) -> bytes:
    """A real logged-in session for the websocket's handshake headers."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async_session_cookie_for = database_sync_to_async(session_cookie_for)


# --- History and cases (added for the view, moderation, service and notify tests) -----------


def messages_posted(conversation: Conversation, sender, count: int, text: str = "Message {n}"):
    """`count` messages from `sender`, each through `message_post` (the rate limit is lifted
    for the set-up only)."""
    from django.test import override_settings

    from chat.services import message_post

    with override_settings(CHAT_RATE_LIMIT_MESSAGES=10_000):
        return [
            message_post(
                user=sender, conversation_id=conversation.pk, body=text.format(n=n)
            ).message
            for n in range(count)
        ]


def reported_case(conversation: Conversation | None = None, reason: str = "unkind"):
    """The supporter writes, the newcomer reports it: an open report case on the pairing."""
    from chat.services import report_create

    conversation = conversation or pairing_conversation()
    pairing = conversation.pairing
    (message,) = messages_posted(conversation, pairing.supporter, 1, "You again?")
    return report_create(reporter=pairing.newcomer, message_id=message.pk, reason=reason)


def team_case(person=None, text: str = "Can someone help me with my supporter?"):
    """A person writes to the team: their team conversation and its open team case."""
    from chat.services import team_conversation_open

    person = person or NewcomerFactory()
    conversation = team_conversation_open(person=person)
    (message,) = messages_posted(conversation, person, 1, text)
    return message.cases.get()
