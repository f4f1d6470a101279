from peers.models import AccessRecord, User


def access_record(*, coordinator: User, subject: User, reason: AccessRecord.Reason) -> None:
    """Records that a coordinator opened someone's private information, and why."""
    AccessRecord.objects.create(coordinator=coordinator, subject=subject, reason=reason)
