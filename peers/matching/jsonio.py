"""The JSON shapes of DESIGN.md: parse and validate an input, write a result.

Every problem names the record and the field, e.g.
`newcomers[3] (id "n4"): field "lat" must be between -90 and 90`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .model import (
    AVAILABILITY_SLOTS,
    Language,
    MatchInput,
    MatchResult,
    Newcomer,
    Supporter,
)

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
"""A lower-case BCP-47 primary language subtag (ISO 639-1 or 639-2/3)."""
TOKEN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
"""A free lower-case token, such as a dialect ("sudanese", "sri-lankan")."""
_SLOTS = frozenset(AVAILABILITY_SLOTS)


class MatchInputError(ValueError):
    """Malformed matching input; the message names the record and the field."""

    def __init__(self, record: str, field: str | None, problem: str) -> None:
        self.record, self.field, self.problem = record, field, problem
        where = f'{record}: field "{field}" ' if field else f"{record}: "
        super().__init__(f"{where}{problem}")


class _Record:
    """Reads the fields of one JSON object, raising `MatchInputError` on the first problem."""

    def __init__(self, data: object, label: str, prefix: str = "") -> None:
        self.label, self.prefix = label, prefix
        if not isinstance(data, dict):
            if prefix:
                raise MatchInputError(label, prefix.rstrip("."), "must be an object")
            raise MatchInputError(label, None, "must be an object")
        self.data = data

    def fail(self, field: str, problem: str) -> MatchInputError:
        return MatchInputError(self.label, self.prefix + field, problem)

    def get(self, field: str, *, optional: bool = False) -> Any:
        if field not in self.data:
            if optional:
                return None
            raise self.fail(field, "is missing")
        return self.data[field]

    def text(self, field: str, *, optional: bool = False, pattern: re.Pattern | None = None):
        value = self.get(field, optional=optional)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty string")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(field, f"has a bad shape: {value!r}")
        return value

    def number(self, field: str, low: float | None = None, high: float | None = None) -> float:
        value = self.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, "must be a number")
        if not math.isfinite(value):
            raise self.fail(field, "must be a finite number")
        if low is not None and high is not None and not low <= value <= high:
            raise self.fail(field, f"must be between {low:g} and {high:g}")
        if low is not None and value < low:
            raise self.fail(field, f"must be at least {low:g}")
        return float(value)

    def count(self, field: str) -> int:
        value = self.get(field)
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not whole:
            raise self.fail(field, "must be a whole number")
        if value < 0:
            raise self.fail(field, "must not be negative")
        return int(value)

    def flag(self, field: str) -> bool:
        value = self.get(field)
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value

    def items(self, field: str) -> list:
        value = self.get(field)
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        return value

    def tokens(self, field: str, allowed: frozenset[str] | None = None) -> frozenset[str]:
        out = set()
        for k, item in enumerate(self.items(field)):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{field}[{k}]", "must be a non-empty string")
            if allowed is not None and item not in allowed:
                raise self.fail(f"{field}[{k}]", f"is not a known slot: {item!r}")
            out.add(item)
        return frozenset(out)

    def languages(self) -> tuple[Language, ...]:
        out, seen = [], set()
        for k, item in enumerate(self.items("languages")):
            sub = _Record(item, self.label, prefix=f"{self.prefix}languages[{k}].")
            code = sub.text("code", pattern=LANGUAGE_CODE)
            if code in seen:
                raise sub.fail("code", f"lists {code!r} twice")
            seen.add(code)
            dialect = sub.text("dialect", optional=True, pattern=TOKEN)
            out.append(Language(code=code, dialect=dialect, first=sub.flag("first")))
        return tuple(out)


def _person(record: _Record) -> dict[str, Any]:
    record.text("id")
    return {
        "id": record.data["id"],
        "lat": record.number("lat", -90, 90),
        "lon": record.number("lon", -180, 180),
        "languages": record.languages(),
        "interests": record.tokens("interests"),
        "availability": record.tokens("availability", _SLOTS),
        "remote_ok": record.flag("remote_ok"),
        "gender": record.text("gender", optional=True),
        "wants_gender": record.text("wants_gender", optional=True),
    }


def _label(side: str, k: int, item: object) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f'{side}[{k}] (id "{item["id"]}")'
    return f"{side}[{k}]"


def match_input_from_json(data: object) -> MatchInput:
    """Validates a parsed JSON document of DESIGN.md's input shape and builds a `MatchInput`."""
    top = _Record(data, "input")
    newcomers, supporters = [], []
    for k, item in enumerate(top.items("newcomers")):
        record = _Record(item, _label("newcomers", k, item))
        fields = _person(record)
        fields["max_km"] = record.number("max_km", 0)
        fields["waiting_days"] = record.count("waiting_days")
        newcomers.append(Newcomer(**fields))
    for k, item in enumerate(top.items("supporters")):
        record = _Record(item, _label("supporters", k, item))
        fields = _person(record)
        fields["radius_km"] = record.number("radius_km", 0)
        fields["capacity"] = record.count("capacity")
        supporters.append(Supporter(**fields))
    for side, people in (("newcomers", newcomers), ("supporters", supporters)):
        seen: dict[str, int] = {}
        for k, p in enumerate(people):
            if p.id in seen:
                raise MatchInputError(
                    f'{side}[{k}] (id "{p.id}")', "id", f"repeats {side}[{seen[p.id]}]"
                )
            seen[p.id] = k
    newcomer_ids = {p.id for p in newcomers}
    supporter_ids = {p.id for p in supporters}
    exclude = set()
    raw = top.get("exclude", optional=True)
    if raw is not None and not isinstance(raw, list):
        raise MatchInputError("input", "exclude", "must be a list")
    for k, item in enumerate(raw or []):
        label = f"exclude[{k}]"
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise MatchInputError(label, None, "must be a [newcomer id, supporter id] pair")
        n, s = item
        if n not in newcomer_ids:
            raise MatchInputError(label, None, f'unknown newcomer id "{n}"')
        if s not in supporter_ids:
            raise MatchInputError(label, None, f'unknown supporter id "{s}"')
        exclude.add((n, s))
    return MatchInput(
        newcomers=tuple(newcomers), supporters=tuple(supporters), exclude=frozenset(exclude)
    )


