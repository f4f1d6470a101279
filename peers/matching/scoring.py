"""The rules for one pair, written plainly: distance, allowed or not, and the score parts.

This is the reference the vectorised code in `candidates` must agree with; explanations,
instant suggestions' tests and the property tests use it directly.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np

from .model import (
    DEFAULT_WEIGHTS,
    DIALECT_MISMATCH,
    EARTH_RADIUS_KM,
    LANG_FIRST,
    LANG_OTHER,
    Newcomer,
    ScoreParts,
    Supporter,
    Weights,
)

_RADIANS = math.pi / 180.0  # exactly what math.radians multiplies by
_sin, _cos, _atan2, _sqrt = math.sin, math.cos, math.atan2, math.sqrt


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a 6371.009 km sphere, by geopy's own formula."""
    lat1, lat2 = lat1 * _RADIANS, lat2 * _RADIANS
    sin1, cos1, sin2, cos2 = _sin(lat1), _cos(lat1), _sin(lat2), _cos(lat2)
    dlon = lon2 * _RADIANS - lon1 * _RADIANS
    cos_d, sin_d = _cos(dlon), _sin(dlon)
    angle = _atan2(
        _sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
        sin1 * sin2 + cos1 * cos2 * cos_d,
    )
    return EARTH_RADIUS_KM * angle


def great_circle_km_array(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distances in km for arrays of degrees (broadcasting), geopy's formula."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(a, dtype=np.float64)) for a in (lat1, lon1, lat2, lon2)
    )
    return great_circle_km_trig(np.sin(lat1), np.cos(lat1), lon1, np.sin(lat2), np.cos(lat2), lon2)


def great_circle_km_trig(
    sin1: np.ndarray,
    cos1: np.ndarray,
    lon1: np.ndarray,
    sin2: np.ndarray,
    cos2: np.ndarray,
    lon2: np.ndarray,
) -> np.ndarray:
    """Great-circle distances in km from precomputed sin/cos of latitudes and radian longitudes."""
    dlon = lon2 - lon1
    cos_d, sin_d = np.cos(dlon), np.sin(dlon)
    a = cos2 * sin_d
    b = cos1 * sin2 - sin1 * cos2 * cos_d
    y = np.sqrt(a * a + b * b)
    x = sin1 * sin2 + cos1 * cos2 * cos_d
    return EARTH_RADIUS_KM * np.arctan2(y, x)


def distance_km(n: Newcomer, s: Supporter) -> float:
    """Distance between a newcomer and a supporter, in km (see `great_circle_km`)."""
    return great_circle_km(n.lat, n.lon, s.lat, s.lon)


def language_factor(n: Newcomer, s: Supporter) -> tuple[float, str | None]:
    """Best (factor, code) over shared codes: 1.0 for n's first language else 0.6, ×0.7 if
    both give differing dialects; (0.0, None) when no code is shared."""
    theirs = {lang.code: lang for lang in s.languages}
    best, best_code = 0.0, None
    for mine in n.languages:
        other = theirs.get(mine.code)
        if other is None:
            continue
        factor = LANG_FIRST if mine.first else LANG_OTHER
        if mine.dialect and other.dialect and mine.dialect != other.dialect:
            factor *= DIALECT_MISMATCH
        if factor > best:
            best, best_code = factor, mine.code
    return best, best_code


def gender_ok(n: Newcomer, s: Supporter) -> bool:
    """Rule 3: each side's wanted gender, when set, is the other side's gender."""
    if n.wants_gender is not None and s.gender != n.wants_gender:
        return False
    return s.wants_gender is None or n.gender == s.wants_gender


def in_range(n: Newcomer, s: Supporter, d: float | None = None) -> bool:
    """Rule 2, local half: the distance is within both people's limits."""
    d = distance_km(n, s) if d is None else d
    return d <= min(n.max_km, s.radius_km)


def pair_allowed(
    n: Newcomer, s: Supporter, exclude: Collection[tuple[str, str]] = frozenset()
) -> bool:
    """All four rules: shared language, in range or both remote, genders, not excluded and
    the supporter has free capacity."""
    if s.capacity <= 0 or (n.id, s.id) in exclude:
        return False
    return score_parts(n, s) is not None


def score_parts(n: Newcomer, s: Supporter, weights: Weights = DEFAULT_WEIGHTS) -> ScoreParts | None:
    """Score parts of the pair, or None when rules 1–3 forbid it (exclusions and capacity are
    the caller's: they belong to a run, not to the pair)."""
    lang, code = language_factor(n, s)
    if code is None or not gender_ok(n, s):
        return None
    d = distance_km(n, s)
    limit = min(n.max_km, s.radius_km)
    if d <= limit:
        remote = False
        dist = 1.0 if limit <= 0 else 1.0 - d / limit
    elif n.remote_ok and s.remote_ok:
        remote, dist = True, 0.0
    else:
        return None
    union = len(n.interests | s.interests)
    interests = len(n.interests & s.interests) / union if union else 0.0
    avail = len(n.availability & s.availability) / len(n.availability) if n.availability else 0.0
    wait = min(max(n.waiting_days, 0), weights.wait_cap_days) / weights.wait_cap_days
    score = (
        weights.lang * lang
        + weights.dist * dist
        + weights.interests * interests
        + weights.avail * avail
        + weights.wait * wait
    )
    return ScoreParts(
        lang=lang,
        dist=dist,
        interests=interests,
        avail=avail,
        wait=wait,
        score=score,
        distance_km=d,
        remote=remote,
        language=code,
    )
