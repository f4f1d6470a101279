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


@shared_task
def notification_emails_send(batch: list[tuple[int, str]]) -> None:
    """Emails a batch of notifications (a matching run's offers). Each one that fails is
    handed to `notification_email_send` alone, which retries it without resending the rest."""
    from peers.models import Notification
    from peers.services.notifications import notification_email

    wanted = dict(batch)
    for notification in Notification.objects.filter(pk__in=wanted).select_related("user"):
        try:
            notification_email(notification=notification, email=wanted[notification.pk])
        except (SMTPException, OSError):
            notification_email_send.delay(notification.pk, wanted[notification.pk])


@shared_task
def matching_run_task(run_id: int) -> None:
    """Runs one queued matching run."""
    from peers.models import MatchingRun
    from peers.services.matching_runs import matching_run_execute

    run = MatchingRun.objects.filter(pk=run_id, status=MatchingRun.Status.PENDING).first()
    if run is not None:
        matching_run_execute(run=run)


@shared_task
def matching_scheduled() -> None:
    """Beat's regular matching run (skipped while another one is going on)."""
    from django.core.exceptions import ValidationError

    from peers.services.matching_runs import matching_run_start

    try:
        matching_run_start()
    except ValidationError:
        pass


@shared_task
def offers_expire_task() -> int:
    """Expires offers left unanswered for 72 hours."""
    from peers.services.pairing import offers_expire

    return offers_expire()


@shared_task
def user_sessions_delete(user_id: int) -> int:
    """After an account is deleted: its login sessions go from the session store."""
    from peers.services.data_rights import user_sessions_delete as delete

    return delete(user_id=user_id)


@shared_task
def personal_content_retention_apply() -> dict[str, int]:
    """Removes personal content of cases closed and feedback answered more than
    CASE_RETENTION_DAYS ago (run daily by beat)."""
    from peers.services.data_rights import personal_content_retention_apply as apply

    return apply()
