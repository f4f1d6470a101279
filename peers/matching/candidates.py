"""Allowed pairs and their weights for a whole run, without a Python loop over all N×M pairs.

For each language code c:

* **in range** — KD-trees over unit vectors find, for the newcomers who speak c (grouped by
  similar `max_km`), the supporters who speak c within the chord of that distance; the chord
  then decides rule 2 exactly (`d ≤ min(max_km, radius_km)` is `chord ≤ chord(min(…))`), with
  the scalar great-circle formula settling pairs within a hair of the limit. A pair sharing
  several codes is emitted once, by its smallest shared code, with its language factor taken
  over all shared codes. These pairs are listed explicitly (`Edges`).
* **remote** — remote-OK newcomers × remote-OK supporters who speak c, out of range (in range
  takes precedence). Their number grows quadratically, so they are kept as one dense int32
  matrix per code (`RemoteBlock`), computed block-wise with broadcasting: ~4 bytes a pair,
  no index arrays. A block entry is the weight *with code c's language factor*; a pair sharing
  several codes is in several blocks and its true weight is the largest entry. The solver
  draws the few pairs it needs from the blocks and prices the rest in place.

Weights are integers w = round(score × SCORE_SCALE) (the solver adds the large per-pair
constant that makes its objective lexicographic). Scores are computed in the same
order of operations as `scoring.score_parts`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .encoding import NONE, People, SupporterIndex, popcount_and
from .model import (
    DEFAULT_WEIGHTS,
    DIALECT_MISMATCH,
    EARTH_RADIUS_KM,
    LANG_FIRST,
    LANG_OTHER,
    Weights,
)
from .scoring import great_circle_km

SCORE_SCALE = 10**8
"""Integer solver weights are round(score × SCORE_SCALE): ≤ 5e-9 off per pair."""

WORKERS = min(2, os.cpu_count() or 1)
"""Threads for the per-language work (the national benchmark machine has 2 cores)."""

_BLOCK_CELLS = 1_000_000
"""Matrix cells computed at once for a remote block (bounds the temporaries' memory)."""


@dataclass(eq=False)
class Edges:
    """Allowed pairs as parallel arrays of newcomer row, supporter row and integer weight."""

    n: np.ndarray
    s: np.ndarray
    w: np.ndarray

    def __len__(self) -> int:
        return len(self.n)

    @classmethod
    def empty(cls) -> Edges:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none)


@dataclass(eq=False)
class RemoteBlock:
    """Remote pairs for one code: `gain[a, b]` = the weight w of (rows[a], cols[b]) with
    this code's language factor, or -1 where the pair is not an allowed remote pair."""

    code: int
    rows: np.ndarray
    cols: np.ndarray
    gain: np.ndarray

    @property
    def cells(self) -> int:
        return self.gain.size


