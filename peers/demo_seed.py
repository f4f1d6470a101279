"""Writes the demo's six months of matching history (peers.demo_history) to the database.

The history's people cannot log in (unusable passwords): they are there so the coordinators'
pages and dashboard have months of runs, offers, pairings and waiting people to show. Rows are
bulk-inserted, as the services' work (locks, notifications, emails) is not the point of a
past that already happened; the timestamps that Django fills in itself (`auto_now_add`) are
then set to the past with one bulk update per table.
"""

import datetime
import random
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from chat.models import Conversation, Member
from peers import matching
from peers.demo import DemoPerson
from peers.demo_history import History, history_plan
from peers.models import (
    AuditEvent,
    Consent,
    Interest,
    Language,
    MatchingRun,
    NewcomerProfile,
    Offer,
    Pairing,
    PersonLanguage,
    Place,
    Profile,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.reference.availability import SLOTS
from peers.roles import Role

BATCH = 500


def _later(when: datetime.datetime, rng: random.Random, days: int) -> datetime.datetime:
    return when + datetime.timedelta(seconds=rng.randint(0, days * 86400))


def history_seed(
    *,
    coordinator: User,
    places: dict[str, Place],
    newcomers: int,
    now: datetime.datetime | None = None,
    report: Callable[[str], None] = lambda line: None,
) -> History:
    """People, weekly matching runs, offers, pairings and their conversations, all in the
    past. The caller holds the transaction and checks it has not been done already."""
    now = now or timezone.now()
    plan = history_plan(
        places={town: (place.latitude, place.longitude) for town, place in places.items()},
        now=now,
        newcomers=newcomers,
        offer_hours=settings.OFFER_EXPIRY_HOURS,
        weights=matching.Weights(**settings.MATCHING_WEIGHTS),
    )
    users = _people_write(plan, places=places, coordinator=coordinator, now=now)
    requests = _requests_write(plan, users)
    runs = _runs_write(plan, coordinator)
    offers = _offers_write(plan, users, requests, runs)
    pairings = _pairings_write(plan, users, requests, offers)
    report(
        f"  history: {len(runs)} weekly matching runs, {len(offers)} offers, "
        f"{len(pairings)} pairings ({sum(1 for p in plan.pairings if p.ended_at)} ended), "
        f"{sum(1 for r in plan.requests.values() if r.status == 'waiting')} still waiting"
    )
    return plan


def _history_joined(plan: History, now: datetime.datetime) -> dict[str, datetime.datetime]:
    """When each of the history's people signed up: newcomers a few days before they asked,
    supporters months before the first run."""
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    start = plan.runs[0].at if plan.runs else now
    joined = {}
    for person in plan.people:
        if Role.NEWCOMER in person.roles:
            since = plan.requests[person.username].since
            joined[person.username] = since - datetime.timedelta(hours=rng.randint(1, 120))
        else:
            joined[person.username] = start - datetime.timedelta(days=rng.randint(30, 200))
    return joined


def _people_write(
    plan: History, *, places: dict[str, Place], coordinator: User, now: datetime.datetime
) -> dict[str, User]:
    return people_bulk_create(
        plan.people,
        places=places,
        coordinator=coordinator,
        password=make_password(None),
        joined=_history_joined(plan, now),
        now=now,
    )


def people_bulk_create(
    people: list[DemoPerson],
    *,
    places: dict[str, Place],
    coordinator: User,
    password: str,
    joined: dict[str, datetime.datetime],
    now: datetime.datetime,
) -> dict[str, User]:
    """Users with profiles, languages, interests and consents, as the profile services would
    leave them; supporters trained, and checked by the coordinator (with the audit line her
    check writes) unless still waiting for it. `password`: an already hashed password."""
    rng = random.Random(len(people))  # noqa: S311 - demo data, not security
    users = User.objects.bulk_create(
        [
            User(
                username=person.username,
                first_name=person.first_name,
                password=password,
                is_newcomer=Role.NEWCOMER in person.roles,
                is_supporter=Role.SUPPORTER in person.roles,
                date_joined=joined[person.username],
                # Supporters mostly look in every few days; a few have gone quiet for weeks.
                last_login=(
                    now - datetime.timedelta(hours=rng.choice([4, 20, 50, 90, 200, 900, 1500]))
                    if Role.SUPPORTER in person.roles
                    else None
                ),
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    by_name = {user.username: user for user in users}
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=by_name[person.username],
                display_name=person.first_name,
                place=places[person.town],
                gender=person.gender,
                availability=[slot for slot in SLOTS if slot in set(person.availability)],
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    languages = {code for person in people for code, _d, _f in person.languages}
    known = set(Language.objects.filter(code__in=languages).values_list("code", flat=True))
    PersonLanguage.objects.bulk_create(
        [
            PersonLanguage(
                profile=profile,
                language_id=code,
                dialect=dialect,
                is_first=first,
                level="" if first else "good",
            )
            for person, profile in zip(people, profiles, strict=True)
            for code, dialect, first in person.languages
            if code in known
        ],
        batch_size=BATCH,
    )
    interests = set(Interest.objects.values_list("slug", flat=True))
    Profile.interests.through.objects.bulk_create(
        [
            Profile.interests.through(profile_id=profile.pk, interest_id=slug)
            for person, profile in zip(people, profiles, strict=True)
            for slug in person.interests
            if slug in interests
        ],
        batch_size=BATCH,
    )
    NewcomerProfile.objects.bulk_create(
        [
            NewcomerProfile(
                user=by_name[person.username],
                max_km=person.max_km,
                remote_ok=person.remote_ok,
                wants_gender=person.wants_gender,
                helps=["talk", "activities"],
            )
            for person in people
            if Role.NEWCOMER in person.roles
        ],
        batch_size=BATCH,
    )
    supporters = SupporterProfile.objects.bulk_create(
        [
            _supporter_profile(
                person, by_name[person.username], joined[person.username], coordinator, rng
            )
            for person in people
            if Role.SUPPORTER in person.roles
        ],
        batch_size=BATCH,
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=coordinator,
                actor_label=coordinator.get_username(),
                subject=profile.user,
                action=AuditEvent.Action.SUPPORTER_VERIFIED,
                target=f"supporter application {profile.pk}",
                at=profile.verified_at,
            )
            for profile in supporters
            if profile.verified_at
        ],
        batch_size=BATCH,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                user=by_name[person.username], purpose=purpose, granted_at=joined[person.username]
            )
            for person in people
            for purpose in person.consents
        ],
        batch_size=BATCH,
    )
    return by_name


