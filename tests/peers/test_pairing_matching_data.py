"""The matcher's input read from the database: who may be matched, with how much room, and which
pairs must never be suggested again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peers import matching
from peers.models import SupportRequest
from peers.selectors.matching import (
    excluded_pairs,
    matching_data_build,
    supporters_with_free_capacity,
)
from peers.services import (
    newcomer_profile_update,
    profile_about_update,
    profile_place_update,
)
from peers.services.pairing import (
    offer_decline,
    offers_expire,
    pairing_end,
    person_block,
    support_request_create,
)
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    place,
    profile_for,
    supporter_ready,
)


def _ids(people) -> list[str]:
    return sorted(person.id for person in people)


def _key(user) -> str:
    return str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "included"),
    [
        ("active", True),
        ("applied", False),
        ("paused", False),
        ("withdrawn", False),
        ("rejected", False),
    ],
)
def test_matching_data_build_lists_only_verified_active_supporters(status, included):
    supporter = supporter_ready(status=status)
    support_request_create(newcomer=newcomer_ready())

    data = matching_data_build()

    assert _ids(data.input.supporters) == ([_key(supporter)] if included else [])
    assert (supporter.pk in supporters_with_free_capacity()) is included


@pytest.mark.django_db
def test_matching_data_build_maps_profiles_to_the_matcher_dataclasses():
    newcomer = newcomer_ready(
        town="TS1",
        languages=(("ar", "sudanese", True), ("en", "", False)),
        max_km=12,
        remote_ok=True,
        wants_gender="f",
        interests=["football", "cooking"],
        availability=["mon-am", "sat-pm"],
    )
    supporter = supporter_ready(
        town="Stockton-on-Tees",
        languages=(("ar", "sudanese", True),),
        capacity=3,
        radius_km=15,
        remote_ok=True,
        interests=["football"],
        availability=["sat-pm"],
    )
    support_request_create(newcomer=newcomer)

    data = matching_data_build()

    ts1, stockton = place("TS1"), place("Stockton-on-Tees")
    assert data.input.newcomers == (
        matching.Newcomer(
            id=_key(newcomer),
            lat=ts1.latitude,
            lon=ts1.longitude,
            languages=(
                matching.Language("ar", "sudanese", True),
                matching.Language("en", None, False),
            ),
            interests=frozenset({"football", "cooking"}),
            availability=frozenset({"mon-am", "sat-pm"}),
            max_km=12,
            remote_ok=True,
            gender="f",
            wants_gender="f",
            waiting_days=0,
        ),
    )
    assert data.input.supporters == (
        matching.Supporter(
            id=_key(supporter),
            lat=stockton.latitude,
            lon=stockton.longitude,
            languages=(matching.Language("ar", "sudanese", True),),
            interests=frozenset({"football"}),
            availability=frozenset({"sat-pm"}),
            radius_km=15,
            remote_ok=True,
            gender="f",
            wants_gender=None,
            capacity=3,
        ),
    )
    # A postcode district is described by its town, never more precisely.
    assert data.towns == {_key(newcomer): "Middlesbrough", _key(supporter): "Stockton-on-Tees"}
    assert data.requests[_key(newcomer)] == SupportRequest.objects.get(newcomer=newcomer).pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("capacity", "active_pairings", "pending_offers", "ended_pairings", "free"),
    [
        (1, 0, 0, 0, 1),
        (3, 1, 0, 0, 2),
        (3, 0, 1, 0, 2),
        (3, 1, 1, 0, 1),
        (2, 1, 1, 0, 0),
        (1, 0, 1, 0, 0),
        (2, 0, 0, 2, 2),  # ended pairings leave room again
        (5, 2, 2, 1, 1),
    ],
)
def test_matching_data_build_free_capacity_subtracts_active_pairings_and_pending_offers(
    capacity, active_pairings, pending_offers, ended_pairings, free
):
    supporter = supporter_ready(capacity=capacity)
    for _ in range(ended_pairings):
        pairing = active_pairing(newcomer_ready(), supporter)
        pairing_end(pairing=pairing, by=supporter)
    for _ in range(active_pairings):
        active_pairing(newcomer_ready(), supporter)
    for _ in range(pending_offers):
        pending_offer(newcomer_ready(), supporter)
    support_request_create(newcomer=newcomer_ready())

    data = matching_data_build()

    assert supporters_with_free_capacity() == {supporter.pk: free}
    # A full supporter comes with capacity 0: never paired, but counted in the waiting reasons.
    assert [(s.id, s.capacity) for s in data.input.supporters] == [(_key(supporter), free)]


@pytest.mark.django_db
def test_matching_data_build_counts_waiting_days_from_waiting_since():
    now = timezone.now()
    newer, older = newcomer_ready(), newcomer_ready()
    for newcomer, age in [(newer, timedelta(hours=23)), (older, timedelta(days=12, hours=5))]:
        request = support_request_create(newcomer=newcomer)
        SupportRequest.objects.filter(pk=request.pk).update(waiting_since=now - age)

    data = matching_data_build(now=now)

    # Longest waiting first, whole days.
    assert [(n.id, n.waiting_days) for n in data.input.newcomers] == [
        (_key(older), 12),
        (_key(newer), 0),
    ]


@pytest.mark.django_db
def test_matching_data_build_leaves_out_requests_already_offered_or_closed():
    supporter = supporter_ready(capacity=5)
    offered = newcomer_ready()
    pending_offer(offered, supporter)
    paired = newcomer_ready()
    active_pairing(paired, supporter)
    waiting = newcomer_ready()
    support_request_create(newcomer=waiting)
    never_asked = newcomer_ready()

    data = matching_data_build()

    assert _ids(data.input.newcomers) == [_key(waiting)]
    assert set(data.requests) == {_key(waiting)}
    assert _key(offered) not in data.requests and _key(never_asked) not in data.requests


@pytest.mark.django_db
def test_matching_data_build_excludes_declined_ended_and_blocked_pairs():
    newcomer = newcomer_ready()
    declined_by, ended_with, blocked, blocker, fresh = (
        supporter_ready(capacity=2) for _ in range(5)
    )
    offer_decline(offer=pending_offer(newcomer, declined_by), supporter=declined_by)
    pairing_end(pairing=active_pairing(newcomer, ended_with), by=newcomer)
    person_block(blocker=newcomer, blocked=blocked)  # the newcomer blocked them
    person_block(blocker=blocker, blocked=newcomer)  # they blocked the newcomer
    # Someone else's history never excludes this newcomer.
    other = newcomer_ready()
    person_block(blocker=other, blocked=fresh)
    support_request_create(newcomer=newcomer)

    data = matching_data_build()

    assert data.input.exclude == frozenset(
        (_key(newcomer), _key(s)) for s in [declined_by, ended_with, blocked, blocker]
    )
    assert _ids(data.input.supporters) == sorted(
        _key(s) for s in [declined_by, ended_with, blocked, blocker, fresh]
    )
    pairs = excluded_pairs(newcomer_ids=[newcomer.pk])
    assert (newcomer.pk, blocker.pk) in pairs and (blocker.pk, newcomer.pk) in pairs
    assert (newcomer.pk, fresh.pk) not in pairs


@pytest.mark.django_db
def test_matching_data_build_does_not_exclude_a_pair_whose_offer_expired():
    newcomer, supporter = newcomer_ready(), supporter_ready()
    pending_offer(newcomer, supporter)
    offers_expire(now=timezone.now() + timedelta(hours=73))

    data = matching_data_build()

    # Expiry is not a "no": the newcomer is back in the pool with nothing excluded.
    assert _ids(data.input.newcomers) == [_key(newcomer)]
    assert data.input.exclude == frozenset()


def _no_profile(user) -> None:
    pass


def _no_place(user) -> None:
    profile_about_update(user=user, display_name="Amal", gender="")


def _no_languages(user) -> None:
    profile_about_update(user=user, display_name="Amal", gender="")
    profile_place_update(user=user, place=place("Middlesbrough"))


def _no_newcomer_profile(user) -> None:
    profile_for(user)


def _complete(user) -> None:
    profile_for(user)
    newcomer_profile_update(
        user=user, max_km=5, remote_ok=True, wants_gender="", helps=[], about_me=""
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prepare", "incomplete"),
    [
        (_no_profile, True),
        (_no_place, True),
        (_no_languages, True),
        (_no_newcomer_profile, True),
        (_complete, False),
    ],
)
def test_matching_data_build_lists_unfinished_profiles_as_incomplete(prepare, incomplete):
    newcomer = NewcomerFactory()
    prepare(newcomer)
    request = support_request_create(newcomer=newcomer)

    data = matching_data_build()

    assert data.incomplete == ([request.pk] if incomplete else [])
    assert _ids(data.input.newcomers) == ([] if incomplete else [_key(newcomer)])


def _population(size: int) -> None:
    """`size` waiting newcomers and `size` supporters, with every kind of history the selector
    reads: pending offers, active and ended pairings, declined offers and blocks."""
    coordinator = CoordinatorFactory(with_totp=False)
    towns = ["Middlesbrough", "TS1", "Stockton-on-Tees", "Cardiff", "Stoke-on-Trent"]
    supporters = [
        supporter_ready(town=towns[i % len(towns)], capacity=3, coordinator=coordinator)
        for i in range(size)
    ]
    for i in range(size):
        newcomer = newcomer_ready(town=towns[i % len(towns)], languages=(("ti", "", True),))
        supporter = supporters[i]
        if i % 3 == 0:
            offer_decline(offer=pending_offer(newcomer, supporter), supporter=supporter)
            person_block(blocker=newcomer, blocked=supporters[(i + 1) % size])
        if i % 3 == 1:
            pairing_end(pairing=active_pairing(newcomer, supporter), by=newcomer)
        if i % 5 == 4:
            pending_offer(newcomer, supporters[(i + 2) % size])  # not a pair they ended
        else:
            support_request_create(newcomer=newcomer)
    active_pairing(newcomer_ready(), supporters[0])
    support_request_create(newcomer=NewcomerFactory())  # no profile: incomplete


# Requests; capacity (supporters, active pairings, pending offers); for each side places,
# languages, interests and preferences; declined offers, pairings, blocks: one query each,
# however many people there are.
QUERY_BOUND = 15


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 15])
def test_matching_data_build_reads_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    _population(size)

    with django_assert_max_num_queries(QUERY_BOUND):
        data = matching_data_build()

    assert len(data.input.newcomers) == size - size // 5
    assert len(data.input.supporters) == size
    assert data.input.exclude
    assert len(data.incomplete) == 1
