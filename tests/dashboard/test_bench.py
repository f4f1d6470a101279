"""The dashboard benchmark's own code on a tiny size: its history seeds every section, and a
measurement renders the page and every export (correctness only: no timings asserted)."""

import pytest
from django.utils import timezone

from dashboard import bench, report
from peers import run_bench
from peers.models import AuditEvent, Offer, SupportRequest

pytestmark = pytest.mark.django_db


def test_bench_seeds_a_history_and_measures_the_page():
    run_bench.seed(300, 60, seed=7)

    counts = bench.seed_history(seed=7, now=timezone.now())
    result = bench.measure(renders=1)

    assert counts["requests"] == 300
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {
        "waiting", "offered", "matched", "cancelled"
    }  # fmt: skip
    assert {"accepted", "pending"} <= set(Offer.objects.values_list("status", flat=True))
    assert all(counts[what] > 0 for what in ("pairings", "messages", "cases", "feedback"))
    assert result["page_q"] == 20
    assert result["page_kb"] < 60
    assert set(result["exports"]) == set(report.SECTIONS)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DASHBOARD_EXPORTED).count() == len(
        report.SECTIONS
    )
    assert result["towns"] > 0 and result["rows"] > 0
