from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TRAVEL_KM = 200
MAX_CAPACITY = 5


class User(AbstractUser):
    """A person using Common Ground. A username is enough; email is optional.

    Newcomer and supporter roles are chosen by the person; coordinator rights come from
    membership of the coordinators group; organiser rights will come with an organisation.
    """

    is_newcomer = models.BooleanField(_("newcomer"), default=False)
    is_supporter = models.BooleanField(_("peer supporter"), default=False)
    # The interface language they last chose: notifications, emails and crisis help use it.
    language = models.CharField(_("language"), max_length=12, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("person")
        verbose_name_plural = _("people")


# --- Reference data (loaded by migrations) --------------------------------------------------


class Language(models.Model):
    """A language by its lower-case BCP-47 primary tag, as the matcher compares them."""

    code = models.CharField(primary_key=True, max_length=12)
    english_name = models.CharField(max_length=80)
    autonym = models.CharField(max_length=80)
    direction = models.CharField(max_length=3, choices=[("ltr", "ltr"), ("rtl", "rtl")])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "english_name"]

    def __str__(self) -> str:
        return f"{self.autonym} ({self.english_name})"


class Dialect(models.Model):
    language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="dialects")
    token = models.SlugField(max_length=40)
    english_name = models.CharField(max_length=100)

    class Meta:
        ordering = ["language", "english_name"]
        constraints = [
            models.UniqueConstraint(fields=["language", "token"], name="dialect_unique_token")
        ]

    def __str__(self) -> str:
        return f"{self.language_id}:{self.token}"


class Interest(models.Model):
    slug = models.SlugField(primary_key=True, max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.slug


class Place(models.Model):
    """A town or a postcode district: the only kind of location we ever store for a person."""

    class Kind(models.TextChoices):
        TOWN = "town", _("town or city")
        DISTRICT = "district", _("postcode district")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=40, blank=True)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    population = models.PositiveIntegerField(default=0)
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    near = models.CharField(
        max_length=120, blank=True, help_text="For a postcode district: the nearest large town."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_on_earth",
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.DISTRICT and self.near:
            return f"{self.name} ({self.near})"
        return self.name


class PlaceName(models.Model):
    """A normalised name a place is known by ("stoke", "stoke on trent", "ts1")."""

    key = models.CharField(max_length=160, db_index=True)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "place"], name="placename_unique_key_place")
        ]

    def __str__(self) -> str:
        return self.key


# --- Profiles -------------------------------------------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "f", _("Woman")
    MALE = "m", _("Man")
    OTHER = "x", _("Another way")


