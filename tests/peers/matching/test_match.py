"""The whole run through `match`: hand-made instances with known optima and edge cases."""

import pytest
from geopy.distance import great_circle

from peers.matching import Language, MatchInput, Weights, match

from .reference import (
    MANCHESTER,
    assert_optimal,
    brute_force_sum,
    newcomer,
    north,
    objectives_disagree,
    ref_score,
    supporter,
)


def pairs_of(result):
    return {(p.newcomer, p.supporter) for p in result.pairs}


def test_match_single_pair_score_by_hand():
    result = match(MatchInput([newcomer()], [supporter()]))
    # lang 1.0, dist 1.0 (same place), no interests, no times, no wait.
    assert pairs_of(result) == {("n1", "s1")}
    assert result.pairs[0].score == pytest.approx(0.40 + 0.25)
    assert result.objective == pytest.approx(1.65)
    assert result.unmatched == ()


def test_match_beats_greedy_by_moving_the_flexible_newcomer():
    # n1 likes s1 best but can also go to s2; n2 can only go to s1.
    n1 = newcomer("n1", waiting_days=90)
    n2 = newcomer("n2", **north(3))
    s1 = supporter("s1", **north(1))
    s2 = supporter("s2", **north(-6), languages=(Language("ar", "syrian", True),))
    data = MatchInput([n1, n2], [s1, s2])
    result = match(data)
    assert pairs_of(result) == {("n1", "s2"), ("n2", "s1")}
    assert ref_score(n1, s1) > ref_score(n1, s2)  # greedy would take (n1, s1) first
    assert_optimal(result, data)


def test_match_matches_everyone_it_can_before_better_fits():
    data = objectives_disagree()

    result = match(data)

    # Nobody is left waiting so that others get a better fit: three weak pairs, not two
    # excellent ones — which is what Σ(1 + score) alone would choose.
    assert pairs_of(result) == {("n1", "s2"), ("n2", "s3"), ("n3", "s1")}
    assert result.unmatched == ()
    assert brute_force_sum(data)[0] == 2
    assert_optimal(result, data)
    scores = sorted(p.score for p in result.pairs)
    assert scores == pytest.approx([0.24, 0.24, 0.24])
    # The reported objective is still Σ(1 + score).
    assert result.objective == pytest.approx(3 * 1.24)


def test_match_two_modest_pairs_beat_one_excellent_pair():
    # Matching more people wins over a better single match.
    star = supporter("s1", interests={"football"}, availability={"sat-pm"})
    only = newcomer("n1", interests={"football"}, availability={"sat-pm"}, waiting_days=90)
    other = newcomer("n2", languages=(Language("ar", first=False),), **north(9))
    backup = supporter("s2", languages=(Language("ar", first=False),), **north(9))
    data = MatchInput([only, other], [star, backup])
    assert len(match(data).pairs) == 2


def test_match_capacity_takes_the_best_newcomers():
    people = [newcomer(f"n{k}", waiting_days=days) for k, days in enumerate((0, 90, 45))]
    result = match(MatchInput(people, [supporter(capacity=2)]))
    assert pairs_of(result) == {("n1", "s1"), ("n2", "s1")}
    assert result.unmatched == ("n0",)


def test_match_capacity_larger_than_demand_matches_everyone():
    people = [newcomer(f"n{k}") for k in range(3)]
    result = match(MatchInput(people, [supporter(capacity=5)]))
    assert len(result.pairs) == 3
    assert result.unmatched == ()


def test_match_no_supporters_leaves_everyone_waiting():
    result = match(MatchInput([newcomer("n1"), newcomer("n2")], []))
    assert result.pairs == ()
    assert result.unmatched == ("n1", "n2")
    assert result.objective == 0.0


def test_match_no_newcomers():
    result = match(MatchInput([], [supporter()]))
    assert result.pairs == () and result.unmatched == () and result.objective == 0.0


def test_match_zero_capacity_supporter_is_never_used():
    result = match(MatchInput([newcomer()], [supporter(capacity=0)]))
    assert result.pairs == ()
    assert result.unmatched == ("n1",)


def test_match_nobody_shares_a_language():
    data = MatchInput(
        [newcomer("n1", languages=(Language("ti", first=True),))],
        [supporter("s1", languages=(Language("uk", first=True),))],
    )
    assert match(data).unmatched == ("n1",)


