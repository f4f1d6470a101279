"""Making offers, one or thousands at a time, under one set of rules.

A matching run offers thousands of pairs at once; a coordinator suggests one. Both go through
`offers_create`, which checks every rule that keeps an offer valid for all the pairs together
(supporter verified, active and not paused; a free place counting pending offers; the
newcomer still waiting; never declined or blocked; never themselves) in a fixed number of
queries, and skips a pair that breaks one instead of failing the rest.

Locks follow the app's one order (peers/services/pairing.py): supporters' profile rows first,
then support requests, each in id order, so a run and a person answering an offer never wait
for each other in a circle.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from config.transactions import atomic_with_retry
from peers.models import Notification, Offer, Pairing, SupporterProfile, SupportRequest, User
from peers.services.notifications import notifications_create_bulk

# Well under SQLite's 32,766 bound parameters, and few statements even at national scale.
CHUNK = 5000

NOT_AVAILABLE = _("This supporter is not verified and available just now.")
NOT_WAITING = _("This person is not waiting for a match any more.")
NO_FREE_PLACE = _("This supporter has no free place just now.")
NEVER_AGAIN = _("These two cannot be matched: it is the same person, or one said no or blocked.")
ALREADY_IN_THIS_BATCH = _("This person is already offered to someone in this round.")


def offer_lifetime() -> timedelta:
    return timedelta(hours=settings.OFFER_EXPIRY_HOURS)


@dataclass(frozen=True)
class OfferDraft:
    """One pair to offer, with what the supporter will be told about the fit."""

    request_id: int
    supporter_id: int
    score: float = 0.0
    distance_km: float | None = None
    remote: bool = False
    reasons: list = field(default_factory=list)


@dataclass
class OffersMade:
    offers: list[Offer]
    # draft index -> why it was not offered (lazy text, shown in the reader's language)
    skipped: dict[int, Promise]


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _supporters_locked(
    supporter_ids: set[int], *, all_matchable: bool
) -> dict[int, SupporterProfile]:
    rows = SupporterProfile.objects.select_for_update().order_by("user_id")
    if all_matchable:  # a run: every supporter who could get an offer, without a long IN list
        rows = rows.filter(status=SupporterProfile.Status.ACTIVE, verified_at__isnull=False)
        return {p.user_id: p for p in rows.only("user_id", "status", "verified_at", "capacity")}
    return {p.user_id: p for p in rows.filter(user_id__in=supporter_ids)}


def _requests_locked(request_ids: set[int], *, all_waiting: bool) -> dict[int, SupportRequest]:
    rows = SupportRequest.objects.select_for_update().order_by("pk")
    if all_waiting:
        rows = rows.filter(status=SupportRequest.Status.WAITING)
        return {r.pk: r for r in rows.only("pk", "newcomer_id", "status")}
    return {r.pk: r for r in rows.filter(pk__in=request_ids)}


def _places_used(supporter_ids: set[int], *, everyone: bool) -> Counter:
    """Active pairings plus pending offers per supporter: both hold a place."""
    pairings = Pairing.objects.filter(status=Pairing.Status.ACTIVE)
    offers = Offer.objects.filter(status=Offer.Status.PENDING)
    if not everyone:
        pairings = pairings.filter(supporter_id__in=supporter_ids)
        offers = offers.filter(supporter_id__in=supporter_ids)
    used: Counter = Counter()
    for rows in (pairings, offers):
        for supporter_id, count in (
            rows.values("supporter_id").annotate(n=Count("pk")).values_list("supporter_id", "n")
        ):
            used[supporter_id] += count
    return used


@atomic_with_retry
def offers_create(
    *,
    drafts: Sequence[OfferDraft],
    run=None,
    proposed_by: User | None = None,
    note: str = "",
    whole_queue: bool = False,
) -> OffersMade:
    """Offers each allowed pair to its supporter, who has OFFER_EXPIRY_HOURS to answer, and
    tells them (in bulk, email by Celery after commit). A pair that breaks a rule is skipped
    with the reason. `whole_queue`: the caller offers across the whole waiting queue (a run),
    so all waiting requests and matchable supporters are locked without listing ids."""
    from peers.selectors.matching import excluded_pairs

    supporter_ids = {draft.supporter_id for draft in drafts}
    request_ids = {draft.request_id for draft in drafts}
    profiles = _supporters_locked(supporter_ids, all_matchable=whole_queue)
    requests = _requests_locked(request_ids, all_waiting=whole_queue)
    used = _places_used(supporter_ids, everyone=whole_queue)
    newcomer_ids = {request.newcomer_id for request in requests.values()}
    never = excluded_pairs(newcomer_ids=None if whole_queue else newcomer_ids)

    now = timezone.now()
    expires_at = now + offer_lifetime()
    offers, skipped, offered_requests = [], {}, set()
    for number, draft in enumerate(drafts):
        profile = profiles.get(draft.supporter_id)
        request = requests.get(draft.request_id)
        if profile is None or not profile.is_matchable:
            skipped[number] = NOT_AVAILABLE
        elif request is None or request.status != SupportRequest.Status.WAITING:
            skipped[number] = NOT_WAITING
        elif draft.request_id in offered_requests:
            skipped[number] = ALREADY_IN_THIS_BATCH
        elif used[draft.supporter_id] >= profile.capacity:
            skipped[number] = NO_FREE_PLACE
        elif draft.supporter_id == request.newcomer_id or (
            (request.newcomer_id, draft.supporter_id) in never
        ):
            skipped[number] = NEVER_AGAIN
        else:
            used[draft.supporter_id] += 1
            offered_requests.add(draft.request_id)
            offers.append(
                Offer(
                    request_id=draft.request_id,
                    supporter_id=draft.supporter_id,
                    run=run,
                    proposed_by=proposed_by,
                    proposal_note=note,
                    score=draft.score,
                    distance_km=draft.distance_km,
                    remote=draft.remote,
                    reasons=draft.reasons,
                    expires_at=expires_at,
                )
            )
    offers = Offer.objects.bulk_create(offers, batch_size=CHUNK)
    for ids in chunked(offered_requests):
        SupportRequest.objects.filter(pk__in=ids).update(status=SupportRequest.Status.OFFERED)
    for request_id in offered_requests:
        requests[request_id].status = SupportRequest.Status.OFFERED
    notifications_create_bulk(
        user_ids=[offer.supporter_id for offer in offers],
        kind=Notification.Kind.OFFER_RECEIVED,
        link=reverse("peers:offer-list"),
    )
    return OffersMade(offers=offers, skipped=skipped)
