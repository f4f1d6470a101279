"""Feedback and complaints, optionally anonymous, and what coordinators publish in answer
("You said, we did").

An anonymous entry holds no link to the account that wrote it: no user, no IP address, no
session key, and only the day it was written (an exact time could be matched to server logs).
It is followed with its reference and a secret shown once, of which only a hash is kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_TEXT_LENGTH = 2000


class Feedback(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        COMPLAINT = "complaint", _("Complaint")

    class About(models.TextChoices):
        GENERAL = "general", _("Common Ground in general")
        SUPPORT = "support", _("My peer supporter, or the person I support")
        ACTIVITY = "activity", _("An activity or a group")
        CHAT = "chat", _("The chat")
        WEBSITE = "website", _("This website")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("feedback status", "New")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback status", "Acknowledged")
        RESOLVED = "resolved", pgettext_lazy("feedback status", "Answered")

    class Score(models.IntegerChoices):
        VERY_BAD = 1, _("Very bad")
        BAD = 2, _("Bad")
        OK = 3, _("OK")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

    OPEN = (Status.NEW, Status.ACKNOWLEDGED)

    kind = models.CharField(_("what is it"), max_length=10, choices=Kind.choices)
    about = models.CharField(_("what is it about"), max_length=10, choices=About.choices)
    score = models.PositiveSmallIntegerField(
        _("how was it"), choices=Score.choices, null=True, blank=True
    )
    text = models.TextField(_("tell us more"), max_length=MAX_TEXT_LENGTH, blank=True)
    # The interface language it was written in: the answer is read in it.
    language = models.CharField(max_length=12, blank=True)
    # Which activity it is about, when it is about one (a group, never a person).
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymous = models.BooleanField(default=False)
    # NULL for anonymous feedback, and once the writer has deleted their account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    # A short code the person can quote ("CG-7K3P9Q").
    reference = models.CharField(max_length=16, unique=True)
    # Anonymous only: a hash of the secret shown once, to follow it by reference.
    secret_hash = models.CharField(max_length=128, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("your answer"), max_length=MAX_TEXT_LENGTH, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="feedback_score_1_to_5",
            ),
            # The rule of record: anonymous feedback never points at an account.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(user__isnull=True),
                name="feedback_anonymous_has_no_user",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(response=""),
                name="feedback_resolved_has_response",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="feedback_status_created")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.kind}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED


class PublishedChange(models.Model):
    """A "You said, we did" entry: what people told us, in general terms, and what changed.
    Written by a coordinator for the public page: never personal data."""

    you_said = models.TextField(_("you said"), max_length=600)
    we_did = models.TextField(_("we did"), max_length=1200)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"published change {self.pk}"
