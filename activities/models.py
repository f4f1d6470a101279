"""Community organisations, the activities they run, and who joins them.

Nothing here is shown to newcomers or on public pages until a coordinator has verified the
organisation. Places are towns or postcode districts (peers.Place) and a public meeting-point
description: never a private address.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SPORTS = "sports", _("Sports club")
        BEFRIENDING = "befriending", _("Befriending scheme")
        WOMEN = "women", _("Women's group")
        FAITH_CULTURE = "faith", _("Faith or culture group")
        CHARITY = "charity", _("Charity")
        ESOL = "esol", _("English classes or conversation (ESOL)")
        PUBLIC_SERVICE = "public", _("Library or council service")
        HEALTH_ADVICE = "advice", _("Health or advice service")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator's check")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Not accepted")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of group"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("what you do"), max_length=1000)
    public_contact = models.CharField(
        _("how newcomers can reach you"),
        max_length=200,
        help_text=_("Shown to everyone: a phone number, an email or a place and time to come."),
    )
    towns = models.ManyToManyField("peers.Place", related_name="organisations", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Organiser(models.Model):
    """A person who manages an organisation and its activities."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="organisers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_of"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="organiser_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} organises {self.organisation_id}"


WEEKDAYS = range(7)  # Monday = 0, as Python's date.weekday()


class Activity(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("activity status", "Running")
        PAUSED = "paused", pgettext_lazy("activity status", "Paused")
        ENDED = "ended", pgettext_lazy("activity status", "Ended")

    class Schedule(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        DATES = "dates", _("On particular dates")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what happens"), max_length=1500)
    interests = models.ManyToManyField("peers.Interest", blank=True, related_name="activities")
    languages = models.ManyToManyField(
        "peers.Language", blank=True, related_name="activities", verbose_name=_("languages spoken")
    )
    # Town or postcode district; an online-only activity may have none.
    place = models.ForeignKey(
        "peers.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    meeting_point = models.CharField(
        _("where to meet"),
        max_length=200,
        blank=True,
        help_text=_("A public place, e.g. “Albert Park, by the café”. Never a private address."),
    )
    online = models.BooleanField(_("online"), default=False)
    schedule = models.CharField(max_length=8, choices=Schedule.choices, default=Schedule.WEEKLY)
    # Weekly: the weekdays (0 = Monday) and the time of day, Europe/London.
    weekdays = models.JSONField(default=list, blank=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    cost_pence = models.PositiveIntegerField(
        _("cost in pence"), default=0, validators=[MaxValueValidator(100_000)]
    )
    travel_reimbursed = models.BooleanField(_("travel costs paid back"), default=False)
    food_provided = models.BooleanField(_("food provided"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    women_only = models.BooleanField(_("women only"), default=False)
    family_friendly = models.BooleanField(_("families welcome"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    prayer_space = models.BooleanField(_("prayer space"), default=False)
    no_need_to_talk = models.BooleanField(_("no need to talk about problems"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    chat_enabled = models.BooleanField(_("group chat for people who joined"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(online=True) | Q(place__isnull=False),
                name="activity_in_person_has_a_place",
            ),
        ]
        indexes = [models.Index(fields=["status", "place"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.cost_pence == 0


class ActivityDate(models.Model):
    """One session of an activity held on particular dates."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="dates")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_date_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} at {self.starts_at:%Y-%m-%d %H:%M}"


class Cancellation(models.Model):
    """A session that will not happen (snow, illness): every joiner is told at once."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField()
    note = models.CharField(_("a short note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="cancellation_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} cancelled on {self.date}"


class Participation(models.Model):
    """A person coming to an activity, or waiting for a place (first come, first served)."""

    class Status(models.TextChoices):
        JOINED = "joined", _("Coming")
        WAITING = "waiting", _("On the waiting list")
        LEFT = "left", _("Left")

    CURRENT = (Status.JOINED, Status.WAITING)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    status = models.CharField(max_length=8, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)  # the waiting list's order
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(status__in=["joined", "waiting"]),
                name="participation_once_at_a_time",
            )
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.activity_id}"


class CompanionRequest(models.Model):
    """ "Come with me": a paired newcomer asks their supporter to go with them the first time."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        YES = "yes", _("Yes, going together")
        NO = "no", _("Not this time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companion_requests"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companion_asks"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "newcomer"],
                condition=Q(status="asked"),
                name="companion_one_open_ask",
            )
        ]

    def __str__(self) -> str:
        return f"{self.newcomer_id} asks {self.supporter_id} about {self.activity_id}"


class ReminderSent(models.Model):
    """A reminder the day before a session went to a person: at most once per session."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="reminders"
    )
    session_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "session_date"], name="reminder_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"reminder for {self.participation_id} on {self.session_date}"


class LocalService(models.Model):
    """Local help a coordinator adds for a town: a GP practice that welcomes newcomers, a food
    bank, a drop-in, English classes. Public (shown on the town's directory page), so it
    holds only what the service itself publishes."""

    class Kind(models.TextChoices):
        GP = "gp", _("GP practice that welcomes newcomers")
        FOOD = "food", _("Food bank or free meals")
        DROP_IN = "dropin", _("Drop-in centre")
        ENGLISH = "english", _("English classes")
        ADVICE = "advice", _("Advice")
        OTHER = "other", _("Other help")

    place = models.ForeignKey("peers.Place", on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("kind of help"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("what it offers"), max_length=300)
    address = models.CharField(
        _("where to find it"), max_length=200, blank=True, help_text=_("The service's own address.")
    )
    contact = models.CharField(_("phone, email or website"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class SessionRating(models.Model):
    """After a session, a person who joined rates it 1–5 (with an optional comment).
    Organisers see only the average and the comments, never who rated."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="ratings"
    )
    session_date = models.DateField()
    rating = models.PositiveSmallIntegerField(
        _("how was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("anything to add? (optional)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-session_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "session_date"], name="rating_once_a_session"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} rated {self.session_date}: {self.rating}"
