"""Ending a pairing (with a private reason), asking for a different supporter, and blocking."""

import pytest
from django.core.exceptions import ValidationError

from peers.models import Block, Notification, Pairing, SupportRequest
from peers.selectors.matching import matching_data_build
from peers.services.pairing import (
    pairing_change_supporter,
    pairing_end,
    person_block,
    support_request_create,
)
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    active_pairing,
    newcomer_ready,
    supporter_ready,
)

SECRET = "They kept talking about my case file"


@pytest.fixture
def pair(db):
    newcomer, supporter = newcomer_ready(), supporter_ready(capacity=2)
    return newcomer, supporter, active_pairing(newcomer, supporter)


def _state(pairing: Pairing):
    pairing.refresh_from_db()
    return pairing.status, pairing.ended_at, pairing.ended_by_id, pairing.end_reason


def _ended_notifications(user) -> int:
    return Notification.objects.filter(user=user, kind=Notification.Kind.PAIRING_ENDED).count()


@pytest.mark.parametrize("side", ["newcomer", "supporter"])
def test_pairing_end_by_either_side_keeps_the_reason_private_and_tells_the_other(pair, side):
    newcomer, supporter, pairing = pair
    by, other = (newcomer, supporter) if side == "newcomer" else (supporter, newcomer)

    pairing_end(pairing=pairing, by=by, reason=f"  {SECRET}  ")

    status, ended_at, ended_by, reason = _state(pairing)
    assert (status, ended_by, reason) == (Pairing.Status.ENDED, by.pk, SECRET)
    assert ended_at is not None
    assert _ended_notifications(other) == 1
    assert _ended_notifications(by) == 0
    assert not Notification.objects.filter(note__contains=SECRET).exists()


@pytest.mark.parametrize(
    ("side", "other_pages"),
    [
        ("newcomer", ["/supporter/", "/supporter/offers/", "/notifications/", "/me/"]),
        ("supporter", ["/support/", "/newcomer/", "/notifications/", "/me/"]),
    ],
)
def test_pairing_end_view_reason_never_shows_on_the_other_persons_pages(
    client, pair, side, other_pages
):
    newcomer, supporter, pairing = pair
    by, other = (newcomer, supporter) if side == "newcomer" else (supporter, newcomer)
    client.force_login(by)

    response = client.post(f"/pairings/{pairing.pk}/end/", {"reason": SECRET})

    assert response.status_code == 302
    assert _state(pairing)[3] == SECRET
    client.force_login(other)
    for url in other_pages:
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        assert SECRET not in page.content.decode(), url


def test_pairing_end_twice_is_refused(pair):
    newcomer, supporter, pairing = pair
    pairing_end(pairing=pairing, by=newcomer)
    before = _state(pairing)

    with pytest.raises(ValidationError):
        pairing_end(pairing=pairing, by=supporter, reason="late")

    assert _state(pairing) == before
    assert _ended_notifications(newcomer) == 0


def test_pairing_end_by_someone_outside_the_pairing_is_refused(pair):
    _newcomer, _supporter, pairing = pair
    before = _state(pairing)

    with pytest.raises(ValidationError):
        pairing_end(pairing=pairing, by=NewcomerFactory())

    assert _state(pairing) == before


def test_pairing_change_supporter_ends_the_pairing_and_asks_again(pair):
    newcomer, supporter, pairing = pair
    other = supporter_ready()

    request = pairing_change_supporter(pairing=pairing, newcomer=newcomer)

    status, _ended_at, ended_by, reason = _state(pairing)
    assert (status, ended_by, reason) == (Pairing.Status.ENDED, newcomer.pk, "")
    assert request.status == SupportRequest.Status.WAITING
    assert request.newcomer == newcomer
    assert _ended_notifications(supporter) == 1
    data = matching_data_build()
    assert [n.id for n in data.input.newcomers] == [str(newcomer.pk)]
    assert (str(newcomer.pk), str(supporter.pk)) in data.input.exclude
    assert (str(newcomer.pk), str(other.pk)) not in data.input.exclude


def test_pairing_change_supporter_by_the_supporter_is_refused(pair):
    _newcomer, supporter, pairing = pair
    before = _state(pairing)

    with pytest.raises(ValidationError):
        pairing_change_supporter(pairing=pairing, newcomer=supporter)

    assert _state(pairing) == before
    assert SupportRequest.objects.filter(status=SupportRequest.Status.WAITING).count() == 0


