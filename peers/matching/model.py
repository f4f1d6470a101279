"""The matcher's vocabulary: plain frozen dataclasses in and out, and the normative constants.

Everything here mirrors DESIGN.md, "Matching — the exact specification". Nothing imports
Django; the app maps its rows to these classes (selectors) and persists the results (services).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.009
"""Mean Earth radius used by geopy's great_circle; the spec measures distance on this sphere."""

WAIT_CAP_DAYS = 90
"""Waiting time counts fully once a newcomer has waited this many days."""

LANG_FIRST = 1.0
"""Language factor when the shared code is the newcomer's first language."""
LANG_OTHER = 0.6
"""Language factor when the shared code is another language of the newcomer."""
DIALECT_MISMATCH = 0.7
"""Multiplier when both people give a dialect for the shared code and the dialects differ."""

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS_OF_DAY = ("am", "pm", "eve")
AVAILABILITY_SLOTS: tuple[str, ...] = tuple(f"{d}-{p}" for d in DAYS for p in PARTS_OF_DAY)
"""The 21 availability slots, in week order."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score parts and the waiting-time cap; defaults are the normative ones."""

    lang: float = 0.40
    dist: float = 0.25
    interests: float = 0.15
    avail: float = 0.10
    wait: float = 0.10
    wait_cap_days: int = WAIT_CAP_DAYS
    base: float = 1.0
    """Counted per matched pair in the reported objective, Σ(base + score). The optimum itself
    is lexicographic whatever this is: as many matched as possible, then the largest Σ score."""

    def __post_init__(self) -> None:
        parts = (self.lang, self.dist, self.interests, self.avail, self.wait, self.base)
        if min(parts) < 0:
            raise ValueError("weights must not be negative")
        if sum(parts) > 20:
            raise ValueError("base plus weights must be at most 20 (integer solver weights)")
        if self.wait_cap_days <= 0:
            raise ValueError("wait_cap_days must be positive")


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Language:
    """A language a person speaks: lower-case BCP-47 primary tag, optional dialect token."""

    code: str
    dialect: str | None = None
    first: bool = False


def _languages(value: Iterable[Language]) -> tuple[Language, ...]:
    languages = tuple(value)
    codes = [lang.code for lang in languages]
    if len(set(codes)) != len(codes):
        raise ValueError(f"a language code is listed twice: {codes}")
    return languages


@dataclass(frozen=True, slots=True)
class Newcomer:
    """A newcomer asking for a peer supporter (only what matching needs)."""

    id: str
    lat: float
    lon: float
    languages: tuple[Language, ...]
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    max_km: float = 0.0
    remote_ok: bool = False
    gender: str | None = None
    wants_gender: str | None = None
    waiting_days: int = 0

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; store immutable, hashable values.
        object.__setattr__(self, "languages", _languages(self.languages))
        object.__setattr__(self, "interests", frozenset(self.interests))
        object.__setattr__(self, "availability", frozenset(self.availability))


@dataclass(frozen=True, slots=True)
class Supporter:
    """A verified peer supporter with free capacity (only what matching needs)."""

    id: str
    lat: float
    lon: float
    languages: tuple[Language, ...]
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    radius_km: float = 0.0
    remote_ok: bool = False
    gender: str | None = None
    wants_gender: str | None = None
    capacity: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", _languages(self.languages))
        object.__setattr__(self, "interests", frozenset(self.interests))
        object.__setattr__(self, "availability", frozenset(self.availability))


@dataclass(frozen=True, slots=True)
class MatchInput:
    """One matching run: the waiting newcomers, supporters with free capacity, excluded pairs."""

    newcomers: tuple[Newcomer, ...]
    supporters: tuple[Supporter, ...]
    exclude: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "newcomers", tuple(self.newcomers))
        object.__setattr__(self, "supporters", tuple(self.supporters))
        object.__setattr__(self, "exclude", frozenset((str(n), str(s)) for n, s in self.exclude))


ReasonParam = str | int | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reason:
    """One explanation of a pair, kept as a message key and parameters so it can be translated."""

    key: str
    params: tuple[tuple[str, ReasonParam], ...] = ()

    def param(self, name: str) -> ReasonParam:
        """Returns the named parameter."""
        return dict(self.params)[name]

    def as_json(self) -> dict[str, object]:
        """Returns a JSON-ready form, for storing with an offer and rendering later."""
        return {
            "key": self.key,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reason:
        """Rebuilds a reason stored with `as_json`."""
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError("reason params must be an object")
        return cls(
            key=str(data["key"]),
            params=tuple(
                (str(k), tuple(v) if isinstance(v, list) else v) for k, v in params.items()
            ),
        )


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """The parts of an allowed pair's score, each in [0, 1], and the distance facts behind it."""

    lang: float
    dist: float
    interests: float
    avail: float
    wait: float
    score: float
    distance_km: float
    remote: bool
    language: str
    """The shared code that gave the best language factor."""


@dataclass(frozen=True, slots=True)
class Pair:
    """A chosen (or suggested) newcomer–supporter pair with its score and reasons."""

    newcomer: str
    supporter: str
    score: float
    distance_km: float
    remote: bool
    reasons: tuple[str, ...]
    parts: tuple[Reason, ...] = field(default=(), compare=False)
    """The reasons as translatable keys and parameters (what `reasons` was rendered from)."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The exact lexicographic optimum (most newcomers matched, then the largest Σ score): chosen
    pairs, newcomers left waiting, and Σ(1 + score) (Σ(base + score) with other `Weights`)."""

    pairs: tuple[Pair, ...]
    unmatched: tuple[str, ...]
    objective: float
