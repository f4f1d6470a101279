"""Activities ranked for one person with the matcher's own parts: language, distance,
interests and free time (DESIGN.md, the last paragraph of "Matching").

Pure Python + NumPy, no Django: plain dataclasses in, ranked (id, score, reasons) out. An
activity is seen as the matcher sees a supporter whose limits are the person's own: its
distance limit is the person's `max_km`, and an online activity is "remote" (allowed when the
person is happy to take part remotely). Activities have no capacity coupling across people, so
ranking is a sort, not a flow. `score_one` is the plain reference (the matcher's scalar
`score_parts`); `ActivityIndex` + `rank` do the same on arrays.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from peers.matching.explain import ENGLISH, Translator, rounded_km
from peers.matching.model import (
    AVAILABILITY_SLOTS,
    DEFAULT_WEIGHTS,
    LANG_FIRST,
    LANG_OTHER,
    Language,
    Newcomer,
    Reason,
    ScoreParts,
    Supporter,
    Weights,
)
from peers.matching.scoring import great_circle_km_array, score_parts

MAX_INTERESTS_SHOWN = 3
_SLOT_BIT = {slot: 1 << i for i, slot in enumerate(AVAILABILITY_SLOTS)}


@dataclass(frozen=True, slots=True)
class Person:
    """The person looking: where they are (a town's centre), their languages (first language
    marked), interests, free-time slots and their own limits."""

    lat: float
    lon: float
    languages: tuple[Language, ...]
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    max_km: float = 10.0
    remote_ok: bool = False


@dataclass(frozen=True, slots=True)
class ActivityFacts:
    """What ranking needs of an activity: its place's centre (None when it has none), online
    or not, the language codes spoken there, its interests and its free-time slots."""

    id: int
    lat: float | None
    lon: float | None
    online: bool
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    slots: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Ranked:
    """One activity's place in the ranking; `parts` are its reasons as translatable keys."""

    id: int
    score: float
    distance_km: float | None
    remote: bool
    parts: tuple[Reason, ...] = ()


# --- The reference: the matcher's scalar rules, one activity at a time -------------------------


def as_newcomer(person: Person) -> Newcomer:
    """The person as the matcher's newcomer (no waiting time, no gender wish: activities say
    "women only" themselves and the list filters on it)."""
    return Newcomer(
        id="person",
        lat=person.lat,
        lon=person.lon,
        languages=person.languages,
        interests=person.interests,
        availability=person.availability,
        max_km=person.max_km,
        remote_ok=person.remote_ok,
    )


def as_supporter(activity: ActivityFacts, person: Person) -> Supporter:
    """An activity as a supporter whose limits are the person's: its radius is their `max_km`;
    online, it is remote-only (no place to travel to, so never "in range")."""
    has_place = not activity.online and activity.lat is not None and activity.lon is not None
    return Supporter(
        id=str(activity.id),
        lat=activity.lat if has_place else math.nan,
        lon=activity.lon if has_place else math.nan,
        languages=tuple(Language(code) for code in sorted(activity.languages)),
        interests=activity.interests,
        availability=activity.slots,
        radius_km=person.max_km,
        remote_ok=activity.online,
    )


def score_one(
    person: Person, activity: ActivityFacts, weights: Weights = DEFAULT_WEIGHTS
) -> ScoreParts | None:
    """The matcher's score parts for one activity, or None when it is not for this person
    (no shared language, or too far and not online for someone happy to join online)."""
    return score_parts(as_newcomer(person), as_supporter(activity, person), weights)


def rank_naive(
    person: Person, activities: Iterable[ActivityFacts], weights: Weights = DEFAULT_WEIGHTS
) -> list[Ranked]:
    """The same ranking one activity at a time with `score_parts` (the benchmark's baseline
    and the tests' reference)."""
    found = []
    for activity in activities:
        parts = score_one(person, activity, weights)
        if parts is not None:
            found.append(
                Ranked(
                    activity.id,
                    parts.score,
                    None if parts.remote else parts.distance_km,
                    parts.remote,
                )
            )
    found.sort(key=lambda r: -r.score)  # stable: ties keep the input order
    return found


# --- The same on arrays ------------------------------------------------------------------------


