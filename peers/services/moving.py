"""Moving town ("I have been moved"): one transaction that keeps everything a person had.

A newcomer dispersed to another town keeps their supporter (by chat when they are now too far
apart to meet), their place in the queue, the activities they joined and their chats. They may
also ask for a supporter near the new town: a hand-over request beside the current pairing,
which ends that pairing only when someone near them accepts (`offer_accept`).

Lock order, the app's one order (peers/services/pairing.py): the person's user row and
profile, then the supporter profile of a pending offer, then the support request, then the
offer, then the pairing.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.transactions import atomic_with_retry
from peers.geo import distance_km
from peers.matching.explain import rounded_km
from peers.matching.model import Reason
from peers.models import (
    ConsentPurpose,
    Move,
    NewcomerProfile,
    Notification,
    Offer,
    Pairing,
    Place,
    Profile,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.services.notifications import notification_create
from peers.services.pairing import (
    offer_lock,
    offer_withdraw,
    support_request_cancel,
    support_request_create,
)
from peers.services.profiles import profile_place_update

MOVE_DAYS_BACK = 365
MOVE_DAYS_AHEAD = 60
DISTANCE_REASONS = {"distance", "near", "remote"}


def move_date_check(moved_on: date, *, today: date | None = None) -> None:
    """A move is told within a year after it, or up to 60 days before it happens."""
    today = today or timezone.localdate()
    if moved_on > today + timedelta(days=MOVE_DAYS_AHEAD):
        raise ValidationError(
            _("Please give a date at most %(days)s days from today.") % {"days": MOVE_DAYS_AHEAD}
        )
    if moved_on < today - timedelta(days=MOVE_DAYS_BACK):
        raise ValidationError(_("Please give a date within the last year."))


@dataclass(frozen=True)
class Reach:
    """How far two people are now, and whether they can still meet: within the smaller of the
    newcomer's and the supporter's limits (the matcher's rule). `km` is None without a place."""

    km: float | None
    within: bool


def reach_between(place: Place, other: Place | None, *, max_km: int, radius_km: int) -> Reach:
    """The matcher's range rule between a newcomer's new place and a supporter's place."""
    if other is None:
        return Reach(km=None, within=False)
    km = distance_km(place, other)
    return Reach(km=km, within=km <= min(max_km, radius_km))


def _supporter_facts(user_id: int) -> tuple[Place | None, SupporterProfile | None]:
    profile = Profile.objects.filter(user_id=user_id).select_related("place").first()
    supporter = SupporterProfile.objects.filter(user_id=user_id).first()
    return (profile.place if profile else None), supporter


def _offer_refresh(offer: Offer, reach: Reach) -> None:
    """A pending offer that still holds after a move says the new distance, or "remote", so
    the supporter decides on what is true now (never the old town's distance)."""
    if reach.within and reach.km is not None:
        km = rounded_km(reach.km)
        fresh = (Reason("near") if km is None else Reason("distance", (("km", km),))).as_json()
    else:
        fresh = Reason("remote").as_json()
    reasons = [fresh if r.get("key") in DISTANCE_REASONS else r for r in offer.reasons]
    if fresh not in reasons:
        reasons.insert(min(1, len(reasons)), fresh)
    offer.reasons = reasons
    offer.remote = not reach.within
    offer.distance_km = reach.km
    offer.save(update_fields=["reasons", "remote", "distance_km"])


def _pending_offer_of(newcomer: User) -> tuple[int, int] | None:
    """The newcomer's pending offer, as (offer id, supporter id), if there is one."""
    return (
        Offer.objects.filter(request__newcomer=newcomer, status=Offer.Status.PENDING)
        .values_list("pk", "supporter_id")
        .first()
    )


def _pending_offer_after_move(
    *, newcomer: User, place: Place, prefs: NewcomerProfile, paired: bool, locked: set[int]
) -> None:
    """The pending offer stays if the two can still meet, or both are happy to talk remotely
    (and the person is not asking for someone near them beside a pairing); else it goes back
    and the request keeps its place in the queue. `locked`: the supporter rows the caller
    already holds (taken before the request, the lock order)."""
    pending = _pending_offer_of(newcomer)
    if pending is None:
        return
    offer_id, supporter_id = pending
    if supporter_id not in locked:
        # Only if an offer was made between the caller's first look and its request lock
        # (which no offer can pass): out of order, so a deadlock is possible and retried.
        SupporterProfile.objects.select_for_update().filter(user_id=supporter_id).first()
    offer = offer_lock(offer_id, status=Offer.Status.PENDING)
    if offer is None:
        return  # answered meanwhile
    supporter_place, supporter = _supporter_facts(supporter_id)
    radius = supporter.radius_km if supporter else 0
    reach = reach_between(place, supporter_place, max_km=prefs.max_km, radius_km=radius)
    remote_fits = prefs.remote_ok and supporter is not None and supporter.remote_ok and not paired
    if reach.within or remote_fits:
        _offer_refresh(offer, reach)
    else:
        offer_withdraw(offer_id=offer.pk)


def moved_note(*, newcomer: User, place: Place, reach: Reach) -> str:
    """What the supporter is told, as data rendered in their language when they read it
    (peers/templatetags/moving.py). The town only with the newcomer's "share profile"
    consent; the distance only rounded."""
    from peers.selectors import has_consent

    shares = has_consent(user=newcomer, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    return json.dumps(
        {
            "newcomer": newcomer.pk,
            "remote": not reach.within,
            "km": rounded_km(reach.km) if reach.km is not None else None,
            "town": str(place) if shares else "",
        }
    )


def _pairing_after_move(*, pairing: Pairing, place: Place, prefs: NewcomerProfile) -> bool:
    """Keeps the pairing, by chat when they are now out of range (or face to face again when
    back in range), and tells the supporter. Returns whether it has just become remote."""
    supporter_place, supporter = _supporter_facts(pairing.supporter_id)
    radius = supporter.radius_km if supporter else 0
    reach = reach_between(place, supporter_place, max_km=prefs.max_km, radius_km=radius)
    became_remote = not reach.within and not pairing.remote
    if pairing.remote != (not reach.within):
        pairing.remote = not reach.within
        pairing.save(update_fields=["remote"])
    from chat.services import conversation_open_for_pairing

    conversation = conversation_open_for_pairing(pairing=pairing)
    notification_create(
        user=pairing.supporter,
        kind=Notification.Kind.PERSON_MOVED,
        note=moved_note(newcomer=pairing.newcomer, place=place, reach=reach),
        link=reverse("chat:conversation", args=[conversation.pk]),
    )
    return became_remote


@atomic_with_retry
def person_move(
    *,
    user: User,
    place: Place,
    moved_on: date,
    wants_local_supporter: bool,
    share_name: bool,
) -> Move:
    """A newcomer has been moved to another town: their town changes and nothing they had is
    lost. The pairing carries on (by chat when now out of range; the supporter is told in
    their language); a waiting request keeps its place; a pending offer stays only if the two
    can still meet or both talk remotely. Wanting a supporter near the new town asks for one
    (beside the pairing, keeping the first request's place), handed over when one accepts;
    not wanting one while paired stops a search for one begun at an earlier move."""
    if not user.is_newcomer:
        raise ValidationError(_("Only newcomers can tell us they have moved."))
    move_date_check(moved_on)
    # FOR NO KEY UPDATE: serialises this person's moves and requests, yet lets an accept that
    # already holds a supporter's lock insert the pairing that refers to this row.
    User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    from_place = (
        Profile.objects.select_for_update()
        .filter(user=user)
        .values_list("place", flat=True)
        .first()
    )
    if from_place == place.pk:
        raise ValidationError(
            _("%(town)s is already the town we have for you. Nothing was changed.")
            % {"town": place}
        )
    prefs = NewcomerProfile.objects.filter(user=user).first() or NewcomerProfile(user=user)
    paired = Pairing.objects.filter(newcomer=user, status=Pairing.Status.ACTIVE).exists()
    # The lock order: the supporter of a pending offer before the request (as `offer_accept`
    # takes them), else a move and an accept at the same moment wait for each other.
    pending = _pending_offer_of(user)
    locked = set()
    if pending is not None:
        SupporterProfile.objects.select_for_update().filter(user_id=pending[1]).first()
        locked.add(pending[1])
    list(
        SupportRequest.objects.select_for_update().filter(
            newcomer=user, status__in=SupportRequest.OPEN
        )
    )
    _pending_offer_after_move(newcomer=user, place=place, prefs=prefs, paired=paired, locked=locked)
    pairing = (
        Pairing.objects.select_for_update()
        .select_related("newcomer", "supporter")
        .filter(newcomer=user, status=Pairing.Status.ACTIVE)
        .first()
    )
    profile_place_update(user=user, place=place)
    became_remote = False
    if pairing is not None:
        became_remote = _pairing_after_move(pairing=pairing, place=place, prefs=prefs)
    if pairing is not None and not wants_local_supporter:
        # Left unticked while paired (the form shows a search under way ticked): a mistake
        # put right or a move back within reach stops the search for someone near the town
        # they told us before, so nobody there takes over from their supporter.
        support_request_cancel(newcomer=user)
    if wants_local_supporter:
        if pairing is not None:
            first_asked = (
                SupportRequest.objects.filter(pk=pairing.request_id)
                .values_list("waiting_since", flat=True)
                .first()
            )
            support_request_create(newcomer=user, waiting_since=first_asked, beside_pairing=True)
        else:
            support_request_create(newcomer=user)
    return Move.objects.create(
        user=user,
        from_place_id=from_place,
        to_place=place,
        moved_on=moved_on,
        name_shared=share_name,
        wants_local_supporter=wants_local_supporter,
        pairing=pairing,
        pairing_became_remote=became_remote,
    )
