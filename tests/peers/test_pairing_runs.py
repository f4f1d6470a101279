"""Matching runs end to end: queued by a coordinator, solved exactly, turned into offers with
reasons, and summarised for coordinators (who is still waiting, and why)."""

import os
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.celery import app as celery_app
from peers import matching
from peers.models import MatchingRun, Notification, Offer, SupportRequest
from peers.selectors.matching import matching_data_build
from peers.selectors.pairing import offer_reasons, waiting_reason_text
from peers.services import newcomer_profile_update
from peers.services.matching_runs import matching_run_start
from peers.services.pairing import offer_accept, offer_decline, support_request_create
from peers.tasks import matching_scheduled, offers_expire_task
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

TIGRINYA = "ትግርኛ — Tigrinya"
AMHARIC = "አማርኛ — Amharic"


def _run(coordinator, capture) -> MatchingRun:
    """Starts a run as a coordinator would; the queued task runs once the start commits."""
    with capture(execute=True):
        run = matching_run_start(triggered_by=coordinator)
    run.refresh_from_db()
    return run


def _offered_pairs() -> set[tuple[int, int]]:
    return set(
        Offer.objects.filter(status=Offer.Status.PENDING).values_list(
            "request__newcomer_id", "supporter_id"
        )
    )


@pytest.fixture
def crossing(db):
    """Two newcomers, two supporters with room for one each. The single best pair (same town,
    first language) is `near` with `tigrinya`; taking it leaves `stockton` with nobody, so
    greedy matches one person and the exact optimum matches both:
    near–amharic and stockton–tigrinya."""
    people = {
        "near": newcomer_ready(
            town="Middlesbrough",
            languages=(("ti", "", True), ("am", "", False)),
            interests=["football"],
        ),
        "stockton": newcomer_ready(
            town="Stockton-on-Tees", languages=(("ti", "", True),), interests=["cooking"]
        ),
        "tigrinya": supporter_ready(
            town="Middlesbrough",
            languages=(("ti", "", True), ("am", "", False)),
            interests=["football"],
        ),
        "amharic": supporter_ready(
            town="Middlesbrough", languages=(("am", "", True),), interests=["chess-games"]
        ),
    }
    for key in ["near", "stockton"]:
        support_request_create(newcomer=people[key])
    return people


def _greedy(data: matching.MatchInput) -> list[tuple[str, str]]:
    """Best pair first, as a reference for what a heuristic would do."""
    pairs = []
    for n in data.newcomers:
        for s in data.supporters:
            if matching.pair_allowed(n, s, data.exclude):
                pairs.append((matching.score_parts(n, s).score, n.id, s.id))
    taken, room, chosen = set(), {s.id: s.capacity for s in data.supporters}, []
    for _score, n, s in sorted(pairs, reverse=True):
        if n not in taken and room[s] > 0:
            taken.add(n)
            room[s] -= 1
            chosen.append((n, s))
    return chosen


@pytest.mark.django_db
def test_matching_run_offers_the_exact_optimum_not_the_greedy_choice(
    crossing, django_capture_on_commit_callbacks
):
    people = crossing
    greedy = _greedy(matching_data_build().input)
    assert greedy == [(str(people["near"].pk), str(people["tigrinya"].pk))]  # the trap is set

    run = _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    assert _offered_pairs() == {
        (people["near"].pk, people["amharic"].pk),
        (people["stockton"].pk, people["tigrinya"].pk),
    }
    assert run.offers_made == 2


@pytest.mark.django_db
def test_matching_run_moves_requests_to_offered_and_tells_each_supporter(
    crossing, django_capture_on_commit_callbacks
):
    people = crossing
    coordinator = CoordinatorFactory()

    run = _run(coordinator, django_capture_on_commit_callbacks)

    assert set(SupportRequest.objects.values_list("status", flat=True)) == {"offered"}
    offers = Offer.objects.all()
    assert {offer.run_id for offer in offers} == {run.pk}
    assert all(offer.proposed_by is None for offer in offers)  # the matcher, not a person
    for key in ["tigrinya", "amharic"]:
        kinds = list(Notification.objects.filter(user=people[key]).values_list("kind", flat=True))
        assert kinds.count(Notification.Kind.OFFER_RECEIVED) == 1
    assert not Notification.objects.filter(
        user__in=[people["near"], people["stockton"]], kind=Notification.Kind.OFFER_RECEIVED
    ).exists()
    assert run.triggered_by == coordinator


