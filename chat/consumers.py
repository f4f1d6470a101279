"""The live chat socket, exactly as DESIGN.md's websocket contract says. Thin: every decision
is a service or selector call; the rules are the same as the plain form's."""

import datetime as dt
import json

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer
from django.utils import translation

from chat.crisis import crisis_note, crisis_resources
from chat.groups import conversation_group, user_group
from chat.selectors import (
    conversation_writable_by,
    deleted_account_body,
    deleted_account_name,
    message_time_label,
)
from chat.services import ChatError, ChatForbidden, conversation_mark_read, message_post
from peers.services.notifications import user_language

NOT_LOGGED_IN = 4401
FORBIDDEN = 4403
NOT_FOUND = 4404


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message: dict) -> None:
        """Channels' own dispatch first closes stale database connections, by a hop into the
        one thread Channels gives database work, before *every* frame and layer event: each
        delivery of a message would queue behind other sockets' database work. Here every
        handler either only sends, or reaches the database through database_sync_to_async,
        which does that cleanup itself, before and after."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        self.groups_joined: list[str] = []
        if self.user is None or not self.user.is_authenticated:
            await self._refuse(NOT_LOGGED_IN)
            return
        self.language = user_language(self.user)
        if not await database_sync_to_async(conversation_writable_by)(
            user=self.user, conversation_id=self.conversation_id
        ):
            await self._refuse(FORBIDDEN)
            return
        # Join before accepting: the page catches up on history once the socket is open, so
        # nothing committed after that can slip between the catch-up and the live feed.
        for group in (conversation_group(self.conversation_id), user_group(self.user.pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()

    async def _refuse(self, code: int) -> None:
        # Accept, then close: a close code reaches the browser only after the handshake.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        if not self.groups_joined:
            return  # closing
        try:
            content = json.loads(text_data) if text_data is not None else None
        except ValueError:
            content = None
        if not isinstance(content, dict):
            await self.send_error("invalid_json", "Send one JSON object per frame.")
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict, **kwargs) -> None:
        handler = {"message": self.on_message, "read": self.on_read}.get(content.get("type"))
        if handler is None:
            await self.send_error("unknown_type", "type must be 'message' or 'read'.")
            return
        try:
            await handler(content)
        except ChatError as error:
            await self.send_error(error.code, error.detail)
        except ChatForbidden:
            await self.shut()

    async def on_message(self, content: dict) -> None:
        # Membership, suspension and the conversation's state are checked again inside.
        posted = await database_sync_to_async(message_post)(
            user=self.user,
            conversation_id=self.conversation_id,
            body=content.get("body"),
            client_id=content.get("client_id"),
        )
        if not posted.created:
            # A retry: the sender hears of the one stored message again; nobody else does.
            await self.send_json(self._in_my_language(posted.payload))
        if posted.assessment.is_risk:
            await self.send_json(
                {
                    "type": "safety",
                    "resources": crisis_resources(self.language),
                    "note": crisis_note(self.language),
                }
            )

    async def on_read(self, content: dict) -> None:
        if not await database_sync_to_async(conversation_writable_by)(
            user=self.user, conversation_id=self.conversation_id
        ):
            raise ChatForbidden
        await database_sync_to_async(conversation_mark_read)(
            user=self.user, conversation_id=self.conversation_id, up_to=content.get("up_to")
        )

    async def send_error(self, code: str, detail: str) -> None:
        await self.send_json({"type": "error", "code": code, "detail": str(detail)})

    def _in_my_language(self, payload: dict) -> dict:
        """One broadcast reaches readers of several languages: each socket writes the time the
        way its reader's pages do."""
        with translation.override(self.language):
            label = message_time_label(dt.datetime.fromisoformat(payload["created"]))
        return {**payload, "created_label": label}

    # --- Events from the channel layer: each only sends -------------------------------------

    async def chat_message(self, event: dict) -> None:
        await self.send_json(self._in_my_language(event["message"]))

    async def chat_hidden(self, event: dict) -> None:
        await self.send_json({"type": "hidden", "id": event["id"]})

    async def chat_deleted(self, event: dict) -> None:
        # Their writer deleted their account: the page shows them as a reload would.
        with translation.override(self.language):
            name, body = deleted_account_name(), deleted_account_body()
        await self.send_json(
            {"type": "deleted", "ids": event["ids"], "sender_name": name, "body": body}
        )

    async def chat_close(self, event: dict) -> None:
        await self.shut()

    async def chat_leave(self, event: dict) -> None:
        # Sent to the person's own group when they leave an activity: only that socket closes.
        if event.get("conversation") == self.conversation_id:
            await self.shut()

    async def shut(self) -> None:
        """Blocked, suspended, ended or no longer a member: leave at once with 4403."""
        await self.disconnect(FORBIDDEN)
        await self.close(code=FORBIDDEN)


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any other websocket path: a clear close code, never a server error."""

    async def connect(self) -> None:
        await self.accept()
        await self.close(code=NOT_FOUND)
