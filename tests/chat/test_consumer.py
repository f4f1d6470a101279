"""The chat socket against DESIGN.md's websocket contract, on the in-memory layer and on Redis."""

import asyncio
import json
import time
import uuid
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import formats, translation
from django.utils.timezone import localtime

from chat.models import Case, Message
from chat.services import message_hide, person_suspend, report_create
from config.asgi import application
from peers.services.pairing import pairing_end, person_block
from tests.chat.conftest import ORIGIN
from tests.chat.factories import pairing_conversation
from tests.peers.factories import CoordinatorFactory, NewcomerFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.no_reference_data]

TIMEOUT = 3


@database_sync_to_async
def _conversation_with_members():
    conversation = pairing_conversation()
    pairing = conversation.pairing
    return conversation, pairing.newcomer, pairing.supporter


async def _closed_with(communicator: WebsocketCommunicator) -> int:
    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close", output
    return output["code"]


async def _send(communicator, **content):
    await communicator.send_json_to(content)
    return await communicator.receive_json_from(timeout=TIMEOUT)


# --- Who may connect ------------------------------------------------------------------------


async def test_connect_anonymous_closes_4401(connect):
    conversation, _newcomer, _supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, None)
    assert await _closed_with(communicator) == 4401


async def test_connect_non_member_closes_4403(connect):
    conversation, _newcomer, _supporter = await _conversation_with_members()
    stranger = await database_sync_to_async(NewcomerFactory)()
    communicator, _connected, _code = await connect(conversation.pk, stranger)
    assert await _closed_with(communicator) == 4403


async def test_connect_unknown_conversation_closes_4403(connect):
    person = await database_sync_to_async(NewcomerFactory)()
    communicator, _connected, _code = await connect(999_999, person)
    assert await _closed_with(communicator) == 4403


async def test_connect_foreign_origin_is_refused(connect):
    conversation, newcomer, _supporter = await _conversation_with_members()
    _communicator, connected, _code = await connect(
        conversation.pk, newcomer, origin=(b"origin", b"https://evil.example")
    )
    assert not connected


@pytest.mark.parametrize("path", ["/ws/", "/ws/chat/abc/", "/ws/nothing/here/", "/"])
async def test_unknown_websocket_path_closes_4404_not_500(channel_layer, path):
    communicator = WebsocketCommunicator(application, path, headers=[ORIGIN])
    await communicator.connect()
    assert await _closed_with(communicator) == 4404


async def test_connect_ended_pairing_closes_4403(connect):
    conversation, newcomer, _supporter = await _conversation_with_members()
    await database_sync_to_async(pairing_end)(pairing=conversation.pairing, by=newcomer)
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    assert await _closed_with(communicator) == 4403


async def test_connect_suspended_person_closes_4403(connect):
    conversation, newcomer, supporter = await _conversation_with_members()

    @database_sync_to_async
    def suspend():
        message = Message.objects.create(conversation=conversation, sender=newcomer, body="x")
        case = report_create(reporter=supporter, message_id=message.pk, reason="unkind")
        person_suspend(case=case, coordinator=CoordinatorFactory(), user_id=newcomer.pk, days=1)

    await suspend()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    assert await _closed_with(communicator) == 4403


# --- Messages -------------------------------------------------------------------------------


