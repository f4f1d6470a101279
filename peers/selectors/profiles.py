from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from peers.geo import distance_km, distance_label
from peers.models import (
    AvoidTopic,
    Consent,
    ConsentPurpose,
    NewcomerProfile,
    Notification,
    PersonLanguage,
    Profile,
    SupporterProfile,
    User,
)


def profile_for_owner(*, user: User) -> Profile | None:
    """The person's own profile with everything a profile page shows, in a fixed few queries."""
    return (
        Profile.objects.filter(user=user)
        .select_related("place")
        .prefetch_related(
            Prefetch(
                "languages",
                queryset=PersonLanguage.objects.select_related("language"),
            ),
            "interests",
        )
        .first()
    )


def profile_progress(*, user: User) -> dict[str, bool]:
    """Which profile sections the person has filled in, for "what's next" prompts."""
    profile = profile_for_owner(user=user)
    done = {
        "about": profile is not None and bool(profile.display_name),
        "place": profile is not None and profile.place_id is not None,
        "languages": profile is not None and any(lang.is_first for lang in profile.languages.all()),
        "interests": profile is not None
        and (bool(profile.availability) or bool(profile.interests.all())),
    }
    if user.is_newcomer:
        done["newcomer"] = hasattr(user, "newcomer_profile")
    if user.is_supporter:
        supporter = SupporterProfile.objects.filter(user=user).first()
        done["supporter"] = supporter is not None and supporter.capacity > 0 and bool(supporter.bio)
        done["training"] = supporter is not None and supporter.training_completed_on is not None
    return done


def consents_current(*, user: User) -> set[str]:
    """The purposes this person consents to now (withdrawn grants do not count)."""
    return set(
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )


def greeting_name(*, user: User) -> str:
    """What we call a person on their own pages: the name they gave us ("the name you like to
    be called"), else their account's first name, else their username."""
    display = Profile.objects.filter(user=user).values_list("display_name", flat=True).first()
    return display or user.first_name or user.username


def has_consent(*, user: User, purpose: ConsentPurpose) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


# The topics as their supporter reads them: the newcomer's own labels say "My journey",
# which on the supporter's card would read as the supporter's.
AVOID_TOPIC_FOR_SUPPORTER = {
    AvoidTopic.JOURNEY: _("Their journey to the UK"),
    AvoidTopic.ASYLUM: _("Their asylum case"),
    AvoidTopic.FAMILY: _("Their family"),
    AvoidTopic.HOME: _("Their home country and what happened there"),
    AvoidTopic.HEALTH: _("Their health"),
    AvoidTopic.RELIGION: _("Religion"),
    AvoidTopic.POLITICS: _("Politics"),
}


@dataclass(frozen=True)
class NewcomerCard:
    """What a matched supporter may see of a newcomer: consented fields only, else None."""

    distance: str | None
    display_name: str | None = None
    town: str | None = None
    languages: list[PersonLanguage] = field(default_factory=list)
    about_me: str | None = None
    # Topics they would rather not talk about: for their matched supporter only, always.
    avoid_topics: list = field(default_factory=list)
    avoid_topics_other: str = ""


def newcomer_card_for_supporter(*, newcomer: User, supporter: User) -> NewcomerCard:
    """A newcomer as their supporter sees them. The caller checks the two are matched; this
    enforces consent: name, languages and town only with "share profile", "about me" only with
    its own consent, and distance only ever rounded."""
    consents = consents_current(user=newcomer)
    profile = profile_for_owner(user=newcomer)
    supporter_profile = Profile.objects.filter(user=supporter).select_related("place").first()
    distance = None
    if profile and profile.place and supporter_profile and supporter_profile.place:
        distance = distance_label(distance_km(profile.place, supporter_profile.place))
    if profile is None:
        return NewcomerCard(distance=distance)
    shares_profile = ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER in consents
    shares_about_me = ConsentPurpose.SHARE_ABOUT_ME_WITH_SUPPORTER in consents
    needs = NewcomerProfile.objects.filter(user=newcomer).first()
    about_me = (needs.about_me if needs else "") or None
    return NewcomerCard(
        distance=distance,
        display_name=profile.display_name if shares_profile else None,
        town=str(profile.place) if shares_profile and profile.place else None,
        languages=list(profile.languages.all()) if shares_profile else [],
        about_me=about_me if shares_about_me else None,
        avoid_topics=[
            AVOID_TOPIC_FOR_SUPPORTER[AvoidTopic(topic)]
            for topic in (needs.avoid_topics if needs else [])
            if topic in AvoidTopic.values
        ],
        avoid_topics_other=needs.avoid_topics_other if needs else "",
    )


def supporter_applications_for_coordinator(*, status: str | None = None) -> QuerySet:
    """Supporters with their training records, oldest application first (the fair order)."""
    status = status or SupporterProfile.Status.APPLIED
    return (
        SupporterProfile.objects.filter(status=status)
        .select_related("user", "user__profile", "user__profile__place", "verified_by")
        .order_by("applied_at", "pk")
    )


def supporter_application_get(*, pk: int) -> SupporterProfile:
    return get_object_or_404(
        SupporterProfile.objects.select_related("user", "user__profile", "user__profile__place"),
        pk=pk,
    )


def notifications_for_user(*, user: User) -> QuerySet:
    return Notification.objects.filter(user=user)[:50]


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
