from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from peers.demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TOTP_SECRET, DemoPerson
from peers.models import User
from peers.roles import Role
from peers.services import coordinator_grant, user_role_add


class Command(BaseCommand):
    help = "Creates the demo people (idempotent: running it again changes nothing)."

    def handle(self, *args, **options) -> None:
        total = len(DEMO_PEOPLE)
        created = 0
        for done, person in enumerate(DEMO_PEOPLE, start=1):
            created += self._seed_person(person)
            self._progress("people", done, total)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} new, {total} in all."))
        self._print_logins()

    @transaction.atomic
    def _seed_person(self, person: DemoPerson) -> bool:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={"first_name": person.first_name, "email": person.email},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if person.email:
            EmailAddress.objects.get_or_create(
                user=user, email=person.email, defaults={"verified": True, "primary": True}
            )
        for role in person.roles:
            if role is Role.COORDINATOR:
                coordinator_grant(user=user)
                if not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)
            else:
                user_role_add(user=user, role=role)
        return created

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r  {label:<8} [{bar}] {done}/{total}", ending="")
        self.stdout.flush()

    def _print_logins(self) -> None:
        examples = {
            "newcomer": "selam",
            "peer supporter": "hanna",
            "newcomer + supporter": "omar",
            "coordinator": "priya",
        }
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for role, username in examples.items():
            self.stdout.write(f"  {role:<22} {username}")
        bypass = settings.MFA_TOTP_INSECURE_BYPASS_CODE
        hint = f"the demo accepts the code {bypass}, or " if bypass else ""
        self.stdout.write(
            f"  The coordinator uses two-factor login: {hint}add the secret\n"
            f"  {DEMO_TOTP_SECRET} to an authenticator app."
        )
