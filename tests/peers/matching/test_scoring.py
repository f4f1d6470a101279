import random

import pytest
from geopy.distance import great_circle

from peers.matching import Language, great_circle_km, pair_allowed, score_parts
from peers.matching.scoring import great_circle_km_array

from .reference import MANCHESTER, newcomer, north, ref_score, supporter


def test_great_circle_km_agrees_with_geopy_to_a_metre_everywhere():
    rng = random.Random(7)
    points = [
        (rng.uniform(-90, 90), rng.uniform(-180, 180), rng.uniform(-90, 90), rng.uniform(-180, 180))
        for _ in range(3000)
    ]
    # Near neighbours and antipodes are where formulas lose precision.
    points += [
        (a, b, a + rng.uniform(-1e-4, 1e-4), b + rng.uniform(-1e-4, 1e-4))
        for a, b, *_ in points[:500]
    ]
    points += [(a, b, -a, b + 180 if b < 0 else b - 180) for a, b, *_ in points[:200]]
    lat1, lon1, lat2, lon2 = zip(*points, strict=True)
    vectorised = great_circle_km_array(lat1, lon1, lat2, lon2)
    for (a, b, c, d), fast in zip(points, vectorised, strict=True):
        expected = great_circle((a, b), (c, d)).km
        assert abs(great_circle_km(a, b, c, d) - expected) < 1e-3
        assert abs(fast - expected) < 1e-3


def test_great_circle_km_is_geopys_formula_bit_for_bit():
    rng = random.Random(11)
    for _ in range(2000):
        a, b = rng.uniform(-90, 90), rng.uniform(-180, 180)
        c, d = rng.uniform(-90, 90), rng.uniform(-180, 180)
        assert great_circle_km(a, b, c, d) == great_circle((a, b), (c, d)).km


@pytest.mark.parametrize(
    ("mine", "theirs", "lang"),
    [
        (Language("ar", first=True), Language("ar", first=True), 1.0),
        # The newcomer's flag decides, not the supporter's.
        (Language("ar", first=False), Language("ar", first=True), 0.6),
        (Language("ar", first=True), Language("ar", first=False), 1.0),
        (Language("ar", "sudanese", True), Language("ar", "syrian", True), 0.7),
        (Language("ar", "sudanese", False), Language("ar", "syrian", True), 0.42),
        (Language("ar", "sudanese", True), Language("ar", "sudanese", True), 1.0),
        # Only when both give a dialect can they differ.
        (Language("ar", "sudanese", True), Language("ar", None, True), 1.0),
        (Language("ar", None, True), Language("ar", "syrian", True), 1.0),
    ],
)
def test_score_parts_language_factor(mine, theirs, lang):
    parts = score_parts(newcomer(languages=(mine,)), supporter(languages=(theirs,)))
    assert parts.lang == pytest.approx(lang)


def test_score_parts_language_takes_the_best_shared_code():
    n = newcomer(
        languages=(Language("ti", "eritrean", True), Language("en", first=False)),
    )
    s = supporter(languages=(Language("en", first=True), Language("ti", "tigrayan", True)))
    parts = score_parts(n, s)
    assert parts.lang == pytest.approx(0.7)  # Tigrinya 1.0 × 0.7 beats English 0.6
    assert parts.language == "ti"


@pytest.mark.parametrize(
    ("km", "max_km", "radius_km", "dist"),
    [
        (0.0, 10, 10, 1.0),
        (2.0, 10, 4, 0.5),  # the smaller limit counts
        (2.0, 4, 10, 0.5),
        (5.0, 10, 10, 0.5),
        (0.0, 0, 10, 1.0),  # limit 0 and distance 0
        (0.0, 0, 0, 1.0),
    ],
)
def test_score_parts_distance_part(km, max_km, radius_km, dist):
    parts = score_parts(newcomer(max_km=max_km), supporter(radius_km=radius_km, **north(km)))
    assert not parts.remote
    assert parts.dist == pytest.approx(dist, abs=1e-9)
    assert parts.distance_km == pytest.approx(km, abs=1e-9)


def test_score_parts_in_range_pair_is_not_remote_even_when_both_accept_remote():
    parts = score_parts(newcomer(remote_ok=True), supporter(remote_ok=True, **north(3)))
    assert parts.remote is False
    assert parts.dist == pytest.approx(0.7)


def test_score_parts_remote_pair_has_no_distance_part():
    parts = score_parts(newcomer(remote_ok=True), supporter(remote_ok=True, **north(50)))
    assert parts.remote is True
    assert parts.dist == 0.0
    assert parts.distance_km == pytest.approx(50)