def _language_json(lang: Language) -> dict[str, Any]:
    return {"code": lang.code, "dialect": lang.dialect, "first": lang.first}


def match_input_to_json(data: MatchInput) -> dict[str, Any]:
    """The DESIGN.md input shape of a `MatchInput` (sets as sorted lists)."""

    def person(p: Newcomer | Supporter) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": p.id,
            "lat": p.lat,
            "lon": p.lon,
            "languages": [_language_json(lang) for lang in p.languages],
            "interests": sorted(p.interests),
            "availability": [s for s in AVAILABILITY_SLOTS if s in p.availability],
        }
        if isinstance(p, Newcomer):
            out |= {"max_km": p.max_km, "remote_ok": p.remote_ok}
        else:
            out |= {"radius_km": p.radius_km, "remote_ok": p.remote_ok}
        out |= {"gender": p.gender, "wants_gender": p.wants_gender}
        if isinstance(p, Newcomer):
            out["waiting_days"] = p.waiting_days
        else:
            out["capacity"] = p.capacity
        return out

    return {
        "newcomers": [person(p) for p in data.newcomers],
        "supporters": [person(p) for p in data.supporters],
        "exclude": [list(pair) for pair in sorted(data.exclude)],
    }


def match_result_to_json(result: MatchResult) -> dict[str, Any]:
    """DESIGN.md's output shape: pairs, unmatched newcomer ids and the objective."""
    return {
        "pairs": [
            {
                "newcomer": p.newcomer,
                "supporter": p.supporter,
                "score": p.score,
                "distance_km": p.distance_km,
                "remote": p.remote,
                "reasons": list(p.reasons),
            }
            for p in result.pairs
        ],
        "unmatched": list(result.unmatched),
        "objective": result.objective,
    }