async def test_message_is_stored_then_sent_to_both_members(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    first, connected, _code = await connect(conversation.pk, newcomer)
    assert connected
    second, connected, _code = await connect(conversation.pk, supporter)
    assert connected
    client_id = str(uuid.uuid4())
    await first.send_json_to({"type": "message", "body": "  Hello Hanna  ", "client_id": client_id})
    to_sender = await first.receive_json_from(timeout=TIMEOUT)
    to_other = await second.receive_json_from(timeout=TIMEOUT)
    assert to_sender == to_other
    assert set(to_sender) >= {
        "type", "id", "conversation", "sender", "sender_name", "body", "created", "client_id",
    }  # fmt: skip
    assert to_sender["type"] == "message"
    assert to_sender["body"] == "Hello Hanna"
    assert to_sender["sender"] == newcomer.pk
    assert to_sender["conversation"] == conversation.pk
    assert to_sender["client_id"] == client_id
    stored = await database_sync_to_async(Message.objects.get)(pk=to_sender["id"])
    assert stored.body == "Hello Hanna"
    await first.disconnect()
    await second.disconnect()


async def test_each_reader_gets_the_message_time_written_in_their_own_language(connect):
    conversation, newcomer, supporter = await _conversation_with_members()

    @database_sync_to_async
    def reads(user, language):
        type(user).objects.filter(pk=user.pk).update(language=language)

    await reads(newcomer, "ar")
    await reads(supporter, "en")
    arabic, _connected, _code = await connect(conversation.pk, newcomer)
    english, _connected, _code = await connect(conversation.pk, supporter)

    await english.send_json_to({"type": "message", "body": "Hi", "client_id": str(uuid.uuid4())})
    to_english = await english.receive_json_from(timeout=TIMEOUT)
    to_arabic = await arabic.receive_json_from(timeout=TIMEOUT)

    created = await database_sync_to_async(
        lambda: Message.objects.get(pk=to_arabic["id"]).created_at
    )()
    with translation.override("ar"):
        expected_arabic = formats.date_format(localtime(created), "DAY_MONTH_TIME_FORMAT")
    assert to_english["created"] == to_arabic["created"]
    assert to_english["created_label"] == localtime(created).strftime("%-d %b, %H:%M")
    assert to_arabic["created_label"] == expected_arabic
    assert "،" in expected_arabic and "," not in expected_arabic
    await arabic.disconnect()
    await english.disconnect()


async def test_same_client_id_twice_gives_one_message(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    sender, _connected, _code = await connect(conversation.pk, newcomer)
    other, _connected, _code = await connect(conversation.pk, supporter)
    client_id = str(uuid.uuid4())
    first = await _send(sender, type="message", body="once", client_id=client_id)
    again = await _send(sender, type="message", body="once", client_id=client_id)
    assert again["id"] == first["id"]
    assert (await other.receive_json_from(timeout=TIMEOUT))["id"] == first["id"]
    assert await other.receive_nothing(timeout=0.3)
    count = await database_sync_to_async(Message.objects.filter(conversation=conversation).count)()
    assert count == 1
    await sender.disconnect()
    await other.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        (json.dumps({"type": "dance"}), "unknown_type"),
        (json.dumps({"body": "no type"}), "unknown_type"),
        (json.dumps({"type": "message", "body": "   "}), "empty"),
        (json.dumps({"type": "message"}), "empty"),
        (json.dumps({"type": "message", "body": 42}), "empty"),
        (json.dumps({"type": "message", "body": "x" * 2001}), "too_long"),
        (json.dumps({"type": "read", "up_to": "soon"}), "invalid_json"),
    ],
)
async def test_bad_input_gets_error_and_socket_stays_open(connect, frame, code):
    conversation, newcomer, _supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    await communicator.send_to(text_data=frame)
    reply = await communicator.receive_json_from(timeout=TIMEOUT)
    assert reply["type"] == "error"
    assert reply["code"] == code
    assert reply["detail"]
    # Still open: a good message goes through afterwards, and nothing bad was stored.
    good = await _send(communicator, type="message", body="x" * 2000)
    assert good["type"] == "message"
    count = await database_sync_to_async(Message.objects.filter(conversation=conversation).count)()
    assert count == 1
    await communicator.disconnect()


async def test_rate_limit_answers_rate_limited_and_stores_nothing_more(
    connect, settings, monkeypatch
):
    settings.CHAT_RATE_LIMIT_MESSAGES = 3
    # The window is fixed (time // seconds): on a slow machine four sends could straddle two
    # windows, so the clock the limiter reads stands still in the middle of one.
    frozen = (
        time.time() // settings.CHAT_RATE_LIMIT_SECONDS + 0.5
    ) * settings.CHAT_RATE_LIMIT_SECONDS
    monkeypatch.setattr("chat.services.messages.time", SimpleNamespace(time=lambda: frozen))
    conversation, newcomer, _supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    for number in range(3):
        reply = await _send(communicator, type="message", body=f"message {number}")
        assert reply["type"] == "message"
    reply = await _send(communicator, type="message", body="one too many")
    assert reply == {"type": "error", "code": "rate_limited", "detail": reply["detail"]}
    count = await database_sync_to_async(Message.objects.filter(conversation=conversation).count)()
    assert count == 3
    await communicator.disconnect()


