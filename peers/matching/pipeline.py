"""One matching run end to end: arrays and candidates, exact solve, explanations."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np

from .candidates import candidates_build
from .encoding import SupporterIndex, Vocabulary, encode
from .explain import ENGLISH, Translator, pair_explain
from .model import (
    DEFAULT_WEIGHTS,
    MatchInput,
    MatchResult,
    Newcomer,
    Reason,
    Supporter,
    Weights,
)
from .scoring import score_parts
from .solver import SolveStats, solve


def _unique_ids(people: Sequence[Newcomer | Supporter], what: str) -> dict[str, int]:
    rows = {p.id: k for k, p in enumerate(people)}
    if len(rows) != len(people):
        raise ValueError(f"{what} ids must be unique")
    return rows


def excluded_keys(
    data: MatchInput, newcomer_rows: dict[str, int], supporter_rows: dict[str, int]
) -> np.ndarray:
    """Sorted keys (newcomer row × supporters + supporter row) of the excluded pairs."""
    m = len(supporter_rows)
    keys = [
        newcomer_rows[n] * m + supporter_rows[s]
        for n, s in data.exclude
        if n in newcomer_rows and s in supporter_rows
    ]
    return np.unique(np.array(keys, dtype=np.int64))


def match(
    data: MatchInput,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    translator: Translator = ENGLISH,
    prune: bool = True,
    timings: dict[str, float] | None = None,
    stats: SolveStats | None = None,
) -> MatchResult:
    """The exact optimum over allowed pairs, each newcomer at most once and each supporter at
    most `capacity` times: first as many newcomers matched as possible, then the largest total
    score; every chosen pair explained. The reported objective is Σ(1 + score) (`weights.base`
    replaces the 1 when set)."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    newcomer_rows = _unique_ids(data.newcomers, "newcomer")
    supporter_rows = _unique_ids(data.supporters, "supporter")
    vocab = Vocabulary()
    vocab.learn(data.newcomers)
    vocab.learn(data.supporters)
    index = SupporterIndex(data.supporters, vocab=vocab, weights=weights)
    newcomers = encode(data.newcomers, vocab, weights=weights, words=index.words)
    candidates = candidates_build(
        newcomers,
        index,
        excluded=excluded_keys(data, newcomer_rows, supporter_rows),
        weights=weights,
    )
    timings["candidates"] = time.perf_counter() - started
    timings["pairs_listed"] = len(candidates.edges)
    timings["remote_cells"] = sum(b.cells for b in candidates.blocks)

    started = time.perf_counter()
    chosen = solve(len(data.newcomers), index.people.capacity, candidates, prune=prune, stats=stats)
    timings["solve"] = time.perf_counter() - started

    started = time.perf_counter()
    result = result_from_rows(data, chosen, weights=weights, translator=translator)
    timings["explain"] = time.perf_counter() - started
    return result


def result_from_rows(
    data: MatchInput,
    chosen: np.ndarray,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    translator: Translator = ENGLISH,
) -> MatchResult:
    """Explains a chosen supporter row per newcomer row (-1: none) as a `MatchResult`; the
    scores and the objective are recomputed in floating point by the reference rules."""
    pairs, unmatched = [], []
    cache: dict[Reason, str] = {}
    for n, s_row in zip(data.newcomers, chosen.tolist(), strict=True):
        if s_row < 0:
            unmatched.append(n.id)
            continue
        s = data.supporters[s_row]
        parts = score_parts(n, s, weights)
        if parts is None:  # pragma: no cover - the candidates and the rules disagree
            raise AssertionError(f"chosen pair ({n.id}, {s.id}) is not allowed")
        pairs.append(pair_explain(n, s, parts, translator, cache))
    objective = math.fsum(weights.base + p.score for p in pairs)
    return MatchResult(pairs=tuple(pairs), unmatched=tuple(unmatched), objective=objective)
