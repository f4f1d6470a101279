"""Scale-out: two daphne processes on one Redis channel layer behave as one chat server.

Member A talks to one process and member B to the other; messages, hides and suspensions made
anywhere (a server process, or this pytest process acting as the coordinator's web request)
reach every socket through Redis. The servers are subprocesses on the *test* database, as in
tests/browser/conftest.py, whose helpers this file reuses.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from pytest_django import Settings
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from chat.services import message_hide, person_suspend, report_create
from tests.browser.conftest import (
    HOST,
    _free_port,
    _read_log,
    _stop,
    _wait_until_listening,
    server_database_url,
)
from tests.chat.factories import pairing_conversation, session_cookie_for
from tests.peers.factories import CoordinatorFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: scale-out needs Redis"
    ),
]

TIMEOUT = 5  # seconds for any one frame: a generous bound, never a synchronisation
CONTRACT_FIELDS = {
    "type", "id", "conversation", "sender", "sender_name", "body", "created", "client_id",
}  # fmt: skip


@pytest.fixture
def redis_layer(settings: Settings) -> Iterator[None]:
    """This process broadcasts (the coordinator's actions) on the servers' Redis layer."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",  # as in the settings
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def two_servers(
    transactional_db: None, redis_layer: None, settings: Settings
) -> Iterator[list[int]]:
    """Ports of two daphne subprocesses serving config.asgi on the test database and Redis.

    Depends on `transactional_db`, so what the test commits is visible to both, and both stop
    before that fixture empties the database.
    """
    env = {
        **os.environ,
        "DATABASE_URL": server_database_url(connection),
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
        # Nothing consumes the "message waiting" tasks the servers queue: keep them in the
        # server's memory rather than on the shared Redis, where a later worker would run them.
        "CELERY_BROKER_URL": "memory://",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    application = ":".join(settings.ASGI_APPLICATION.rsplit(".", 1))  # daphne's module:attr
    ports = []
    with ExitStack() as stack:
        for _ in range(2):
            port = _free_port()
            log = stack.enter_context(tempfile.TemporaryFile())
            command = [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), application]
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            stack.callback(
                lambda log=log, port=port: print(f"--- daphne :{port} ---\n" + _read_log(log))
            )
            stack.callback(_stop, process)
            _wait_until_listening(process, port, log)
            ports.append(port)
        yield ports


def _socket(port: int, conversation_id: int, cookie: bytes):
    return connect(
        f"ws://{HOST}:{port}/ws/chat/{conversation_id}/",
        origin=f"http://{HOST}:{port}",
        additional_headers={"Cookie": cookie.decode()},
        proxy=None,
        open_timeout=TIMEOUT,
    )


async def _receive(socket: ClientConnection) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))


async def _joined(socket: ClientConnection) -> None:
    """Waits until the consumer has joined its groups. It accepts the handshake *before*
    joining, but handles frames only once `connect` has returned, so the reply to a frame of
    an unknown type proves the socket now hears every broadcast."""
    await socket.send(json.dumps({"type": "ready?"}))
    reply = await _receive(socket)
    assert reply["type"] == "error" and reply["code"] == "unknown_type", reply


async def _close_code(socket: ClientConnection) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        frame = await asyncio.wait_for(socket.recv(), TIMEOUT)
        pytest.fail(f"expected a close, got {frame!r}")
    assert closed.value.rcvd is not None, "closed without a close frame (a hang, not a refusal)"
    return closed.value.rcvd.code


def _in_thread(function: Callable[..., Any]) -> Callable[..., Any]:
    """A service call from the async scenario: in a worker thread, its connection closed
    after, so no connection outlives the test into the database flush."""

    def call(**kwargs: Any) -> Any:
        try:
            return function(**kwargs)
        finally:
            connection.close()

    return sync_to_async(call, thread_sensitive=False)


def test_two_processes_share_messages_hides_and_suspensions(two_servers: list[int]) -> None:
    first_port, second_port = two_servers
    conversation = pairing_conversation()
    member_a, member_b = conversation.pairing.newcomer, conversation.pairing.supporter
    cookie_a, cookie_b = session_cookie_for(member_a), session_cookie_for(member_b)
    coordinator = CoordinatorFactory()

    async def scenario() -> None:
        async with (
            _socket(first_port, conversation.pk, cookie_a) as socket_a,
            _socket(second_port, conversation.pk, cookie_b) as socket_b,
        ):
            await asyncio.gather(_joined(socket_a), _joined(socket_b))

            # (1) A message sent to process 1 reaches B on process 2, and A itself.
            client_id = str(uuid.uuid4())
            await socket_a.send(
                json.dumps({"type": "message", "body": " Hello across ", "client_id": client_id})
            )
            to_b, to_a = await asyncio.gather(_receive(socket_b), _receive(socket_a))
            assert to_a == to_b
            assert set(to_b) >= CONTRACT_FIELDS
            assert to_b["type"] == "message"
            assert to_b["body"] == "Hello across"
            assert to_b["sender"] == member_a.pk
            assert to_b["conversation"] == conversation.pk
            assert to_b["client_id"] == client_id
            message_id = to_b["id"]

            # (2) A coordinator's hide, made in this process, reaches both processes' sockets.
            case = await _in_thread(report_create)(
                reporter=member_b, message_id=message_id, reason="unkind"
            )
            await _in_thread(message_hide)(
                case=case, coordinator=coordinator, message_id=message_id
            )
            hidden = {"type": "hidden", "id": message_id}
            assert await asyncio.gather(_receive(socket_a), _receive(socket_b)) == [hidden] * 2

            # (3) A suspension made here closes A's socket on process 1 (through Redis), and
            # only A's.
            await _in_thread(person_suspend)(
                case=case, coordinator=coordinator, user_id=member_a.pk, days=1
            )
            assert await _close_code(socket_a) == 4403
            await _joined(socket_b)

        # Nor can A come back through the other process.
        async with _socket(second_port, conversation.pk, cookie_a) as again:
            assert await _close_code(again) == 4403

    asyncio.run(scenario())
    assert conversation.messages.get().is_hidden
