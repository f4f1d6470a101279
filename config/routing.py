"""Websocket routes of every app, gathered in one list for config.asgi."""

from django.urls import re_path

from chat.consumers import NotFoundConsumer
from chat.routing import websocket_urlpatterns as chat_routes

websocket_urlpatterns = [
    *chat_routes,
    # Last: any other path gets a close code (4404) rather than a server error.
    re_path(r"", NotFoundConsumer.as_asgi()),
]
