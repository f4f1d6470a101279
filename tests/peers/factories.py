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


# --- Pairing lifecycle ----------------------------------------------------------------------


def newcomer_ready(
    *,
    town: str = "Middlesbrough",
    languages=(("ti", "", True),),
    max_km: int = 10,
    remote_ok: bool = False,
    wants_gender: str = "",
    **extra,
) -> User:
    """A newcomer whose profile is finished (place, languages, preferences), made through the
    services; `extra` goes to `profile_for` (display_name, interests, availability)."""
    from peers.services import newcomer_profile_update

    user = NewcomerFactory()
    profile_for(user, town=town, languages=languages, **extra)
    newcomer_profile_update(
        user=user,
        max_km=max_km,
        remote_ok=remote_ok,
        wants_gender=wants_gender,
        helps=["talk"],
        about_me="",
    )
    return user


def supporter_ready(
    *,
    town: str = "Middlesbrough",
    languages=(("ti", "", True),),
    capacity: int = 1,
    radius_km: int = 10,
    remote_ok: bool = False,
    wants_gender: str = "",
    status: str = "active",
    coordinator: User | None = None,
    **extra,
) -> User:
    """A supporter with a finished profile, taken through the real status flow to `status`
    (applied, active, paused, withdrawn or rejected)."""
    import datetime

    from peers.models import SupporterProfile
    from peers.services import (
        supporter_pause,
        supporter_profile_update,
        supporter_reject,
        supporter_training_update,
        supporter_verify,
        supporter_withdraw,
    )

    user = SupporterFactory()
    profile_for(user, town=town, languages=languages, **extra)
    supporter_profile_update(
        user=user,
        bio="Happy to help",
        capacity=capacity,
        radius_km=radius_km,
        remote_ok=remote_ok,
        wants_gender=wants_gender,
    )
    application = supporter_training_update(
        user=user,
        course="Peer support level 2, Red Cross",
        completed_on=datetime.date(2025, 6, 1),
        dbs_checked_on=None,
        dbs_expires_on=None,
    )
    if status == SupporterProfile.Status.APPLIED:
        return user
    coordinator = coordinator or CoordinatorFactory(with_totp=False)
    if status == SupporterProfile.Status.REJECTED:
        supporter_reject(profile=application, coordinator=coordinator, note="Not yet")
        return user
    supporter_verify(profile=application, coordinator=coordinator)
    if status == SupporterProfile.Status.PAUSED:
        supporter_pause(user=user)
    elif status == SupporterProfile.Status.WITHDRAWN:
        supporter_withdraw(user=user)
    return user


def pending_offer(newcomer: User, supporter: User, **kwargs):
    """The newcomer asks for support and is offered to this supporter (as a run would)."""
    from peers.services.pairing import offer_create, support_request_create

    request = support_request_create(newcomer=newcomer)
    return offer_create(request=request, supporter=supporter, **kwargs)


def active_pairing(newcomer: User, supporter: User):
    """The supporter accepted an offer for this newcomer."""
    from peers.services.pairing import offer_accept

    return offer_accept(offer=pending_offer(newcomer, supporter), supporter=supporter)
