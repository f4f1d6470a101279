"""People as NumPy arrays: the form the vectorised candidate search and scoring work on.

Tokens (language codes, dialects, genders, interests, availability slots) become small ints
through a `Vocabulary`; sets become uint64 bitsets so that |A ∩ B| is a popcount; places
become unit vectors so that a KD-tree can find neighbours by chord length.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .model import (
    AVAILABILITY_SLOTS,
    DEFAULT_WEIGHTS,
    EARTH_RADIUS_KM,
    Newcomer,
    Supporter,
    Weights,
)

NONE = -1
"""Encoded "not given" (no dialect, no gender, no wanted gender)."""
UNKNOWN = -2
"""Encoded token that the supporter index has never seen: given, but equal to nothing."""


class Vocabulary:
    """Token → small int tables shared by both sides of a run (or frozen for an index)."""

    def __init__(self) -> None:
        self.languages: dict[str, int] = {}
        self.dialects: dict[str, int] = {}
        self.genders: dict[str, int] = {}
        self.interests: dict[str, int] = {}
        self.slots: dict[str, int] = {slot: i for i, slot in enumerate(AVAILABILITY_SLOTS)}
        self.frozen = False

    def id(self, table: dict[str, int], token: str | None) -> int:
        """Returns the token's id, NONE for None, and UNKNOWN for a new token when frozen."""
        if token is None:
            return NONE
        got = table.get(token)
        if got is None:
            if self.frozen:
                return UNKNOWN
            got = table[token] = len(table)
        return got

    def learn(self, people: Sequence[Newcomer | Supporter]) -> None:
        """Gives every token these people use an id (new tokens in sorted order)."""
        langs = [lang for p in people for lang in p.languages]
        for table, tokens in (
            (self.languages, {lang.code for lang in langs}),
            (self.dialects, {lang.dialect for lang in langs}),
            (self.genders, {p.gender for p in people} | {p.wants_gender for p in people}),
            (self.interests, set().union(*(p.interests for p in people))),
            (self.slots, set().union(*(p.availability for p in people))),
        ):
            for token in sorted(tokens - table.keys() - {None}):
                table[token] = len(table)


def _words(count: int) -> int:
    return max(1, (count + 63) // 64)


def _bitsets(sets: list[frozenset[str]], table: dict[str, int], words: int) -> np.ndarray:
    """Rows of uint64 words with bit id(t) set for each known token t."""
    out = np.zeros((len(sets), words), dtype=np.uint64)
    if words == 1:
        bit = defaultdict(int, {t: 1 << i for t, i in table.items() if i < 64})
        get = bit.__getitem__
        out[:, 0] = np.fromiter(
            (sum(map(get, tokens)) for tokens in sets), dtype=np.uint64, count=len(sets)
        )
        return out
    for row, tokens in enumerate(sets):
        for t in tokens:
            i = table.get(t, -1)
            if 0 <= i < 64 * words:
                out[row, i >> 6] |= np.uint64(1 << (i & 63))
    return out


def popcount_and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of common set bits of two (..., words) uint64 bitset arrays."""
    if a.shape[-1] == 1:
        return np.bitwise_count(a[..., 0] & b[..., 0]).astype(np.int64)
    return np.bitwise_count(a & b).sum(axis=-1, dtype=np.int64)


def chord2(km: np.ndarray | float) -> np.ndarray:
    """Squared chord between unit vectors that are `km` apart on the sphere."""
    angle = np.minimum(np.asarray(km, dtype=np.float64), math.pi * EARTH_RADIUS_KM)
    return (2.0 * np.sin(angle / (2.0 * EARTH_RADIUS_KM))) ** 2


@dataclass(eq=False)
class People:
    """One side of a run encoded as arrays (row k is the k-th person given)."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    xyz: np.ndarray
    limit: np.ndarray
    limit_chord2: np.ndarray
    remote: np.ndarray
    gender: np.ndarray
    wants: np.ndarray
    interests: np.ndarray
    n_interests: np.ndarray
    avail: np.ndarray
    n_avail: np.ndarray
    lang_bits: np.ndarray
    lang_code: np.ndarray
    lang_first: np.ndarray
    lang_dialect: np.ndarray
    wait: np.ndarray
    capacity: np.ndarray
    by_lang: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]
    """code → (rows speaking it, their first-language flags for it, their dialect ids)."""

    @property
    def size(self) -> int:
        return len(self.ids)


def _lookup(vocab: Vocabulary, table: dict[str, int], token: str | None) -> int:
    got = table.get(token) if token is not None else NONE  # type: ignore[arg-type]
    return vocab.id(table, token) if got is None else got


