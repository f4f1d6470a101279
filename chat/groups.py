"""Channel-layer group names and after-commit broadcasts: the one place both are made."""

import asyncio
import logging
import os

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{int(conversation_id)}"


def user_group(user_id: int) -> str:
    return f"chat.user.{int(user_id)}"


def broadcast_after_commit(group: str, event: dict) -> None:
    """Sends an event to a group once the surrounding transaction has committed, so nobody
    hears of a message (or a hide, or a close) that could still be rolled back."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        loop = _server_event_loop()
        if loop is None:
            async_to_sync(layer.group_send)(group, event)
            return
        # In a server (a socket's database thread): hand the send to the server's event loop
        # and go on. Waiting for it would hold the one thread Channels gives database work for
        # a round trip to Redis per message.
        sending = asyncio.run_coroutine_threadsafe(layer.group_send(group, event), loop)
        sending.add_done_callback(_log_failure)

    # robust: the data is already stored; a layer hiccup must not turn the request into a 500.
    transaction.on_commit(send, robust=True)


def _server_event_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop this thread was called from by sync_to_async, if any (asgiref
    records it so that async_to_sync can go back to it)."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    pid = getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None)
    if loop is None or pid != os.getpid() or not loop.is_running() or loop.is_closed():
        return None
    try:
        if asyncio.get_running_loop() is loop:
            return None  # on the loop's own thread: not ours to block or hand over
    except RuntimeError:
        pass
    return loop


def _log_failure(sending) -> None:
    if not sending.cancelled() and sending.exception() is not None:
        logger.error("Broadcast to the channel layer failed", exc_info=sending.exception())
