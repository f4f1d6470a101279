"""Feedback and a person's data rights: what happens to their feedback when they delete their
account, and when answered feedback has been kept long enough.

Both keep what the dashboard counts (kind, subject, score, status, dates) and the
coordinators' answer; both remove what the person wrote and the link to their account.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from feedback.models import Feedback
from peers.models import User

RETENTION_BATCH = 500


@transaction.atomic
def feedback_person_forget(*, user: User, pseudonym: str = "", names: Sequence[str] = ()) -> int:
    """Account deletion: the person's named feedback loses its link to them and their words;
    the coordinators' answer stays, with the person's `names` in it replaced by `pseudonym`.
    Returns how many entries changed."""
    from peers.services.data_rights import names_replace

    theirs = Feedback.objects.filter(user=user)
    if names:
        answers = []
        for item in theirs.exclude(response="").only("pk", "response").order_by("pk"):
            response = names_replace(item.response, names=list(names), pseudonym=pseudonym)
            if response != item.response:
                item.response = response
                answers.append(item)
        Feedback.objects.bulk_update(answers, ["response"])
    return theirs.update(user=None, text="")


def _due(cutoff: datetime):
    """Answered before `cutoff` and still holding something personal."""
    answered_before = Q(responded_at__lt=cutoff) | Q(
        responded_at__isnull=True, created_at__lt=cutoff
    )
    personal = Q(user__isnull=False) | ~Q(text="")
    return Feedback.objects.filter(answered_before, personal, status=Feedback.Status.RESOLVED)


def feedback_retention_apply(
    *, now: datetime | None = None, batch_size: int = RETENTION_BATCH
) -> int:
    """Feedback answered more than CASE_RETENTION_DAYS ago loses what the person wrote and any
    link to them; kind, score, status, dates and the answer stay for the figures. In batches,
    each its own transaction; running it again changes nothing."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CASE_RETENTION_DAYS)
    changed = 0
    while True:
        with transaction.atomic():
            ids = list(_due(cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                return changed
            changed += Feedback.objects.filter(pk__in=ids).update(user=None, text="")
