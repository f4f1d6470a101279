"""Benchmark of a whole matching run against the database: `manage.py bench_matching_run`.

For each size it creates a throwaway database (migrated, with the reference data), seeds the
synthetic national instance of `peers.matching.synthetic` as real rows (users, profiles,
languages, interests, supporter and newcomer preferences, waiting requests; each person at the
GeoNames place nearest their synthetic position), then runs `matching_run_execute` in a fresh
process and reports each phase's seconds and queries and the process's peak memory (its peak
resident set size, which includes Python, Django and the libraries). As a baseline in the same
run, it times the one-offer-at-a-time path (`offer_create` per pair) on a sample, in a
transaction that is rolled back, and extrapolates it to the run's number of offers.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from scipy.spatial import cKDTree

from peers.matching.synthetic import generate

BASELINE_SAMPLE = 200
PHASES = ("read", "solve", "write", "report")


def _xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def seed(newcomers: int, supporters: int, *, seed: int = 2024) -> None:
    """Writes the synthetic instance as people waiting and supporters with room."""
    from peers.models import (
        Interest,
        Language,
        NewcomerProfile,
        PersonLanguage,
        Place,
        Profile,
        SupporterProfile,
        SupportRequest,
        User,
    )

    data = generate(newcomers, supporters, seed=seed)
    places = list(Place.objects.values_list("pk", "latitude", "longitude"))
    tree = cKDTree(_xyz(np.array([p[1] for p in places]), np.array([p[2] for p in places])))
    known_languages = set(Language.objects.values_list("code", flat=True))
    interests = list(Interest.objects.values_list("slug", flat=True))
    interest_of = {}  # synthetic interest -> a real one (same name where it exists)
    for k, name in enumerate(sorted({i for p in data.newcomers for i in p.interests})):
        interest_of[name] = name if name in interests else interests[k % len(interests)]
    people = [*data.newcomers, *data.supporters]
    _dist, nearest = tree.query(_xyz(np.array([p.lat for p in people]), [p.lon for p in people]))
    now = timezone.now()
    batch = 5000
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bench-{p.id}",
                    password="!",  # noqa: S106 - unusable: nobody logs in as these people
                    is_newcomer=k < len(data.newcomers),
                    is_supporter=k >= len(data.newcomers),
                )
                for k, p in enumerate(people)
            ],
            batch_size=batch,
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    display_name=person.id,
                    place_id=places[int(nearest[k])][0],
                    gender=person.gender or "",
                    availability=sorted(person.availability),
                )
                for k, (user, person) in enumerate(zip(users, people, strict=True))
            ],
            batch_size=batch,
        )
        PersonLanguage.objects.bulk_create(
            [
                PersonLanguage(
                    profile=profile,
                    language_id=language.code,
                    dialect=language.dialect or "",
                    is_first=language.first,
                )
                for profile, person in zip(profiles, people, strict=True)
                for language in person.languages
                if language.code in known_languages
            ],
            batch_size=batch,
        )
        through = Profile.interests.through
        through.objects.bulk_create(
            [
                through(profile_id=profile.pk, interest_id=slug)
                for profile, person in zip(profiles, people, strict=True)
                for slug in {interest_of.get(i, interests[0]) for i in person.interests}
            ],
            batch_size=batch,
        )
        split = len(data.newcomers)
        NewcomerProfile.objects.bulk_create(
            [
                NewcomerProfile(
                    user=user,
                    max_km=int(person.max_km),
                    remote_ok=person.remote_ok,
                    wants_gender=person.wants_gender or "",
                )
                for user, person in zip(users[:split], data.newcomers, strict=True)
            ],
            batch_size=batch,
        )
        SupportRequest.objects.bulk_create(
            [
                SupportRequest(
                    newcomer=user, waiting_since=now - timedelta(days=person.waiting_days)
                )
                for user, person in zip(users[:split], data.newcomers, strict=True)
            ],
            batch_size=batch,
        )
        SupporterProfile.objects.bulk_create(
            [
                SupporterProfile(
                    user=user,
                    capacity=person.capacity,
                    radius_km=int(person.radius_km),
                    remote_ok=person.remote_ok,
                    wants_gender=person.wants_gender or "",
                    status=SupporterProfile.Status.ACTIVE,
                    verified_at=now,
                )
                for user, person in zip(users[split:], data.supporters, strict=True)
            ],
            batch_size=batch,
        )


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def execute() -> dict:
    """One matching run in this (fresh) process, with each phase's seconds and queries, then
    the one-at-a-time baseline on a sample (rolled back)."""
    from peers.models import MatchingRun, Offer, SupportRequest
    from peers.services.matching_runs import matching_run_execute
    from peers.services.pairing import offer_create

    counter = _QueryCounter()
    marks: list[tuple[str, float, int]] = []
    run = MatchingRun.objects.create()
    with connection.execute_wrapper(counter):
        run = matching_run_execute(
            run=run, observe=lambda phase: marks.append((phase, time.perf_counter(), counter.count))
        )
    phases = {
        name: {"seconds": end - start, "queries": q_end - q_start}
        for (name, start, q_start), (_next, end, q_end) in zip(marks, marks[1:], strict=False)
    }
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    sample = list(
        Offer.objects.filter(run=run).select_related("request", "supporter")[:BASELINE_SAMPLE]
    )
    baseline_s = 0.0
    if sample:
        with transaction.atomic():
            Offer.objects.filter(pk__in=[o.pk for o in sample]).delete()
            SupportRequest.objects.filter(pk__in=[o.request_id for o in sample]).update(
                status=SupportRequest.Status.WAITING
            )
            started = time.perf_counter()
            for offer in sample:
                offer_create(request=offer.request, supporter=offer.supporter, score=offer.score)
            baseline_s = (time.perf_counter() - started) / len(sample) * run.offers_made
            transaction.set_rollback(True)
    return {
        "newcomers": run.newcomers,
        "supporters": run.supporters,
        "offers": run.offers_made,
        "status": run.status,
        "phases": phases,
        "total_s": sum(p["seconds"] for p in phases.values()),
        "queries": sum(p["queries"] for p in phases.values()),
        "peak_mb": peak_mb,
        "one_at_a_time_write_s": baseline_s,
    }


def bench(sizes: list[tuple[int, int]], *, seed_value: int, keep: bool, out) -> list[dict]:
    """Seeds and runs each size in its own throwaway database; prints a table."""
    results = []
    for newcomers, supporters in sizes:
        name = f"bench_matching_{newcomers}x{supporters}"
        if connection.vendor == "sqlite":
            name = str(Path(connection.settings_dict["NAME"]).with_name(f"{name}.sqlite3"))
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        original = connection.settings_dict["NAME"]
        out(f"{newcomers:,} × {supporters:,}: creating {name} …")
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            started = time.perf_counter()
            seed(newcomers, supporters, seed=seed_value)
            seeded_s = time.perf_counter() - started
            connection.close()
            child = subprocess.run(  # noqa: S603 - our own command, no outside input
                [sys.executable, "manage.py", "bench_matching_run", "--execute", test_name],
                capture_output=True,
                text=True,
                check=False,
                cwd=Path(__file__).resolve().parent.parent,
                env=os.environ,
            )
            if child.returncode:
                raise RuntimeError(f"the run failed:\n{child.stderr[-3000:]}")
            result = json.loads(child.stdout.strip().splitlines()[-1])
            result["seed_s"] = seeded_s
            results.append(result)
            _print(result, out)
        finally:
            if not keep:
                connection.creation.destroy_test_db(original, verbosity=0)
            else:
                out(f"  kept database {test_name}")
    return results


def _print(result: dict, out) -> None:
    phases = result["phases"]
    out(
        f"  {result['newcomers']:,} waiting × {result['supporters']:,} supporters with room → "
        f"{result['offers']:,} offers ({result['status']}); seeded in {result['seed_s']:.1f} s"
    )
    for name in PHASES:
        phase = phases.get(name, {"seconds": 0.0, "queries": 0})
        out(f"  {name:<7} {phase['seconds']:7.2f} s {phase['queries']:6d} queries")
    out(
        f"  total   {result['total_s']:7.2f} s {result['queries']:6d} queries, "
        f"peak memory {result['peak_mb']:,.0f} MB"
    )
    bulk = phases["write"]["seconds"]
    out(
        f"  baseline: one offer at a time would write them in about "
        f"{result['one_at_a_time_write_s']:.1f} s (bulk: {bulk:.2f} s)"
    )