def test_pairing_change_view_then_a_run_offers_someone_else(
    client, pair, django_capture_on_commit_callbacks
):
    from peers.models import Offer
    from peers.services.matching_runs import matching_run_start

    newcomer, supporter, pairing = pair
    other = supporter_ready(town="TS1")
    client.force_login(newcomer)

    response = client.post(f"/pairings/{pairing.pk}/change/")

    assert response.status_code == 302 and response["Location"] == "/support/"
    with django_capture_on_commit_callbacks(execute=True):
        matching_run_start(triggered_by=CoordinatorFactory())
    offer = Offer.objects.get(status=Offer.Status.PENDING)
    assert (offer.request.newcomer, offer.supporter) == (newcomer, other)


@pytest.mark.parametrize("side", ["newcomer", "supporter"])
def test_person_block_ends_the_pairing_and_excludes_the_pair_both_ways(pair, side):
    newcomer, supporter, pairing = pair
    by, other = (newcomer, supporter) if side == "newcomer" else (supporter, newcomer)

    person_block(blocker=by, blocked=other)

    status, _ended_at, ended_by, _reason = _state(pairing)
    assert (status, ended_by) == (Pairing.Status.ENDED, by.pk)
    assert Block.objects.filter(blocker=by, blocked=other).count() == 1
    support_request_create(newcomer=newcomer)
    assert (str(newcomer.pk), str(supporter.pk)) in matching_data_build().input.exclude


def test_person_block_twice_keeps_one_block(pair):
    newcomer, supporter, _pairing = pair

    person_block(blocker=newcomer, blocked=supporter)
    person_block(blocker=newcomer, blocked=supporter)

    assert Block.objects.count() == 1


def test_person_block_of_oneself_is_refused(db):
    person = NewcomerFactory()

    with pytest.raises(ValidationError):
        person_block(blocker=person, blocked=person)

    assert not Block.objects.exists()


@pytest.mark.parametrize("side", ["newcomer", "supporter"])
def test_pairing_block_view_blocks_the_other_person(client, pair, side):
    newcomer, supporter, pairing = pair
    by, other = (newcomer, supporter) if side == "newcomer" else (supporter, newcomer)
    client.force_login(by)

    response = client.post(f"/pairings/{pairing.pk}/block/")

    assert response.status_code == 302
    assert list(Block.objects.values_list("blocker", "blocked")) == [(by.pk, other.pk)]
    assert _state(pairing)[0] == Pairing.Status.ENDED


@pytest.mark.parametrize("action", ["end", "change", "block"])
def test_pairing_action_by_a_non_member_is_404_and_changes_nothing(client, pair, action):
    _newcomer, _supporter, pairing = pair
    before = _state(pairing)
    for outsider in [newcomer_ready(), supporter_ready()]:
        client.force_login(outsider)

        response = client.post(f"/pairings/{pairing.pk}/{action}/", {"reason": "x"})

        assert response.status_code == 404
    assert _state(pairing) == before
    assert not Block.objects.exists()
    assert SupportRequest.objects.filter(status=SupportRequest.Status.WAITING).count() == 0


@pytest.mark.parametrize(
    ("side", "action"),
    [
        ("newcomer", "delete"),
        ("newcomer", "END"),
        ("supporter", "explode"),
        ("supporter", "change"),  # only the newcomer can ask for someone else
    ],
)
def test_pairing_action_unknown_changes_nothing(client, pair, side, action):
    newcomer, supporter, pairing = pair
    client.force_login(newcomer if side == "newcomer" else supporter)
    before = _state(pairing)

    response = client.post(f"/pairings/{pairing.pk}/{action}/", follow=True)

    assert response.status_code == 200
    assert "we did not understand that choice. Nothing changed." in response.content.decode()
    assert _state(pairing) == before
    assert not Block.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.PAIRING_ENDED).exists()


def test_a_different_supporter_keeps_the_place_in_the_queue(pair):
    from datetime import timedelta

    from django.utils import timezone

    from peers.selectors.pairing import support_status_for_newcomer

    newcomer, _supporter, pairing = pair
    asked_long_ago = timezone.now() - timedelta(days=20)
    SupportRequest.objects.filter(pk=pairing.request_id).update(waiting_since=asked_long_ago)
    later = support_request_create(newcomer=NewcomerFactory())  # asked since, waits now

    request = pairing_change_supporter(pairing=pairing, newcomer=newcomer)

    assert request.waiting_since == asked_long_ago
    assert support_status_for_newcomer(newcomer=newcomer).position == 1
    assert support_status_for_newcomer(newcomer=later.newcomer).position == 2
