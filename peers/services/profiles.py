"""A person's profile, written one section at a time (each section is one page on a phone)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peers.models import (
    AvoidTopic,
    Dialect,
    Interest,
    Language,
    NewcomerProfile,
    PersonLanguage,
    Place,
    Profile,
    SupporterProfile,
    User,
)
from peers.reference.availability import SLOTS

MAX_FIRST_LANGUAGES = 2


@dataclass(frozen=True)
class LanguageChoice:
    language: Language
    dialect: str = ""
    is_first: bool = False
    level: str = ""


def _profile(user: User) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(
        user=user, defaults={"display_name": user.first_name or user.username}
    )
    return profile


@transaction.atomic
def profile_about_update(*, user: User, display_name: str, gender: str) -> Profile:
    """Sets the name others may see (never a legal name) and, optionally, gender."""
    profile = _profile(user)
    profile.display_name = display_name.strip()
    profile.gender = gender
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_place_update(*, user: User, place: Place) -> Profile:
    """Stores a town or postcode district: never an address."""
    profile = _profile(user)
    profile.place = place
    profile.save(update_fields=["place", "updated_at"])
    return profile


@transaction.atomic
def profile_languages_set(*, user: User, choices: list[LanguageChoice]) -> Profile:
    """Replaces the person's languages: one or two first languages, dialects that belong to
    their language, each language once."""
    first = [choice for choice in choices if choice.is_first]
    if not first:
        raise ValidationError(_("Choose at least one first language."))
    if len(first) > MAX_FIRST_LANGUAGES:
        raise ValidationError(_("Choose at most two first languages."))
    codes = [choice.language.code for choice in choices]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Each language can only be chosen once."))
    for choice in choices:
        if (
            choice.dialect
            and not Dialect.objects.filter(language=choice.language, token=choice.dialect).exists()
        ):
            raise ValidationError(_("That dialect does not belong to this language."))
    profile = _profile(user)
    profile.languages.all().delete()
    PersonLanguage.objects.bulk_create(
        PersonLanguage(
            profile=profile,
            language=choice.language,
            dialect=choice.dialect,
            is_first=choice.is_first,
            level="" if choice.is_first else choice.level,
        )
        for choice in choices
    )
    profile.save(update_fields=["updated_at"])
    return profile


@transaction.atomic
def profile_interests_update(
    *, user: User, interests: list[Interest], availability: list[str]
) -> Profile:
    """Sets interests and the weekly slots the person is usually free in."""
    unknown = sorted(set(availability) - set(SLOTS))
    if unknown:
        raise ValidationError(
            _("One of those times is not one we know. Please choose from the times shown.")
        )
    profile = _profile(user)
    profile.availability = [slot for slot in SLOTS if slot in set(availability)]
    profile.save(update_fields=["availability", "updated_at"])
    profile.interests.set(interests)
    return profile


@transaction.atomic
def newcomer_profile_update(
    *,
    user: User,
    max_km: int,
    remote_ok: bool,
    wants_gender: str,
    helps: list[str],
    about_me: str,
    avoid_topics: list[str] | None = None,
    avoid_topics_other: str | None = None,
) -> NewcomerProfile:
    """What a newcomer would like and how far they can travel; "about me" stays private.
    Topics they would rather not talk about (AvoidTopic values, and any in their own words)
    are shown only to their matched supporter; left out (None), they stay as they were."""
    profile, _created = NewcomerProfile.objects.select_for_update().get_or_create(user=user)
    profile.max_km = max_km
    profile.remote_ok = remote_ok
    profile.wants_gender = wants_gender
    profile.helps = list(helps)
    profile.about_me = about_me.strip()
    if avoid_topics is not None:
        unknown = set(avoid_topics) - set(AvoidTopic.values)
        if unknown:
            raise ValidationError(_("Please choose from the topics shown."))
        profile.avoid_topics = [topic for topic in AvoidTopic.values if topic in avoid_topics]
    if avoid_topics_other is not None:
        profile.avoid_topics_other = avoid_topics_other.strip()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def supporter_profile_update(
    *,
    user: User,
    bio: str,
    capacity: int,
    radius_km: int,
    remote_ok: bool,
    wants_gender: str,
) -> SupporterProfile:
    """How a supporter can help: capacity (1–5 at once), travel radius, remote or not."""
    profile, _created = SupporterProfile.objects.select_for_update().get_or_create(user=user)
    profile.bio = bio.strip()
    profile.capacity = capacity
    profile.radius_km = radius_km
    profile.remote_ok = remote_ok
    profile.wants_gender = wants_gender
    profile.full_clean()
    profile.save()
    return profile


EARLIEST_TRAINING_DATE = date(1950, 1, 1)


def _same_course(course: str) -> str:
    """A course name as compared for a material change: case and spacing do not count."""
    return " ".join(course.split()).casefold()


def _training_dates_plausible(*, completed_on: date, dbs_checked_on: date | None) -> None:
    today = timezone.localdate()
    for value in (completed_on, dbs_checked_on):
        if value is not None and not EARLIEST_TRAINING_DATE <= value <= today:
            raise ValidationError(
                _("Please check this date: it cannot be in the future or before 1950.")
            )


@transaction.atomic
def supporter_training_update(
    *,
    user: User,
    course: str,
    completed_on: date,
    dbs_checked_on: date | None,
    dbs_expires_on: date | None,
) -> SupporterProfile:
    """Records training; a first record (or one after a refusal) asks a coordinator to check.
    A verified supporter who changes the course or its date goes back to the coordinators'
    queue (recorded in `recheck_history`): a check is of a record, not of a person."""
    _training_dates_plausible(completed_on=completed_on, dbs_checked_on=dbs_checked_on)
    profile, _created = SupporterProfile.objects.select_for_update().get_or_create(user=user)
    course = course.strip()
    verified = profile.verified_at is not None and profile.status in {
        SupporterProfile.Status.ACTIVE,
        SupporterProfile.Status.PAUSED,
    }
    changed = (
        _same_course(profile.training_course) != _same_course(course)
        or profile.training_completed_on != completed_on
    )
    if verified and changed:
        profile.recheck_history = [
            *profile.recheck_history,
            {
                "at": timezone.now().isoformat(),
                "verified_at": profile.verified_at.isoformat(),
                "course": profile.training_course,
                "completed_on": profile.training_completed_on.isoformat()
                if profile.training_completed_on
                else None,
            },
        ]
        from peers.services.supporters import pending_offers_withdraw

        pending_offers_withdraw(user)
    profile.training_course = course
    profile.training_completed_on = completed_on
    profile.dbs_checked_on = dbs_checked_on
    profile.dbs_expires_on = dbs_expires_on
    restart = {SupporterProfile.Status.REJECTED, SupporterProfile.Status.WITHDRAWN}
    if profile.status in restart or profile.applied_at is None or (verified and changed):
        profile.status = SupporterProfile.Status.APPLIED
        profile.applied_at = timezone.now()
        profile.verified_at = None
        profile.verified_by = None
    profile.full_clean()
    profile.save()
    return profile