@dataclass(eq=False)
class Candidates:
    """All allowed pairs of a run: in-range ones listed, remote ones as dense blocks."""

    newcomers: People
    supporters: People
    weights: Weights
    edges: Edges
    blocks: list[RemoteBlock] = field(default_factory=list)

    def remote_pairs(self) -> int:
        """Number of allowed block entries (a pair sharing k codes counts k times)."""
        return sum(int((b.gain >= 0).sum()) for b in self.blocks)

    def weigh_remote(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """True weights of allowed remote pairs (language factor over every shared code)."""
        nc, sp = self.newcomers, self.supporters
        lang = language_factors(nc, sp, i, j)
        return weights_of(nc, sp, i, j, lang, np.zeros(len(i)), self.weights)

    def materialise(self) -> Edges:
        """Every allowed pair listed once (for the unpruned solver and the baselines)."""
        n, s = [self.edges.n], [self.edges.s]
        sp = self.supporters
        for block in self.blocks:
            a, b = np.nonzero(block.gain >= 0)
            n.append(block.rows[a])
            s.append(block.cols[b])
        i, j = np.concatenate(n), np.concatenate(s)
        keys, first = np.unique(i * sp.size + j, return_index=True)
        i, j = i[first], j[first]
        w = np.empty(len(i), dtype=np.int64)
        listed = first < len(self.edges)
        w[listed] = self.edges.w[first[listed]]
        w[~listed] = self.weigh_remote(i[~listed], j[~listed])
        return Edges(i, j, w)


def _chord_bands(limit: np.ndarray) -> list[np.ndarray]:
    """Groups of row positions with similar limits (one KD search radius each)."""
    values = np.unique(limit)
    if len(values) <= 8:
        return [np.flatnonzero(limit == v) for v in values]
    cuts = np.unique(np.quantile(limit, np.linspace(0, 1, 9)[1:-1]))
    band = np.searchsorted(cuts, limit, side="left")
    return [np.flatnonzero(band == b) for b in range(len(cuts) + 1)]


def near(
    nc: People, rows_n: np.ndarray, index: SupporterIndex, code: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(newcomer rows, supporter rows, chord) sharing `code` within the newcomer's limit —
    a superset of the in-range pairs."""
    from scipy.spatial import cKDTree

    tree, widest = index.tree(code)
    rows_s = index.people.by_lang[code][0]
    limit = np.minimum(nc.limit[rows_n], widest)
    out_i, out_j, out_c = [], [], []
    for band in _chord_bands(limit):
        if band.size == 0:
            continue
        rows = rows_n[band]
        radius = 2.0 * np.sin(min(limit[band].max() / (2 * EARTH_RADIUS_KM), np.pi / 2))
        found = cKDTree(nc.xyz[rows]).sparse_distance_matrix(
            tree, radius * (1 + 1e-9) + 1e-12, output_type="ndarray"
        )
        out_i.append(rows[found["i"]])
        out_j.append(rows_s[found["j"]])
        out_c.append(found["v"])
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c)


def in_range(
    nc: People, sp: People, i: np.ndarray, j: np.ndarray, c2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 2's `d ≤ min(max_km, radius_km)` from squared chords, exactly: pairs within a
    hair of the limit are settled by the scalar formula, as the reference code does.
    Returns the mask and the pairs' distances in km."""
    lim2 = np.minimum(nc.limit_chord2[i], sp.limit_chord2[j])
    tol = 1e-9 * lim2 + 1e-12
    ok = c2 <= lim2
    d = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(c2) / 2.0, 1.0))
    for k in np.flatnonzero(np.abs(c2 - lim2) <= tol):
        a, b = i[k], j[k]
        d[k] = great_circle_km(nc.lat[a], nc.lon[a], sp.lat[b], sp.lon[b])
        ok[k] = d[k] <= min(nc.limit[a], sp.limit[b])
    return ok, d


