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