def _supporter_profile(
    person: DemoPerson, user: User, joined: datetime.datetime, coordinator: User, rng
) -> SupporterProfile:
    """Trained before they applied; checked a few days after (unless still "applied")."""
    checked = person.supporter_status in ("active", "paused")
    return SupporterProfile(
        user=user,
        bio=f"Hello, I am {person.first_name}. I came here a few years ago.",
        capacity=person.capacity,
        radius_km=max(person.max_km, 5),
        remote_ok=person.remote_ok,
        wants_gender=person.wants_gender,
        training_course="Peer support training, Refugee Council",
        training_completed_on=(joined - datetime.timedelta(days=30)).date(),
        dbs_checked_on=(joined - datetime.timedelta(days=20)).date(),
        dbs_expires_on=(joined + datetime.timedelta(days=1000)).date(),
        status=person.supporter_status,
        applied_at=joined,
        verified_at=joined + datetime.timedelta(days=rng.randint(2, 9)) if checked else None,
        verified_by=coordinator if checked else None,
    )


def _requests_write(plan: History, users: dict[str, User]) -> dict[str, SupportRequest]:
    requests = SupportRequest.objects.bulk_create(
        [
            SupportRequest(
                newcomer=users[past.username],
                helps=["talk", "activities"],
                status=past.status,
                waiting_since=past.since,
                matched_at=past.matched_at,
            )
            for past in plan.requests.values()
        ],
        batch_size=BATCH,
    )
    for request in requests:
        request.created_at = request.waiting_since
    SupportRequest.objects.bulk_update(requests, ["created_at"], batch_size=BATCH)
    return {request.newcomer.username: request for request in requests}