@pytest.mark.parametrize(
    ("mine", "theirs", "jaccard"),
    [
        (set(), set(), 0.0),
        ({"football"}, set(), 0.0),
        ({"football"}, {"football"}, 1.0),
        ({"football", "cooking"}, {"football", "music"}, 1 / 3),
    ],
)
def test_score_parts_interests_are_jaccard(mine, theirs, jaccard):
    parts = score_parts(newcomer(interests=mine), supporter(interests=theirs))
    assert parts.interests == pytest.approx(jaccard)


@pytest.mark.parametrize(
    ("mine", "theirs", "avail"),
    [
        (set(), {"mon-am"}, 0.0),  # a newcomer with no times given
        ({"mon-am", "sat-pm"}, {"sat-pm"}, 0.5),
        ({"sat-pm"}, {"sat-pm", "sun-am", "mon-am"}, 1.0),  # over the newcomer's slots
        ({"mon-am"}, set(), 0.0),
    ],
)
def test_score_parts_availability_over_the_newcomers_slots(mine, theirs, avail):
    parts = score_parts(newcomer(availability=mine), supporter(availability=theirs))
    assert parts.avail == pytest.approx(avail)


@pytest.mark.parametrize(("days", "wait"), [(0, 0.0), (45, 0.5), (90, 1.0), (400, 1.0)])
def test_score_parts_waiting_is_capped_at_90_days(days, wait):
    assert score_parts(newcomer(waiting_days=days), supporter()).wait == pytest.approx(wait)


def test_score_parts_weighted_sum_matches_the_spec_example():
    n = newcomer(
        lat=53.41,
        lon=-2.98,
        languages=(Language("ar", "sudanese", True), Language("en", first=False)),
        interests={"football", "cooking"},
        availability={"mon-am", "sat-pm"},
        max_km=10,
        remote_ok=True,
        gender="f",
        wants_gender="f",
        waiting_days=12,
    )
    s = supporter(
        lat=53.40,
        lon=-2.95,
        languages=(Language("ar", "sudanese", True),),
        interests={"football"},
        availability={"sat-pm"},
        radius_km=15,
        gender="f",
        capacity=2,
    )
    d = great_circle((53.41, -2.98), (53.40, -2.95)).km
    expected = 0.40 * 1.0 + 0.25 * (1 - d / 10) + 0.15 * 0.5 + 0.10 * 0.5 + 0.10 * 12 / 90
    assert score_parts(n, s).score == pytest.approx(expected, abs=1e-12)
    assert ref_score(n, s) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("rule", "n_fields", "s_fields", "exclude"),
    [
        ("shares no language", {}, {"languages": (Language("fa", first=True),)}, ()),
        (
            "out of range, newcomer not remote",
            {"remote_ok": False},
            {"remote_ok": True, **north(30)},
            (),
        ),
        (
            "out of range, supporter not remote",
            {"remote_ok": True},
            {"remote_ok": False, **north(30)},
            (),
        ),
        ("out of the supporter's radius", {"max_km": 50}, {"radius_km": 5, **north(8)}, ()),
        ("newcomer wants another gender", {"wants_gender": "f"}, {"gender": "m"}, ()),
        (
            "newcomer wants a gender, supporter gives none",
            {"wants_gender": "f"},
            {"gender": None},
            (),
        ),
        ("supporter wants another gender", {"gender": "m"}, {"wants_gender": "f"}, ()),
        (
            "supporter wants a gender, newcomer gives none",
            {"gender": None},
            {"wants_gender": "f"},
            (),
        ),
        ("excluded", {}, {}, (("n1", "s1"),)),
        ("no free capacity", {}, {"capacity": 0}, ()),
    ],
)
def test_pair_allowed_hard_constraints(rule, n_fields, s_fields, exclude):
    n, s = newcomer(**n_fields), supporter(**s_fields)
    assert pair_allowed(n, s, frozenset(exclude)) is False, rule
    assert ref_score(n, s, frozenset(exclude)) is None


@pytest.mark.parametrize(
    ("n_fields", "s_fields"),
    [
        ({}, {}),
        ({"remote_ok": True}, {"remote_ok": True, **north(300)}),
        ({"wants_gender": "f"}, {"gender": "f"}),
        ({"gender": "m"}, {"wants_gender": "m"}),
        ({"max_km": 5}, {"radius_km": 5, **north(4.999)}),
    ],
)
def test_pair_allowed_when_every_rule_holds(n_fields, s_fields):
    assert pair_allowed(newcomer(**n_fields), supporter(**s_fields)) is True


def test_pair_allowed_exactly_at_the_limit():
    s = supporter(lat=53.55, lon=-2.30)
    d = great_circle(MANCHESTER, (53.55, -2.30)).km
    assert pair_allowed(newcomer(max_km=d), supporter(radius_km=d, lat=53.55, lon=-2.30))
    assert not pair_allowed(newcomer(max_km=d * (1 - 1e-12)), s)
