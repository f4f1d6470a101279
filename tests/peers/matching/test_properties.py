"""Property-based tests: the exact optimum against brute force, greedy and the rules."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings

from peers.matching import match, pair_allowed

from .reference import assert_optimal, greedy, objectives_disagree, optimum_of, ref_score
from .strategies import instances

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances())
@example(objectives_disagree())
def test_match_is_the_lexicographic_optimum_brute_force_finds(data):
    """(number matched, total score), compared in that order, equals brute force's: also
    where maximising Σ(1 + score) alone would match fewer people."""
    assert_optimal(match(data), data)


@SETTINGS
@given(instances())
def test_match_never_below_greedy_and_every_pair_allowed(data):
    result = match(data)
    matched, total = optimum_of(result)
    greedy_matched, greedy_total = greedy(data)
    assert matched >= greedy_matched
    if matched == greedy_matched:
        assert total >= greedy_total - 1e-6 * max(1, matched)
    people = {n.id: n for n in data.newcomers}
    helpers = {s.id: s for s in data.supporters}
    load = Counter(p.supporter for p in result.pairs)
    for pair in result.pairs:
        n, s = people[pair.newcomer], helpers[pair.supporter]
        assert pair_allowed(n, s, data.exclude)
        assert pair.score == pytest.approx(ref_score(n, s, data.exclude), abs=1e-12)
        assert load[s.id] <= s.capacity
        assert pair.reasons
    matched = [p.newcomer for p in result.pairs]
    assert len(matched) == len(set(matched))
    assert set(matched) | set(result.unmatched) == set(people)
    assert not set(matched) & set(result.unmatched)
