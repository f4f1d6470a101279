"""Ranking activities for one person: pure (no database), checked against the matcher's own
scalar `score_parts` for the parts they share."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.recommend import (
    ActivityFacts,
    ActivityIndex,
    Person,
    rank,
    rank_naive,
    reason_parts,
    reason_text,
    reasons_render,
    score_one,
    slot_phrase,
)
from peers.matching import AVAILABILITY_SLOTS, Language, Reason, Translator
from peers.matching.scoring import great_circle_km, score_parts

CODES = ("ar", "ti", "en")
INTERESTS = ("football", "cooking", "walking", "music")
SLOTS = ("mon-pm", "thu-pm", "sat-pm", "sat-am")
LAT, LON = (54.45, 54.70), (-1.45, -1.00)  # around Middlesbrough, ~30 × 30 km
MIDDLESBROUGH = (54.5762, -1.2348)


@st.composite
def people(draw):
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
    first = draw(st.sampled_from(codes))
    return Person(
        lat=draw(st.floats(*LAT)),
        lon=draw(st.floats(*LON)),
        languages=tuple(
            Language(code, draw(st.sampled_from((None, "sudanese"))), code == first)
            for code in codes
        ),
        interests=draw(st.frozensets(st.sampled_from(INTERESTS))),
        availability=draw(st.frozensets(st.sampled_from(SLOTS))),
        max_km=draw(st.sampled_from((0.0, 2.0, 5.0, 10.0, 30.0))),
        remote_ok=draw(st.booleans()),
    )


@st.composite
def activities(draw, max_size: int = 25):
    count = draw(st.integers(0, max_size))
    found = []
    for k in range(count):
        online = draw(st.booleans())
        placed = not online or draw(st.booleans())
        found.append(
            ActivityFacts(
                id=k + 1,
                lat=draw(st.floats(*LAT)) if placed else None,
                lon=draw(st.floats(*LON)) if placed else None,
                online=online,
                languages=draw(st.frozensets(st.sampled_from(CODES))),
                interests=draw(st.frozensets(st.sampled_from(INTERESTS))),
                slots=draw(st.frozensets(st.sampled_from(SLOTS))),
            )
        )
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), activities())
def test_rank_scores_are_the_matchers_score_parts(person, found):
    ranked = rank(person, ActivityIndex(found))

    expected = {a.id: score_one(person, a) for a in found}
    assert {r.id for r in ranked} == {k for k, parts in expected.items() if parts is not None}
    for r in ranked:
        parts = expected[r.id]
        assert r.score == pytest.approx(parts.score, abs=1e-9)
        assert r.remote == parts.remote
        if not r.remote:
            assert r.distance_km == pytest.approx(parts.distance_km, abs=1e-6)
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), activities())
def test_rank_agrees_with_the_one_at_a_time_baseline(person, found):
    fast = rank(person, ActivityIndex(found))
    slow = rank_naive(person, found)

    assert [r.score for r in fast] == pytest.approx([r.score for r in slow], abs=1e-9)
    assert {r.id for r in fast} == {r.id for r in slow}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), activities(max_size=1))
def test_parts_follow_the_matchers_rules(person, found):
    """Only the person's limits count: in range means within their max_km; online is remote
    and allowed only for someone happy to join remotely; a shared language is required."""
    for activity in found:
        parts = score_one(person, activity)
        shares_language = any(lang.code in activity.languages for lang in person.languages)
        if activity.online:
            assert (parts is not None) == (shares_language and person.remote_ok)
            if parts is not None:
                assert parts.remote and parts.dist == 0.0
        else:
            d = great_circle_km(person.lat, person.lon, activity.lat, activity.lon)
            assert (parts is not None) == (shares_language and d <= person.max_km)
        if parts is not None:
            assert parts.wait == 0.0
            assert 0.0 <= parts.score <= 0.9 + 1e-12


def test_score_one_is_score_parts_with_the_activity_as_a_supporter():
    from activities.recommend import as_newcomer, as_supporter

    person = Person(
        *MIDDLESBROUGH,
        languages=(Language("ti", first=True), Language("ar")),
        interests=frozenset({"cooking", "walking"}),
        availability=frozenset({"thu-pm", "mon-pm"}),
        max_km=3,
    )
    cooking = ActivityFacts(
        1,
        54.58,
        -1.23,
        False,
        frozenset({"ar", "en"}),
        frozenset({"cooking"}),
        frozenset({"thu-pm"}),
    )

    parts = score_one(person, cooking)

    assert parts == score_parts(as_newcomer(person), as_supporter(cooking, person))
    assert parts.lang == 0.6  # Arabic, not her first language
    assert parts.interests == 0.5 and parts.avail == 0.5
    assert parts.score == pytest.approx(0.40 * 0.6 + 0.25 * parts.dist + 0.15 * 0.5 + 0.10 * 0.5)


def test_rank_puts_first_language_near_and_shared_interests_first():
    person = Person(
        *MIDDLESBROUGH,
        languages=(Language("ti", first=True), Language("en")),
        interests=frozenset({"walking"}),
        max_km=10,
        remote_ok=False,
    )
    index = ActivityIndex(
        [
            ActivityFacts(1, 54.58, -1.23, False, frozenset({"en"}), frozenset({"walking"})),
            ActivityFacts(2, 54.58, -1.23, False, frozenset({"ti"}), frozenset({"walking"})),
            ActivityFacts(3, 54.62, -1.23, False, frozenset({"ti"}), frozenset()),
            ActivityFacts(4, None, None, True, frozenset({"ti"}), frozenset({"walking"})),
            ActivityFacts(5, 52.98, -2.18, False, frozenset({"ti"}), frozenset({"walking"})),
        ]
    )

    # 1 (English, shared interest, near) beats 3 (Tigrinya, 5 km, nothing shared); the online
    # one is out (not remote_ok), and so is 5 (Stoke, too far).
    assert [r.id for r in rank(person, index)] == [2, 1, 3]


def test_rank_ties_keep_the_given_order():
    person = Person(*MIDDLESBROUGH, languages=(Language("ar", first=True),), max_km=5)
    same = [ActivityFacts(k, *MIDDLESBROUGH, False, frozenset({"ar"})) for k in (7, 3, 9)]

    assert [r.id for r in rank(person, ActivityIndex(same))] == [7, 3, 9]


def test_rank_of_nothing_is_empty():
    person = Person(*MIDDLESBROUGH, languages=(Language("ar", first=True),))

    assert rank(person, ActivityIndex([])) == []


def test_reasons_name_language_distance_interests_and_free_time():
    person = Person(
        *MIDDLESBROUGH,
        languages=(Language("ti", first=True), Language("ar")),
        interests=frozenset({"football", "cooking"}),
        availability=frozenset({"sat-pm", "thu-pm"}),
        max_km=10,
    )
    activity = ActivityFacts(
        1, 54.59, -1.25, False, frozenset({"ar"}), frozenset({"football"}), frozenset({"sat-pm"})
    )
    d = great_circle_km(*MIDDLESBROUGH, 54.59, -1.25)

    parts = reason_parts(person, activity, d)

    assert reasons_render(parts) == [
        "ar spoken",
        "about 2 km",
        "you like football",
        "Saturday afternoons — you're free then",
    ]


def test_reasons_for_online_and_very_near():
    person = Person(*MIDDLESBROUGH, languages=(Language("ar", first=True),), remote_ok=True)
    online = ActivityFacts(1, None, None, True, frozenset({"ar"}))

    assert reasons_render(reason_parts(person, online, None)) == ["ar spoken", "online, from home"]
    assert reason_text(Reason("near")) == "less than 1 km"


def test_reasons_use_the_translator():
    translator = Translator(
        gettext=lambda text: f"«{text}»",
        language_name=lambda code: {"ar": "Arabic"}[code],
        interest_name=lambda slug: slug.title(),
    )

    assert reason_text(Reason("spoken", (("language", "ar"),)), translator) == "«Arabic spoken»"
    assert reason_text(Reason("interests", (("interests", ("football",)),)), translator) == (
        "«you like Football»"
    )


@pytest.mark.parametrize("slot", AVAILABILITY_SLOTS)
def test_every_slot_has_a_phrase(slot):
    phrase = slot_phrase(slot)

    assert phrase != slot and phrase.endswith("s")


def test_nan_coordinates_never_count_as_in_range():
    person = Person(*MIDDLESBROUGH, languages=(Language("ar", first=True),), max_km=math.inf)
    placeless = ActivityFacts(1, None, None, False, frozenset({"ar"}))

    assert rank(person, ActivityIndex([placeless])) == []
    assert score_one(person, placeless) is None
