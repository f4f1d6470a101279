"""The benchmark's measurements: the page and each download as a coordinator, and the
baselines (the naive per-town loop, window-function medians)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections import defaultdict

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a throwaway bench account


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
    from django.db.models import Count, IntegerField, Value, Window
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
