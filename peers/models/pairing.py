"""Asking for a peer supporter, matching runs, offers and pairings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SupportRequest(models.Model):
    """A newcomer asking for a peer supporter. `waiting_since` is their place in the queue: it
    is kept when an offer expires or is declined, so nobody loses their place."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a match")
        OFFERED = "offered", _("A supporter has been asked")
        MATCHED = "matched", _("Matched")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (Status.WAITING, Status.OFFERED)

    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    helps = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    waiting_since = models.DateTimeField()
    matched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Why the last matching run left this request waiting ({"key", "params"}; empty until a
    # run has looked at it), so the coordinators' list never has to rebuild the whole run.
    waiting_reason = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["waiting_since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status__in=["waiting", "offered"]),
                name="supportrequest_one_open_per_newcomer",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.status})"


class MatchingRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", pgettext_lazy("matching run status", "Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on by every step of a working run: a run is stale only when this stops.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    newcomers = models.PositiveIntegerField(default=0)
    supporters = models.PositiveIntegerField(default=0)
    offers_made = models.PositiveIntegerField(default=0)
    objective = models.FloatField(default=0)
    seconds = models.FloatField(default=0)
    # [{"key": ..., "params": {...}, "count": n}]: why people are still waiting, in aggregate.
    waiting_reasons = models.JSONField(default=list, blank=True)

    ACTIVE = (Status.PENDING, Status.RUNNING)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One matching run at a time, whoever starts it: a unique index on a constant,
            # over the active rows only, so a second active row cannot exist.
            models.UniqueConstraint(
                models.Value(True),
                condition=Q(status__in=["pending", "running"]),
                name="one_active_matching_run",
            )
        ]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class Offer(models.Model):
    """A suggested pairing waiting for the supporter's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="offers")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers"
    )
    run = models.ForeignKey(MatchingRun, on_delete=models.SET_NULL, null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal_note = models.TextField(blank=True)
    score = models.FloatField(default=0)
    distance_km = models.FloatField(null=True, blank=True)
    remote = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="offer_one_pending_per_request",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"offer {self.pk} ({self.status})"


class Pairing(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairings_as_newcomer"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairings_as_supporter"
    )
    request = models.ForeignKey(SupportRequest, on_delete=models.SET_NULL, null=True, blank=True)
    offer = models.OneToOneField(Offer, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ACTIVE)
    # By chat or phone: they were matched as a remote pair, or the newcomer has moved out of
    # the supporter's range and the pairing carried on.
    remote = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Private: seen only by coordinators, never by the other person.
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status="active"),
                name="pairing_one_active_per_newcomer",
            ),
            models.CheckConstraint(
                condition=~Q(newcomer=models.F("supporter")), name="pairing_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"pairing {self.pk} ({self.status})"


class Block(models.Model):
    """One person blocking another: they are never offered to each other again."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocked {self.blocked_id}"
