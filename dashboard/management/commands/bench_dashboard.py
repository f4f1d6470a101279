from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Benchmark (not a test): seeds a throwaway database with NEWCOMERS newcomers (and a "
        "fifth as many supporters) and their history, then times the coordinators' dashboard "
        "page (median of several renders), its queries and each CSV export, against the naive "
        "per-town loop; with --small, a smaller size first for comparison. Use PostgreSQL "
        "(DATABASE_URL) as well as SQLite."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("--newcomers", type=int, default=50_000)
        parser.add_argument("--supporters", type=int, help="default: a fifth of --newcomers")
        parser.add_argument(
            "--small", type=int, default=5_000, help="a smaller size run first (0: none)"
        )
        parser.add_argument("--renders", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--keep", action="store_true", help="keep the databases")
        parser.add_argument(
            "--measure", metavar="DATABASE", help="internal: measure this seeded database"
        )

    def handle(self, *args, newcomers, supporters, small, renders, seed, keep, measure, **options):
        import json

        from dashboard import bench

        if measure:
            self.stdout.write(json.dumps(bench.measure_in(measure, renders=renders)))
            return

        if newcomers < 100 or renders < 1:
            raise CommandError("Use at least 100 newcomers and one render.")
        sizes = [size for size in (small, newcomers) if size and size <= newcomers]
        for size in dict.fromkeys(sizes):
            bench.bench(
                newcomers=size,
                supporters=supporters if supporters and size == newcomers else size // 5,
                seed_value=seed,
                renders=renders,
                keep=keep,
                out=self.stdout.write,
            )
