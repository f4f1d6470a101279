"""Asking for a supporter, offers, pairings and their endings. Each function is one
transaction; notifications go out after commit.

**Lock order**, the same in every function here, so two of them can never wait for each other:
the supporter's profile row first, then the support request, then the offer. A function that
needs only some of them still takes them in this order."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.transactions import atomic_with_retry
from peers.models import (
    Block,
    NewcomerProfile,
    Notification,
    Offer,
    Pairing,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.services.notifications import notification_create
from peers.services.offers import OfferDraft, offers_create

EXPIRED_OFFERS_BEFORE_PAUSE = 3
# The private end reason (coordinators only) of a pairing handed over after a move.
HANDED_OVER = "moved: handed over to a supporter near their new town"
# The note of the supporter's "pairing ended" notice then: data, rendered in the reader's
# language by the notices page (templates/peers/notification_list.html), never in an email.
HANDED_OVER_NOTE = "handed_over"


@transaction.atomic
def support_request_create(
    *,
    newcomer: User,
    helps: list[str] | None = None,
    waiting_since=None,
    beside_pairing: bool = False,
) -> SupportRequest:
    """A newcomer asks for a peer supporter; asking twice keeps the first request (and its
    place in the queue). `waiting_since`: when they really started waiting, if earlier (their
    place is kept when they ask for a different supporter). `beside_pairing`: a newcomer who
    has moved asks for a supporter near their new town while keeping their current one (a
    hand-over request: when someone accepts it, the current pairing ends, see `offer_accept`)."""
    User.objects.select_for_update().filter(pk=newcomer.pk).first()
    if (
        not beside_pairing
        and Pairing.objects.filter(newcomer=newcomer, status=Pairing.Status.ACTIVE).exists()
    ):
        raise ValidationError(_("You already have a peer supporter."))
    current = SupportRequest.objects.filter(
        newcomer=newcomer, status__in=SupportRequest.OPEN
    ).first()
    if current:
        return current
    if helps is None:
        prefs = NewcomerProfile.objects.filter(user=newcomer).first()
        helps = prefs.helps if prefs else []
    return SupportRequest.objects.create(
        newcomer=newcomer, helps=list(helps), waiting_since=waiting_since or timezone.now()
    )


@atomic_with_retry
def support_request_cancel(*, newcomer: User) -> bool:
    """The newcomer no longer wants a supporter: the request and any pending offer close."""
    request = (
        SupportRequest.objects.select_for_update()
        .filter(newcomer=newcomer, status__in=SupportRequest.OPEN)
        .first()
    )
    if request is None:
        return False
    request.offers.filter(status=Offer.Status.PENDING).update(
        status=Offer.Status.WITHDRAWN, decided_at=timezone.now()
    )
    request.status = SupportRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    return True


def offer_create(
    *,
    request: SupportRequest,
    supporter: User,
    score: float = 0.0,
    distance_km: float | None = None,
    remote: bool = False,
    reasons: list | None = None,
    run=None,
    proposed_by: User | None = None,
    note: str = "",
) -> Offer:
    """Offers a waiting newcomer to a supporter, who has OFFER_EXPIRY_HOURS to answer. Every
    rule that keeps an offer valid is checked by `offers_create`, under the supporter's and the
    request's locks, whoever calls (a matching run, a coordinator's suggestion): the supporter
    is verified, active and not paused, has a free place counting pending offers, and the pair
    was never declined or blocked. A broken rule is a ValidationError saying which."""
    made = offers_create(
        drafts=[
            OfferDraft(
                request_id=request.pk,
                supporter_id=supporter.pk,
                score=score,
                distance_km=distance_km,
                remote=remote,
                reasons=reasons or [],
            )
        ],
        run=run,
        proposed_by=proposed_by,
        note=note,
    )
    if made.skipped:
        raise ValidationError(str(made.skipped[0]))
    return made.offers[0]


def offer_lock(offer_id: int, **still) -> Offer | None:
    """Locks an offer's request, then the offer (the lock order), and returns the offer if it
    still matches `still` (e.g. status=PENDING), its request loaded; else None."""
    request_id = Offer.objects.filter(pk=offer_id).values_list("request_id", flat=True).first()
    if request_id is None:
        return None
    SupportRequest.objects.select_for_update().filter(pk=request_id).first()
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("request")
        .filter(pk=offer_id, **still)
        .first()
    )


def _pending_offer_for(offer: Offer, supporter: User) -> Offer:
    offer = offer_lock(offer.pk)
    if offer is None:
        raise ValidationError(_("This suggestion has already been answered or has expired."))
    if offer.supporter_id != supporter.pk:
        raise ValidationError(_("This suggestion is not for you."))
    if offer.status != Offer.Status.PENDING:
        raise ValidationError(_("This suggestion has already been answered or has expired."))
    if offer.expires_at <= timezone.now():
        raise ValidationError(_("This suggestion has expired."))
    return offer


@atomic_with_retry
def offer_accept(*, offer: Offer, supporter: User) -> Pairing:
    """The supporter says yes: a pairing starts, unless it would take them over capacity.
    The supporter's row is locked, so two accepts at once cannot both pass the check."""
    profile = SupporterProfile.objects.select_for_update().get(user=supporter)
    offer = _pending_offer_for(offer, supporter)
    if not profile.is_matchable:
        raise ValidationError(_("You are paused or not yet verified, so you cannot accept now."))
    active = Pairing.objects.filter(supporter=supporter, status=Pairing.Status.ACTIVE).count()
    if active >= profile.capacity:
        raise ValidationError(_("You are already supporting as many people as you said you can."))
    now = timezone.now()
    request = offer.request
    # A request made beside an active pairing (the newcomer moved and asked for someone near
    # their new town) hands over: the old pairing ends first, in this transaction, so the one
    # active pairing per newcomer holds. The old supporter is told; their chat stays readable.
    current = (
        Pairing.objects.select_for_update()
        .filter(newcomer_id=request.newcomer_id, status=Pairing.Status.ACTIVE)
        .first()
    )
    if current is not None:
        if current.supporter_id == supporter.pk:
            raise ValidationError(_("You are already supporting this person."))
        pairing_end(pairing=current, by=request.newcomer, reason=HANDED_OVER, handed_over=True)
    pairing = Pairing.objects.create(
        newcomer_id=request.newcomer_id,
        supporter=supporter,
        request=request,
        offer=offer,
        remote=offer.remote,
    )
    offer.status, offer.decided_at = Offer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "decided_at"])
    request.status, request.matched_at = SupportRequest.Status.MATCHED, now
    request.save(update_fields=["status", "matched_at"])
    profile.expired_offers_in_a_row = 0
    profile.save(update_fields=["expired_offers_in_a_row"])

    from chat.services import conversation_open_for_pairing

    conversation = conversation_open_for_pairing(pairing=pairing)
    link = reverse("chat:conversation", args=[conversation.pk])
    notification_create(user=request.newcomer, kind=Notification.Kind.PAIRING_STARTED, link=link)
    notification_create(user=supporter, kind=Notification.Kind.PAIRING_STARTED, link=link)
    return pairing