async def test_read_marker_moves_forward_only(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    sender, _connected, _code = await connect(conversation.pk, supporter)
    reader, _connected, _code = await connect(conversation.pk, newcomer)
    sent = await _send(sender, type="message", body="hello")
    await reader.receive_json_from(timeout=TIMEOUT)
    await reader.send_json_to({"type": "read", "up_to": sent["id"]})
    await reader.send_json_to({"type": "read", "up_to": 0})
    await reader.send_json_to({"type": "read", "up_to": sent["id"] + 1000})
    assert await reader.receive_nothing(timeout=0.3)

    @database_sync_to_async
    def last_read():
        return conversation.members.get(user=newcomer).last_read_id

    assert await last_read() == sent["id"]
    await sender.disconnect()
    await reader.disconnect()


async def test_crisis_message_is_delivered_and_sender_gets_safety(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    sender, _connected, _code = await connect(conversation.pk, newcomer)
    other, _connected, _code = await connect(conversation.pk, supporter)
    await sender.send_json_to({"type": "message", "body": "I want to kill myself"})
    received = [await sender.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    safety = next(item for item in received if item["type"] == "safety")
    numbers = {resource["contact"] for resource in safety["resources"]}
    assert {"116 123", "111", "999", "85258"} <= numbers
    delivered = await other.receive_json_from(timeout=TIMEOUT)
    assert delivered["body"] == "I want to kill myself"
    assert await other.receive_nothing(timeout=0.3)  # the safety help is for the sender only
    case = await database_sync_to_async(Case.objects.get)(conversation=conversation)
    assert case.kind == Case.Kind.SAFEGUARDING
    assert case.severity == Case.Severity.HIGH
    await sender.disconnect()
    await other.disconnect()


async def test_crisis_help_comes_in_the_senders_language(connect):
    conversation, newcomer, _supporter = await _conversation_with_members()
    newcomer.language = "ar"
    await database_sync_to_async(newcomer.save)(update_fields=["language"])
    sender, _connected, _code = await connect(conversation.pk, newcomer)
    await sender.send_json_to({"type": "message", "body": "I want to kill myself"})
    received = [await sender.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    safety = next(item for item in received if item["type"] == "safety")
    samaritans = safety["resources"][0]
    assert samaritans["contact"] == "116 123"
    assert any("\u0600" <= char <= "\u06ff" for char in samaritans["when"])
    await sender.disconnect()


# --- Moderation and closing, live -----------------------------------------------------------


async def test_hidden_reaches_every_member(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    first, _connected, _code = await connect(conversation.pk, newcomer)
    second, _connected, _code = await connect(conversation.pk, supporter)
    sent = await _send(first, type="message", body="something unkind")
    await second.receive_json_from(timeout=TIMEOUT)

    @database_sync_to_async
    def hide():
        case = report_create(reporter=supporter, message_id=sent["id"], reason="unkind")
        message_hide(case=case, coordinator=CoordinatorFactory(), message_id=sent["id"])

    await hide()
    for communicator in (first, second):
        assert await communicator.receive_json_from(timeout=TIMEOUT) == {
            "type": "hidden",
            "id": sent["id"],
        }
        await communicator.disconnect()


async def test_block_closes_both_sockets_4403(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    first, _connected, _code = await connect(conversation.pk, newcomer)
    second, _connected, _code = await connect(conversation.pk, supporter)
    await database_sync_to_async(person_block)(blocker=newcomer, blocked=supporter)
    assert await _closed_with(first) == 4403
    assert await _closed_with(second) == 4403
    again, _connected, _code = await connect(conversation.pk, supporter)
    assert await _closed_with(again) == 4403


async def test_suspension_closes_live_socket_4403(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    sent = await _send(communicator, type="message", body="hello")

    @database_sync_to_async
    def suspend():
        case = report_create(reporter=supporter, message_id=sent["id"], reason="threat")
        person_suspend(case=case, coordinator=CoordinatorFactory(), user_id=newcomer.pk, days=2)

    await suspend()
    assert await _closed_with(communicator) == 4403


async def test_membership_rechecked_on_every_message(connect):
    """A socket that missed the close event (say, a lost broadcast) still cannot post."""
    conversation, newcomer, supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)

    @database_sync_to_async
    def end_without_broadcast():
        # Straight to the row, as a lost close event would leave it.
        type(conversation).objects.filter(pk=conversation.pk).update(status="closed")

    await end_without_broadcast()
    await communicator.send_json_to({"type": "message", "body": "are you there?"})
    assert await _closed_with(communicator) == 4403
    count = await database_sync_to_async(Message.objects.filter(conversation=conversation).count)()
    assert count == 0


async def test_read_after_suspension_mid_connection_closes_4403(connect):
    conversation, newcomer, supporter = await _conversation_with_members()
    communicator, _connected, _code = await connect(conversation.pk, newcomer)
    sent = await _send(communicator, type="message", body="hello")

    @database_sync_to_async
    def suspend_quietly():
        from datetime import timedelta

        from django.utils import timezone

        from chat.models import Suspension

        # No broadcast: the re-check on the next frame must catch it by itself.
        Suspension.objects.create(user=newcomer, ends_at=timezone.now() + timedelta(days=1))

    await suspend_quietly()
    await communicator.send_json_to({"type": "read", "up_to": sent["id"]})
    assert await _closed_with(communicator) == 4403
    await asyncio.sleep(0)
