"""Websocket routes of every app, gathered in one list for config.asgi."""

# The chat app adds /ws/chat/<conversation_id>/ here when it arrives.
websocket_urlpatterns: list = []
