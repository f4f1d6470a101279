"""Channel-layer group names and after-commit broadcasts: the one place both are made."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{int(conversation_id)}"


def user_group(user_id: int) -> str:
    return f"chat.user.{int(user_id)}"


def broadcast_after_commit(group: str, event: dict) -> None:
    """Sends an event to a group once the surrounding transaction has committed, so nobody
    hears of a message (or a hide, or a close) that could still be rolled back."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, event)

    # robust: the data is already stored; a layer hiccup must not turn the request into a 500.
    transaction.on_commit(send, robust=True)