def test_match_remote_only_pair_across_the_country():
    glasgow = {"lat": 55.8642, "lon": -4.2518}
    data = MatchInput([newcomer(remote_ok=True)], [supporter(remote_ok=True, **glasgow)])
    (pair,) = match(data).pairs
    assert pair.remote is True
    assert pair.distance_km == pytest.approx(great_circle(MANCHESTER, (55.8642, -4.2518)).km)
    assert pair.score == pytest.approx(0.40)  # language only: remote pairs get no distance part
    assert "Remote support (by chat)" in pair.reasons


def test_match_remote_needs_both_sides():
    far = north(40)
    data = MatchInput([newcomer(remote_ok=True)], [supporter(remote_ok=False, **far)])
    assert match(data).pairs == ()


def test_match_exclusion_blocks_the_pair_and_uses_the_alternative():
    data = MatchInput(
        [newcomer()], [supporter("s1"), supporter("s2", **north(5))], exclude={("n1", "s1")}
    )
    assert pairs_of(match(data)) == {("n1", "s2")}


def test_match_exclusion_of_the_only_option():
    data = MatchInput([newcomer()], [supporter()], exclude={("n1", "s1")})
    assert match(data).unmatched == ("n1",)


def test_match_equal_scores_choose_either():
    result = match(MatchInput([newcomer()], [supporter("s1"), supporter("s2")]))
    assert len(result.pairs) == 1 and result.pairs[0].supporter in {"s1", "s2"}
    assert result.objective == pytest.approx(1.65)
    result = match(MatchInput([newcomer("n1"), newcomer("n2")], [supporter()]))
    assert len(result.pairs) == 1 and len(result.unmatched) == 1


def test_match_gender_wishes_are_respected_both_ways():
    data = MatchInput(
        [newcomer("n1", gender="f", wants_gender="f"), newcomer("n2", gender="m")],
        [supporter("s1", gender="m", capacity=2), supporter("s2", gender="f", wants_gender="f")],
    )
    assert pairs_of(match(data)) == {("n1", "s2"), ("n2", "s1")}


def test_match_pairs_follow_newcomer_order_and_unmatched_keep_input_order():
    people = [newcomer(f"n{k}", waiting_days=k) for k in range(5)]
    result = match(MatchInput(people, [supporter(capacity=2)]))
    assert [p.newcomer for p in result.pairs] == ["n3", "n4"]
    assert result.unmatched == ("n0", "n1", "n2")


def test_match_rejects_duplicate_ids():
    with pytest.raises(ValueError, match="unique"):
        match(MatchInput([newcomer("n1"), newcomer("n1")], [supporter()]))


def test_match_objective_is_the_sum_of_one_plus_score():
    people = [newcomer(f"n{k}", waiting_days=10 * k, **north(k)) for k in range(6)]
    helpers = [supporter(f"s{k}", capacity=2, **north(2 * k)) for k in range(2)]
    result = match(MatchInput(people, helpers))
    assert result.objective == pytest.approx(sum(1 + p.score for p in result.pairs), abs=1e-12)
    for p in result.pairs:
        n = next(x for x in people if x.id == p.newcomer)
        s = next(x for x in helpers if x.id == p.supporter)
        assert p.score == pytest.approx(ref_score(n, s), abs=1e-12)


def test_match_with_other_weights_and_base():
    weights = Weights(lang=1.0, dist=0.0, interests=0.0, avail=0.0, wait=0.0, base=0.5)
    people = [newcomer("n1", languages=(Language("ar", first=False),)), newcomer("n2")]
    result = match(MatchInput(people, [supporter(capacity=1)]), weights=weights)
    # Only the language counts now: n2 (first language, 1.0) beats n1 (0.6).
    assert pairs_of(result) == {("n2", "s1")}
    assert result.pairs[0].score == pytest.approx(1.0)
    assert result.objective == pytest.approx(1.5)


def test_match_with_a_shorter_waiting_cap():
    weights = Weights(wait_cap_days=30)
    result = match(MatchInput([newcomer(waiting_days=45)], [supporter()]), weights=weights)
    assert result.pairs[0].score == pytest.approx(0.40 + 0.25 + 0.10)
