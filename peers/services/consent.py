from django.db import transaction
from django.utils import timezone

from peers.models import Consent, ConsentPurpose, User


@transaction.atomic
def consent_grant(*, user: User, purpose: ConsentPurpose) -> Consent:
    """Records consent for one purpose, with the time; granting twice keeps the first grant."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise grants per person
    current = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if current:
        return current
    return Consent.objects.create(user=user, purpose=purpose, granted_at=timezone.now())


@transaction.atomic
def consent_withdraw(*, user: User, purpose: ConsentPurpose) -> bool:
    """Withdraws consent at once; the grant stays in the history with its withdrawal time."""
    updated = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    return bool(updated)