@atomic_with_retry
def offer_decline(*, offer: Offer, supporter: User) -> Offer:
    """The supporter says no, without needing a reason; the newcomer keeps their place and
    this pair is never suggested again."""
    profile = SupporterProfile.objects.select_for_update().get(user=supporter)
    offer = _pending_offer_for(offer, supporter)
    offer.status, offer.decided_at = Offer.Status.DECLINED, timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    _back_to_waiting(offer.request)
    profile.expired_offers_in_a_row = 0
    profile.save(update_fields=["expired_offers_in_a_row"])
    return offer


def offer_withdraw(*, offer_id: int) -> bool:
    """A pending offer goes back without an answer (the newcomer moved out of reach); the
    newcomer keeps their place in the queue. The caller holds the supporter's row lock if it
    needs one; this takes the request's, then the offer's (the lock order)."""
    offer = offer_lock(offer_id, status=Offer.Status.PENDING)
    if offer is None:
        return False
    offer.status, offer.decided_at = Offer.Status.WITHDRAWN, timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    _back_to_waiting(offer.request)
    return True


def _back_to_waiting(request: SupportRequest) -> None:
    # `waiting_since` is untouched: the newcomer keeps their place in the queue.
    SupportRequest.objects.filter(pk=request.pk, status=SupportRequest.Status.OFFERED).update(
        status=SupportRequest.Status.WAITING
    )


