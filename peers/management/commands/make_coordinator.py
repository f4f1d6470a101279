from django.core.management.base import BaseCommand, CommandError

from peers.models import User
from peers.services import coordinator_grant, coordinator_revoke


class Command(BaseCommand):
    help = "Gives a person coordinator rights (or takes them away with --revoke)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="take coordinator rights away")

    def handle(self, *args, username: str, revoke: bool, **options) -> None:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No account with the username {username!r}.")
        if revoke:
            changed = coordinator_revoke(user=user)
            message = "is no longer a coordinator" if changed else "was not a coordinator"
        else:
            changed = coordinator_grant(user=user)
            message = (
                "is now a coordinator. They must set up two-factor login before coordinator "
                "pages open."
                if changed
                else "was already a coordinator"
            )
        self.stdout.write(self.style.SUCCESS(f"{user.username} {message}."))