def _runs_write(plan: History, coordinator: User) -> list[MatchingRun]:
    runs = MatchingRun.objects.bulk_create(
        [
            MatchingRun(
                status=MatchingRun.Status.DONE,
                progress=100,
                # Most weeks the coordinator starts the run; now and then it is the schedule.
                triggered_by=coordinator if index % 5 else None,
                heartbeat_at=past.finished_at,
                finished_at=past.finished_at,
                newcomers=past.newcomers,
                supporters=past.supporters,
                offers_made=past.offers_made,
                objective=past.objective,
                seconds=past.seconds,
                waiting_reasons=past.waiting_reasons,
            )
            for index, past in enumerate(plan.runs)
        ]
    )
    for run, past in zip(runs, plan.runs, strict=True):
        run.created_at = past.at
    MatchingRun.objects.bulk_update(runs, ["created_at"])
    return runs


def _offers_write(
    plan: History,
    users: dict[str, User],
    requests: dict[str, SupportRequest],
    runs: list[MatchingRun],
) -> list[Offer]:
    offers = Offer.objects.bulk_create(
        [
            Offer(
                request=requests[past.newcomer],
                supporter=users[past.supporter],
                run=runs[past.run],
                score=past.score,
                distance_km=past.distance_km,
                remote=past.remote,
                reasons=past.reasons,
                status=past.status,
                expires_at=past.expires_at,
                decided_at=past.decided_at,
            )
            for past in plan.offers
        ],
        batch_size=BATCH,
    )
    for offer, past in zip(offers, plan.offers, strict=True):
        offer.created_at = past.created_at
    Offer.objects.bulk_update(offers, ["created_at"], batch_size=BATCH)
    return offers


def _pairings_write(
    plan: History,
    users: dict[str, User],
    requests: dict[str, SupportRequest],
    offers: list[Offer],
) -> list[Pairing]:
    """Pairings, each with its conversation (read-only once the pairing ended), as
    `offer_accept` and `pairing_end` leave them."""
    pairings = Pairing.objects.bulk_create(
        [
            Pairing(
                newcomer=users[past.newcomer],
                supporter=users[past.supporter],
                request=requests[past.newcomer],
                offer=offers[past.offer],
                status=Pairing.Status.ENDED if past.ended_at else Pairing.Status.ACTIVE,
                remote=past.remote,
                ended_at=past.ended_at,
                ended_by=users[getattr(past, past.ended_by)] if past.ended_by else None,
                end_reason=past.end_reason,
            )
            for past in plan.pairings
        ],
        batch_size=BATCH,
    )
    for pairing, past in zip(pairings, plan.pairings, strict=True):
        pairing.started_at = past.started_at
    Pairing.objects.bulk_update(pairings, ["started_at"], batch_size=BATCH)
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                kind=Conversation.Kind.PAIRING,
                status=(
                    Conversation.Status.READ_ONLY if past.ended_at else Conversation.Status.OPEN
                ),
                pairing=pairing,
                created_at=past.started_at,
                closed_at=past.ended_at,
            )
            for pairing, past in zip(pairings, plan.pairings, strict=True)
        ],
        batch_size=BATCH,
    )
    Member.objects.bulk_create(
        [
            Member(conversation=conversation, user_id=user_id, joined_at=conversation.created_at)
            for conversation, pairing in zip(conversations, pairings, strict=True)
            for user_id in (pairing.newcomer_id, pairing.supporter_id)
        ],
        batch_size=BATCH,
    )
    return pairings
