"""Benchmark of the coordinators' dashboard: `manage.py bench_dashboard [--newcomers 50000]`.

For each size it creates a throwaway database (migrated, with the reference data), seeds the
matching benchmark's synthetic national instance as real people (`peers.run_bench.seed`:
newcomers, supporters, profiles, languages), then gives them a history in bulk: requests
waiting (with the reason a run would store), offered, matched months ago or cancelled;
offers accepted, declined, expired and pending over six months; pairings and conversations
with messages; safeguarding cases; feedback and complaints; groups, activities, people
coming and session ratings; moves. It then renders the whole dashboard page through the
test client (as a coordinator with two-factor login) several times and reports the median,
the number of queries and the page's size, and times each CSV export.

Baselines in the same run: the waiting section done the naive way (a count and a list of
waits per town, two queries a town), and the medians computed in the database by window
functions (three queries) instead of from one row per request matched in the period.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.utils import timezone

from dashboard.bench.seeding import seed_history
from dashboard.bench.timing import measure, measure_in

__all__ = ["bench", "measure", "measure_in", "seed_history"]


def bench(
    *, newcomers: int, supporters: int, seed_value: int, renders: int, keep: bool, out
) -> dict:
    """Seeds one throwaway database of this size, measures, prints, and drops it."""
    from peers import run_bench

    name = f"bench_dashboard_{newcomers}"
    if connection.vendor == "sqlite":
        name = str(Path(connection.settings_dict["NAME"]).with_name(f"{name}.sqlite3"))
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    original = connection.settings_dict["NAME"]
    out(f"{newcomers:,} newcomers × {supporters:,} supporters ({connection.vendor}): {name} …")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        run_bench.seed(newcomers, supporters, seed=seed_value)
        counts = seed_history(seed=seed_value, now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would make
        seeded_s = time.perf_counter() - started
        out("  seeded in {:.0f} s: {}".format(
            seeded_s, ", ".join(f"{n:,} {what}" for what, n in counts.items())))  # fmt: skip
        connection.close()
        # Measured in a fresh process, as a web worker would be: not in this one, whose heap
        # still holds the seeding (its garbage collections would land in the timings).
        child = subprocess.run(  # noqa: S603 - our own command, no outside input
            [sys.executable, "manage.py", "bench_dashboard", "--measure", name,
             "--renders", str(renders)],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
            env=os.environ,
        )  # fmt: skip
        if child.returncode:
            raise RuntimeError(f"the measurement failed:\n{child.stderr[-3000:]}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        _print(result, renders, out)
        return result
    finally:
        if keep:
            out(f"  kept database {name}")
        else:
            connection.creation.destroy_test_db(original, verbosity=0)


def _print(result: dict, renders: int, out) -> None:
    out(
        f"  dashboard page: {result['page_s'] * 1000:.0f} ms (median of {renders} renders; "
        f"{result['page_cpu'] * 1000:.0f} ms of it CPU in this process), {result['page_q']} "
        f"queries, {result['page_kb']:.1f} KB of HTML; machine load {result['load']:.1f}"
    )
    slowest = max(result["exports"].items(), key=lambda item: item[1][0])
    out(
        "  CSV exports: "
        + ", ".join(f"{s} {sec * 1000:.0f} ms" for s, (sec, _q) in result["exports"].items())
        + f" (slowest: {slowest[0]})"
    )
    out(
        f"  waiting section: {result['waiting_s'] * 1000:.0f} ms in {result['waiting_q']} "
        f"queries (medians in Python from one row per request matched in 90 days)"
    )
    out(
        f"  baseline, naive per-town loop: {result['naive_s'] * 1000:.0f} ms in "
        f"{result['naive_q']} queries ({result['towns']:,} towns)"
    )
    out(
        f"  medians: from {result['rows']:,} rows of waits {result['rows_s'] * 1000:.0f} ms "
        f"(1 query); by window functions in the database instead "
        f"{result['window_medians_s'] * 1000:.0f} ms ({result['window_medians_q']} queries)"
    )
