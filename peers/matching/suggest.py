"""Instant suggestions: the best few allowed supporters for one newcomer, from a prepared
index, in a few milliseconds (no solver: suggestions do not compete for capacity)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from .candidates import gender_ok, in_range, language_factors, scores_of
from .encoding import SupporterIndex, chord2
from .explain import ENGLISH, Translator, pair_explain
from .model import Newcomer, Pair
from .scoring import score_parts


def suggest(
    index: SupporterIndex,
    newcomer: Newcomer,
    *,
    limit: int = 5,
    exclude: Collection[str] = (),
    translator: Translator = ENGLISH,
) -> tuple[Pair, ...]:
    """The `limit` best allowed supporters for one newcomer, best score first (ties by
    supporter id); `exclude` holds supporter ids this newcomer must not be offered."""
    nc = index.encode_newcomers([newcomer])
    sp = index.people
    found = [np.zeros(0, dtype=np.int64)]
    for code in nc.by_lang:
        if code not in sp.by_lang:
            continue
        rows = sp.by_lang[code][0]
        tree, widest = index.tree(code)
        radius = np.sqrt(chord2(min(newcomer.max_km, widest))) * (1 + 1e-9) + 1e-12
        found.append(rows[np.asarray(tree.query_ball_point(nc.xyz[0], radius), dtype=np.int64)])
        if newcomer.remote_ok:
            found.append(rows[sp.remote[rows]])
    j = np.unique(np.concatenate(found))
    if exclude:
        skip = np.array([index.row[s] for s in exclude if s in index.row], dtype=np.int64)
        j = j[~np.isin(j, skip)]
    i = np.zeros(len(j), dtype=np.int64)
    c2 = ((sp.xyz[j] - nc.xyz[0]) ** 2).sum(axis=1)
    near, d = in_range(nc, sp, i, j, c2)
    ok = (near | (nc.remote[i] & sp.remote[j])) & gender_ok(nc, sp, i, j)
    i, j, near, d = i[ok], j[ok], near[ok], d[ok]
    limit_km = np.minimum(nc.limit[i], sp.limit[j])
    dist = np.where(
        near, np.where(limit_km > 0, 1.0 - d / np.where(limit_km > 0, limit_km, 1.0), 1.0), 0.0
    )
    score = scores_of(nc, sp, i, j, language_factors(nc, sp, i, j), dist, index.weights)
    best = np.arange(len(j))
    if len(j) > limit > 0:
        cut = np.partition(-score, limit - 1)[limit - 1]
        best = np.flatnonzero(-score <= cut)  # the top `limit` and any ties with the last
    order = sorted(best.tolist(), key=lambda k: (-score[k], sp.ids[j[k]]))[: max(limit, 0)]
    pairs = []
    for k in order:
        supporter = index.supporters[j[k]]
        parts = score_parts(newcomer, supporter, index.weights)
        if parts is not None:
            pairs.append(pair_explain(newcomer, supporter, parts, translator))
    return tuple(pairs)
