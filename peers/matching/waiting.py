"""Why people are still waiting after a run, in aggregate, for coordinators."""

from collections import Counter
from collections.abc import Mapping

from .model import MatchInput, Newcomer, Supporter
from .scoring import distance_km, gender_ok


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


def waiting_summary(
    data: MatchInput, unmatched: list[str], towns: Mapping[str, str]
) -> list[dict[str, object]]:
    """Counts of unmatched newcomers by reason and town, largest first (JSON-ready)."""
    newcomers = {n.id: n for n in data.newcomers}
    supporters = list(data.supporters)
    counts: Counter = Counter()
    for newcomer_id in unmatched:
        key, params = waiting_reason(newcomers[newcomer_id], supporters)
        counts[(key, params + (("town", towns.get(newcomer_id, "")),))] += 1
    return [
        {"key": key, "params": dict(params), "count": count}
        for (key, params), count in counts.most_common()
    ]
