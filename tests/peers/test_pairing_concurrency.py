"""Two accepts at the same moment cannot take a supporter over capacity (PostgreSQL only:
SQLite serialises writers, so there is no race to lose there)."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chat.services import conversation_open_for_pairing
from peers.models import Offer, Pairing, SupporterProfile, SupportRequest
from peers.services.pairing import offer_accept, offers_expire, support_request_cancel
from tests.concurrency import race as _race
from tests.peers.factories import newcomer_ready, pending_offer, supporter_ready

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
    ),
]

CHAT_DELAY_SECONDS = 0.3


def _slow_conversation_open(*, pairing):
    """Opening the chat, slowed down: each accept holds its transaction open after creating the
    pairing, so without the row lock both accepts would count zero pairings and both commit."""
    time.sleep(CHAT_DELAY_SECONDS)
    return conversation_open_for_pairing(pairing=pairing)


@pytest.mark.parametrize("slow_chat", [False, True], ids=["as-is", "wide-window"])
def test_offer_accept_two_at_once_never_exceeds_capacity(slow_chat):
    supporter = supporter_ready(capacity=2)
    offers = [pending_offer(newcomer_ready(), supporter) for _ in range(2)]
    # Then they say they can only support one person: both offers stand, one place is left.
    SupporterProfile.objects.filter(user=supporter).update(capacity=1)
    barrier = threading.Barrier(len(offers), timeout=10)
    outcomes: dict[int, object] = {}

    def accept(offer: Offer) -> None:
        try:
            barrier.wait()
            offer_accept(offer=offer, supporter=supporter)
            outcomes[offer.pk] = "accepted"
        except ValidationError:
            outcomes[offer.pk] = "refused"
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[offer.pk] = error
        finally:
            connection.close()

    patch = mock.patch(
        "chat.services.conversation_open_for_pairing",
        _slow_conversation_open if slow_chat else conversation_open_for_pairing,
    )
    with patch:
        threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["accepted", "refused"]
    assert Pairing.objects.filter(supporter=supporter, status=Pairing.Status.ACTIVE).count() == 1
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "accepted")
    loser = next(pk for pk, outcome in outcomes.items() if outcome == "refused")
    assert Offer.objects.get(pk=winner).status == Offer.Status.ACCEPTED
    # The refused accept changed nothing: still an offer, the newcomer still offered.
    assert Offer.objects.get(pk=loser).status == Offer.Status.PENDING
    assert SupportRequest.objects.get(offers__pk=loser).status == SupportRequest.Status.OFFERED


def _holding_in(offer, *, call, before_offer_lock: bool = False):
    """Runs `call(offer)` pausing in the service's offer lock: before taking it (holding only
    the supporter's row) or after (holding the request and the offer too), so another
    transaction can try its own locks meanwhile."""
    from peers.services import pairing as service

    original = service._pending_offer_for

    def paused(offer_, supporter_):
        if before_offer_lock:
            paused.holding.set()
            time.sleep(0.5)
            return original(offer_, supporter_)
        locked = original(offer_, supporter_)
        paused.holding.set()
        time.sleep(0.5)
        return locked

    def action(holding):
        paused.holding = holding
        call(offer)

    return mock.patch.object(service, "_pending_offer_for", paused), action


def _accept_holding(offer, *, before_offer_lock: bool):
    return _holding_in(
        offer,
        call=lambda o: offer_accept(offer=o, supporter=o.supporter),
        before_offer_lock=before_offer_lock,
    )


def test_offer_accept_racing_the_expiry_sweep_never_deadlocks():
    offer = pending_offer(newcomer_ready(), supporter_ready())
    Offer.objects.filter(pk=offer.pk).update(expires_at=offer.expires_at - timedelta(hours=73))
    patch, accept = _accept_holding(offer, before_offer_lock=True)

    with patch:
        outcomes = _race(accept, lambda _holding: offers_expire())

    assert outcomes == {"first": "refused", "second": "ok"}, outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.EXPIRED


def test_offer_accept_racing_a_cancel_ends_in_one_consistent_state():
    """The accept locks the offer and its request together, so the cancel waits, then finds
    the request matched and does nothing."""
    offer = pending_offer(newcomer_ready(), supporter_ready())
    newcomer = offer.request.newcomer
    patch, accept = _accept_holding(offer, before_offer_lock=False)

    with patch:
        outcomes = _race(accept, lambda _holding: support_request_cancel(newcomer=newcomer))

    assert outcomes == {"first": "ok", "second": "ok"}, outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    assert SupportRequest.objects.get(pk=offer.request_id).status == SupportRequest.Status.MATCHED
    assert Pairing.objects.filter(status=Pairing.Status.ACTIVE).count() == 1


def test_offer_decline_racing_an_accept_one_answer_wins():
    from peers.services.pairing import offer_decline

    offer = pending_offer(newcomer_ready(), supporter_ready())
    patch, accept = _holding_in(offer, call=lambda o: offer_accept(offer=o, supporter=o.supporter))

    with patch:
        outcomes = _race(
            accept, lambda _holding: offer_decline(offer=offer, supporter=offer.supporter)
        )

    assert outcomes == {"first": "ok", "second": "refused"}, outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    assert Pairing.objects.filter(status=Pairing.Status.ACTIVE).count() == 1


def test_offer_decline_racing_the_expiry_sweep_never_deadlocks():
    from peers.services.pairing import offer_decline

    offer = pending_offer(newcomer_ready(), supporter_ready())
    patch, decline = _holding_in(
        offer, call=lambda o: offer_decline(offer=o, supporter=o.supporter)
    )
    sweep_time = offer.expires_at + timedelta(minutes=1)  # the sweep sees it as overdue

    with patch:
        outcomes = _race(decline, lambda _holding: offers_expire(now=sweep_time))

    assert outcomes == {"first": "ok", "second": "ok"}, outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
    assert SupportRequest.objects.get(pk=offer.request_id).status == SupportRequest.Status.WAITING


def _run_offers_holding(newcomer, supporter):
    """A run's bulk offer-making, pausing once it holds its supporter and request locks."""
    from peers.services import offers as service

    request = SupportRequest.objects.get(newcomer=newcomer, status=SupportRequest.Status.WAITING)
    original = service._places_used

    def paused(*args, **kwargs):
        paused.holding.set()
        time.sleep(0.5)
        return original(*args, **kwargs)

    def action(holding):
        paused.holding = holding
        draft = service.OfferDraft(request_id=request.pk, supporter_id=supporter.pk, score=0.5)
        made = service.offers_create(drafts=[draft], whole_queue=True)
        assert len(made.offers) == 1

    return mock.patch.object(service, "_places_used", paused), action


