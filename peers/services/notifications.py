from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from config.jobs import enqueue_after_commit
from peers.models import Notification, User


def verified_email_of(user: User) -> str | None:
    """The person's verified address (primary first), or None: we only write to checked ones."""
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary").first()
    return address.email if address else None


@transaction.atomic
def notification_create(
    *, user: User, kind: Notification.Kind, note: str = "", link: str = "", email: bool = True
) -> Notification:
    """Tells a person something in the app, and by email when they have a verified address
    (unless the caller sends its own, consent-checked email, as chat does)."""
    notification = Notification.objects.create(user=user, kind=kind, note=note, link=link)
    address = verified_email_of(user) if email else None
    if address:
        enqueue_after_commit("peers.tasks.notification_email_send", notification.pk, address)
    return notification


# Emails for a bulk of notices go to Celery in batches: one task per batch, not per person.
EMAIL_BATCH = 500


@transaction.atomic
def notifications_create_bulk(
    *,
    user_ids: list[int],
    kind: Notification.Kind,
    link: str,
    note: str = "",
    email: bool = True,
) -> list[Notification]:
    """The same notice for many people at once (a matching run's offers), in a fixed number of
    queries; those with a verified address are emailed by Celery after commit, in batches
    (unless the caller emails only those who consented, as a cancellation does)."""
    if not user_ids:
        return []
    notifications = Notification.objects.bulk_create(
        [Notification(user_id=user_id, kind=kind, link=link, note=note) for user_id in user_ids],
        batch_size=5000,
    )
    if not email:
        return notifications
    emails = verified_emails_of(user_ids=set(user_ids))
    to_send = [(n.pk, emails[n.user_id]) for n in notifications if n.user_id in emails]
    for start in range(0, len(to_send), EMAIL_BATCH):
        enqueue_after_commit(
            "peers.tasks.notification_emails_send", to_send[start : start + EMAIL_BATCH]
        )
    return notifications


def verified_emails_of(*, user_ids: set[int]) -> dict[int, str]:
    """Each person's verified address (primary first), for those who have one."""
    emails: dict[int, str] = {}
    ids = list(user_ids)
    for start in range(0, len(ids), 5000):
        rows = (
            EmailAddress.objects.filter(user_id__in=ids[start : start + 5000], verified=True)
            .order_by("user_id", "-primary")
            .values_list("user_id", "email")
        )
        for user_id, email in rows:
            emails.setdefault(user_id, email)
    return emails


def user_language(user: User) -> str:
    """The language a person reads: the one they last chose, else the site's default."""
    return user.language or settings.LANGUAGE_CODE


def notification_email(*, notification: Notification, email: str) -> None:
    """Sends one notification by email, in the person's language, with a link to it."""
    with translation.override(user_language(notification.user)):
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.get_kind_display()}"
        body = render_to_string(
            "peers/email/notification.txt",
            {"notification": notification, "site_url": settings.SITE_URL},
        )
    send_mail(subject, body, None, [email])


def notifications_mark_read(*, user: User, link: str | None = None) -> int:
    """Marks this person's unread notifications as read (only those about `link`, if given:
    opening the thing a notice is about answers the notice)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if link is not None:
        unread = unread.filter(link=link)
    return unread.update(read_at=timezone.now())


def user_language_set(*, user: User, language: str) -> None:
    """Remembers the interface language a person chose, for what we send them later."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
