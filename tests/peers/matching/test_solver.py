"""The solver: exactness of the pruned solve (duality certificate) against the unpruned one."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from peers.matching import MatchInput, match
from peers.matching import solver as solver_module
from peers.matching.candidates import Edges, candidates_build
from peers.matching.encoding import SupporterIndex, Vocabulary, encode
from peers.matching.solver import SolveStats, solve, solve_greedy
from peers.matching.synthetic import generate

from .strategies import crowded_instances


def prepared(data: MatchInput):
    vocab = Vocabulary()
    vocab.learn(data.newcomers)
    vocab.learn(data.supporters)
    index = SupporterIndex(data.supporters, vocab=vocab)
    people = encode(data.newcomers, vocab, words=index.words)
    return candidates_build(people, index), index.people.capacity


def total(candidates, chosen) -> int:
    every = candidates.materialise()
    weight = dict(
        zip(zip(every.n.tolist(), every.s.tolist(), strict=True), every.w.tolist(), strict=True)
    )
    return sum(weight[(n, s)] for n, s in enumerate(chosen.tolist()) if s >= 0)


def check_feasible(candidates, capacity, chosen) -> None:
    every = candidates.materialise()
    allowed = set(zip(every.n.tolist(), every.s.tolist(), strict=True))
    for n, s in enumerate(chosen.tolist()):
        assert s < 0 or (n, s) in allowed
    assert (np.bincount(chosen[chosen >= 0], minlength=len(capacity)) <= capacity).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_instances())
def test_solve_pruned_equals_unpruned_when_pruning_hard(data):
    candidates, capacity = prepared(data)
    n_count = len(data.newcomers)
    exact = solve(n_count, capacity, candidates, prune=False)
    stats = SolveStats()
    pruned = solve(n_count, capacity, candidates, keep_n=1, keep_s=0, stats=stats)
    check_feasible(candidates, capacity, pruned)
    assert total(candidates, pruned) == total(candidates, exact)
    assert not stats.fallback


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_solve_pruned_equals_unpruned_on_synthetic_towns(seed):
    data = generate(600, 120, seed=seed)
    candidates, capacity = prepared(data)
    stats = SolveStats()
    pruned = solve(len(data.newcomers), capacity, candidates, keep_n=1, keep_s=0, stats=stats)
    exact = solve(len(data.newcomers), capacity, candidates, prune=False)
    assert total(candidates, pruned) == total(candidates, exact)
    # Hard pruning leaves out pairs the optimum needs: the certificate must have found them.
    assert stats.restricted[0] < stats.edges
    assert stats.violations[0] > 0 and stats.violations[-1] == 0


def test_solve_falls_back_to_all_pairs_when_rounds_run_out(monkeypatch):
    data = generate(300, 60, seed=4)
    candidates, capacity = prepared(data)
    monkeypatch.setattr(solver_module, "MAX_ROUNDS", 1)
    stats = SolveStats()
    chosen = solve(len(data.newcomers), capacity, candidates, keep_n=1, keep_s=0, stats=stats)
    assert stats.fallback
    exact = solve(len(data.newcomers), capacity, candidates, prune=False)
    assert total(candidates, chosen) == total(candidates, exact)


def test_match_unpruned_and_pruned_agree_end_to_end():
    data = generate(500, 100, seed=9)
    assert match(data).objective == pytest.approx(match(data, prune=False).objective, abs=1e-6)


def test_solve_greedy_takes_the_best_pair_first():
    edges = Edges(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([190, 180, 185]))
    chosen = solve_greedy(2, np.array([1, 1]), edges)
    assert chosen.tolist() == [0, -1]  # n1 loses out: the trap the exact solver avoids


def test_solve_without_pairs():
    data = MatchInput([], [])
    candidates, capacity = prepared(data)
    assert solve(0, capacity, candidates).tolist() == []
