"""Chat writes. Import from here: `from chat.services import …`.

Lock order for the whole app (peers writes it down too): supporter profile, then support
request, then offer, then pairing, then conversation, then case. Broadcasts and tasks run
only after commit.
"""

from chat.services.activities import (
    activity_conversation_member_add,
    activity_conversation_member_remove,
    conversation_open_for_activity,
    conversation_sync_for_activity,
)
from chat.services.conversations import (
    conversation_end_for_pairing,
    conversation_open_for_pairing,
    conversations_close_between,
    team_conversation_open,
)
from chat.services.messages import (
    ChatError,
    ChatForbidden,
    Posted,
    conversation_mark_read,
    message_post,
)
from chat.services.moderation import (
    case_acknowledge,
    case_close,
    case_messages_open,
    message_hide,
    person_suspend,
    person_warn,
    report_create,
    team_reply,
)

__all__ = [
    "ChatError",
    "activity_conversation_member_add",
    "activity_conversation_member_remove",
    "conversation_open_for_activity",
    "conversation_sync_for_activity",
    "ChatForbidden",
    "Posted",
    "case_acknowledge",
    "case_close",
    "case_messages_open",
    "conversation_end_for_pairing",
    "conversation_mark_read",
    "conversation_open_for_pairing",
    "conversations_close_between",
    "message_hide",
    "message_post",
    "person_suspend",
    "person_warn",
    "report_create",
    "team_conversation_open",
    "team_reply",
]
