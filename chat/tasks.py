"""Background work for chat: telling people a message is waiting."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, max_retries=5, ignore_result=True
)
def conversation_notify(conversation_id: int) -> None:
    """Tells the members of a conversation that messages are waiting (never what they say)."""
    from chat.services.notify import conversation_notify as notify

    notify(conversation_id=conversation_id)


@shared_task
def messages_retention_apply() -> int:
    """Removes chat messages older than the retention period (run daily by beat)."""
    from chat.services.notify import messages_expire

    return messages_expire()
