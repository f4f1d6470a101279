"""allauth login stages adapted to people who have no email address."""

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage


class EmailVerificationWhenGivenStage(EmailVerificationStage):
    """An email address, when a person gave one, must be verified before they can log in.

    allauth can only make verification mandatory when email is a required signup field; many
    newcomers have no address, so the setting stays "optional" and this stage makes it
    mandatory per person: exactly for those who have an address.
    """

    def handle(self):
        user = self.login.user
        if self.login.email or EmailAddress.objects.filter(user_id=user.pk).exists():
            self.login.email_verification = EmailVerificationMethod.MANDATORY
        return super().handle()
