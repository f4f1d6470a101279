"""Offers: a supporter accepts (within capacity) or declines; unanswered offers expire and the
newcomer keeps their place; three expiries in a row pause the supporter."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from peers.models import (
    Notification,
    Offer,
    Pairing,
    SupporterProfile,
    SupportRequest,
)
from peers.selectors.matching import matching_data_build
from peers.services import supporter_pause
from peers.services.pairing import (
    offer_accept,
    offer_decline,
    offers_expire,
    support_request_cancel,
)
from tests.peers.factories import (
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
    verified_email_for,
)

LATER = timedelta(hours=72, minutes=1)


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def _snapshot():
    """Everything an answer to an offer could change."""
    return (
        list(Offer.objects.order_by("pk").values_list("pk", "status", "decided_at")),
        list(SupportRequest.objects.order_by("pk").values_list("pk", "status", "matched_at")),
        list(Pairing.objects.order_by("pk").values_list("pk", "status")),
        Notification.objects.filter(kind=Notification.Kind.PAIRING_STARTED).count(),
    )


# --- Accepting ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_accept_starts_a_pairing_and_tells_both(django_capture_on_commit_callbacks):
    newcomer, supporter = newcomer_ready(), supporter_ready()
    verified_email_for(newcomer, "selam@example.org")
    offer = pending_offer(newcomer, supporter)

    with django_capture_on_commit_callbacks(execute=True):
        pairing = offer_accept(offer=offer, supporter=supporter)

    assert (pairing.newcomer, pairing.supporter, pairing.status) == (
        newcomer,
        supporter,
        Pairing.Status.ACTIVE,
    )
    assert pairing.offer == offer and pairing.request_id == offer.request_id
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED and offer.decided_at is not None
    request = SupportRequest.objects.get(pk=offer.request_id)
    assert request.status == SupportRequest.Status.MATCHED
    assert request.matched_at is not None
    assert Notification.Kind.PAIRING_STARTED in _kinds(newcomer)
    assert Notification.Kind.PAIRING_STARTED in _kinds(supporter)
    # By email too, for the person who gave a verified address.
    assert [message.to for message in mail.outbox] == [["selam@example.org"]]


@pytest.mark.django_db
def test_offer_accept_of_someone_elses_offer_is_refused():
    newcomer, supporter, intruder = newcomer_ready(), supporter_ready(), supporter_ready()
    offer = pending_offer(newcomer, supporter)
    before = _snapshot()

    with pytest.raises(ValidationError):
        offer_accept(offer=offer, supporter=intruder)
    with pytest.raises(ValidationError):
        offer_decline(offer=offer, supporter=intruder)

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_offer_answer_view_for_someone_elses_offer_is_404(client, answer):
    offer = pending_offer(newcomer_ready(), supporter_ready())
    before = _snapshot()
    client.force_login(supporter_ready())

    response = client.post(f"/supporter/offers/{offer.pk}/{answer}/")

    assert response.status_code == 404
    assert _snapshot() == before


def _accepted(offer):
    offer_accept(offer=offer, supporter=offer.supporter)


def _declined(offer):
    offer_decline(offer=offer, supporter=offer.supporter)


def _expired(offer):
    offers_expire(now=timezone.now() + LATER)


def _withdrawn(offer):
    support_request_cancel(newcomer=offer.request.newcomer)


def _past_expiry_not_yet_swept(offer):
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "first", [_accepted, _declined, _expired, _withdrawn, _past_expiry_not_yet_swept]
)
@pytest.mark.parametrize("then", [offer_accept, offer_decline])
def test_offer_answer_after_it_was_answered_or_expired_is_refused(first, then):
    offer = pending_offer(newcomer_ready(), supporter_ready(capacity=2))
    first(offer)
    before = _snapshot()

    with pytest.raises(ValidationError):
        then(offer=offer, supporter=offer.supporter)

    assert _snapshot() == before


@pytest.mark.django_db
def test_offer_accept_over_capacity_is_refused_and_changes_nothing():
    supporter = supporter_ready(capacity=2)
    active_pairing(newcomer_ready(), supporter)
    offer = pending_offer(newcomer_ready(), supporter)
    # Then the supporter says they can only support one person at a time.
    SupporterProfile.objects.filter(user=supporter).update(capacity=1)
    before = _snapshot()

    with pytest.raises(ValidationError, match="as many people as you said you can"):
        offer_accept(offer=offer, supporter=supporter)

    assert _snapshot() == before
    assert Pairing.objects.filter(supporter=supporter, status=Pairing.Status.ACTIVE).count() == 1


@pytest.mark.django_db
def test_offer_accept_with_room_left_after_an_ended_pairing_is_allowed():
    supporter = supporter_ready(capacity=1)
    from peers.services.pairing import pairing_end

    pairing_end(pairing=active_pairing(newcomer_ready(), supporter), by=supporter)

    pairing = offer_accept(offer=pending_offer(newcomer_ready(), supporter), supporter=supporter)

    assert pairing.status == Pairing.Status.ACTIVE


@pytest.mark.django_db
def test_offer_accept_by_a_paused_supporter_is_refused():
    supporter = supporter_ready(capacity=2)
    offer = pending_offer(newcomer_ready(), supporter)
    supporter_pause(user=supporter)
    before = _snapshot()

    with pytest.raises(ValidationError, match="paused|already been answered"):
        offer_accept(offer=offer, supporter=supporter)

    assert _snapshot() == before


@pytest.mark.django_db
def test_offer_accept_view_shows_the_refusal_and_changes_nothing(client):
    supporter = supporter_ready(capacity=2)
    active_pairing(newcomer_ready(), supporter)
    offer = pending_offer(newcomer_ready(), supporter)
    SupporterProfile.objects.filter(user=supporter).update(capacity=1)
    before = _snapshot()
    client.force_login(supporter)

    response = client.post(f"/supporter/offers/{offer.pk}/accept/", follow=True)

    assert response.redirect_chain == [("/supporter/offers/", 302)]
    assert "as many people as you said you can" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.django_db
def test_offer_accept_view_starts_the_pairing(client):
    newcomer, supporter = newcomer_ready(), supporter_ready()
    offer = pending_offer(newcomer, supporter)
    client.force_login(supporter)

    response = client.post(f"/supporter/offers/{offer.pk}/accept/")

    assert response.status_code == 302
    assert Pairing.objects.get().newcomer == newcomer


# --- Declining ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_decline_returns_the_newcomer_to_waiting_in_the_same_place():
    newcomer, supporter, other = newcomer_ready(), supporter_ready(), supporter_ready()
    offer = pending_offer(newcomer, supporter)
    waiting_since = offer.request.waiting_since

    offer_decline(offer=offer, supporter=supporter)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED and offer.decided_at is not None
    request = SupportRequest.objects.get(pk=offer.request_id)
    assert request.status == SupportRequest.Status.WAITING
    assert request.waiting_since == waiting_since
    assert not Pairing.objects.exists()
    # This pair is never suggested again; anyone else still can be.
    data = matching_data_build()
    assert (str(newcomer.pk), str(supporter.pk)) in data.input.exclude
    assert (str(newcomer.pk), str(other.pk)) not in data.input.exclude


@pytest.mark.django_db
def test_offer_decline_view_needs_no_reason(client):
    offer = pending_offer(newcomer_ready(), supporter_ready())
    client.force_login(offer.supporter)

    response = client.post(f"/supporter/offers/{offer.pk}/decline/", follow=True)

    assert "We will find someone else for them." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED


@pytest.mark.django_db
def test_offer_list_shows_reasons_and_only_the_supporters_own_pending_offers(client):
    supporter = supporter_ready(capacity=3)
    mine = pending_offer(
        newcomer_ready(),
        supporter,
        reasons=[{"key": "distance", "params": {"km": 3}}, {"key": "near", "params": {}}],
    )
    answered = pending_offer(newcomer_ready(), supporter)
    offer_decline(offer=answered, supporter=supporter)
    someone_elses = pending_offer(newcomer_ready(), supporter_ready())
    client.force_login(supporter)

    html = client.get("/supporter/offers/").content.decode()

    assert f"/supporter/offers/{mine.pk}/accept/" in html
    assert f"/supporter/offers/{answered.pk}/accept/" not in html
    assert f"/supporter/offers/{someone_elses.pk}/accept/" not in html
    assert "About 3 km apart" in html and "Less than 1 km apart" in html


# --- Expiry -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offers_expire_only_after_the_offer_lifetime():
    offer = pending_offer(newcomer_ready(), supporter_ready())

    assert offers_expire(now=offer.expires_at - timedelta(seconds=1)) == 0
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert offer.expires_at - offer.created_at == pytest.approx(
        timedelta(hours=72), abs=timedelta(seconds=5)
    )


@pytest.mark.django_db
def test_offers_expire_returns_the_newcomer_to_waiting_in_the_same_place():
    newcomer, supporter = newcomer_ready(), supporter_ready()
    offer = pending_offer(newcomer, supporter)
    waiting_since = offer.request.waiting_since
    later = offer.expires_at + timedelta(minutes=1)

    assert offers_expire(now=later) == 1

    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert offer.decided_at == later
    request = SupportRequest.objects.get(pk=offer.request_id)
    assert request.status == SupportRequest.Status.WAITING
    assert request.waiting_since == waiting_since
    profile = SupporterProfile.objects.get(user=supporter)
    assert profile.expired_offers_in_a_row == 1
    assert profile.status == SupporterProfile.Status.ACTIVE
    assert [n.id for n in matching_data_build().input.newcomers] == [str(newcomer.pk)]


def _expire_one(supporter):
    offer = pending_offer(newcomer_ready(), supporter)
    offers_expire(now=offer.expires_at + timedelta(minutes=1))


def _accept_one(supporter):
    offer = pending_offer(newcomer_ready(), supporter)
    offer_accept(offer=offer, supporter=supporter)


def _decline_one(supporter):
    offer = pending_offer(newcomer_ready(), supporter)
    offer_decline(offer=offer, supporter=supporter)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("history", "in_a_row", "paused"),
    [
        (["expire", "expire"], 2, False),
        (["expire", "expire", "expire"], 3, True),
        (["expire", "expire", "decline", "expire", "expire"], 2, False),
        (["expire", "expire", "accept", "expire"], 1, False),
        (["expire", "accept", "expire", "expire", "expire"], 3, True),
        (["decline", "decline", "decline"], 0, False),
    ],
)
def test_offers_expire_three_in_a_row_pause_the_supporter(history, in_a_row, paused):
    supporter = supporter_ready(capacity=5)
    actions = {"expire": _expire_one, "accept": _accept_one, "decline": _decline_one}
    for step in history:
        actions[step](supporter)

    profile = SupporterProfile.objects.get(user=supporter)
    assert profile.expired_offers_in_a_row == in_a_row
    assert profile.status == (
        SupporterProfile.Status.PAUSED if paused else SupporterProfile.Status.ACTIVE
    )
    told = Notification.objects.filter(user=supporter, kind=Notification.Kind.SUPPORTER_PAUSED)
    assert told.count() == (1 if paused else 0)
    if paused:
        # Told in the reader's language on the notifications page, not stored as text.
        page = Client()
        page.force_login(supporter)
        html = page.get("/notifications/").content.decode()
        assert "Three suggestions in a row were not answered" in html


@pytest.mark.django_db
def test_offers_expire_three_at_once_pause_the_supporter_once():
    supporter = supporter_ready(capacity=3)
    offers = [pending_offer(newcomer_ready(), supporter) for _ in range(3)]

    assert offers_expire(now=max(o.expires_at for o in offers) + timedelta(minutes=1)) == 3

    profile = SupporterProfile.objects.get(user=supporter)
    assert profile.status == SupporterProfile.Status.PAUSED
    assert _kinds(supporter).count(Notification.Kind.SUPPORTER_PAUSED) == 1
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {"waiting"}
    # Paused: no longer offered to anyone.
    assert matching_data_build().input.supporters == ()


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["pause", "withdraw"])
def test_a_supporter_taking_a_break_hands_back_pending_offers(step):
    from peers.services import supporter_pause, supporter_withdraw

    newcomer = newcomer_ready()
    supporter = supporter_ready()
    offer = pending_offer(newcomer, supporter)
    waiting_since = offer.request.waiting_since

    {"pause": supporter_pause, "withdraw": supporter_withdraw}[step](user=supporter)

    offer.refresh_from_db()
    offer.request.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert offer.request.status == SupportRequest.Status.WAITING
    assert offer.request.waiting_since == waiting_since


def _not_verified(supporter):
    SupporterProfile.objects.filter(user=supporter).update(
        status=SupporterProfile.Status.APPLIED, verified_at=None
    )


def _full_with_a_pending_offer(supporter):
    pending_offer(newcomer_ready(), supporter)  # capacity 1: the one place is promised


def _declined_before(supporter, newcomer):
    offer_decline(offer=pending_offer(newcomer, supporter), supporter=supporter)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("not verified", "not verified and available"),
        ("paused", "not verified and available"),
        ("full with a pending offer", "no free place"),
        ("declined before", "cannot be matched"),
        ("blocked", "cannot be matched"),
    ],
)
def test_offer_create_itself_enforces_every_rule_whoever_calls(case, words):
    from peers.services.pairing import offer_create, person_block, support_request_create

    newcomer, supporter = newcomer_ready(), supporter_ready(capacity=1)
    if case == "not verified":
        _not_verified(supporter)
    elif case == "paused":
        supporter_pause(user=supporter)
    elif case == "full with a pending offer":
        _full_with_a_pending_offer(supporter)
    elif case == "declined before":
        _declined_before(supporter, newcomer)
    else:
        person_block(blocker=newcomer, blocked=supporter)
    request = support_request_create(newcomer=newcomer)
    before = _snapshot()

    with pytest.raises(ValidationError, match=words):
        offer_create(request=request, supporter=supporter)

    assert _snapshot() == before
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.WAITING


@pytest.mark.django_db
def test_pausing_after_three_expiries_withdraws_the_other_pending_offers_too():
    supporter = supporter_ready(capacity=4)
    late = [pending_offer(newcomer_ready(), supporter) for _ in range(3)]
    fresh = pending_offer(newcomer_ready(), supporter)
    Offer.objects.filter(pk=fresh.pk).update(expires_at=timezone.now() + timedelta(days=30))

    offers_expire(now=max(o.expires_at for o in late) + timedelta(minutes=1))

    fresh.refresh_from_db()
    assert SupporterProfile.objects.get(user=supporter).status == SupporterProfile.Status.PAUSED
    assert fresh.status == Offer.Status.WITHDRAWN
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {"waiting"}
