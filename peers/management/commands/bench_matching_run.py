import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _size(text: str) -> tuple[int, int]:
    try:
        newcomers, supporters = (int(part.replace("_", "")) for part in text.lower().split("x"))
    except ValueError:
        raise CommandError(f"A size looks like 5000x1000, not {text!r}.") from None
    return newcomers, supporters


class Command(BaseCommand):
    help = (
        "Benchmark (not a test): a whole matching run against the database for each size "
        "(newcomers x supporters), in a throwaway database; prints read / solve / write / "
        "report seconds, queries and peak memory, against one-offer-at-a-time writing. "
        "Use PostgreSQL (DATABASE_URL) for the large size."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sizes", default="5000x1000,50000x10000")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--keep", action="store_true", help="keep the databases")
        parser.add_argument(
            "--execute", metavar="DATABASE", help="internal: run once on this seeded database"
        )

    def handle(self, *args, sizes: str, seed: int, keep: bool, execute: str | None, **options):
        from peers import run_bench

        if execute:
            connection.settings_dict["NAME"] = execute
            self.stdout.write(json.dumps(run_bench.execute()))
            return
        run_bench.bench(
            [_size(size) for size in sizes.split(",")],
            seed_value=seed,
            keep=keep,
            out=self.stdout.write,
        )
