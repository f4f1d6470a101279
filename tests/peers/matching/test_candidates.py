"""The vectorised candidate search against the plain rules, pair by pair."""

import numpy as np
import pytest
from geopy.distance import great_circle
from hypothesis import HealthCheck, given, settings

from peers.matching import Language, MatchInput, SupporterIndex
from peers.matching.candidates import SCORE_SCALE, candidates_build
from peers.matching.encoding import Vocabulary, encode
from peers.matching.pipeline import excluded_keys
from peers.matching.synthetic import generate

from .reference import MANCHESTER, newcomer, ref_score, supporter
from .strategies import instances


def allowed_weights(data: MatchInput) -> dict[tuple[str, str], int]:
    vocab = Vocabulary()
    vocab.learn(data.newcomers)
    vocab.learn(data.supporters)
    index = SupporterIndex(data.supporters, vocab=vocab)
    people = encode(data.newcomers, vocab, words=index.words)
    rows_n = {p.id: k for k, p in enumerate(data.newcomers)}
    rows_s = {p.id: k for k, p in enumerate(data.supporters)}
    every = candidates_build(people, index, excluded=excluded_keys(data, rows_n, rows_s))
    edges = every.materialise()
    keys = [
        (data.newcomers[a].id, data.supporters[b].id)
        for a, b in zip(edges.n.tolist(), edges.s.tolist(), strict=True)
    ]
    assert len(keys) == len(set(keys)), "a pair was listed twice"
    return dict(zip(keys, edges.w.tolist(), strict=True))


def reference_weights(data: MatchInput) -> dict[tuple[str, str], float]:
    return {
        (n.id, s.id): score
        for n in data.newcomers
        for s in data.supporters
        if (score := ref_score(n, s, data.exclude)) is not None
    }


def assert_same(data: MatchInput) -> None:
    got, expected = allowed_weights(data), reference_weights(data)
    assert got.keys() == expected.keys()
    for key, weight in expected.items():
        assert got[key] / SCORE_SCALE == pytest.approx(weight, abs=1e-8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_newcomers=8, max_supporters=6, max_capacity=2))
def test_candidates_build_finds_exactly_the_allowed_pairs(data):
    assert_same(data)


def test_candidates_build_on_a_synthetic_town_instance():
    assert_same(generate(300, 120, seed=11))


def test_candidates_build_at_exactly_the_limit():
    places = [(53.5, -2.2), (53.47, -2.31), (53.52, -2.25), (53.4, -2.0)]
    helpers = [supporter(f"s{k}", lat=a, lon=b, radius_km=100) for k, (a, b) in enumerate(places)]
    people = [
        newcomer(f"n{k}", max_km=great_circle(MANCHESTER, place).km)
        for k, place in enumerate(places)
    ]
    data = MatchInput(people, helpers)
    got = allowed_weights(data)
    for k in range(len(places)):
        # Newcomer k's limit is exactly the distance to supporter k: allowed, in range.
        assert (f"n{k}", f"s{k}") in got
    assert_same(data)


def test_candidates_build_same_place_with_zero_limits():
    data = MatchInput(
        [newcomer(max_km=0)], [supporter(radius_km=0), supporter("s2", lat=53.4809, radius_km=0)]
    )
    assert set(allowed_weights(data)) == {("n1", "s1")}
    assert_same(data)


def test_candidates_build_pairs_sharing_several_languages_take_the_best():
    n = newcomer(languages=(Language("en", first=False), Language("ar", "sudanese", True)))
    near = supporter("s1", languages=(Language("ar", "syrian", True), Language("en", first=True)))
    far = supporter(
        "s2",
        lat=55.86,
        lon=-4.25,
        remote_ok=True,
        languages=(Language("en", first=True), Language("ar", None, False)),
    )
    data = MatchInput([newcomer("n0", remote_ok=True, languages=n.languages), n], [near, far])
    assert_same(data)


def test_candidates_build_many_languages_use_several_bitset_words():
    codes = [f"{a}{b}" for a in "abcdefghij" for b in "abcdefghij"][:130]
    helpers = [
        supporter(f"s{k}", languages=(Language(code, first=True),), lat=53.48 + k * 1e-4)
        for k, code in enumerate(codes)
    ]
    people = [
        newcomer(f"n{k}", languages=(Language(code, first=k % 2 == 0),))
        for k, code in enumerate(codes[::7])
    ]
    data = MatchInput(people, helpers)
    assert len(allowed_weights(data)) == len(people)
    assert_same(data)


def test_candidates_build_ignores_supporters_without_capacity():
    data = MatchInput([newcomer()], [supporter(capacity=0), supporter("s2", capacity=3)])
    assert set(allowed_weights(data)) == {("n1", "s2")}


def test_candidates_remote_blocks_never_hold_in_range_pairs():
    data = generate(400, 150, seed=3)
    vocab = Vocabulary()
    vocab.learn(data.newcomers)
    vocab.learn(data.supporters)
    index = SupporterIndex(data.supporters, vocab=vocab)
    people = encode(data.newcomers, vocab, words=index.words)
    found = candidates_build(people, index)
    listed = set(zip(found.edges.n.tolist(), found.edges.s.tolist(), strict=True))
    for block in found.blocks:
        a, b = np.nonzero(block.gain >= 0)
        assert not listed & set(zip(block.rows[a].tolist(), block.cols[b].tolist(), strict=True))
