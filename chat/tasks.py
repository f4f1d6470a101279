"""Background work for chat: telling people a message is waiting."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, max_retries=5, ignore_result=True
)
def message_notify(message_id: int) -> None:
    """Tells the other members a message is waiting (never what it says)."""
    from chat.models import Message
    from chat.services.notify import message_waiting_notify

    message = Message.objects.filter(pk=message_id).select_related("conversation").first()
    if message is not None:
        message_waiting_notify(message=message)


@shared_task
def messages_retention_apply() -> int:
    """Removes chat messages older than the retention period (run daily by beat)."""
    from chat.services.notify import messages_expire

    return messages_expire()
