"""The exact lexicographic optimum — as many newcomers matched as possible, then the largest
Σ score — as a maximum-weight b-matching solved as a min-cost flow.

**Weights.** A pair's score becomes the integer g = round(score·S) (the candidates' weight),
and the solver gives the pair the weight w = L + g, with L = (N + 1)·(G + 1) for N newcomers
and G the largest g. Any matching's Σ g is at most N·G < L, so one more matched newcomer is
worth more than any difference in total score: the maximum of Σ w matches the most newcomers
possible and, among those matchings, has the largest Σ g. (Σ(1 + score), the reported
objective, is not what is maximised: two pairs at 0.9 would beat three at 0.17.) Sizes: L is
about N·10⁸, and OR-Tools multiplies costs by the number of nodes, so a run must stay under
about 250,000 newcomers (`_lift` refuses larger ones with a clear message).

Network: every newcomer with an allowed pair supplies one unit; it flows either along a pair
arc n → s (capacity 1, cost W − w, where W is the largest w) and on through s → sink
(capacity = the supporter's free capacity, cost 0), or along its own zero-gain "unmatched" arc
n → sink (cost W). Minimising the cost maximises Σ w. OR-Tools' cost-scaling
min-cost flow solves it exactly in integers (SciPy's `min_weight_full_bipartite_matching`
needs a *full* matching, so capacities and "unmatched" would mean duplicating supporter slots
and adding a dummy per newcomer: a larger, slower problem). Rounding to S = 10⁸ moves the
total score by at most 1e-8 per pair; reported scores and objective are recomputed in floating
point.

**Pruning, and why the answer is still exact.** A national run has tens of millions of
allowed pairs (remote-OK pairs grow quadratically), most of which no optimum could use. We
solve on a *restricted* set R — each newcomer's best pairs and each supporter's best
`capacity + k` pairs, by score buckets — and then *prove* the result optimal for all pairs
with linear-programming duality, adding pairs until the proof succeeds:

The b-matching LP  max Σ w_e x_e  s.t.  Σ_{e∋n} x_e ≤ 1,  Σ_{e∋s} x_e ≤ c_s,  x ≥ 0  has a
totally unimodular (bipartite) matrix, so its optimum is attained by an integral matching.
Its dual is  min Σ u_n + Σ c_s v_s  s.t.  u_n + v_s ≥ w_e for every pair e = (n, s), u, v ≥ 0.
From the optimal matching M on R we build u, v by longest paths in M's residual graph
(`_duals`): u_n = 0 for unmatched n, v_s = 0 for supporters with room left, u_n + v_s = w_e on
matched pairs. Those are complementary-slack with M, so if every pair of the *whole*
candidate set also satisfies u_n + v_s ≥ w_e, then (u, v) is dual-feasible for the full LP,
both objectives are equal, and M is optimal for the full problem. Any pair violating the
inequality is added to R and R is solved again; R only grows, so this ends (at worst with R
equal to everything, which is the unpruned problem). The checks are exact integer arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .candidates import SCORE_SCALE, Candidates, Edges, RemoteBlock

KEEP_PER_NEWCOMER = 4
"""Initial restricted set: each newcomer's best pairs (whole score buckets, at least this)."""
KEEP_EXTRA_PER_SUPPORTER = 8
"""…and each supporter's best `capacity + this` pairs."""
MARGIN = SCORE_SCALE // 20
"""Pairs this close to violating are added with the violators (fewer re-solves). It must be
≥ 1 so that a block entry one unit below its pair's true weight is still caught."""
_LEVELS = 64
MAX_ROUNDS = 25


@dataclass
class SolveStats:
    """What the solver did, for the benchmark and for tests of the pruning."""

    edges: int = 0
    restricted: list[int] = field(default_factory=list)
    violations: list[int] = field(default_factory=list)
    dual_iterations: list[int] = field(default_factory=list)
    fallback: bool = False


