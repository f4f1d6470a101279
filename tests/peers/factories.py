import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from peers.models import User
from peers.services import coordinator_grant

PASSWORD = "a-Long-demo-pass-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    email = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.save(update_fields=["password"])


class NewcomerFactory(UserFactory):
    is_newcomer = True


class SupporterFactory(UserFactory):
    is_supporter = True


class CoordinatorFactory(UserFactory):
    """A coordinator with an authenticator app set up (pass with_totp=False for one without)."""

    @factory.post_generation
    def with_totp(self, create: bool, extracted, **kwargs) -> None:
        if not create:
            return
        coordinator_grant(user=self)
        if extracted is not False:
            TOTP.activate(self, TOTP_SECRET)


def verified_email_for(user: User, email: str) -> EmailAddress:
    user.email = email
    user.save(update_fields=["email"])
    return EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def place(name: str):
    """A real place from the gazetteer the migrations load."""
    from peers.geo import place_lookup

    found = place_lookup(name)
    assert found is not None, name
    return found


def profile_for(user: User, *, town: str = "Middlesbrough", languages=(("ti", "", True),), **extra):
    """A filled-in profile made through the services, as a person would make it."""
    from peers.models import Interest, Language
    from peers.services import (
        profile_about_update,
        profile_interests_update,
        profile_languages_set,
        profile_place_update,
    )
    from peers.services.profiles import LanguageChoice

    profile_about_update(user=user, display_name=extra.get("display_name", "Selam"), gender="f")
    profile_place_update(user=user, place=place(town))
    profile_languages_set(
        user=user,
        choices=[
            LanguageChoice(
                language=Language.objects.get(code=code), dialect=dialect, is_first=first
            )
            for code, dialect, first in languages
        ],
    )
    return profile_interests_update(
        user=user,
        interests=list(Interest.objects.filter(slug__in=extra.get("interests", ["cooking"]))),
        availability=extra.get("availability", ["mon-pm"]),
    )


def applied_supporter(**kwargs):
    """A supporter who has recorded training and waits for a coordinator."""
    import datetime

    from peers.services import supporter_profile_update, supporter_training_update

    user = SupporterFactory(**kwargs)
    supporter_profile_update(
        user=user, bio="I like helping", capacity=2, radius_km=5, remote_ok=True, wants_gender=""
    )
    return supporter_training_update(
        user=user,
        course="Peer support level 2, Red Cross",
        completed_on=datetime.date(2025, 6, 1),
        dbs_checked_on=None,
        dbs_expires_on=None,
    )