def encode(
    people: Sequence[Newcomer | Supporter],
    vocab: Vocabulary,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    pad_code: int = NONE,
    words: tuple[int, int, int] | None = None,
) -> People:
    """Encodes people as arrays; supporters without free capacity get no `by_lang` entries,
    so no pair with them is ever generated."""
    wl, wi, wa = words or (
        _words(len(vocab.languages)),
        _words(len(vocab.interests)),
        _words(len(vocab.slots)),
    )
    k = len(people)
    supporters = k > 0 and isinstance(people[0], Supporter)
    if supporters:
        capacity = np.array([p.capacity for p in people], dtype=np.int64)  # type: ignore[union-attr]
        limit = np.array([p.radius_km for p in people], dtype=np.float64)  # type: ignore[union-attr]
        wait = np.zeros(k, dtype=np.float64)
    else:
        capacity = np.zeros(k, dtype=np.int64)
        limit = np.array([p.max_km for p in people], dtype=np.float64)  # type: ignore[union-attr]
        cap = weights.wait_cap_days
        wait = np.array(
            [min(max(p.waiting_days, 0), cap) / cap for p in people],  # type: ignore[union-attr]
            dtype=np.float64,
        )
    languages, dialects = vocab.languages, vocab.dialects
    at_row, at_col, codes, firsts, dialect_ids = [], [], [], [], []
    for row, p in enumerate(people):
        for col, lang in enumerate(p.languages):
            code = _lookup(vocab, languages, lang.code)
            if code < 0:
                continue  # a language no supporter speaks is shared with nobody
            at_row.append(row)
            at_col.append(col)
            codes.append(code)
            firsts.append(lang.first)
            dialect_ids.append(_lookup(vocab, dialects, lang.dialect))
    rows, cols = np.array(at_row, dtype=np.int64), np.array(at_col, dtype=np.int64)
    code_arr = np.array(codes, dtype=np.int64)
    first_arr = np.array(firsts, dtype=bool)
    dialect_arr = np.array(dialect_ids, dtype=np.int32)
    width = max((len(p.languages) for p in people), default=1) or 1
    lang_code = np.full((k, width), pad_code, dtype=np.int32)
    lang_first = np.zeros((k, width), dtype=bool)
    lang_dialect = np.full((k, width), NONE, dtype=np.int32)
    lang_code[rows, cols] = code_arr
    lang_first[rows, cols] = first_arr
    lang_dialect[rows, cols] = dialect_arr
    lang_bits = np.zeros((k, wl), dtype=np.uint64)
    fits = code_arr < 64 * wl
    np.bitwise_or.at(
        lang_bits,
        (rows[fits], code_arr[fits] >> 6),
        np.left_shift(np.uint64(1), (code_arr[fits] & 63).astype(np.uint64)),
    )
    listed = capacity[rows] > 0 if supporters else np.ones(len(rows), dtype=bool)
    order = np.argsort(code_arr[listed], kind="stable")
    l_rows, l_codes = rows[listed][order], code_arr[listed][order]
    l_first, l_dialect = first_arr[listed][order], dialect_arr[listed][order]
    bounds = np.flatnonzero(np.r_[True, l_codes[1:] != l_codes[:-1], True]) if len(order) else []
    by_lang = {
        int(l_codes[lo]): (l_rows[lo:hi], l_first[lo:hi], l_dialect[lo:hi])
        for lo, hi in itertools.pairwise(bounds)
    }
    lat = np.array([p.lat for p in people], dtype=np.float64)
    lon = np.array([p.lon for p in people], dtype=np.float64)
    lat_rad, lon_rad = np.radians(lat), np.radians(lon)
    cos_lat = np.cos(lat_rad)
    xyz = np.column_stack((cos_lat * np.cos(lon_rad), cos_lat * np.sin(lon_rad), np.sin(lat_rad)))
    interests = [p.interests for p in people]
    availability = [p.availability for p in people]
    genders = vocab.genders
    return People(
        ids=[p.id for p in people],
        lat=lat,
        lon=lon,
        xyz=xyz.reshape(k, 3),
        limit=limit,
        limit_chord2=chord2(limit),
        remote=np.array([p.remote_ok for p in people], dtype=bool),
        gender=np.array([_lookup(vocab, genders, p.gender) for p in people], dtype=np.int32),
        wants=np.array([_lookup(vocab, genders, p.wants_gender) for p in people], dtype=np.int32),
        interests=_bitsets(interests, vocab.interests, wi),
        n_interests=np.fromiter(map(len, interests), dtype=np.int64, count=k),
        avail=_bitsets(availability, vocab.slots, wa),
        n_avail=np.fromiter(map(len, availability), dtype=np.int64, count=k),
        lang_bits=lang_bits,
        lang_code=lang_code,
        lang_first=lang_first,
        lang_dialect=lang_dialect,
        wait=wait,
        capacity=capacity,
        by_lang=by_lang,
    )


class SupporterIndex:
    """Supporters encoded once, with a KD-tree per language over those with free capacity.

    Build it once (per matching run, or once for instant suggestions: its vocabulary is then
    frozen and newcomers are encoded against it)."""

    def __init__(
        self,
        supporters: Sequence[Supporter],
        *,
        vocab: Vocabulary | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> None:
        if vocab is None:
            vocab = Vocabulary()
            vocab.learn(supporters)
            vocab.frozen = True
        self.vocab = vocab
        self.weights = weights
        self.supporters = tuple(supporters)
        self.people = encode(self.supporters, vocab, weights=weights, pad_code=UNKNOWN)
        self.words = (
            self.people.lang_bits.shape[1],
            self.people.interests.shape[1],
            self.people.avail.shape[1],
        )
        self.row = {s.id: k for k, s in enumerate(self.supporters)}
        self._trees: dict[int, tuple[cKDTree, float]] = {}

    def tree(self, code: int) -> tuple[cKDTree, float]:
        """KD-tree over the unit vectors of language `code`'s supporters, and their widest
        radius in km."""
        got = self._trees.get(code)
        if got is None:
            rows = self.people.by_lang[code][0]
            got = (cKDTree(self.people.xyz[rows]), float(self.people.limit[rows].max()))
            self._trees[code] = got
        return got

    def encode_newcomers(self, newcomers: Sequence[Newcomer]) -> People:
        """Encodes newcomers against this index's vocabulary."""
        return encode(newcomers, self.vocab, weights=self.weights, words=self.words)
