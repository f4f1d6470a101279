"""Asking for a peer supporter: one open request, a fair place in the queue, an honest estimate."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peers.models import Offer, SupportRequest
from peers.selectors.pairing import support_status_for_newcomer, wait_estimate_days
from peers.services.pairing import support_request_cancel, support_request_create
from tests.peers.factories import (
    NewcomerFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

Status = SupportRequest.Status


@pytest.mark.django_db
def test_support_request_create_twice_keeps_one_request_and_its_place():
    newcomer = newcomer_ready()
    first = support_request_create(newcomer=newcomer)
    SupportRequest.objects.filter(pk=first.pk).update(
        waiting_since=timezone.now() - timedelta(days=3)
    )
    first.refresh_from_db()

    again = support_request_create(newcomer=newcomer)

    assert again.pk == first.pk
    assert again.waiting_since == first.waiting_since
    assert SupportRequest.objects.filter(newcomer=newcomer).count() == 1


@pytest.mark.django_db
def test_support_request_create_while_offered_keeps_the_offered_request():
    newcomer = newcomer_ready()
    offer = pending_offer(newcomer, supporter_ready())

    again = support_request_create(newcomer=newcomer)

    assert again.pk == offer.request_id
    assert again.status == Status.OFFERED
    assert SupportRequest.objects.filter(newcomer=newcomer).count() == 1


@pytest.mark.django_db
def test_support_request_create_takes_helps_from_the_newcomer_profile():
    request = support_request_create(newcomer=newcomer_ready())

    assert request.helps == ["talk"]
    assert request.status == Status.WAITING


@pytest.mark.django_db
def test_support_request_create_is_refused_with_an_active_pairing():
    newcomer = newcomer_ready()
    active_pairing(newcomer, supporter_ready())

    with pytest.raises(ValidationError):
        support_request_create(newcomer=newcomer)

    assert not SupportRequest.objects.filter(
        newcomer=newcomer, status__in=SupportRequest.OPEN
    ).exists()


@pytest.mark.django_db
def test_support_request_cancel_withdraws_a_pending_offer():
    newcomer = newcomer_ready()
    offer = pending_offer(newcomer, supporter_ready())

    assert support_request_cancel(newcomer=newcomer) is True

    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert offer.decided_at is not None
    assert SupportRequest.objects.get(pk=offer.request_id).status == Status.CANCELLED


@pytest.mark.django_db
def test_support_request_cancel_without_a_request_changes_nothing():
    newcomer = NewcomerFactory()

    assert support_request_cancel(newcomer=newcomer) is False
    assert not SupportRequest.objects.exists()


@pytest.mark.django_db
def test_support_request_after_cancelling_starts_a_new_place_in_the_queue():
    newcomer = newcomer_ready()
    first = support_request_create(newcomer=newcomer)
    SupportRequest.objects.filter(pk=first.pk).update(
        waiting_since=timezone.now() - timedelta(days=3)
    )
    support_request_cancel(newcomer=newcomer)

    second = support_request_create(newcomer=newcomer)

    assert second.pk != first.pk
    assert second.waiting_since > timezone.now() - timedelta(minutes=1)


def _request_waiting_since(days_ago: float, *, status: str = Status.WAITING) -> SupportRequest:
    request = support_request_create(newcomer=NewcomerFactory())
    SupportRequest.objects.filter(pk=request.pk).update(
        waiting_since=timezone.now() - timedelta(days=days_ago), status=status
    )
    request.refresh_from_db()
    return request


@pytest.mark.django_db
def test_support_status_position_counts_only_earlier_open_requests():
    _request_waiting_since(10)  # waiting, earlier: counts
    _request_waiting_since(9, status=Status.OFFERED)  # offered, earlier: counts
    _request_waiting_since(8, status=Status.CANCELLED)  # closed: does not count
    _request_waiting_since(7, status=Status.MATCHED)  # closed: does not count
    mine = _request_waiting_since(5)
    _request_waiting_since(1)  # later: does not count

    status = support_status_for_newcomer(newcomer=mine.newcomer)

    assert status.request == mine
    assert status.position == 3
    assert status.pairing is None


@pytest.mark.django_db
def test_support_status_without_a_request_has_no_position():
    status = support_status_for_newcomer(newcomer=NewcomerFactory())

    assert status.request is None
    assert status.position is None


def _matched_after(days: float, *, matched_days_ago: float = 10) -> None:
    matched_at = timezone.now() - timedelta(days=matched_days_ago)
    request = support_request_create(newcomer=NewcomerFactory())
    SupportRequest.objects.filter(pk=request.pk).update(
        status=Status.MATCHED,
        matched_at=matched_at,
        waiting_since=matched_at - timedelta(days=days),
    )


@pytest.mark.parametrize(
    ("waits", "expected"),
    [
        ([], None),
        ([3, 4, 5, 6], None),  # four matches: too few to say anything honest
        ([1, 2, 3, 10, 40], 3),
        ([2, 4, 6, 8, 10, 30], 7),  # the median of an even count is the mean of the middle two
        ([0.1, 0.2, 0.2, 0.3, 0.4], 1),  # never "0 days"
    ],
)
@pytest.mark.django_db
def test_wait_estimate_is_the_median_of_at_least_five_recent_matches(waits, expected):
    for days in waits:
        _matched_after(days)

    assert wait_estimate_days() == expected


@pytest.mark.django_db
def test_wait_estimate_ignores_matches_older_than_six_months_and_open_requests():
    for days in [1, 2, 3, 4]:
        _matched_after(days)
    _matched_after(50, matched_days_ago=200)  # too old to describe today's wait
    _request_waiting_since(60)  # still waiting: not a finished wait

    assert wait_estimate_days() is None

    _matched_after(5)

    assert wait_estimate_days() == 3


@pytest.mark.django_db
def test_support_status_page_shows_the_place_in_the_queue_and_the_estimate(client):
    for days in [4, 5, 6, 7, 8]:
        _matched_after(days)
    _request_waiting_since(20)
    newcomer = newcomer_ready()
    support_request_create(newcomer=newcomer)
    client.force_login(newcomer)

    html = client.get("/support/").content.decode()

    assert "You are number 2 in the queue" in html
    assert "Recently, people waited about 6 days." in html


@pytest.mark.django_db
def test_the_waiting_page_says_how_often_matching_really_runs(client, settings):
    settings.MATCHING_EVERY_MINUTES = 30
    newcomer = newcomer_ready()
    support_request_create(newcomer=newcomer)
    client.force_login(newcomer)

    html = client.get("/support/").content.decode()

    assert "We look for new matches every 30 minutes." in html
    assert "15 minutes" not in html


@pytest.mark.django_db
def test_offer_pages_say_the_real_time_to_answer(client, settings):
    settings.OFFER_EXPIRY_HOURS = 48
    newcomer, supporter = newcomer_ready(), supporter_ready()
    pending_offer(newcomer, supporter)

    client.force_login(supporter)
    assert "Say yes or no within 2 days." in client.get("/supporter/offers/").content.decode()
    client.force_login(newcomer)
    assert "(within 2 days)" in client.get("/support/").content.decode()


@pytest.mark.parametrize(
    ("minutes", "english", "arabic"),
    [(4320, "3 days", "3 أيام"), (60, "1 hour", "1 ساعة"), (15, "15 minutes", "15 دقيقة")],
)
def test_duration_filter_in_the_readers_language(minutes, english, arabic):
    from django.utils import translation

    from peers.templatetags.peers import duration

    with translation.override("en"):
        assert duration(minutes) == english
    with translation.override("ar"):
        assert duration(minutes) == arabic
