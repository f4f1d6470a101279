from smtplib import SMTPException

from celery import shared_task
from django.core import management


@shared_task
def expired_sessions_clear() -> None:
    """Removes expired login sessions so old sessions do not pile up (run nightly by beat)."""
    management.call_command("clearsessions")


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=60, max_retries=5)
def notification_email_send(notification_id: int, email: str) -> None:
    """Emails a notification; mail servers fail now and then, so it retries with backoff."""
    from peers.models import Notification
    from peers.services.notifications import notification_email

    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is not None:
        notification_email(notification=notification, email=email)