def gender_ok(nc: People, sp: People, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 3 on arrays of pairs (or broadcast row/column index arrays)."""
    wn, ws = nc.wants[i], sp.wants[j]
    return ((wn == NONE) | (sp.gender[j] == wn)) & ((ws == NONE) | (nc.gender[i] == ws))


def language_factors(nc: People, sp: People, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule `lang` over all shared codes of each pair (0 when none is shared)."""
    out = np.zeros(len(i), dtype=np.float64)
    step = 250_000
    for lo in range(0, len(i), step):
        a, b = i[lo : lo + step], j[lo : lo + step]
        same = nc.lang_code[a][:, :, None] == sp.lang_code[b][:, None, :]
        dn, ds = nc.lang_dialect[a][:, :, None], sp.lang_dialect[b][:, None, :]
        differ = (dn != NONE) & (ds != NONE) & (dn != ds)
        base = np.where(nc.lang_first[a], LANG_FIRST, LANG_OTHER)[:, :, None]
        factor = np.where(differ, base * DIALECT_MISMATCH, base)
        out[lo : lo + step] = np.where(same, factor, 0.0).max(axis=(1, 2), initial=0.0)
    return out


def dialect_factor(first: np.ndarray, dn: np.ndarray, ds: np.ndarray) -> np.ndarray:
    """Rule `lang` for one known shared code (arrays broadcast)."""
    base = np.where(first, LANG_FIRST, LANG_OTHER)
    differ = (dn != NONE) & (ds != NONE) & (dn != ds)
    return np.where(differ, base * DIALECT_MISMATCH, base)


def scores_of(
    nc: People,
    sp: People,
    i: np.ndarray,
    j: np.ndarray,
    lang: np.ndarray,
    dist: np.ndarray | float,
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """Scores of pairs (or broadcast blocks) whose `lang` and `dist` parts are known, in the
    order of operations of `scoring.score_parts`."""
    inter = popcount_and(nc.interests[i], sp.interests[j])
    union = nc.n_interests[i] + sp.n_interests[j] - inter
    jaccard = np.divide(inter, union, out=np.zeros(union.shape), where=union > 0)
    common = popcount_and(nc.avail[i], sp.avail[j])
    own = np.broadcast_to(nc.n_avail[i], common.shape)
    avail = np.divide(common, own, out=np.zeros(common.shape), where=own > 0)
    return (
        weights.lang * lang
        + weights.dist * dist
        + weights.interests * jaccard
        + weights.avail * avail
        + weights.wait * nc.wait[i]
    )


def weights_of(
    nc: People,
    sp: People,
    i: np.ndarray,
    j: np.ndarray,
    lang: np.ndarray,
    dist: np.ndarray | float,
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """Integer solver weights round(score × SCORE_SCALE) (see `scores_of`)."""
    score = scores_of(nc, sp, i, j, lang, dist, weights)
    return np.rint(score * SCORE_SCALE).astype(np.int64)


def _shares_lower_code(nc: People, sp: People, i, j, code: int) -> np.ndarray:
    """Whether a pair also shares a code with a smaller id (that code emits it)."""
    word, bit = divmod(code, 64)
    low = np.uint64((1 << bit) - 1)
    shared = (nc.lang_bits[i, word] & sp.lang_bits[j, word] & low) != 0
    for w in range(word):
        shared |= (nc.lang_bits[i, w] & sp.lang_bits[j, w]) != 0
    return shared


def _position(rows: np.ndarray, size: int) -> np.ndarray:
    where = np.full(size, -1, dtype=np.int64)
    where[rows] = np.arange(len(rows))
    return where


@dataclass(eq=False)
class _Exclusions:
    keys: np.ndarray
    """Sorted newcomer_row × supporters + supporter_row."""
    newcomer: np.ndarray
    """Whether each newcomer row has any exclusion."""

    def hit(self, i: np.ndarray, j: np.ndarray, m: int) -> np.ndarray:
        out = np.zeros(len(i), dtype=bool)
        if self.keys.size == 0:
            return out
        some = np.flatnonzero(self.newcomer[i])
        keys = i[some] * m + j[some]
        pos = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        out[some] = self.keys[pos] == keys
        return out


def _in_range_edges(nc, index, code, first_n, dial_n, dial_s, at_n, at_s, excl, weights):
    sp = index.people
    i, j, chord = near(nc, nc.by_lang[code][0], index, code)
    ok, d = in_range(nc, sp, i, j, chord * chord)
    ok &= gender_ok(nc, sp, i, j) & ~_shares_lower_code(nc, sp, i, j, code)
    i, j, d = i[ok], j[ok], d[ok]
    drop = excl.hit(i, j, sp.size)
    i, j, d = i[~drop], j[~drop], d[~drop]
    limit = np.minimum(nc.limit[i], sp.limit[j])
    dist = np.where(limit > 0, 1.0 - d / np.where(limit > 0, limit, 1.0), 1.0)
    lang = dialect_factor(first_n[at_n[i]], dial_n[at_n[i]], dial_s[at_s[j]])
    multi = np.flatnonzero(popcount_and(nc.lang_bits[i], sp.lang_bits[j]) > 1)
    if multi.size:
        lang[multi] = language_factors(nc, sp, i[multi], j[multi])
    return Edges(i, j, weights_of(nc, sp, i, j, lang, dist, weights))


def _remote_block(nc, sp, code, rn, rs, first_n, dial_n, dial_s, excl, weights):
    gain = np.empty((len(rn), len(rs)), dtype=np.int32)
    step = max(1, _BLOCK_CELLS // len(rs))
    cols = rs[None, :]
    for lo in range(0, len(rn), step):
        a = slice(lo, lo + step)
        rows = rn[a][:, None]
        c2 = np.maximum(2.0 - 2.0 * (nc.xyz[rn[a]] @ sp.xyz[rs].T), 0.0)
        lim2 = np.minimum(nc.limit_chord2[rows], sp.limit_chord2[cols])
        # The product's rounding error is ~1e-16; pairs this close to the limit get the
        # exact formula.
        tol = 1e-9 * lim2 + 1e-12
        allowed = (c2 > lim2 + tol) & (nc.remote[rows] & sp.remote[cols])
        for x, y in zip(*np.nonzero(np.abs(c2 - lim2) <= tol), strict=True):
            n, s = rn[lo + x], rs[y]
            d = great_circle_km(nc.lat[n], nc.lon[n], sp.lat[s], sp.lon[s])
            allowed[x, y] = d > min(nc.limit[n], sp.limit[s])
        allowed &= gender_ok(nc, sp, rows, cols)
        lang = dialect_factor(first_n[a][:, None], dial_n[a][:, None], dial_s[None, :])
        w = weights_of(nc, sp, rows, cols, lang, 0.0, weights)
        gain[a] = np.where(allowed, w, -1)
    if excl.keys.size:
        n, s = np.divmod(excl.keys, sp.size)
        x, y = _position(rn, nc.size)[n], _position(rs, sp.size)[s]
        hit = (x >= 0) & (y >= 0)
        gain[x[hit], y[hit]] = -1
    return RemoteBlock(code=code, rows=rn, cols=rs, gain=gain)


def candidates_build(
    nc: People,
    index: SupporterIndex,
    *,
    excluded: np.ndarray | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    workers: int = WORKERS,
) -> Candidates:
    """Every allowed pair of the run: in-range ones listed, remote ones as dense blocks.

    `excluded` holds sorted keys newcomer_row × supporters + supporter_row.
    """
    sp = index.people
    keys = np.zeros(0, dtype=np.int64) if excluded is None else excluded
    flagged = np.zeros(nc.size, dtype=bool)
    flagged[keys // max(sp.size, 1)] = True
    excl = _Exclusions(keys=keys, newcomer=flagged)

    def one_code(code: int) -> tuple[Edges, RemoteBlock | None]:
        rows_n, first_n, dial_n = nc.by_lang[code]
        rows_s, _, dial_s = sp.by_lang[code]
        at_n, at_s = _position(rows_n, nc.size), _position(rows_s, sp.size)
        near_edges = _in_range_edges(
            nc, index, code, first_n, dial_n, dial_s, at_n, at_s, excl, weights
        )
        remote_n, remote_s = nc.remote[rows_n], sp.remote[rows_s]
        if not (remote_n.any() and remote_s.any()):
            return near_edges, None
        block = _remote_block(
            nc,
            sp,
            code,
            rows_n[remote_n],
            rows_s[remote_s],
            first_n[remote_n],
            dial_n[remote_n],
            dial_s[remote_s],
            excl,
            weights,
        )
        return near_edges, block

    codes = sorted(code for code in nc.by_lang if code in sp.by_lang)
    # Largest groups first so that the threads finish together; NumPy and the KD-tree
    # release the GIL for the heavy work. Results are put back in code order.
    busiest = sorted(codes, key=lambda c: -len(nc.by_lang[c][0]) * len(sp.by_lang[c][0]))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = dict(zip(busiest, pool.map(one_code, busiest), strict=True))
    lists = [done[c][0] for c in codes]
    blocks = [block for c in codes if (block := done[c][1]) is not None]
    edges = Edges.empty()
    if lists:
        edges = Edges(*(np.concatenate([getattr(e, f) for e in lists]) for f in ("n", "s", "w")))
    return Candidates(newcomers=nc, supporters=sp, weights=weights, edges=edges, blocks=blocks)
