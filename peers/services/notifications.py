from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from peers.models import Notification, User


@transaction.atomic
def notification_create(*, user: User, kind: Notification.Kind, note: str = "") -> Notification:
    """Tells a person something in the app, and by email when they have a verified address."""
    notification = Notification.objects.create(user=user, kind=kind, note=note)
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary").first()
    if address:
        from peers.tasks import notification_email_send

        transaction.on_commit(lambda: notification_email_send.delay(notification.pk, address.email))
    return notification


def notification_email(*, notification: Notification, email: str) -> None:
    """Sends one notification by email."""
    # English for now: we do not yet store a person's preferred language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.get_kind_display()}"
        body = render_to_string("peers/email/notification.txt", {"notification": notification})
    send_mail(subject, body, None, [email])


def notifications_mark_read(*, user: User) -> int:
    """Marks every unread notification of this person as read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
