"""Property-based tests: the exact optimum against brute force, greedy and the rules."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from peers.matching import match, pair_allowed

from .reference import brute_force, greedy, ref_score
from .strategies import instances

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances())
def test_match_objective_equals_brute_force(data):
    result = match(data)
    tolerance = 1e-6 * max(1, len(data.newcomers))
    assert result.objective == pytest.approx(brute_force(data), abs=tolerance)


@SETTINGS
@given(instances())
def test_match_never_below_greedy_and_every_pair_allowed(data):
    result = match(data)
    assert result.objective >= greedy(data) - 1e-6 * max(1, len(data.newcomers))
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
