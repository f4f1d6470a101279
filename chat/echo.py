"""The chat benchmark's floor: a bare relay on the same channel layer, with nothing else.

No database, no sessions, no origin check, no rate limit: each socket joins its pair's group and
every `message` it sends is group-sent to both ends, shaped like the chat's payload. Whatever the
real chat costs on top of this is ours. Served on its own by
`python -m daphne chat.echo:application` (`python -m chat.bench` does that).
URL: `/ws/echo/<pair>/<member>/`.
"""

import itertools
import os
import secrets

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()  # the channel layer comes from the same settings as the chat's

from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

# The same layer as the chat's, under a name of its own.
ECHO_LAYER = "echo"
settings.CHANNEL_LAYERS[ECHO_LAYER] = settings.CHANNEL_LAYERS["default"]
# Groups of this run only (shared by its processes, which the bench starts with the same
# CHAT_ECHO_RUN): none left over from an earlier run to send to as well.
_server = os.environ.get("CHAT_ECHO_RUN") or secrets.token_hex(4)
_ids = itertools.count(1)


class EchoConsumer(AsyncJsonWebsocketConsumer):
    channel_layer_alias = ECHO_LAYER

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.member = kwargs["member"]
        self.group = f"echo.{_server}.{kwargs['pair']}"
        # Joined before the handshake completes: nothing sent to the pair can miss this socket.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: dict, **kwargs) -> None:
        if content.get("type") != "message":
            await self.send_json({"type": "error", "code": "unknown_type", "detail": "message"})
            return
        payload = {
            "type": "message",
            "id": next(_ids),
            "sender": self.member,
            "body": content.get("body"),
            "client_id": content.get("client_id"),
        }
        await self.channel_layer.group_send(
            self.group, {"type": "echo.message", "message": payload}
        )

    async def echo_message(self, event: dict) -> None:
        await self.send_json(event["message"])


application = ProtocolTypeRouter(
    {
        "websocket": URLRouter([path("ws/echo/<int:pair>/<int:member>/", EchoConsumer.as_asgi())]),
    }
)
