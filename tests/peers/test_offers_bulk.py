"""A matching run's offers are made in bulk: the same rules as one offer, a fixed number of
queries however many pairs, a pair that went stale skipped (never failing the run), and the
supporters told in bulk, by email through Celery after commit."""

from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peers import matching
from peers.models import MatchingRun, Notification, Offer, SupportRequest, User
from peers.services.matching_runs import matching_run_execute
from peers.services.offers import (
    NEVER_AGAIN,
    NO_FREE_PLACE,
    NOT_AVAILABLE,
    NOT_WAITING,
    OfferDraft,
    offers_create,
)
from peers.services.pairing import (
    offer_decline,
    support_request_cancel,
    support_request_create,
)
from tests.peers.factories import (
    newcomer_ready,
    pending_offer,
    supporter_ready,
    verified_email_for,
)


def _waiting_pairs(count: int) -> list[tuple[User, User]]:
    """`count` newcomers waiting, each with a supporter of their own in the same town."""
    pairs = []
    for _ in range(count):
        newcomer = newcomer_ready()
        support_request_create(newcomer=newcomer)
        pairs.append((newcomer, supporter_ready()))
    return pairs


def _queries_of_a_run(count: int) -> int:
    _waiting_pairs(count)
    run = MatchingRun.objects.create()
    with CaptureQueriesContext(connection) as queries:
        run = matching_run_execute(run=run)
    assert run.offers_made == count
    return len(queries)


@pytest.mark.django_db
def test_a_run_makes_its_offers_in_a_fixed_number_of_queries():
    few = _queries_of_a_run(2)
    Offer.objects.all().delete()
    SupportRequest.objects.all().delete()
    MatchingRun.objects.all().delete()

    many = _queries_of_a_run(12)  # 10 more pairs (22 supporters with room in all)

    assert many == few


def _drafts(pairs) -> list[OfferDraft]:
    return [
        OfferDraft(
            request_id=SupportRequest.objects.get(newcomer=newcomer, status="waiting").pk,
            supporter_id=supporter.pk,
            score=0.5,
        )
        for newcomer, supporter in pairs
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("whole_queue", [False, True])
def test_offers_create_skips_each_pair_that_breaks_a_rule_and_makes_the_rest(whole_queue):
    fine, vanished, paused, cancelled, declined, full = _waiting_pairs(6)
    drafts = _drafts([fine, vanished, paused, cancelled, declined, full])
    vanished[1].delete()
    from peers.services import supporter_pause

    supporter_pause(user=paused[1])
    support_request_cancel(newcomer=cancelled[0])
    offer_decline(offer=pending_offer(newcomer_ready(), declined[1]), supporter=declined[1])
    # `declined[1]` declined someone else; now make the pair itself one that was declined:
    offer = Offer.objects.create(
        request_id=drafts[4].request_id,
        supporter=declined[1],
        status=Offer.Status.DECLINED,
        expires_at="2030-01-01T00:00Z",
    )
    assert offer.pk
    pending_offer(newcomer_ready(), full[1])  # their one place is held by a pending offer

    made = offers_create(drafts=drafts, whole_queue=whole_queue)

    assert [(o.request_id, o.supporter_id) for o in made.offers] == [
        (drafts[0].request_id, fine[1].pk)
    ]
    assert made.skipped == {
        1: NOT_AVAILABLE,
        2: NOT_AVAILABLE,
        3: NOT_WAITING,
        4: NEVER_AGAIN,
        5: NO_FREE_PLACE,
    }
    assert SupportRequest.objects.get(pk=drafts[0].request_id).status == "offered"
    assert SupportRequest.objects.get(pk=drafts[5].request_id).status == "waiting"


@pytest.mark.django_db
def test_offers_create_never_gives_a_supporter_more_than_their_free_places_in_one_batch():
    supporter = supporter_ready(capacity=2)
    newcomers = [newcomer_ready() for _ in range(3)]
    for newcomer in newcomers:
        support_request_create(newcomer=newcomer)

    made = offers_create(drafts=_drafts([(n, supporter) for n in newcomers]))

    assert len(made.offers) == 2
    assert made.skipped == {2: NO_FREE_PLACE}


@pytest.mark.django_db
def test_a_supporter_who_vanishes_while_the_run_solves_is_skipped_and_the_run_finishes():
    first, second = newcomer_ready(town="Middlesbrough"), newcomer_ready(town="Stoke-on-Trent")
    for newcomer in (first, second):
        support_request_create(newcomer=newcomer)
    gone, kept = supporter_ready(town="Middlesbrough"), supporter_ready(town="Stoke-on-Trent")
    real_match = matching.match

    def match_then_supporter_leaves(*args, **kwargs):
        result = real_match(*args, **kwargs)
        gone.delete()  # deleted their account while the solver ran
        return result

    run = MatchingRun.objects.create()
    with mock.patch.object(matching, "match", match_then_supporter_leaves):
        run = matching_run_execute(run=run)

    assert run.status == MatchingRun.Status.DONE
    assert run.offers_made == 1
    assert list(Offer.objects.values_list("supporter_id", flat=True)) == [kept.pk]
    assert SupportRequest.objects.get(newcomer=first).status == "waiting"
    assert SupportRequest.objects.get(newcomer=second).status == "offered"


@pytest.mark.django_db
def test_a_runs_notices_are_made_in_bulk_and_emailed_by_celery_only_after_commit(
    django_capture_on_commit_callbacks,
):
    pairs = _waiting_pairs(3)
    for _newcomer, supporter in pairs[:2]:
        verified_email_for(supporter, f"{supporter.username}@example.org")
    run = MatchingRun.objects.create()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        matching_run_execute(run=run)
        assert mail.outbox == []  # nothing leaves before the offers are committed

    assert Notification.objects.filter(kind=Notification.Kind.OFFER_RECEIVED).count() == 3
    assert len(callbacks) == 1  # one Celery task for the batch, not one per person
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"{supporter.username}@example.org" for _newcomer, supporter in pairs[:2]
    )
    assert all("/supporter/offers/" in message.body for message in mail.outbox)
