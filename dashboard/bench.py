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

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

BATCH = 5000
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a throwaway bench account


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def seed_history(*, seed: int, now: dt.datetime) -> dict[str, int]:
    """Gives the seeded people a past: see the module's docstring. Returns row counts."""
    from activities.models import Activity, Organisation, Participation, SessionRating
    from chat.models import Case, Conversation, Message
    from feedback.models import Feedback
    from peers.models import (
        Move,
        Offer,
        Pairing,
        PersonLanguage,
        Place,
        Profile,
        SupporterProfile,
        SupportRequest,
    )

    rng = random.Random(seed)  # noqa: S311 - repeatable made-up data, not a secret
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    first = dict(
        PersonLanguage.objects.filter(is_first=True).values_list("profile__user_id", "language_id")
    )
    newcomers = list(
        SupportRequest.objects.order_by("pk").values_list("newcomer_id", "waiting_since")
    )
    supporters = list(SupporterProfile.objects.order_by("pk").values_list("user_id", "capacity"))
    supporter_ids = [user_id for user_id, _capacity in supporters]
    places = list(
        Profile.objects.filter(place__isnull=False).values_list("place_id", flat=True).distinct()
    )
    counts: dict[str, int] = {}
    with transaction.atomic():
        SupporterProfile.objects.update(verified_at=days(200))
        # Requests: 40 % waiting (with the reason a run stores), 5 % offered, 45 % matched in
        # the last 6 months, 10 % cancelled.
        SupportRequest.objects.all().delete()
        reasons = ("no_speaker_within",) * 3 + ("no_speaker",) + ("all_taken",) * 4 + ("",) * 2
        rows = []
        for newcomer_id, waiting_since in newcomers:
            draw = rng.random()
            if draw < 0.40:
                key = rng.choice(reasons)
                language = first.get(newcomer_id, "en")
                rows.append(
                    SupportRequest(
                        newcomer_id=newcomer_id,
                        waiting_since=waiting_since,
                        waiting_reason={"key": key, "params": {"language": language, "km": 10}}
                        if key
                        else {},
                    )
                )
            elif draw < 0.45:
                rows.append(
                    SupportRequest(newcomer_id=newcomer_id, waiting_since=waiting_since,
                                   status="offered")
                )  # fmt: skip
            elif draw < 0.90:
                matched_at = days(rng.uniform(0, 180))
                rows.append(
                    SupportRequest(
                        newcomer_id=newcomer_id,
                        status="matched",
                        waiting_since=matched_at - dt.timedelta(days=rng.expovariate(1 / 30)),
                        matched_at=matched_at,
                    )
                )
            else:
                rows.append(
                    SupportRequest(newcomer_id=newcomer_id, waiting_since=waiting_since,
                                   status="cancelled")
                )  # fmt: skip
        requests = _bulk(SupportRequest, rows)
        counts["requests"] = len(requests)

        # Offers: one accepted a day before each match (30 % after a declined or expired
        # one), one pending for each request offered. Pairings for the matched, active
        # within each supporter's capacity, ended beyond it.
        free = {user_id: capacity for user_id, capacity in supporters}
        offers, pairings = [], []
        for request in requests:
            if request.status == "offered":
                offers.append(_offer(request, rng.choice(supporter_ids), "pending", days(1)))
            elif request.status == "matched":
                supporter = rng.choice(supporter_ids)
                if rng.random() < 0.3:
                    earlier = request.matched_at - dt.timedelta(days=rng.uniform(2, 9))
                    status = rng.choice(("declined", "expired"))
                    offers.append(_offer(request, rng.choice(supporter_ids), status, earlier))
                offers.append(
                    _offer(request, supporter, "accepted", request.matched_at, decided=True)
                )
                active = free[supporter] > 0
                free[supporter] -= active
                pairings.append(
                    Pairing(
                        newcomer_id=request.newcomer_id,
                        supporter_id=supporter,
                        request=request,
                        status="active" if active else "ended",
                        ended_at=None if active else now,
                    )
                )
        counts["offers"] = len(_bulk(Offer, offers))
        Offer.objects.update(
            created_at=ExpressionWrapper(
                F("expires_at") - dt.timedelta(days=7), output_field=DateTimeField()
            )
        )
        pairings = _bulk(Pairing, pairings)
        counts["pairings"] = len(pairings)

        # Conversations for half the active pairings, with a message or two from the
        # supporter in the last 60 days.
        talking = [p for p in pairings if p.status == "active" and rng.random() < 0.5]
        conversations = _bulk(
            Conversation, [Conversation(kind="pairing", pairing=p) for p in talking]
        )
        messages = [
            Message(conversation=c, sender_id=p.supporter_id, body="Hello", created_at=days(
                rng.uniform(0, 60)))
            for c, p in zip(conversations, talking, strict=True)
            for _ in range(rng.randint(1, 2))
        ]  # fmt: skip
        counts["messages"] = len(_bulk(Message, messages))

        # Safeguarding cases, reports and messages to the team over the last 60 days.
        cases = []
        for _ in range(max(10, len(newcomers) // 100)):
            status = rng.choice(("new", "acknowledged", "closed", "closed"))
            created = days(rng.uniform(0, 60))
            cases.append(
                Case(
                    kind=rng.choice(("safeguarding", "report", "team")),
                    status=status,
                    conversation=rng.choice(conversations),
                    created_at=created,
                    closed_at=created + dt.timedelta(days=1) if status == "closed" else None,
                )
            )
        counts["cases"] = len(_bulk(Case, cases))

        # Feedback with scores and complaints (anonymous: no account) over 4 months.
        feedback = []
        for k in range(max(20, len(newcomers) // 15)):
            complaint = rng.random() < 0.12
            status = rng.choice(("new", "acknowledged", "resolved")) if complaint else "new"
            created = days(rng.uniform(0, 120))
            feedback.append(
                Feedback(
                    kind="complaint" if complaint else "feedback",
                    about="general",
                    score=rng.choice((1, 2, 3, 4, 4, 5, 5, 5)),
                    anonymous=True,
                    reference=f"CG-B{k:06d}",
                    status=status,
                    response="Thank you." if status == "resolved" else "",
                    responded_at=created + dt.timedelta(days=3) if status == "resolved" else None,
                    created_at=created,
                )
            )
        counts["feedback"] = len(_bulk(Feedback, feedback))

        # Groups and activities in the people's towns, people coming, session ratings.
        kinds = [kind for kind, _label in Organisation.Kind.choices]
        organisations = _bulk(
            Organisation,
            [
                Organisation(name=f"Bench group {k}", kind=kinds[k % len(kinds)],
                             description="-", public_contact="-", status="verified")
                for k in range(max(5, len(newcomers) // 500))
            ],
        )  # fmt: skip
        activities = _bulk(
            Activity,
            [
                Activity(organisation=organisation, title=f"{organisation.name} {k}",
                         description="-", place_id=rng.choice(places), weekdays=[5])
                for organisation in organisations
                for k in range(3)
            ],
        )  # fmt: skip
        joined = set()
        participations = []
        for _ in range(len(newcomers) * 3 // 5):
            key = (rng.choice(activities).pk, rng.choice(newcomers)[0])
            if key in joined:
                continue
            joined.add(key)
            status = rng.choices(("joined", "waiting", "left"), (85, 10, 5))[0]
            participations.append(Participation(activity_id=key[0], user_id=key[1], status=status))
        participations = _bulk(Participation, participations)
        counts["participations"] = len(participations)
        ratings = [
            SessionRating(participation=p, session_date=days(rng.randint(0, 120)).date(),
                          rating=rng.choice((3, 4, 4, 5, 5)))
            for p in participations
            if p.status == "joined" and rng.random() < 0.3
        ]  # fmt: skip
        counts["ratings"] = len(_bulk(SessionRating, ratings))

        # Moves: 4 % of newcomers moved in the last 6 months.
        place_ids = list(Place.objects.filter(pk__in=places).values_list("pk", flat=True))
        moved = rng.sample(newcomers, len(newcomers) // 25)
        counts["moves"] = len(
            _bulk(
                Move,
                [
                    Move(user_id=user_id, to_place_id=rng.choice(place_ids),
                         moved_on=days(rng.uniform(0, 180)).date())
                    for user_id, _since in moved
                ],
            )
        )  # fmt: skip
    return counts


def _offer(request, supporter_id: int, status: str, at: dt.datetime, *, decided: bool = False):
    from peers.models import Offer

    return Offer(
        request=request,
        supporter_id=supporter_id,
        status=status,
        expires_at=at + dt.timedelta(days=7),
        decided_at=at if decided or status == "declined" else None,
    )


# --- Timing -------------------------------------------------------------------------------


def _coordinator():
    from allauth.mfa.totp.internal.auth import TOTP

    from peers.models import User
    from peers.services import coordinator_grant

    user = User.objects.create(username="bench-coordinator")
    coordinator_grant(user=user)
    TOTP.activate(user, TOTP_SECRET)
    return user


def _naive_waiting(now: dt.datetime) -> int:
    """The waiting section the naive way: per town, a count and a list of waits (Python
    median). Returns the number of towns."""
    from peers.models import Place, SupportRequest

    since = now - dt.timedelta(days=90)
    towns = Place.objects.filter(profile__user__support_requests__isnull=False).distinct()
    n = 0
    for town in towns:
        requests = SupportRequest.objects.filter(newcomer__profile__place=town)
        requests.filter(status__in=SupportRequest.OPEN).count()
        waits = [
            (matched - since_).total_seconds()
            for since_, matched in requests.filter(matched_at__gte=since).values_list(
                "waiting_since", "matched_at"
            )
        ]
        if waits:
            statistics.median(waits)
        n += 1
    return n


def _window_medians(now: dt.datetime) -> int:
    """The medians by town, by first language and overall the other way: in the database,
    by window functions (each group's waits numbered in order, only the middle ones read),
    three queries. Returns the number of towns."""
    from django.db.models import Count, F, IntegerField, Value, Window
    from django.db.models.functions import RowNumber

    from dashboard.selectors import DaysBetween
    from peers.models import SupportRequest

    matched = SupportRequest.objects.filter(matched_at__gte=now - dt.timedelta(days=90)).order_by()
    first_language = "newcomer__profile__languages__language"
    towns = 0
    for rows, partition in (
        (matched, "newcomer__profile__place"),
        (matched.filter(newcomer__profile__languages__is_first=True), first_language),
        (matched, None),
    ):
        wait = DaysBetween(F("matched_at"), F("waiting_since"))
        by = [F(partition)] if partition else None
        middles = defaultdict(list)
        found = (
            rows.annotate(
                group=F(partition) if partition else Value(0, output_field=IntegerField()),
                wait=wait,
                position=Window(RowNumber(), partition_by=by, order_by=[wait.asc(), F("pk")]),
                people=Window(Count("pk"), partition_by=by),
            )
            .annotate(twice=F("position") * 2)
            .filter(twice__gte=F("people"), twice__lte=F("people") + 2)
            .values_list("group", "wait")
        )
        for group, days in found:
            middles[group].append(days)
        towns = towns or len(middles)
    return towns


def _timed(action, repeat: int) -> tuple[float, int, object]:
    """Median seconds of `repeat` runs, and the queries and result of the last one."""
    seconds, _cpu, queries, result = _timed_cpu(action, repeat)
    return seconds, queries, result


def _timed_cpu(action, repeat: int) -> tuple[float, float, int, object]:
    """Median wall-clock and this process's CPU seconds of `repeat` runs, and the queries and
    result of the last one."""
    seconds, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = action()
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return (
        statistics.median(seconds),
        statistics.median(cpu),
        len(captured.captured_queries),
        result,
    )


def measure(*, renders: int) -> dict:
    """Renders the page and each export as a coordinator; times the baselines."""
    from django.test import Client

    from dashboard.report import SECTIONS

    now = timezone.now()
    client = Client()
    client.force_login(_coordinator())
    page = lambda: client.get("/coordinator/dashboard/", secure=True)  # noqa: E731
    page()  # warm: templates compiled, language catalogues loaded
    load = os.getloadavg()[0]
    page_s, page_cpu, page_q, response = _timed_cpu(page, renders)
    if response.status_code != 200:
        raise RuntimeError(f"the dashboard answered {response.status_code}")
    exports = {}
    for section in SECTIONS:
        seconds, queries, answer = _timed(
            lambda s=section: client.get(f"/coordinator/dashboard/{s}.csv", secure=True), 1
        )
        if answer.status_code != 200:
            raise RuntimeError(f"the {section} export answered {answer.status_code}")
        exports[section] = (seconds, queries)
    naive_s, naive_q, towns = _timed(lambda: _naive_waiting(now), 1)
    window_medians_s, window_medians_q, _towns = _timed(lambda: _window_medians(now), renders)
    from dashboard.selectors import matched_waits, waiting_figures

    waiting_s, waiting_q, _figures = _timed(lambda: waiting_figures(now=now), renders)
    rows_s, _rows_q, rows = _timed(lambda: list(matched_waits(now=now)), renders)
    return {
        "page_s": page_s,
        "page_cpu": page_cpu,
        "page_q": page_q,
        "load": load,
        "page_kb": len(response.content) / 1024,
        "exports": exports,
        "waiting_s": waiting_s,
        "waiting_q": waiting_q,
        "naive_s": naive_s,
        "naive_q": naive_q,
        "towns": towns,
        "rows_s": rows_s,
        "rows": len(rows),
        "window_medians_s": window_medians_s,
        "window_medians_q": window_medians_q,
    }


def measure_in(database: str, *, renders: int) -> dict:
    """`measure` on an already seeded database, in this process (the benchmark's child)."""
    from django.test.utils import setup_test_environment

    connection.settings_dict["NAME"] = database
    setup_test_environment(debug=False)
    result = measure(renders=renders)
    result["exports"] = {name: list(value) for name, value in result["exports"].items()}
    return result


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
            cwd=Path(__file__).resolve().parent.parent,
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