def _waiting_pair():
    from peers.services.pairing import support_request_create

    newcomer, supporter = newcomer_ready(), supporter_ready()
    support_request_create(newcomer=newcomer)
    return newcomer, supporter


def test_a_runs_offers_racing_a_pause_never_leave_a_paused_supporter_an_offer():
    from peers.services import supporter_pause

    newcomer, supporter = _waiting_pair()
    patch, run_offers = _run_offers_holding(newcomer, supporter)

    with patch:
        outcomes = _race(run_offers, lambda _holding: supporter_pause(user=supporter))

    assert outcomes == {"first": "ok", "second": "ok"}, outcomes
    assert SupporterProfile.objects.get(user=supporter).status == SupporterProfile.Status.PAUSED
    assert not Offer.objects.filter(supporter=supporter, status=Offer.Status.PENDING).exists()
    assert SupportRequest.objects.get(newcomer=newcomer).status == SupportRequest.Status.WAITING


def test_a_runs_offers_racing_a_cancel_leave_no_offer_for_a_closed_request():
    newcomer, supporter = _waiting_pair()
    patch, run_offers = _run_offers_holding(newcomer, supporter)

    with patch:
        outcomes = _race(run_offers, lambda _holding: support_request_cancel(newcomer=newcomer))

    assert outcomes == {"first": "ok", "second": "ok"}, outcomes
    assert SupportRequest.objects.get(newcomer=newcomer).status == SupportRequest.Status.CANCELLED
    assert not Offer.objects.filter(status=Offer.Status.PENDING).exists()