class Profile(models.Model):
    """What a person tells us about themselves, whatever their role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("name to show"), max_length=40)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    interests = models.ManyToManyField(Interest, blank=True)
    availability = models.JSONField(_("free times"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("A little")
    GOOD = "good", _("Well")
    FLUENT = "fluent", _("Fluently")


class PersonLanguage(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(Language, on_delete=models.PROTECT)
    dialect = models.SlugField(max_length=40, blank=True)
    is_first = models.BooleanField(default=False)
    level = models.CharField(max_length=8, choices=LanguageLevel.choices, blank=True)

    class Meta:
        ordering = ["-is_first", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="personlanguage_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language_id}:{self.dialect or '-'}"


class Help(models.TextChoices):
    TALK = "talk", _("Someone to talk to")
    ENGLISH = "english", _("Practise English")
    ACTIVITIES = "activities", _("Find local activities")
    SERVICES = "services", _("Understand how services work")
    COMPANY = "company", _("Company to go somewhere")


class AvoidTopic(models.TextChoices):
    JOURNEY = "journey", _("My journey to the UK")
    ASYLUM = "asylum", _("My asylum case")
    FAMILY = "family", _("My family")
    HOME = "home", _("Home and what happened there")
    HEALTH = "health", _("My health")
    RELIGION = "religion", _("Religion")
    POLITICS = "politics", _("Politics")


class NewcomerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newcomer_profile"
    )
    max_km = models.PositiveSmallIntegerField(
        _("how far you can travel (km)"),
        default=5,
        validators=[MaxValueValidator(MAX_TRAVEL_KM)],
    )
    remote_ok = models.BooleanField(_("happy to talk by chat or phone"), default=True)
    wants_gender = models.CharField(
        _("supporter you would prefer"), max_length=1, choices=Gender.choices, blank=True
    )
    helps = models.JSONField(_("what would help"), default=list, blank=True)
    about_me = models.TextField(_("about me"), max_length=1000, blank=True)
    # Topics they would rather not talk about (AvoidTopic values) and any others in their
    # own words: shown privately to their matched supporter.
    avoid_topics = models.JSONField(
        _("topics you would rather not talk about"), default=list, blank=True
    )
    avoid_topics_other = models.CharField(
        _("anything else you would rather not talk about"), max_length=300, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(max_km__lte=MAX_TRAVEL_KM), name="newcomer_max_km_range"
            )
        ]

    def __str__(self) -> str:
        return f"newcomer {self.user_id}"


class SupporterProfile(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Waiting for a coordinator to check your training")
        ACTIVE = "active", _("Active: you can receive suggestions")
        PAUSED = "paused", _("Paused: you will not receive suggestions")
        WITHDRAWN = "withdrawn", _("Stopped")
        REJECTED = "rejected", _("Not accepted")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_profile"
    )
    bio = models.TextField(_("a few words about you"), max_length=600, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("how many people you can support at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    radius_km = models.PositiveSmallIntegerField(
        _("how far you can travel (km)"),
        default=5,
        validators=[MaxValueValidator(MAX_TRAVEL_KM)],
    )
    remote_ok = models.BooleanField(_("happy to support by chat or phone"), default=True)
    wants_gender = models.CharField(
        _("people you would prefer to support"), max_length=1, choices=Gender.choices, blank=True
    )
    training_course = models.CharField(_("training course"), max_length=200, blank=True)
    training_completed_on = models.DateField(_("date you finished it"), null=True, blank=True)
    dbs_checked_on = models.DateField(_("DBS check date"), null=True, blank=True)
    dbs_expires_on = models.DateField(_("DBS check expiry"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(blank=True)
    # Offers left to expire one after another; three in a row pauses the supporter.
    expired_offers_in_a_row = models.PositiveSmallIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Each time a verified supporter changed their training record and went back for a
    # check: {"at", "verified_at", "course", "completed_on"} of the record that was verified.
    recheck_history = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="supporter_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(radius_km__lte=MAX_TRAVEL_KM), name="supporter_radius_range"
            ),
            # Only a checked supporter can be active or paused (and so ever be matched).
            models.CheckConstraint(
                condition=~Q(status__in=["active", "paused"]) | Q(verified_at__isnull=False),
                name="supporter_active_only_when_verified",
            ),
            models.CheckConstraint(
                condition=Q(dbs_expires_on__isnull=True)
                | Q(dbs_checked_on__isnull=True)
                | Q(dbs_expires_on__gt=models.F("dbs_checked_on")),
                name="supporter_dbs_expiry_after_check",
            ),
        ]

    def __str__(self) -> str:
        return f"supporter {self.user_id} ({self.status})"

    @property
    def is_matchable(self) -> bool:
        return self.status == self.Status.ACTIVE and self.verified_at is not None


# --- Consent and notifications --------------------------------------------------------------


class ConsentPurpose(models.TextChoices):
    SHARE_PROFILE_WITH_SUPPORTER = (
        "share_profile",
        _("Share my first name, languages and town with my matched supporter"),
    )
    SHARE_ABOUT_ME_WITH_SUPPORTER = (
        "share_about_me",
        _("Share my “about me” with my matched supporter"),
    )
    SHOW_NAME_TO_ORGANISERS = (
        "show_name_to_organisers",
        _("Let group organisers see my name when I join their activity"),
    )
    EMAIL_REMINDERS = ("email_reminders", _("Send me reminders by email"))


class Consent(models.Model):
    """One grant of consent for one purpose; withdrawing closes it. History is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    granted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_open_grant_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.purpose}"


