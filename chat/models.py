"""Conversations and their messages; cases, the moderation trail and suspensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_MESSAGE_LENGTH = 2000


class Conversation(models.Model):
    """One per pairing (its two members), one per activity whose organisers turned its chat on
    (organisers and the people who joined), or a person's private line to the team."""

    class Kind(models.TextChoices):
        PAIRING = "pairing", _("Pairing")
        TEAM = "team", _("The Common Ground team")
        ACTIVITY = "activity", _("Activity group")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("conversation status", "Open")
        # The pairing ended: both can read the history, nobody can write.
        READ_ONLY = "read_only", _("Ended: you can read it but not write")
        # Someone blocked, or the team closed it.
        CLOSED = "closed", pgettext_lazy("conversation status", "Closed")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    pairing = models.OneToOneField(
        "peers.Pairing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
    )
    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
    )
    # A team conversation: the person writing to the team (coordinators answer as the team).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_conversations",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="team", status="open"),
                name="conversation_one_open_team_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(kind="team") | Q(person__isnull=False),
                name="conversation_team_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk} ({self.kind}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Member(models.Model):
    """A person in a conversation, with how far they have read."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    last_read_id = models.BigIntegerField(default=0)
    # When we last emailed them about this conversation: at most one email an hour.
    last_emailed_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="member_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Written by a coordinator on behalf of the team: shown as "the Common Ground team".
    from_team = models.BooleanField(default=False)
    # Its writer deleted their account: the body is emptied, the sender is NULL, and it is
    # shown as "message from a deleted account" (in the reader's language, when shown). A
    # database default because the send path inserts messages in plain SQL.
    sender_deleted = models.BooleanField(default=False, db_default=False)
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    # The sender's own id for the message, so a retry never stores it twice.
    # NULL, not "", when absent: NULLs never collide in the unique constraint below.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # "", "medium" or "high": what the safeguarding rules saw in it.
    risk = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "client_id"],
                condition=Q(client_id__isnull=False),
                name="message_unique_client_id",
            )
        ]
        indexes = [
            # History pages are "this conversation, ids below/above N": one index range scan.
            models.Index(fields=["conversation", "id"], name="message_conversation_id"),
            models.Index(fields=["created_at"], name="message_created_at"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReportReason(models.TextChoices):
    UNKIND = "unkind", _("Unkind or insulting")
    THREAT = "threat", _("Threatening or harassing")
    SEXUAL = "sexual", _("Sexual or makes me uncomfortable")
    MONEY = "money", _("Asks for money, documents or personal details")
    SAFETY = "safety", _("I am worried about someone's safety")
    OTHER = "other", _("Something else")


class Case(models.Model):
    """Something a coordinator must look at: a safeguarding alert, a report, or a person
    writing to the team."""

    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", _("Safeguarding alert")
        REPORT = "report", _("Report")
        TEAM = "team", _("Message to the team")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    OPEN = (Status.NEW, Status.ACKNOWLEDGED)

    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.LOW)
    # NULL once the conversation is gone (a person's line to the team, deleted with their
    # account): the case stays, with what coordinators wrote.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    # Whom the case is about (the sender of the message, or the person writing to the team).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Once the subject or the reporter has deleted their account, or the case's personal
    # content has passed its retention time: a pseudonym ("person 4f2a9c", from a random
    # token), never a name, so coordinators can still tell the two people apart.
    subject_label = models.CharField(max_length=40, blank=True, default="", db_default="")
    reporter_label = models.CharField(max_length=40, blank=True, default="", db_default="")
    reason = models.CharField(max_length=12, choices=ReportReason.choices, blank=True)
    detail = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    # When the retention task removed its personal content (CASE_RETENTION_DAYS after
    # closing): counts, kinds and statuses stay for the dashboard.
    personal_content_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-severity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(kind="team") & ~Q(status="closed"),
                name="case_one_open_team_case_per_conversation",
            )
        ]
        indexes = [models.Index(fields=["status", "severity", "created_at"])]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.kind}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseEvent(models.Model):
    """One step in a case's timeline."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened")
        RAISED_AGAIN = "raised_again", _("Raised again")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        READ = "read", _("Read the conversation")
        HIDDEN = "hidden", _("Hid a message")
        WARNED = "warned", _("Warned a person")
        SUSPENDED = "suspended", _("Suspended a person")
        REPLIED = "replied", _("Replied as the team")
        CHECK_IN = "check_in", _("Offered the supporter a debrief")
        CLOSED = "closed", _("Closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.action}"


class ConversationAccess(models.Model):
    """Audit: a coordinator opened part of a conversation, through which case, which messages."""

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    # The record of the read stays when the conversation is deleted with an account.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    message_ids = models.JSONField(default=list)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.coordinator_id} read {self.conversation_id} (case {self.case_id})"


class Suspension(models.Model):
    """A person may not chat until `ends_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["-ends_at"]
        indexes = [models.Index(fields=["user", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="suspension_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} suspended until {self.ends_at:%Y-%m-%d %H:%M}"
