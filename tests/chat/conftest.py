import os

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.chat.factories import async_session_cookie_for

ORIGIN = (b"origin", b"http://localhost")

LAYERS = {
    "memory": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
    "redis": {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",  # as in the settings
            "CONFIG": {"hosts": [os.environ.get("REDIS_URL", "")]},
        }
    },
}


@pytest.fixture(params=["memory", "redis"])
def channel_layer(request, settings):
    """Each consumer test runs on the in-memory layer and, when REDIS_URL is set, on Redis."""
    if request.param == "redis" and not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    settings.CHANNEL_LAYERS = LAYERS[request.param]
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield request.param
    channel_layers.backends.clear()


@pytest.fixture
def connect(channel_layer):
    """Opens a websocket to a conversation as a user (None: not logged in)."""

    async def open_(conversation_id, user=None, origin=ORIGIN):
        headers = [origin] if origin else []
        if user is not None:
            headers.append((b"cookie", await async_session_cookie_for(user)))
        communicator = WebsocketCommunicator(
            application, f"/ws/chat/{conversation_id}/", headers=headers
        )
        connected, code = await communicator.connect()
        return communicator, connected, code

    # Each test disconnects what it opened.
    yield open_