@pytest.mark.django_db
def test_matching_run_stores_reasons_that_render_as_sentences(
    crossing, django_capture_on_commit_callbacks
):
    people = crossing

    _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    stockton = Offer.objects.get(request__newcomer=people["stockton"])
    near = Offer.objects.get(request__newcomer=people["near"])
    assert offer_reasons(stockton) == [
        f"You both speak {TIGRINYA}",
        "About 5 km apart",  # 5.47 km: rounded, never exact
        "Free at the same times",
    ]
    assert offer_reasons(near) == [
        f"You both speak {AMHARIC}",
        "Less than 1 km apart",
        "Free at the same times",
    ]
    assert stockton.distance_km == pytest.approx(5.47, abs=0.01)
    assert stockton.remote is False
    assert 0 < near.score < stockton.score <= 1


@pytest.mark.django_db
def test_matching_run_records_progress_counts_and_why_people_still_wait(
    crossing, django_capture_on_commit_callbacks
):
    # Nobody speaks Pashto; Tigrinya speakers exist, but not within reach of Cardiff.
    pashto = newcomer_ready(town="Cardiff", languages=(("ps", "", True),))
    far = newcomer_ready(town="Cardiff", languages=(("ti", "", True),), max_km=20)
    unfinished = NewcomerFactory()
    for newcomer in [pashto, far, unfinished]:
        support_request_create(newcomer=newcomer)

    run = _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    assert run.status == MatchingRun.Status.DONE
    assert run.progress == 100
    assert run.finished_at is not None
    assert (run.newcomers, run.supporters, run.offers_made) == (4, 2, 2)
    assert run.objective == pytest.approx(
        sum(1 + offer.score for offer in Offer.objects.filter(run=run))
    )
    assert sorted(run.waiting_reasons, key=lambda item: item["key"]) == [
        {"key": "no_speaker", "params": {"language": "ps", "town": "Cardiff"}, "count": 1},
        {
            "key": "no_speaker_within",
            "params": {"language": "ti", "km": 20, "town": "Cardiff"},
            "count": 1,
        },
        {"key": "profile_incomplete", "params": {}, "count": 1},
    ]
    texts = {waiting_reason_text(item) for item in run.waiting_reasons}
    assert "No Tigrinya speaker within 20 km of Cardiff, and no remote option" in texts
    assert "No Pashto speaker among active supporters (Cardiff)" in texts
    assert SupportRequest.objects.get(newcomer=far).status == SupportRequest.Status.WAITING


@pytest.mark.django_db
def test_matching_run_without_any_tigrinya_supporter_says_no_speaker(
    django_capture_on_commit_callbacks,
):
    supporter_ready(town="Cardiff", languages=(("ar", "", True),))
    support_request_create(newcomer=newcomer_ready(town="Cardiff"))

    run = _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    assert run.offers_made == 0
    assert run.waiting_reasons == [
        {"key": "no_speaker", "params": {"language": "ti", "town": "Cardiff"}, "count": 1}
    ]


@pytest.mark.django_db
def test_matching_run_says_all_taken_when_the_speakers_in_reach_are_full(
    django_capture_on_commit_callbacks,
):
    """A Tigrinya speaker nearby whose places are all used is not a coverage gap: the
    newcomer waits because everyone who fits is busy, and the reason says so."""
    busy = supporter_ready(town="Middlesbrough", languages=(("ti", "", True),), capacity=1)
    active_pairing(newcomer_ready(town="Middlesbrough", languages=(("ti", "", True),)), busy)
    support_request_create(
        newcomer=newcomer_ready(town="Middlesbrough", languages=(("ti", "", True),))
    )

    run = _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    assert run.offers_made == 0
    assert run.waiting_reasons == [
        {"key": "all_taken", "params": {"language": "ti", "town": "Middlesbrough"}, "count": 1}
    ]