def _top_levels(group: np.ndarray, level: np.ndarray, size: int, want: np.ndarray) -> np.ndarray:
    """Per group, the lowest score bucket that still keeps at least `want` of its pairs."""
    counts = np.bincount(group * _LEVELS + level, minlength=size * _LEVELS).reshape(size, _LEVELS)
    from_top = counts[:, ::-1].cumsum(axis=1)[:, ::-1]
    return np.maximum((from_top >= want[:, None]).sum(axis=1) - 1, 0)


def initial_restriction(
    n_count: int, capacity: np.ndarray, edges: Edges, keep_n: int, keep_s: int
) -> np.ndarray:
    """Mask of the pairs that start in R: each side's best ones, bucket-wise."""
    low = int(edges.w.min()) if len(edges) else 0
    span = (int(edges.w.max()) - low + 1) if len(edges) else 1
    level = (edges.w - low) * _LEVELS // span
    n, s = edges.n.astype(np.int64), edges.s.astype(np.int64)
    top_n = _top_levels(n, level, n_count, np.full(n_count, keep_n))
    top_s = _top_levels(s, level, len(capacity), capacity + keep_s)
    return (level >= top_n[n]) | (level >= top_s[s])


_INT64_ROOM = 2**62
"""Costs times the number of nodes must stay below this (OR-Tools' cost scaling, with room)."""


def _lift(n_count: int, m_count: int, candidates: Candidates) -> int:
    """L: the constant every pair's weight starts with, so that matching one more newcomer
    outweighs any difference in total score (see the module's docstring)."""
    top = int(candidates.edges.w.max()) if len(candidates.edges) else 0
    for block in candidates.blocks:
        if block.gain.size:
            top = max(top, int(block.gain.max()))
    lift = (n_count + 1) * (top + 1)
    if (lift + top) * (n_count + m_count + 2) >= _INT64_ROOM:
        raise ValueError(
            f"{n_count:,} newcomers is too many for one exact run (integer range): "
            "split the run by region"
        )
    return lift