class Notification(models.Model):
    """An in-app message; the text is rendered in the reader's language when shown."""

    class Kind(models.TextChoices):
        SUPPORTER_VERIFIED = "supporter_verified", _("Your training has been checked")
        SUPPORTER_REJECTED = "supporter_rejected", _("Your application was not accepted")
        OFFER_RECEIVED = "offer_received", _("Someone could use your support")
        PAIRING_STARTED = "pairing_started", _("You have been matched")
        PAIRING_ENDED = "pairing_ended", _("A pairing has ended")
        SUPPORTER_PAUSED = "supporter_paused", _("We have paused your suggestions")
        NEW_MESSAGE = "new_message", _("You have a new message")
        MODERATION_WARNING = "moderation_warning", _("A message from the Common Ground team")
        SUSPENDED = "suspended", _("Your chat is paused for a while")
        REPORT_HANDLED = "report_handled", _("Thank you: we have looked at your report")
        ORGANISATION_VERIFIED = "organisation_verified", _("Your group has been checked")
        ORGANISATION_REFUSED = "organisation_refused", _("Your group was not accepted")
        ORGANISER_ADDED = "organiser_added", _("You can now manage a group")
        ACTIVITY_CANCELLED = "activity_cancelled", _("A session has been cancelled")
        ACTIVITY_PLACE = "activity_place", _("A place has come free for you")
        ACTIVITY_REMINDER = "activity_reminder", _("Reminder: an activity you joined is tomorrow")
        COMPANION_ASKED = "companion_asked", _("Someone would like you to come with them")
        COMPANION_ANSWERED = "companion_answered", _("Your supporter has answered")
        FEEDBACK_ANSWERED = "feedback_answered", _("We have answered your feedback")
        PERSON_MOVED = "person_moved", _("The person you support has moved")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    note = models.TextField(blank=True)
    # Where the notification leads: the thing it is about (a path on this site).
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class AccessRecord(models.Model):
    """Each time a coordinator opens a person's private information: who, whose, why, when."""

    class Reason(models.TextChoices):
        SUPPORTER_VERIFICATION = "supporter_verification", _("Checking a supporter's training")

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_records"
    )
    reason = models.CharField(max_length=40, choices=Reason.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.coordinator_id} read {self.subject_id} ({self.reason})"


class AuditEvent(models.Model):
    """One line of the audit log: a coordinator (or a person, for their own export) opened
    private content, moderated, verified, exported or read this log. Never holds the
    private content itself."""

    class Action(models.TextChoices):
        PRIVATE_READ = "private_read", _("Opened a person's private information")
        CONVERSATION_READ = "conversation_read", _("Read a conversation through a case")
        CASE_ACKNOWLEDGED = "case_acknowledged", _("Acknowledged a case")
        MESSAGE_HIDDEN = "message_hidden", _("Hid a message")
        PERSON_WARNED = "person_warned", _("Warned a person")
        PERSON_SUSPENDED = "person_suspended", _("Suspended a person")
        TEAM_REPLIED = "team_replied", _("Replied as the team")
        CASE_CLOSED = "case_closed", _("Closed a case")
        SUPPORTER_VERIFIED = "supporter_verified", _("Verified a supporter")
        SUPPORTER_REJECTED = "supporter_rejected", _("Did not accept a supporter")
        ORGANISATION_VERIFIED = "organisation_verified", _("Verified a group")
        ORGANISATION_REFUSED = "organisation_refused", _("Did not accept a group")
        FEEDBACK_ANSWERED = "feedback_answered", _("Answered feedback or a complaint")
        RESET_LINK_MADE = "reset_link_made", _("Made a link to set a new password")
        DASHBOARD_EXPORTED = "dashboard_exported", _("Exported dashboard figures")
        AUDIT_READ = "audit_read", _("Read the audit log")
        AUDIT_EXPORTED = "audit_exported", _("Exported the audit log")
        DATA_EXPORTED = "data_exported", _("Downloaded their own data")
        ACCOUNT_DELETED = "account_deleted", _("Deleted their own account")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept when the account is gone, so the log still says who did it.
    actor_label = models.CharField(max_length=150, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A pseudonym once the subject has deleted their account ("person 7f3a…"), never a name.
    subject_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    # What it was about, by reference only ("case 12", "group 4"): never private content.
    target = models.CharField(max_length=80, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["at"], name="auditevent_at"),
            models.Index(fields=["actor", "at"], name="auditevent_actor_at"),
            models.Index(fields=["subject", "at"], name="auditevent_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label or self.actor_id} {self.action} {self.target}"


class Move(models.Model):
    """A newcomer telling us they have been moved (dispersed) to another town."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moves"
    )
    from_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="arrivals")
    moved_on = models.DateField(_("the date you moved"))
    # Whether the coordinators of the new area may see their name (otherwise only a count).
    name_shared = models.BooleanField(default=False)
    wants_local_supporter = models.BooleanField(default=False)
    # The pairing that was active when they moved, and whether it became remote.
    pairing = models.ForeignKey(
        "peers.Pairing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pairing_became_remote = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["to_place", "moved_on"], name="move_to_place_on")]

    def __str__(self) -> str:
        return f"{self.user_id} moved to {self.to_place_id} on {self.moved_on}"
