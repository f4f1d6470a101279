"""Why people are still waiting after a run, in aggregate, for coordinators."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .candidates import gender_ok as gender_ok_rows
from .candidates import in_range
from .encoding import SupporterIndex
from .model import MatchInput, Newcomer, Supporter
from .scoring import distance_km, gender_ok

Reason = tuple[str, tuple]


def _first_language(n: Newcomer) -> str:
    return next((lang.code for lang in n.languages if lang.first), n.languages[0].code)


def waiting_reason(n: Newcomer, supporters: list[Supporter]) -> tuple[str, tuple]:
    """The first hard rule that keeps this newcomer unmatched, as a key and parameters:
    nobody speaks their language; nobody who does is in reach; none fits their gender wish;
    or everyone who fits was taken by people waiting longer or scoring higher."""
    language = _first_language(n)
    codes = {lang.code for lang in n.languages}
    speakers = [s for s in supporters if codes & {lang.code for lang in s.languages}]
    if not speakers:
        return "no_speaker", (("language", language),)
    reachable = [
        s
        for s in speakers
        if (n.remote_ok and s.remote_ok) or distance_km(n, s) <= min(n.max_km, s.radius_km)
    ]
    if not reachable:
        return "no_speaker_within", (("language", language), ("km", int(n.max_km)))
    if not any(gender_ok(n, s) for s in reachable):
        return "no_gender_match", (("language", language),)
    return "all_taken", (("language", language),)


def waiting_reasons(data: MatchInput, unmatched: list[str]) -> dict[str, Reason]:
    """`waiting_reason` for many newcomers at once, on arrays: per newcomer, only the
    supporters who speak one of their languages are looked at (a national run leaves tens of
    thousands waiting; comparing each with every supporter in Python would take minutes)."""
    newcomers = {n.id: n for n in data.newcomers}
    waiting = [newcomers[newcomer_id] for newcomer_id in unmatched]
    if not waiting:
        return {}
    # Every supporter counts here, full or not: "all taken" is the answer for a full one.
    index = SupporterIndex([replace_capacity(s) for s in data.supporters])
    sp, nc = index.people, index.encode_newcomers(waiting)
    reasons: dict[str, Reason] = {}
    for row, newcomer in enumerate(waiting):
        language = (("language", _first_language(newcomer)),)
        spoken = any_reach = False
        # Language by language, stopping at the first supporter who fits every hard rule:
        # most people waiting have one, and the union of speakers is never built.
        for code in {int(code) for code in nc.lang_code[row] if code >= 0}:
            if code not in sp.by_lang:
                continue
            spoken, rows = True, sp.by_lang[code][0]
            i = np.full(len(rows), row, dtype=np.int64)
            near, _km = in_range(nc, sp, i, rows, ((sp.xyz[rows] - nc.xyz[row]) ** 2).sum(axis=1))
            reach = near | (nc.remote[row] & sp.remote[rows])
            if reach.any():
                any_reach = True
                if gender_ok_rows(nc, sp, i[reach], rows[reach]).any():
                    reasons[newcomer.id] = ("all_taken", language)
                    break
        else:
            if not spoken:
                reasons[newcomer.id] = ("no_speaker", language)
            elif not any_reach:
                km = (("km", int(newcomer.max_km)),)
                reasons[newcomer.id] = ("no_speaker_within", (*language, *km))
            else:
                reasons[newcomer.id] = ("no_gender_match", language)
    return reasons


def replace_capacity(supporter: Supporter) -> Supporter:
    """The supporter with room for one, so the index lists them under their languages."""
    return supporter if supporter.capacity > 0 else replace(supporter, capacity=1)


def waiting_summary(
    data: MatchInput,
    unmatched: list[str],
    towns: Mapping[str, str],
    reasons: Mapping[str, Reason] | None = None,
) -> list[dict[str, object]]:
    """Counts of unmatched newcomers by reason and town, largest first (JSON-ready)."""
    if reasons is None:
        reasons = waiting_reasons(data, unmatched)
    counts: Counter = Counter()
    for newcomer_id in unmatched:
        key, params = reasons[newcomer_id]
        counts[(key, params + (("town", towns.get(newcomer_id, "")),))] += 1
    return [
        {"key": key, "params": dict(params), "count": count}
        for (key, params), count in counts.most_common()
    ]
