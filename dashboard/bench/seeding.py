"""The benchmark's history for the seeded people, written in bulk."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F

BATCH = 5000


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def seed_history(*, seed: int, now: dt.datetime) -> dict[str, int]:
    """Gives the seeded people a past: see the module's docstring. Returns row counts."""
    from activities.models import Activity, Organisation, Participation, SessionRating
    from chat.models import Case, Conversation, Message
    from feedback.models import Feedback
    from peers.models import (
        Move,
        Offer,
        Pairing,
        PersonLanguage,
        Place,
        Profile,
        SupporterProfile,
        SupportRequest,
    )

    rng = random.Random(seed)  # noqa: S311 - repeatable made-up data, not a secret
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    first = dict(
        PersonLanguage.objects.filter(is_first=True).values_list("profile__user_id", "language_id")
    )
    newcomers = list(
        SupportRequest.objects.order_by("pk").values_list("newcomer_id", "waiting_since")
    )
    supporters = list(SupporterProfile.objects.order_by("pk").values_list("user_id", "capacity"))
    supporter_ids = [user_id for user_id, _capacity in supporters]
    places = list(
        Profile.objects.filter(place__isnull=False).values_list("place_id", flat=True).distinct()
    )
    counts: dict[str, int] = {}
    with transaction.atomic():
        SupporterProfile.objects.update(verified_at=days(200))
        # Requests: 40 % waiting (with the reason a run stores), 5 % offered, 45 % matched in
        # the last 6 months, 10 % cancelled.
        SupportRequest.objects.all().delete()
        reasons = ("no_speaker_within",) * 3 + ("no_speaker",) + ("all_taken",) * 4 + ("",) * 2
        rows = []
        for newcomer_id, waiting_since in newcomers:
            draw = rng.random()
            if draw < 0.40:
                key = rng.choice(reasons)
                language = first.get(newcomer_id, "en")
                rows.append(
                    SupportRequest(
                        newcomer_id=newcomer_id,
                        waiting_since=waiting_since,
                        waiting_reason={"key": key, "params": {"language": language, "km": 10}}
                        if key
                        else {},
                    )
                )
            elif draw < 0.45:
                rows.append(
                    SupportRequest(newcomer_id=newcomer_id, waiting_since=waiting_since,
                                   status="offered")
                )  # fmt: skip
            elif draw < 0.90:
                matched_at = days(rng.uniform(0, 180))
                rows.append(
                    SupportRequest(
                        newcomer_id=newcomer_id,
                        status="matched",
                        waiting_since=matched_at - dt.timedelta(days=rng.expovariate(1 / 30)),
                        matched_at=matched_at,
                    )
                )
            else:
                rows.append(
                    SupportRequest(newcomer_id=newcomer_id, waiting_since=waiting_since,
                                   status="cancelled")
                )  # fmt: skip
        requests = _bulk(SupportRequest, rows)
        counts["requests"] = len(requests)

        # Offers: one accepted a day before each match (30 % after a declined or expired
        # one), one pending for each request offered. Pairings for the matched, active
        # within each supporter's capacity, ended beyond it.
        free = {user_id: capacity for user_id, capacity in supporters}
        offers, pairings = [], []
        for request in requests:
            if request.status == "offered":
                offers.append(_offer(request, rng.choice(supporter_ids), "pending", days(1)))
            elif request.status == "matched":
                supporter = rng.choice(supporter_ids)
                if rng.random() < 0.3:
                    earlier = request.matched_at - dt.timedelta(days=rng.uniform(2, 9))
                    status = rng.choice(("declined", "expired"))
                    offers.append(_offer(request, rng.choice(supporter_ids), status, earlier))
                offers.append(
                    _offer(request, supporter, "accepted", request.matched_at, decided=True)
                )
                active = free[supporter] > 0
                free[supporter] -= active
                pairings.append(
                    Pairing(
                        newcomer_id=request.newcomer_id,
                        supporter_id=supporter,
                        request=request,
                        status="active" if active else "ended",
                        ended_at=None if active else now,
                    )
                )
        counts["offers"] = len(_bulk(Offer, offers))
        Offer.objects.update(
            created_at=ExpressionWrapper(
                F("expires_at") - dt.timedelta(days=7), output_field=DateTimeField()
            )
        )
        pairings = _bulk(Pairing, pairings)
        counts["pairings"] = len(pairings)

        # Conversations for half the active pairings, with a message or two from the
        # supporter in the last 60 days.
        talking = [p for p in pairings if p.status == "active" and rng.random() < 0.5]
        conversations = _bulk(
            Conversation, [Conversation(kind="pairing", pairing=p) for p in talking]
        )
        messages = [
            Message(conversation=c, sender_id=p.supporter_id, body="Hello", created_at=days(
                rng.uniform(0, 60)))
            for c, p in zip(conversations, talking, strict=True)
            for _ in range(rng.randint(1, 2))
        ]  # fmt: skip
        counts["messages"] = len(_bulk(Message, messages))

        # Safeguarding cases, reports and messages to the team over the last 60 days.
        cases = []
        for _ in range(max(10, len(newcomers) // 100)):
            status = rng.choice(("new", "acknowledged", "closed", "closed"))
            created = days(rng.uniform(0, 60))
            cases.append(
                Case(
                    kind=rng.choice(("safeguarding", "report", "team")),
                    status=status,
                    conversation=rng.choice(conversations),
                    created_at=created,
                    closed_at=created + dt.timedelta(days=1) if status == "closed" else None,
                )
            )
        counts["cases"] = len(_bulk(Case, cases))

        # Feedback with scores and complaints (anonymous: no account) over 4 months.
        feedback = []
        for k in range(max(20, len(newcomers) // 15)):
            complaint = rng.random() < 0.12
            status = rng.choice(("new", "acknowledged", "resolved")) if complaint else "new"
            created = days(rng.uniform(0, 120))
            feedback.append(
                Feedback(
                    kind="complaint" if complaint else "feedback",
                    about="general",
                    score=rng.choice((1, 2, 3, 4, 4, 5, 5, 5)),
                    anonymous=True,
                    reference=f"CG-B{k:06d}",
                    status=status,
                    response="Thank you." if status == "resolved" else "",
                    responded_at=created + dt.timedelta(days=3) if status == "resolved" else None,
                    created_at=created,
                )
            )
        counts["feedback"] = len(_bulk(Feedback, feedback))

        # Groups and activities in the people's towns, people coming, session ratings.
        kinds = [kind for kind, _label in Organisation.Kind.choices]
        organisations = _bulk(
            Organisation,
            [
                Organisation(name=f"Bench group {k}", kind=kinds[k % len(kinds)],
                             description="-", public_contact="-", status="verified")
                for k in range(max(5, len(newcomers) // 500))
            ],
        )  # fmt: skip
        activities = _bulk(
            Activity,
            [
                Activity(organisation=organisation, title=f"{organisation.name} {k}",
                         description="-", place_id=rng.choice(places), weekdays=[5])
                for organisation in organisations
                for k in range(3)
            ],
        )  # fmt: skip
        joined = set()
        participations = []
        for _ in range(len(newcomers) * 3 // 5):
            key = (rng.choice(activities).pk, rng.choice(newcomers)[0])
            if key in joined:
                continue
            joined.add(key)
            status = rng.choices(("joined", "waiting", "left"), (85, 10, 5))[0]
            participations.append(Participation(activity_id=key[0], user_id=key[1], status=status))
        participations = _bulk(Participation, participations)
        counts["participations"] = len(participations)
        ratings = [
            SessionRating(participation=p, session_date=days(rng.randint(0, 120)).date(),
                          rating=rng.choice((3, 4, 4, 5, 5)))
            for p in participations
            if p.status == "joined" and rng.random() < 0.3
        ]  # fmt: skip
        counts["ratings"] = len(_bulk(SessionRating, ratings))

        # Moves: 4 % of newcomers moved in the last 6 months.
        place_ids = list(Place.objects.filter(pk__in=places).values_list("pk", flat=True))
        moved = rng.sample(newcomers, len(newcomers) // 25)
        counts["moves"] = len(
            _bulk(
                Move,
                [
                    Move(user_id=user_id, to_place_id=rng.choice(place_ids),
                         moved_on=days(rng.uniform(0, 180)).date())
                    for user_id, _since in moved
                ],
            )
        )  # fmt: skip
    return counts


def _offer(request, supporter_id: int, status: str, at: dt.datetime, *, decided: bool = False):
    from peers.models import Offer

    return Offer(
        request=request,
        supporter_id=supporter_id,
        status=status,
        expires_at=at + dt.timedelta(days=7),
        decided_at=at if decided or status == "declined" else None,
    )
