"""An independent, deliberately plain reading of DESIGN.md's matching specification.

It shares no code with `peers.matching` (distance from geopy, rules written out again), so
that tests comparing the two check the package against the text, not against itself.
"""

from __future__ import annotations

import math

import pytest
from geopy.distance import great_circle

from peers.matching import Language, MatchInput, Newcomer, Supporter

MANCHESTER = (53.4808, -2.2426)


def newcomer(id: str = "n1", **fields) -> Newcomer:
    """A newcomer in central Manchester who speaks Arabic first; override any field."""
    values = {
        "lat": MANCHESTER[0],
        "lon": MANCHESTER[1],
        "languages": (Language("ar", first=True),),
        "interests": frozenset(),
        "availability": frozenset(),
        "max_km": 10.0,
        "remote_ok": False,
        "gender": None,
        "wants_gender": None,
        "waiting_days": 0,
    }
    return Newcomer(id=id, **(values | fields))


def supporter(id: str = "s1", **fields) -> Supporter:
    """A supporter in central Manchester who speaks Arabic first, capacity 1."""
    values = {
        "lat": MANCHESTER[0],
        "lon": MANCHESTER[1],
        "languages": (Language("ar", first=True),),
        "interests": frozenset(),
        "availability": frozenset(),
        "radius_km": 10.0,
        "remote_ok": False,
        "gender": None,
        "wants_gender": None,
        "capacity": 1,
    }
    return Supporter(id=id, **(values | fields))


def north(km: float, of: tuple[float, float] = MANCHESTER) -> dict[str, float]:
    """lat/lon fields of a place `km` due north of `of` (on the 6371.009 km sphere)."""
    return {"lat": of[0] + km / 6371.009 * 180 / 3.141592653589793, "lon": of[1]}


def ref_distance(n: Newcomer, s: Supporter) -> float:
    return great_circle((n.lat, n.lon), (s.lat, s.lon)).km


def ref_score(n: Newcomer, s: Supporter, exclude=frozenset()) -> float | None:
    """The score of an allowed pair, or None when the pair is not allowed."""
    theirs = {lang.code: lang for lang in s.languages}
    shared = [lang for lang in n.languages if lang.code in theirs]
    if not shared:
        return None
    d = ref_distance(n, s)
    limit = min(n.max_km, s.radius_km)
    if d <= limit:
        dist = 1.0 if limit == 0 and d == 0 else 1 - d / limit
    elif n.remote_ok and s.remote_ok:
        dist = 0.0
    else:
        return None
    if n.wants_gender is not None and s.gender != n.wants_gender:
        return None
    if s.wants_gender is not None and n.gender != s.wants_gender:
        return None
    if (n.id, s.id) in exclude or s.capacity <= 0:
        return None
    lang = 0.0
    for mine in shared:
        other = theirs[mine.code]
        factor = 1.0 if mine.first else 0.6
        if mine.dialect is not None and other.dialect is not None and mine.dialect != other.dialect:
            factor *= 0.7
        lang = max(lang, factor)
    a, b = set(n.interests), set(s.interests)
    interests = len(a & b) / len(a | b) if a | b else 0.0
    mine_slots = set(n.availability)
    avail = len(mine_slots & set(s.availability)) / len(mine_slots) if mine_slots else 0.0
    wait = min(n.waiting_days, 90) / 90
    return 0.40 * lang + 0.25 * dist + 0.15 * interests + 0.10 * avail + 0.10 * wait


def _options(data: MatchInput) -> list[list[tuple[int, float]]]:
    """Per newcomer, the supporters they may be paired with and the pair's score."""
    return [
        [
            (k, score)
            for k, s in enumerate(data.supporters)
            if (score := ref_score(n, s, data.exclude)) is not None
        ]
        for n in data.newcomers
    ]


def _every_assignment(data: MatchInput):
    """(number matched, total score) of every assignment: each newcomer nobody or one
    supporter, within capacities."""
    options = _options(data)
    left = [s.capacity for s in data.supporters]

    def walk(i: int, matched: int, total: float):
        if i == len(options):
            yield matched, total
            return
        yield from walk(i + 1, matched, total)
        for k, score in options[i]:
            if left[k] > 0:
                left[k] -= 1
                yield from walk(i + 1, matched + 1, total + score)
                left[k] += 1

    yield from walk(0, 0, 0.0)


def brute_force(data: MatchInput) -> tuple[int, float]:
    """The specification's optimum, by trying every assignment: the most newcomers matched,
    then the largest total score — compared in that order."""
    return max(_every_assignment(data))


def brute_force_sum(data: MatchInput) -> tuple[int, float]:
    """What maximising Σ(1 + score) alone would choose (the *old* objective): the assignment's
    (number matched, total score). Tests use it to find instances where the two disagree."""
    return max(_every_assignment(data), key=lambda found: found[0] + found[1])


def optimum_of(result) -> tuple[int, float]:
    return len(result.pairs), math.fsum(p.score for p in result.pairs)


def assert_optimal(result, data: MatchInput) -> None:
    """The result is the lexicographic optimum: as many matched as brute force finds, and the
    same total score (within the solver's integer rounding)."""
    matched, total = brute_force(data)
    assert optimum_of(result)[0] == matched
    assert optimum_of(result)[1] == pytest.approx(total, abs=1e-6 * max(1, matched))


def greedy(data: MatchInput) -> tuple[int, float]:
    """Best pair first while both sides have room (the baseline the optimum must beat)."""
    pairs = sorted(
        (
            (score, n.id, k)
            for n in data.newcomers
            for k, s in enumerate(data.supporters)
            if (score := ref_score(n, s, data.exclude)) is not None
        ),
        reverse=True,
    )
    left = [s.capacity for s in data.supporters]
    taken, total = set(), 0.0
    for score, n, k in pairs:
        if n not in taken and left[k] > 0:
            taken.add(n)
            left[k] -= 1
            total += score
    return len(taken), total


def objectives_disagree() -> MatchInput:
    """Two excellent pairs (0.9 each) or three weak ones (0.24 each): Σ(1 + score) prefers the
    two (3.8 > 3.72) and leaves one person waiting; the specification matches all three.

    n1—s1 and n2—s2 share a first language, a place, an interest and a free time; every other
    allowed pair is remote, through a second language (0.6 × 0.40)."""
    far = north(400)
    farther = north(800)
    everyone = {"remote_ok": True}
    return MatchInput(
        [
            newcomer(
                "n1",
                languages=(Language("ti", first=True), Language("am", first=False)),
                interests=frozenset({"football"}),
                availability=frozenset({"sat-pm"}),
                **everyone,
            ),
            newcomer(
                "n2",
                languages=(Language("so", first=True), Language("ur", first=False)),
                interests=frozenset({"cooking"}),
                availability=frozenset({"sun-am"}),
                **north(100),
                **everyone,
            ),
            newcomer(
                "n3",
                languages=(Language("fr", first=True), Language("ti", first=False)),
                **far,
                **everyone,
            ),
        ],
        [
            supporter(
                "s1",
                languages=(Language("ti", first=True),),
                interests=frozenset({"football"}),
                availability=frozenset({"sat-pm"}),
                **everyone,
            ),
            supporter(
                "s2",
                languages=(Language("so", first=True), Language("am", first=True)),
                interests=frozenset({"cooking"}),
                availability=frozenset({"sun-am"}),
                **north(100),
                **everyone,
            ),
            supporter("s3", languages=(Language("ur", first=True),), **farther, **everyone),
        ],
    )
