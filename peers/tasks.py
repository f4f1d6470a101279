from celery import shared_task
from django.core import management


@shared_task
def expired_sessions_clear() -> None:
    """Removes expired login sessions so old sessions do not pile up (run nightly by beat)."""
    management.call_command("clearsessions")
