from django.core.management.base import BaseCommand, CommandError

from peers.matching.cli import MatchFileError, run


class Command(BaseCommand):
    help = (
        "Solves a matching run given as JSON (DESIGN.md's input shape) and writes the exact "
        "optimum as JSON (pairs with English reasons, unmatched ids, objective). "
        "`manage.py match_file IN OUT` runs without starting Django (peers/matching/cli.py)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", help="input JSON file")
        parser.add_argument("output", help="output JSON file (written only on success)")

    def handle(self, *args, input: str, output: str, **options) -> None:
        try:
            summary = run(input, output)
        except MatchFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(summary))