@pytest.mark.django_db
def test_matching_run_page_shows_the_result_to_coordinators(
    client, crossing, django_capture_on_commit_callbacks
):
    support_request_create(newcomer=newcomer_ready(town="Cardiff", max_km=20))
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/coordinator/matching/run/")

    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coordinator/matching/{run.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "No Tigrinya speaker within 20 km of Cardiff, and no remote option" in html
    overview = client.get("/coordinator/matching/").content.decode()
    assert "No Tigrinya speaker within 20 km of Cardiff, and no remote option" in overview


@pytest.mark.django_db
@pytest.mark.parametrize("busy", [MatchingRun.Status.PENDING, MatchingRun.Status.RUNNING])
def test_matching_run_start_is_refused_while_another_run_is_going_on(busy):
    coordinator = CoordinatorFactory()
    first = matching_run_start(triggered_by=coordinator)  # queued; its task has not run yet
    MatchingRun.objects.filter(pk=first.pk).update(status=busy)

    with pytest.raises(ValidationError):
        matching_run_start(triggered_by=coordinator)

    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_matching_run_now_view_refuses_a_second_run_with_a_message(client):
    coordinator = CoordinatorFactory()
    matching_run_start(triggered_by=coordinator)
    client.force_login(coordinator)

    response = client.post("/coordinator/matching/run/", follow=True)

    assert MatchingRun.objects.count() == 1
    assert "A matching run is already going on." in response.content.decode()


@pytest.mark.django_db
def test_matching_run_start_after_a_finished_run_is_allowed(django_capture_on_commit_callbacks):
    coordinator = CoordinatorFactory()
    _run(coordinator, django_capture_on_commit_callbacks)

    second = _run(coordinator, django_capture_on_commit_callbacks)

    assert second.status == MatchingRun.Status.DONE
    assert MatchingRun.objects.count() == 2


@pytest.mark.django_db
def test_matching_run_never_offers_a_supporter_the_newcomer_declined_before(
    django_capture_on_commit_callbacks,
):
    newcomer = newcomer_ready()
    first, second = supporter_ready(), supporter_ready(town="TS1")
    support_request_create(newcomer=newcomer)
    coordinator = CoordinatorFactory()
    _run(coordinator, django_capture_on_commit_callbacks)
    offer = Offer.objects.get()
    offer_decline(offer=offer, supporter=offer.supporter)
    other = second if offer.supporter == first else first

    _run(coordinator, django_capture_on_commit_callbacks)
    # Declined by both: nobody left to ask.
    offer = Offer.objects.get(status=Offer.Status.PENDING)
    assert offer.supporter == other
    offer_decline(offer=offer, supporter=other)
    last = _run(coordinator, django_capture_on_commit_callbacks)

    assert last.offers_made == 0
    assert SupportRequest.objects.get(newcomer=newcomer).status == SupportRequest.Status.WAITING


@pytest.mark.django_db
def test_matching_run_never_offers_a_person_to_themselves(django_capture_on_commit_callbacks):
    both = supporter_ready()
    both.is_newcomer = True
    both.save(update_fields=["is_newcomer"])
    newcomer_profile_update(
        user=both, max_km=10, remote_ok=False, wants_gender="", helps=[], about_me=""
    )
    support_request_create(newcomer=both)

    _run(CoordinatorFactory(), django_capture_on_commit_callbacks)

    # Today the offer is made, and accepting it is a 500 (IntegrityError: pairing_two_people).
    assert not Offer.objects.filter(supporter=both, request__newcomer=both).exists()


@pytest.mark.django_db
def test_matching_run_offer_can_be_accepted_into_a_pairing(
    crossing, django_capture_on_commit_callbacks
):
    people = crossing
    _run(CoordinatorFactory(), django_capture_on_commit_callbacks)
    offer = Offer.objects.get(supporter=people["tigrinya"])

    pairing = offer_accept(offer=offer, supporter=people["tigrinya"])

    assert pairing.newcomer == people["stockton"]


@pytest.mark.django_db
def test_matching_run_that_fails_is_marked_failed_and_does_not_block_the_next(
    crossing, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    broken = RuntimeError("solver crashed")
    with mock.patch("peers.services.matching_runs.matching.match", side_effect=broken):
        with pytest.raises(RuntimeError):
            _run(coordinator, django_capture_on_commit_callbacks)

    failed = MatchingRun.objects.get()
    assert failed.status == MatchingRun.Status.FAILED
    assert failed.finished_at is not None
    assert not Offer.objects.exists()
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {"waiting"}
    assert _run(coordinator, django_capture_on_commit_callbacks).offers_made == 2


def test_matching_and_offer_expiry_are_scheduled_by_beat_every_15_minutes():
    schedule = {
        entry["task"]: entry["schedule"] for entry in celery_app.conf.beat_schedule.values()
    }

    assert schedule["peers.tasks.matching_scheduled"] == 15 * 60
    assert schedule["peers.tasks.offers_expire_task"] <= 15 * 60


def test_the_matching_schedule_follows_its_one_setting():
    """MATCHING_EVERY_MINUTES is read once, by the settings; beat takes it from there."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.conf.beat_schedule['matching']['schedule'])"
    )
    env = {**os.environ, "MATCHING_EVERY_MINUTES": "7", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout

    assert float(out) == 7 * 60


@pytest.mark.django_db
def test_matching_scheduled_runs_matching_and_skips_while_a_run_is_going_on(
    crossing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matching_scheduled.delay()

    run = MatchingRun.objects.get()
    assert (run.status, run.triggered_by, run.offers_made) == (MatchingRun.Status.DONE, None, 2)

    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRun.Status.RUNNING)
    matching_scheduled.delay()  # quietly does nothing

    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_offers_expire_task_expires_offers_past_their_time():
    offer = pending_offer(newcomer_ready(), supporter_ready())
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert offers_expire_task.delay().get() == 1

    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_does_not_block_the_next():
    from datetime import timedelta

    from django.utils import timezone

    from peers.models import MatchingRun
    from peers.services.matching_runs import matching_run_start

    stale = MatchingRun.objects.create(status=MatchingRun.Status.RUNNING)
    MatchingRun.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(hours=1),
        heartbeat_at=timezone.now() - timedelta(minutes=31),  # its heart stopped
    )

    run = matching_run_start()

    stale.refresh_from_db()
    assert stale.status == MatchingRun.Status.FAILED
    assert run.pk != stale.pk


@pytest.mark.django_db
def test_a_slow_run_that_still_beats_is_not_stale():
    from datetime import timedelta

    from django.utils import timezone

    from peers.models import MatchingRun
    from peers.services.matching_runs import matching_run_start

    slow = MatchingRun.objects.create(status=MatchingRun.Status.RUNNING)
    MatchingRun.objects.filter(pk=slow.pk).update(
        created_at=timezone.now() - timedelta(hours=2),  # long past the stale limit
        heartbeat_at=timezone.now() - timedelta(minutes=1),
    )

    with pytest.raises(ValidationError):
        matching_run_start()

    slow.refresh_from_db()
    assert slow.status == MatchingRun.Status.RUNNING
    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_run_whoever_makes_it():
    from django.db import IntegrityError, transaction

    from peers.models import MatchingRun

    MatchingRun.objects.create(status=MatchingRun.Status.PENDING)
    for status in (MatchingRun.Status.PENDING, MatchingRun.Status.RUNNING):
        with pytest.raises(IntegrityError), transaction.atomic():
            MatchingRun.objects.create(status=status)
    MatchingRun.objects.create(status=MatchingRun.Status.DONE)  # finished ones: any number
    MatchingRun.objects.create(status=MatchingRun.Status.FAILED)

    assert MatchingRun.objects.filter(status__in=MatchingRun.ACTIVE).count() == 1


@pytest.mark.django_db
def test_a_run_given_up_as_stale_stops_at_its_next_step_without_reviving(
    crossing, django_capture_on_commit_callbacks
):
    from peers.models import MatchingRun
    from peers.services.matching_runs import matching_run_execute

    run = MatchingRun.objects.create(status=MatchingRun.Status.RUNNING)
    # Another process gave it up meanwhile (its heartbeat had stopped).
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRun.Status.FAILED)

    result = matching_run_execute(run=run)

    assert result.status == MatchingRun.Status.FAILED
    assert not Offer.objects.exists()
