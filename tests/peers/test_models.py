"""Database constraints are the invariant of record: they hold even if a service is bypassed."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from peers.models import (
    Consent,
    ConsentPurpose,
    Language,
    NewcomerProfile,
    PersonLanguage,
    Profile,
    SupporterProfile,
)
from tests.peers.factories import NewcomerFactory, SupporterFactory


def violates(**fields) -> bool:
    try:
        with transaction.atomic():
            SupporterProfile.objects.create(user=SupporterFactory(), **fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"capacity": 0}, True),
        ({"capacity": 6}, True),
        ({"capacity": 5}, False),
        ({"radius_km": 201}, True),
        ({"radius_km": 200}, False),
        ({"status": "active"}, True),
        ({"status": "paused"}, True),
        ({"status": "active", "verified_at": timezone.now()}, False),
        (
            {
                "dbs_checked_on": datetime.date(2025, 1, 1),
                "dbs_expires_on": datetime.date(2024, 1, 1),
            },
            True,
        ),
    ],
)
def test_supporter_profile_constraints(fields, refused):
    assert violates(**fields) is refused


@pytest.mark.django_db
def test_newcomer_max_km_constraint():
    with pytest.raises(IntegrityError):
        NewcomerProfile.objects.create(user=NewcomerFactory(), max_km=201)


@pytest.mark.django_db
def test_a_language_appears_once_per_profile():
    profile = Profile.objects.create(user=NewcomerFactory(), display_name="A")
    arabic = Language.objects.get(code="ar")
    PersonLanguage.objects.create(profile=profile, language=arabic, is_first=True)

    with pytest.raises(IntegrityError):
        PersonLanguage.objects.create(profile=profile, language=arabic)


@pytest.mark.django_db
def test_only_one_open_consent_per_purpose_but_history_is_kept():
    user = NewcomerFactory()
    purpose = ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER
    Consent.objects.create(user=user, purpose=purpose, granted_at=timezone.now())
    Consent.objects.create(
        user=user, purpose=purpose, granted_at=timezone.now(), withdrawn_at=timezone.now()
    )

    with pytest.raises(IntegrityError):
        Consent.objects.create(user=user, purpose=purpose, granted_at=timezone.now())