def _slot_mask(slots: Iterable[str]) -> int:
    mask = 0
    for slot in slots:
        mask |= _SLOT_BIT.get(slot, 0)
    return mask


class ActivityIndex:
    """Activities encoded once as arrays: coordinates (NaN without a place, or online),
    languages and interests as boolean columns, slots as a 21-bit mask."""

    def __init__(self, activities: Sequence[ActivityFacts]) -> None:
        self.facts = tuple(activities)
        n = len(self.facts)
        self.ids = np.fromiter((a.id for a in self.facts), dtype=np.int64, count=n)
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        online = np.zeros(n, dtype=bool)
        slots = np.zeros(n, dtype=np.uint32)
        languages: dict[str, list[int]] = {}
        interests: dict[str, list[int]] = {}
        interest_count = np.zeros(n, dtype=np.int32)
        for i, a in enumerate(self.facts):
            if a.online:
                online[i] = True
            elif a.lat is not None and a.lon is not None:
                lat[i], lon[i] = a.lat, a.lon
            for code in a.languages:
                languages.setdefault(code, []).append(i)
            for interest in a.interests:
                interests.setdefault(interest, []).append(i)
            interest_count[i] = len(a.interests)
            slots[i] = _slot_mask(a.slots)
        self.lat, self.lon, self.online, self.slots = lat, lon, online, slots
        self.interest_count = interest_count
        self._languages = {k: np.array(v, dtype=np.int64) for k, v in languages.items()}
        self._interests = {k: np.array(v, dtype=np.int64) for k, v in interests.items()}
        self._by_id = {a.id: i for i, a in enumerate(self.facts)}

    def __len__(self) -> int:
        return len(self.facts)

    def fact(self, activity_id: int) -> ActivityFacts:
        return self.facts[self._by_id[activity_id]]

    def scores(
        self, person: Person, weights: Weights = DEFAULT_WEIGHTS
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(allowed, score, distance_km, remote) for every activity, by `score_parts`' rules."""
        n = len(self.facts)
        lang = np.zeros(n)
        for mine in person.languages:
            rows = self._languages.get(mine.code)
            if rows is not None:
                factor = LANG_FIRST if mine.first else LANG_OTHER
                np.maximum.at(lang, rows, factor)
        d = great_circle_km_array(person.lat, person.lon, self.lat, self.lon)
        limit = person.max_km
        with np.errstate(invalid="ignore"):
            in_range = d <= limit  # NaN (online, no place) is never in range
        remote = ~in_range & self.online & person.remote_ok
        allowed = (lang > 0) & (in_range | remote)
        if limit <= 0:
            dist = np.where(in_range, 1.0, 0.0)
        else:
            dist = np.where(in_range, 1.0 - np.where(in_range, d, 0.0) / limit, 0.0)
        shared = np.zeros(n, dtype=np.int32)
        for interest in person.interests:
            rows = self._interests.get(interest)
            if rows is not None:
                shared[rows] += 1
        union = self.interest_count + len(person.interests) - shared
        interests = np.divide(shared, union, out=np.zeros(n), where=union > 0)
        if person.availability:
            mask = np.uint32(_slot_mask(person.availability))
            avail = np.bitwise_count(self.slots & mask) / len(person.availability)
        else:
            avail = np.zeros(n)
        score = (
            weights.lang * lang
            + weights.dist * dist
            + weights.interests * interests
            + weights.avail * avail
            + weights.wait * 0.0
        )
        return allowed, score, d, remote


def rank(
    person: Person,
    index: ActivityIndex,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    explain: int | None = None,
) -> list[Ranked]:
    """The activities allowed for this person, best first (ties keep the index's order), with
    reasons for the first `explain` of them (all when None)."""
    allowed, score, d, remote = index.scores(person, weights)
    rows = np.flatnonzero(allowed)
    rows = rows[np.argsort(-score[rows], kind="stable")]
    ids, scores, dists, remotes = (
        index.ids[rows].tolist(),
        score[rows].tolist(),
        d[rows].tolist(),
        remote[rows].tolist(),
    )
    explained = len(rows) if explain is None else explain
    out = []
    for k, (activity_id, value, km, is_remote) in enumerate(
        zip(ids, scores, dists, remotes, strict=True)
    ):
        distance = None if is_remote else km
        parts = reason_parts(person, index.facts[rows[k]], distance) if k < explained else ()
        out.append(Ranked(activity_id, value, distance, is_remote, parts))
    return out


# --- Reasons -----------------------------------------------------------------------------------


def reason_parts(
    person: Person, activity: ActivityFacts, distance_km: float | None
) -> tuple[Reason, ...]:
    """Why an allowed activity suits the person, as translatable keys: the language spoken
    there they know best, how far (rounded) or online, shared interests, and the first of
    their free times it falls in. `distance_km` None means remote (online)."""
    reasons = []
    best, best_code = 0.0, None
    for mine in person.languages:
        factor = LANG_FIRST if mine.first else LANG_OTHER
        if mine.code in activity.languages and factor > best:
            best, best_code = factor, mine.code
    if best_code is not None:
        reasons.append(Reason("spoken", (("language", best_code),)))
    if distance_km is None:
        reasons.append(Reason("online"))
    else:
        km = rounded_km(distance_km)
        reasons.append(Reason("near") if km is None else Reason("distance", (("km", km),)))
    shared = sorted(person.interests & activity.interests)[:MAX_INTERESTS_SHOWN]
    if shared:
        reasons.append(Reason("interests", (("interests", tuple(shared)),)))
    free = [slot for slot in AVAILABILITY_SLOTS if slot in person.availability & activity.slots]
    if free:
        reasons.append(Reason("free", (("slot", free[0]),)))
    return tuple(reasons)


def slot_phrase(slot: str, translator: Translator = ENGLISH) -> str:
    """ "Saturday afternoons": a free-time slot in the reader's language (whole phrases, so
    each language can say it its own way)."""
    gettext = translator.gettext  # the name xgettext knows, so these phrases are extracted
    match slot:
        case "mon-am":
            return gettext("Monday mornings")
        case "mon-pm":
            return gettext("Monday afternoons")
        case "mon-eve":
            return gettext("Monday evenings")
        case "tue-am":
            return gettext("Tuesday mornings")
        case "tue-pm":
            return gettext("Tuesday afternoons")
        case "tue-eve":
            return gettext("Tuesday evenings")
        case "wed-am":
            return gettext("Wednesday mornings")
        case "wed-pm":
            return gettext("Wednesday afternoons")
        case "wed-eve":
            return gettext("Wednesday evenings")
        case "thu-am":
            return gettext("Thursday mornings")
        case "thu-pm":
            return gettext("Thursday afternoons")
        case "thu-eve":
            return gettext("Thursday evenings")
        case "fri-am":
            return gettext("Friday mornings")
        case "fri-pm":
            return gettext("Friday afternoons")
        case "fri-eve":
            return gettext("Friday evenings")
        case "sat-am":
            return gettext("Saturday mornings")
        case "sat-pm":
            return gettext("Saturday afternoons")
        case "sat-eve":
            return gettext("Saturday evenings")
        case "sun-am":
            return gettext("Sunday mornings")
        case "sun-pm":
            return gettext("Sunday afternoons")
        case "sun-eve":
            return gettext("Sunday evenings")
    return slot


def reason_text(reason: Reason, translator: Translator = ENGLISH) -> str:
    """One reason as a short phrase in the translator's language."""
    gettext = translator.gettext
    p = dict(reason.params)
    match reason.key:
        case "spoken":
            return gettext("%(language)s spoken") % {
                "language": translator.language_name(str(p["language"]))
            }
        case "near":
            return gettext("less than 1 km")
        case "distance":
            return gettext("about %(km)s km") % {"km": p["km"]}
        case "online":
            return gettext("online, from home")
        case "interests":
            names = [translator.interest_name(str(t)) for t in p["interests"]]  # type: ignore[union-attr]
            return gettext("you like %(interests)s") % {"interests": ", ".join(names)}
        case "free":
            return gettext("%(when)s — you're free then") % {
                "when": slot_phrase(str(p["slot"]), translator)
            }
    raise ValueError(f"unknown reason {reason.key!r}")


def reasons_render(reasons: Iterable[Reason], translator: Translator = ENGLISH) -> list[str]:
    """All of an activity's reasons as phrases in the translator's language."""
    return [reason_text(reason, translator) for reason in reasons]
