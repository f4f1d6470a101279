"""Why a pair was chosen, in short human sentences that can be translated later.

A pair's reasons are first built as `Reason(key, params)` values (store these with an offer),
then rendered with a `Translator`. The rendering calls `translator.gettext("…")` and
`translator.ngettext("…", "…", n)` on literal strings, so Django's `makemessages` collects
them into the catalogs; pass Django's `gettext`/`ngettext` and a language-name lookup to get
them in the reader's language. No reason ever reveals a location: only a rounded distance.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .model import Newcomer, Pair, Reason, ScoreParts, Supporter

REASON_MIN_WAIT_DAYS = 14
"""Waiting time is mentioned once it is at least this long."""
MAX_INTERESTS_SHOWN = 3


def _identity(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, number: int) -> str:
    return singular if number == 1 else plural


@dataclass(frozen=True)
class Translator:
    """Injectable text functions: gettext/ngettext like Django's, and name lookups for
    language codes and interest tokens (defaults: English messages, codes as names)."""

    gettext: Callable[[str], str] = _identity
    ngettext: Callable[[str, str, int], str] = _english_plural
    language_name: Callable[[str], str] = _identity
    interest_name: Callable[[str], str] = _identity
    dialect_name: Callable[[str, str], str] = lambda language, dialect: dialect


ENGLISH = Translator()


def rounded_km(d: float) -> int | None:
    """Distance as shown to people: None under 1 km, the nearest km under 10 km, else the
    nearest 5 km (halves round up)."""
    if d < 1.0:
        return None
    if d < 10.0:
        return max(1, math.floor(d + 0.5))
    return 5 * math.floor(d / 5.0 + 0.5)


_REMOTE, _NEAR, _AVAILABILITY = Reason("remote"), Reason("near"), Reason("availability")


def reason_parts(n: Newcomer, s: Supporter, parts: ScoreParts) -> tuple[Reason, ...]:
    """The reasons for an allowed pair, from its score parts, best-known first."""
    reasons = []
    mine = next(lang for lang in n.languages if lang.code == parts.language)
    theirs = next(lang for lang in s.languages if lang.code == parts.language)
    if mine.dialect and mine.dialect == theirs.dialect:
        reasons.append(
            Reason("language_dialect", (("language", parts.language), ("dialect", mine.dialect)))
        )
    else:
        reasons.append(Reason("language", (("language", parts.language),)))
    if parts.remote:
        reasons.append(_REMOTE)
    else:
        km = rounded_km(parts.distance_km)
        reasons.append(_NEAR if km is None else Reason("distance", (("km", km),)))
    shared = sorted(n.interests & s.interests)[:MAX_INTERESTS_SHOWN]
    if shared:
        reasons.append(Reason("interests", (("interests", tuple(shared)),)))
    if parts.avail > 0:
        reasons.append(_AVAILABILITY)
    if n.waiting_days >= REASON_MIN_WAIT_DAYS:
        reasons.append(Reason("waiting", (("days", int(n.waiting_days)),)))
    return tuple(reasons)


def reason_text(reason: Reason, translator: Translator = ENGLISH) -> str:
    """One reason as a sentence in the translator's language."""
    gettext, ngettext = translator.gettext, translator.ngettext
    p = dict(reason.params)
    match reason.key:
        case "language":
            return gettext("You both speak %(language)s") % {
                "language": translator.language_name(str(p["language"]))
            }
        case "language_dialect":
            return gettext("You both speak %(language)s (%(dialect)s)") % {
                "language": translator.language_name(str(p["language"])),
                "dialect": translator.dialect_name(str(p["language"]), str(p["dialect"])),
            }
        case "near":
            return gettext("Less than 1 km apart")
        case "distance":
            return gettext("About %(km)s km apart") % {"km": p["km"]}
        case "remote":
            return gettext("Remote support (by chat)")
        case "interests":
            names = [translator.interest_name(str(t)) for t in p["interests"]]  # type: ignore[union-attr]
            return gettext("Both enjoy %(interests)s") % {"interests": ", ".join(names)}
        case "availability":
            return gettext("Free at the same times")
        case "waiting":
            days = int(p["days"])
            return ngettext(
                "Has been waiting %(days)s day", "Has been waiting %(days)s days", days
            ) % {"days": days}
    raise ValueError(f"unknown reason {reason.key!r}")


def reasons_render(
    reasons: tuple[Reason, ...],
    translator: Translator = ENGLISH,
    cache: dict[Reason, str] | None = None,
) -> tuple[str, ...]:
    """All reasons of a pair as sentences (`cache` reuses sentences across many pairs)."""
    if cache is None:
        return tuple(reason_text(r, translator) for r in reasons)
    out = []
    for r in reasons:
        text = cache.get(r)
        if text is None:
            text = cache[r] = reason_text(r, translator)
        out.append(text)
    return tuple(out)


def pair_explain(
    n: Newcomer,
    s: Supporter,
    parts: ScoreParts,
    translator: Translator = ENGLISH,
    cache: dict[Reason, str] | None = None,
) -> Pair:
    """A `Pair` with its score, distance and reasons rendered by the translator."""
    reasons = reason_parts(n, s, parts)
    return Pair(
        newcomer=n.id,
        supporter=s.id,
        score=parts.score,
        distance_km=parts.distance_km,
        remote=parts.remote,
        reasons=reasons_render(reasons, translator, cache),
        parts=reasons,
    )