@atomic_with_retry
def offers_expire(*, now: datetime | None = None) -> int:
    """Offers unanswered for 72 hours expire; a supporter who lets three expire in a row is
    paused and told why."""
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.PENDING, expires_at__lte=now).values_list(
        "pk", "supporter_id"
    )
    expired = 0
    for offer_id, supporter_id in list(due):
        # The lock order (module docstring): supporter, request, offer.
        profile = SupporterProfile.objects.select_for_update().get(user_id=supporter_id)
        offer = offer_lock(offer_id, status=Offer.Status.PENDING, expires_at__lte=now)
        if offer is None:
            continue  # answered meanwhile
        offer.status, offer.decided_at = Offer.Status.EXPIRED, now
        offer.save(update_fields=["status", "decided_at"])
        _back_to_waiting(offer.request)
        expired += 1
        profile.expired_offers_in_a_row += 1
        fields = ["expired_offers_in_a_row"]
        if (
            profile.expired_offers_in_a_row >= EXPIRED_OFFERS_BEFORE_PAUSE
            and profile.status == SupporterProfile.Status.ACTIVE
        ):
            profile.status = SupporterProfile.Status.PAUSED
            fields.append("status")
            # Exactly like pausing by hand: their other suggestions go back at once.
            from peers.services.supporters import pending_offers_withdraw

            pending_offers_withdraw(profile.user)
            # The explanation is shown in the reader's language by the notifications page.
            notification_create(
                user=profile.user,
                kind=Notification.Kind.SUPPORTER_PAUSED,
                link=reverse("peers:supporter-home"),
            )
        profile.save(update_fields=fields)
    return expired


@atomic_with_retry
def pairing_end(
    *, pairing: Pairing, by: User, reason: str = "", handed_over: bool = False
) -> Pairing:
    """Either person ends a pairing; the reason stays private (coordinators only).
    `handed_over`: a supporter near the newcomer's new town took over (`offer_accept`); the
    former supporter is told so, with a link to their chat, which stays readable."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if by.pk not in {pairing.newcomer_id, pairing.supporter_id}:
        raise ValidationError(_("This is not your pairing."))
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("This pairing has already ended."))
    pairing.status, pairing.ended_at, pairing.ended_by = Pairing.Status.ENDED, timezone.now(), by
    pairing.end_reason = reason.strip()
    pairing.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    from chat.services import conversation_end_for_pairing

    conversation_end_for_pairing(pairing=pairing)
    other_is_newcomer = by.pk != pairing.newcomer_id
    other_id = pairing.newcomer_id if other_is_newcomer else pairing.supporter_id
    link = reverse("peers:support" if other_is_newcomer else "peers:supporter-home")
    note = ""
    if handed_over and not other_is_newcomer:
        from chat.models import Conversation

        chat = Conversation.objects.filter(pairing=pairing).values_list("pk", flat=True).first()
        note = HANDED_OVER_NOTE
        link = reverse("chat:conversation", args=[chat]) if chat else link
    notification_create(
        user=User.objects.get(pk=other_id),
        kind=Notification.Kind.PAIRING_ENDED,
        note=note,
        link=link,
    )
    return pairing


@atomic_with_retry
def pairing_change_supporter(*, pairing: Pairing, newcomer: User) -> SupportRequest:
    """A newcomer asks for a different supporter, without explaining: the pairing ends and a
    new request starts (this supporter is not suggested again). It keeps the place in the
    queue of the request that led to this pairing, as the confirmation page promises."""
    if pairing.newcomer_id != newcomer.pk:
        raise ValidationError(_("This is not your pairing."))
    first_asked = (
        SupportRequest.objects.filter(pk=pairing.request_id)
        .values_list("waiting_since", flat=True)
        .first()
    )
    pairing_end(pairing=pairing, by=newcomer)
    return support_request_create(newcomer=newcomer, waiting_since=first_asked)


@atomic_with_retry
def person_block(*, blocker: User, blocked: User) -> Block:
    """Blocks someone: an active pairing between the two ends, and they are never matched."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    for pairing in Pairing.objects.filter(status=Pairing.Status.ACTIVE).filter(
        newcomer_id__in=[blocker.pk, blocked.pk], supporter_id__in=[blocker.pk, blocked.pk]
    ):
        pairing_end(pairing=pairing, by=blocker, reason="blocked")
    from chat.services import conversations_close_between

    conversations_close_between(first=blocker, second=blocked)
    return block


@transaction.atomic
def block_lift(*, blocker: User, block_id: int) -> None:
    """Lifts one of the person's own blocks. It never reopens a pairing or a conversation."""
    deleted, _rows = Block.objects.filter(pk=block_id, blocker=blocker).delete()
    if not deleted:
        raise ValidationError(_("That block was not found."))
