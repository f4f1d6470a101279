"""The demo's stories, made through the services and then moved into the past: Selam (from
shared/JOURNEYS.md) matched with Hanna months ago and moved from Middlesbrough to
Stoke-on-Trent, a few more people moved, and months of chat with the safeguarding alerts,
reports and messages to the team that coordinators handled (or still have to).

Services do the real work (cases, audit lines, check-ins, notifications); `Created` then
finds the rows they wrote and sets their times to when the story says it happened.
"""

import datetime

from django.db.models import F, Max, Model

from chat.models import Conversation, Member
from peers.models import (
    MatchingRun,
    Move,
    Notification,
    Offer,
    Pairing,
    SupportRequest,
    User,
)


class Created:
    """Rows of the given models written inside the `with` block (by primary key)."""

    def __init__(self, *models: type[Model]) -> None:
        self.models = models

    def __enter__(self) -> "Created":
        self.start = {
            model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in self.models
        }
        return self

    def __exit__(self, *exc) -> None:
        return None

    def rows(self, model: type[Model]):
        return model.objects.filter(pk__gt=self.start[model])


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


# --- Selam and Hanna ---------------------------------------------------------------------------


def selam_paired_with_hanna(*, now: datetime.datetime) -> Pairing | None:
    """Selam asked for someone to talk to about four months ago; the next matching run
    offered her Hanna (both speak Tigrinya, both like cooking), who said yes the next day."""
    from peers.selectors.matching import suggestions_for_request
    from peers.services.pairing import offer_accept, offer_create, support_request_create

    selam, hanna = _user("selam"), _user("hanna")
    if selam is None or hanna is None or Pairing.objects.filter(newcomer=selam).exists():
        return None
    asked = (now - datetime.timedelta(days=124)).replace(hour=10, minute=12, second=0)
    run = MatchingRun.objects.filter(created_at__gte=asked).order_by("created_at").first()
    offered = run.created_at + datetime.timedelta(seconds=50) if run else asked
    accepted = offered + datetime.timedelta(hours=6, minutes=40)  # the same afternoon
    with Created(Notification, Conversation, Member) as made:
        request = support_request_create(newcomer=selam, waiting_since=asked)
        fit = next(
            (
                s
                for s in suggestions_for_request(request=request, limit=100)
                if s.username == "hanna"
            ),
            None,
        )
        offer = offer_create(
            request=request,
            supporter=hanna,
            score=fit.score if fit else 0.0,
            distance_km=fit.distance_km if fit else None,
            remote=fit.remote if fit else False,
            reasons=list(fit.parts) if fit else [],
            run=run,
        )
        pairing = offer_accept(offer=offer, supporter=hanna)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=asked, matched_at=accepted)
    Offer.objects.filter(pk=offer.pk).update(
        created_at=offered, expires_at=offered + datetime.timedelta(hours=72), decided_at=accepted
    )
    Pairing.objects.filter(pk=pairing.pk).update(started_at=accepted)
    if run:
        MatchingRun.objects.filter(pk=run.pk).update(offers_made=F("offers_made") + 1)
    made.rows(Conversation).update(created_at=accepted)
    made.rows(Member).update(joined_at=accepted)
    made.rows(Notification).filter(kind=Notification.Kind.OFFER_RECEIVED).update(
        created_at=offered, read_at=offered + datetime.timedelta(hours=16)
    )
    made.rows(Notification).exclude(kind=Notification.Kind.OFFER_RECEIVED).update(
        created_at=accepted, read_at=accepted + datetime.timedelta(hours=2)
    )
    return pairing


# --- Moving town ------------------------------------------------------------------------------

# (who, to which town, days ago, name shared, wants a local supporter too)
MOVES = (
    ("selam", "Stoke-on-Trent", 18, True, False),
    ("demo-newcomer:Middlesbrough", "Stoke-on-Trent", 75, False, False),
    ("demo-newcomer:Hartlepool", "Stoke-on-Trent", 61, True, True),
    ("demo-newcomer:Sunderland", "Stoke-on-Trent", 44, False, False),
    ("demo-newcomer:Stockton-on-Tees", "Stoke-on-Trent", 30, False, False),
    ("demo-newcomer:Newcastle upon Tyne", "Stoke-on-Trent", 9, True, False),
    ("demo-newcomer:Stoke-on-Trent", "Middlesbrough", 52, False, False),
    ("demo-newcomer:Stoke-on-Trent", "Sunderland", 27, False, True),
)


def moves_seed(*, now: datetime.datetime, places: dict) -> int:
    """Selam is moved from Middlesbrough to Stoke-on-Trent and keeps Hanna, now by chat; a
    few more people are moved (most of them to Stoke, so its coordinators see arrivals).
    Through `person_move`, as the newcomer's own "I have been moved" would."""
    try:
        from peers.services.moving import person_move
    except ImportError:  # pragma: no cover - moving town not built yet
        return 0
    moved, taken = 0, set()
    for who, town, days, share_name, wants_local in MOVES:
        user = _mover(who, taken)
        if user is None or town not in places:
            continue
        taken.add(user.pk)
        when = now - datetime.timedelta(days=days, hours=3)
        with Created(Notification, Move) as made:
            person_move(
                user=user,
                place=places[town],
                moved_on=when.date(),
                wants_local_supporter=wants_local,
                share_name=share_name,
            )
        made.rows(Move).update(created_at=when)
        made.rows(Notification).update(created_at=when)
        moved += 1
    return moved


def _mover(who: str, taken: set[int]) -> User | None:
    """A named person, or a history newcomer of that town who has an active pairing."""
    if ":" not in who:
        return _user(who)
    prefix, town = who.split(":", 1)
    return (
        User.objects.filter(
            username__startswith=prefix,
            profile__place__name=town,
            pairings_as_newcomer__status=Pairing.Status.ACTIVE,
        )
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