def _flow(
    n_count: int, capacity: np.ndarray, n: np.ndarray, s: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """Optimal flow on the given pairs; returns the chosen supporter per newcomer or -1."""
    m_count = len(capacity)
    sink = n_count + m_count
    match = np.full(n_count, -1, dtype=np.int64)
    if len(n) == 0:
        return match
    some_n, some_s = np.unique(n), np.unique(s)
    flow = SimpleMinCostFlow()
    tails = np.concatenate((n, n_count + some_s, some_n)).astype(np.int32)
    heads = np.concatenate(
        (n_count + s, np.full(len(some_s) + len(some_n), sink, dtype=np.int64))
    ).astype(np.int32)
    caps = np.concatenate(
        (np.ones(len(n)), np.minimum(capacity[some_s], n_count), np.ones(len(some_n)))
    ).astype(np.int64)
    # Each newcomer pays `top` when unmatched and top − w when matched: minimising the cost
    # maximises Σ w, with every cost ≥ 0.
    top = int(w.max())
    costs = np.concatenate((top - w, np.zeros(len(some_s)), np.full(len(some_n), top))).astype(
        np.int64
    )
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    nodes = np.concatenate((some_n, [sink])).astype(np.int32)
    supplies = np.concatenate((np.ones(len(some_n)), [-len(some_n)])).astype(np.int64)
    flow.set_nodes_supplies(nodes, supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(np.arange(len(n), dtype=np.int32)) > 0
    match[n[used]] = s[used]
    return match


def _duals(
    n_count: int,
    m_count: int,
    n: np.ndarray,
    s: np.ndarray,
    w: np.ndarray,
    match: np.ndarray,
    match_w: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Least dual prices (u per newcomer, v per supporter) for a matching optimal on the pairs
    given: longest paths from "free" nodes in the residual graph, by Bellman-Ford rounds;
    None if they do not settle (a positive cycle: the matching was not optimal).

    Written here because OR-Tools' SimpleMinCostFlow does not expose its node potentials."""
    order = np.argsort(s, kind="stable")
    n_sorted, s_sorted, w_sorted = n[order], s[order], w[order]
    starts = np.flatnonzero(np.r_[True, s_sorted[1:] != s_sorted[:-1]]) if len(s) else order
    heads = s_sorted[starts]
    matched = match >= 0
    at = np.where(matched, match, 0)
    v = np.zeros(m_count, dtype=np.int64)
    u = np.zeros(n_count, dtype=np.int64)
    for rounds in range(1, n_count + m_count + 3):
        u = np.where(matched, match_w - v[at], 0)
        if len(s) == 0:
            return u, v, rounds
        best = np.maximum.reduceat(w_sorted - u[n_sorted], starts)
        new_v = np.zeros(m_count, dtype=np.int64)
        new_v[heads] = np.maximum(best, 0)
        if np.array_equal(new_v, v):
            return u, v, rounds
        v = new_v
    return None


def _block_picks(block: RemoteBlock, capacity: np.ndarray, keep_n: int, keep_s: int):
    """Each row's best `keep_n` and each column's best `max capacity + keep_s` entries."""
    gain = block.gain
    rows, cols = gain.shape
    picked = np.zeros(gain.shape, dtype=bool)
    k = min(keep_n, cols)
    top = np.argpartition(-gain, k - 1, axis=1)[:, :k]
    picked[np.arange(rows)[:, None], top] = True
    k = min(int(capacity[block.cols].max()) + keep_s, rows)
    top = np.argpartition(-gain, k - 1, axis=0)[:k, :]
    picked[top, np.arange(cols)[None, :]] = True
    a, b = np.nonzero(picked & (gain >= 0))
    return block.rows[a], block.cols[b]


def _block_violations(block: RemoteBlock, u: np.ndarray, v: np.ndarray, margin: int = 0):
    """Entries of a block whose weight exceeds u_n + v_s − margin (rows, cols)."""
    out_a, out_b = [], []
    gain = block.gain
    step = max(1, 2_000_000 // max(gain.shape[1], 1))
    slack_cols = v[block.cols][None, :]
    for lo in range(0, gain.shape[0], step):
        part = gain[lo : lo + step].astype(np.int64)
        room = (u[block.rows[lo : lo + step]] - margin)[:, None]
        a, b = np.nonzero((part >= 0) & (part - room > slack_cols))
        out_a.append(block.rows[lo + a])
        out_b.append(block.cols[b])
    return np.concatenate(out_a), np.concatenate(out_b)


def _unique_pairs(n: np.ndarray, s: np.ndarray, m_count: int) -> tuple[np.ndarray, np.ndarray]:
    keys = np.unique(n * m_count + s)
    return keys // m_count, keys % m_count


def solve(
    n_count: int,
    capacity: np.ndarray,
    candidates: Candidates,
    *,
    prune: bool = True,
    keep_n: int = KEEP_PER_NEWCOMER,
    keep_s: int = KEEP_EXTRA_PER_SUPPORTER,
    stats: SolveStats | None = None,
) -> np.ndarray:
    """Exact lexicographic optimum over allowed pairs (most newcomers matched, then the largest
    Σ of the candidates' weights), each newcomer at most once and each supporter at most
    `capacity` times; returns the supporter row per newcomer row, or -1."""
    stats = SolveStats() if stats is None else stats
    capacity = np.asarray(capacity, dtype=np.int64)
    m_count = len(capacity)
    edges = candidates.edges
    lift = _lift(n_count, m_count, candidates)
    if not prune:
        every = candidates.materialise()
        stats.edges = len(every)
        stats.restricted.append(len(every))
        return _flow(n_count, capacity, every.n, every.s, every.w + lift)
    stats.edges = len(edges) + candidates.remote_pairs()
    if stats.edges == 0:
        return np.full(n_count, -1, dtype=np.int64)
    n, s, w = edges.n, edges.s, edges.w + lift
    keep = initial_restriction(n_count, capacity, edges, keep_n, keep_s)
    picks = [_block_picks(b, capacity, keep_n, keep_s) for b in candidates.blocks]
    extra_n, extra_s = _unique_pairs(
        np.concatenate([np.zeros(0, np.int64), *(a for a, _ in picks)]),
        np.concatenate([np.zeros(0, np.int64), *(b for _, b in picks)]),
        m_count,
    )
    extra_w = candidates.weigh_remote(extra_n, extra_s) + lift
    for _ in range(MAX_ROUNDS):
        rn = np.concatenate((n[keep], extra_n))
        rs = np.concatenate((s[keep], extra_s))
        rw = np.concatenate((w[keep], extra_w))
        stats.restricted.append(len(rn))
        match = _flow(n_count, capacity, rn, rs, rw)
        matched = match >= 0
        match_w = np.zeros(n_count, dtype=np.int64)
        chosen = match[rn] == rs
        match_w[rn[chosen]] = rw[chosen]
        duals = _duals(n_count, m_count, rn, rs, rw, match, match_w)
        if duals is None:
            break  # cannot happen for an optimal flow; solve everything instead
        u, v, rounds = duals
        stats.dual_iterations.append(rounds)
        load = np.bincount(match[matched], minlength=m_count)
        if (u < 0).any() or (v[load < capacity] != 0).any():
            break  # not a valid certificate (cannot happen for an optimal flow): solve all
        slack = w - u[n] - v[s]
        violated = (slack > 0) & ~keep
        # Block entries are scores only: compare g > u − L + v, i.e. w = L + g > u + v.
        found = [_block_violations(b, u - lift, v, MARGIN) for b in candidates.blocks]
        new_n, new_s = _unique_pairs(
            np.concatenate([np.zeros(0, np.int64), *(a for a, _ in found)]),
            np.concatenate([np.zeros(0, np.int64), *(b for _, b in found)]),
            m_count,
        )
        new_w = np.zeros(0, dtype=np.int64)
        if new_n.size:
            # Block entries are lower bounds of true weights; confirm with the true ones, and
            # skip pairs already in R (they satisfy the inequality by construction).
            new_w = candidates.weigh_remote(new_n, new_s) + lift
            new_slack = new_w - u[new_n] - v[new_s]
            fresh = (new_slack > -MARGIN) & ~np.isin(
                new_n * m_count + new_s, extra_n * m_count + extra_s
            )
            real = int((new_slack[fresh] > 0).sum())
            new_n, new_s, new_w = new_n[fresh], new_s[fresh], new_w[fresh]
        else:
            real = 0
        stats.violations.append(int(violated.sum()) + real)
        if not violated.any() and real == 0:
            return match
        keep |= (slack > -MARGIN) & ~keep
        extra_n = np.concatenate((extra_n, new_n))
        extra_s = np.concatenate((extra_s, new_s))
        extra_w = np.concatenate((extra_w, new_w))
    stats.fallback = True
    every = candidates.materialise()
    stats.restricted.append(len(every))
    return _flow(n_count, capacity, every.n, every.s, every.w + lift)


def solve_greedy(n_count: int, capacity: np.ndarray, edges: Edges) -> np.ndarray:
    """Baseline, not the answer: take pairs best first while both sides have room."""
    match = np.full(n_count, -1, dtype=np.int64)
    order = np.argsort(-edges.w, kind="stable")
    left = [int(c) for c in capacity]
    taken = [False] * n_count
    free_n, free_s = n_count, sum(left)
    for lo in range(0, len(order), 1_000_000):
        part = order[lo : lo + 1_000_000]
        for n, s in zip(edges.n[part].tolist(), edges.s[part].tolist(), strict=True):
            if taken[n] or left[s] <= 0:
                continue
            taken[n], match[n] = True, s
            left[s] -= 1
            free_n, free_s = free_n - 1, free_s - 1
            if free_n == 0 or free_s == 0:
                return match
    return match
