# ruff: noqa: E501 - hand-laid-out data tables read better than wrapped ones
"""Six months of matching history for the demo, so the coordinators' dashboard has something
true to draw: weekly matching runs over a few hundred extra newcomers and supporters in the
North East and Stoke-on-Trent, each run solved by the real matcher over the people waiting
that week, and what became of every offer (accepted, declined, expired, withdrawn), of every
pairing (some ended) and of every request (matched after a realistic wait, cancelled, or
still waiting where no supporter speaks the language within reach).

Pure Python, no Django: `history_plan` returns plain records; `peers.demo_seed` writes them.
Deterministic for a given `now`: the same people and the same outcomes every time.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peers import matching
from peers.demo import INTEREST_POOL, NAMES, SLOT_POOL, DemoPerson
from peers.roles import Role

HISTORY_WEEKS = 26
HISTORY_NEWCOMERS = 360
NEWCOMER_PREFIX = "demo-newcomer-"
SUPPORTER_PREFIX = "demo-supporter-"
LONDON = ZoneInfo("Europe/London")
SEED = 1212

# Where the history's people live, weighted (the North East's dispersal towns and Stoke).
HISTORY_TOWNS = {
    "Middlesbrough": 20, "Stockton-on-Tees": 12, "Hartlepool": 12, "Sunderland": 16,
    "Newcastle upon Tyne": 20, "Stoke-on-Trent": 20,
}  # fmt: skip

# (code, weight, dialects) of the newcomers' first languages.
HISTORY_LANGUAGES = [
    ("ar", 28, ("sudanese", "iraqi", "levantine", "yemeni")), ("ku", 14, ("sorani", "kurmanji")),
    ("ti", 13, ()), ("fa", 10, ("iranian",)), ("prs", 9, ("kabuli", "hazaragi")),
    ("am", 7, ()), ("so", 7, ("maxaa",)), ("uk", 6, ()), ("om", 3, ()),
]  # fmt: skip

# Communities that settled together: an Eritrean one in Hartlepool, Somali families in Stoke,
# Ethiopians in Sunderland (extra weight for that first language in that town).
LANGUAGE_BOOST = {"Hartlepool": {"ti": 50}, "Stoke-on-Trent": {"so": 10}, "Sunderland": {"am": 8}}

# Supporters by first language and town. The gaps are on purpose, as in life: no Tigrinya or
# Amharic speaker in Hartlepool or Sunderland, no Somali speaker in Stoke, no Oromo anywhere.
SUPPORTER_COVER: dict[str, dict[str, int]] = {
    "ar": {"Middlesbrough": 7, "Stockton-on-Tees": 4, "Hartlepool": 4, "Sunderland": 6, "Newcastle upon Tyne": 7, "Stoke-on-Trent": 7},
    "ku": {"Middlesbrough": 3, "Sunderland": 4, "Newcastle upon Tyne": 4, "Stoke-on-Trent": 4},
    "ti": {"Middlesbrough": 4, "Stockton-on-Tees": 1, "Newcastle upon Tyne": 3, "Stoke-on-Trent": 3},
    "fa": {"Middlesbrough": 1, "Newcastle upon Tyne": 3, "Sunderland": 2, "Stoke-on-Trent": 4},
    "prs": {"Middlesbrough": 2, "Newcastle upon Tyne": 2, "Stoke-on-Trent": 4},
    "am": {"Middlesbrough": 2, "Newcastle upon Tyne": 1},
    "so": {"Newcastle upon Tyne": 3, "Middlesbrough": 2},
    "uk": {"Middlesbrough": 2, "Sunderland": 2, "Newcastle upon Tyne": 2, "Stoke-on-Trent": 1},
}  # fmt: skip
SUPPORTER_DIALECTS = {"ar": ("sudanese", "iraqi", "levantine", "egyptian"), "ku": ("sorani", "kurmanji"), "fa": ("iranian",), "prs": ("kabuli",)}  # fmt: skip

AWAY = 0.5  # the chance that a supporter with a free place is available in a given week
# What happens to an offer, as shares of all offers.
OUTCOMES = (("accepted", 60), ("declined", 16), ("expired", 14), ("withdrawn", 10))
END_REASONS = (
    "We met for three months and she feels settled now.",
    "He found work and has no time for now.",
    "My life got busy; we agreed to stop.",
    "They were moved to another town and wanted someone local.",
    "Not a good fit, we agreed politely.",
)


@dataclass
class PastRequest:
    username: str
    since: datetime
    status: str = "waiting"  # waiting, offered, matched, cancelled
    matched_at: datetime | None = None


@dataclass(frozen=True)
class PastRun:
    at: datetime
    seconds: float
    newcomers: int
    supporters: int
    offers_made: int
    objective: float
    waiting_reasons: list = field(default_factory=list)

    @property
    def finished_at(self) -> datetime:
        return self.at + timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class PastOffer:
    run: int  # index into History.runs
    newcomer: str
    supporter: str
    score: float
    distance_km: float | None
    remote: bool
    reasons: list
    status: str
    created_at: datetime
    expires_at: datetime
    decided_at: datetime


@dataclass(frozen=True)
class PastPairing:
    offer: int  # index into History.offers
    newcomer: str
    supporter: str
    remote: bool
    started_at: datetime
    ended_at: datetime | None = None
    ended_by: str = ""  # "newcomer" or "supporter"
    end_reason: str = ""


@dataclass
class History:
    people: list[DemoPerson]
    requests: dict[str, PastRequest]
    runs: list[PastRun] = field(default_factory=list)
    offers: list[PastOffer] = field(default_factory=list)
    pairings: list[PastPairing] = field(default_factory=list)


def history_people(newcomers: int = HISTORY_NEWCOMERS, seed: int = SEED) -> list[DemoPerson]:
    """The history's newcomers (most speak only their first language; few are happy to talk
    by phone, as data costs money) and its supporters, laid out by SUPPORTER_COVER."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    towns, town_weights = list(HISTORY_TOWNS), list(HISTORY_TOWNS.values())
    codes = [code for code, _w, _d in HISTORY_LANGUAGES]
    weights = {code: weight for code, weight, _d in HISTORY_LANGUAGES}
    dialects = {code: options for code, _w, options in HISTORY_LANGUAGES}
    people = []
    for number in range(1, newcomers + 1):
        gender = rng.choice(["f", "m", "f", "m", "x"])
        town = rng.choices(towns, town_weights)[0]
        boost = LANGUAGE_BOOST.get(town, {})
        code = rng.choices(codes, [weights[c] + boost.get(c, 0) for c in codes])[0]
        dialect = rng.choice(dialects[code]) if dialects[code] and rng.random() < 0.8 else ""
        languages = [(code, dialect, True)]
        if code == "ti" and rng.random() < 0.3:
            languages.append(("ar", "", False))
        if rng.random() < 0.15:
            languages.append(("en", "", False))
        people.append(
            DemoPerson(
                username=f"{NEWCOMER_PREFIX}{number:03d}",
                first_name=rng.choice(NAMES["f" if gender == "f" else "m"]),
                roles=(Role.NEWCOMER,),
                town=town,
                languages=tuple(languages),
                interests=tuple(rng.sample(INTEREST_POOL, rng.randint(1, 4))),
                availability=tuple(rng.sample(SLOT_POOL, rng.randint(2, 8))),
                gender=gender,
                wants_gender="f" if gender == "f" and rng.random() < 0.35 else "",
                max_km=rng.choice([2, 3, 5, 5, 8, 10]),
                remote_ok=rng.random() < 0.35,
                consents=("share_profile",),
            )
        )
    number = 0
    for code, cover in SUPPORTER_COVER.items():
        for town, count in cover.items():
            for _ in range(count):
                number += 1
                gender = rng.choice(["f", "m", "f"])
                options = SUPPORTER_DIALECTS.get(code, ())
                dialect = rng.choice(options) if options and rng.random() < 0.7 else ""
                people.append(
                    DemoPerson(
                        username=f"{SUPPORTER_PREFIX}{number:03d}",
                        first_name=rng.choice(NAMES[gender]),
                        roles=(Role.SUPPORTER,),
                        town=town,
                        languages=((code, dialect, True), ("en", "", False)),
                        interests=tuple(rng.sample(INTEREST_POOL, rng.randint(1, 4))),
                        availability=tuple(rng.sample(SLOT_POOL, rng.randint(3, 9))),
                        gender=gender,
                        max_km=rng.choice([5, 8, 10, 15]),
                        remote_ok=rng.random() < 0.5,
                        capacity=rng.choices([1, 2, 3, 4], [40, 40, 15, 5])[0],
                    )
                )
    return people


def _run_times(now: datetime, weeks: int) -> list[datetime]:
    """A run every Monday at 09:30, London time, over the last `weeks` weeks."""
    today = now.astimezone(LONDON).date()
    monday = today - timedelta(days=today.weekday() or 7)
    return [
        datetime.combine(monday - timedelta(weeks=back), datetime.min.time(), LONDON).replace(
            hour=9, minute=30
        )
        for back in range(weeks - 1, -1, -1)
    ]


def _matcher_languages(person: DemoPerson) -> tuple[matching.Language, ...]:
    return tuple(
        matching.Language(code=code, dialect=dialect or None, first=first)
        for code, dialect, first in person.languages
    )


def history_plan(
    *,
    places: Mapping[str, tuple[float, float]],
    now: datetime,
    newcomers: int = HISTORY_NEWCOMERS,
    weeks: int = HISTORY_WEEKS,
    offer_hours: int = 72,
    weights: matching.Weights = matching.DEFAULT_WEIGHTS,
    seed: int = SEED,
) -> History:
    """Weekly runs of the real matcher over the history's people: who was waiting that week,
    who had a free place, and what each offer came to. `places`: town -> (lat, lon)."""
    rng = random.Random(seed + 1)  # noqa: S311 - demo data, not security
    people = history_people(newcomers, seed)
    by_name = {person.username: person for person in people}
    runs_at = _run_times(now, weeks)
    start, latest = runs_at[0] - timedelta(days=10), now - timedelta(days=2)
    span = (latest - start).total_seconds()
    requests = {}
    for person in people:
        if Role.NEWCOMER in person.roles:
            # More people arrive as the months go on (a square root spreads them that way).
            share = rng.random() ** 0.9
            when = start + timedelta(seconds=span * share)
            requests[person.username] = PastRequest(person.username, when.replace(microsecond=0))
    history = History(people=people, requests=requests)
    supporters = [p for p in people if Role.SUPPORTER in p.roles]
    busy: dict[str, list[datetime | None]] = {s.username: [] for s in supporters}
    exclude: set[tuple[str, str]] = set()
    names = [outcome for outcome, _w in OUTCOMES]
    shares = [weight for _o, weight in OUTCOMES]
    for run_at in runs_at:
        for username, ends in busy.items():
            busy[username] = [end for end in ends if end is None or end > run_at]
        waiting = [
            by_name[r.username]
            for r in requests.values()
            if r.status == "waiting" and r.since <= run_at
        ]
        # Supporters pause for holidays, exams and busy weeks: about half take part in a run.
        free = [(s, s.capacity - len(busy[s.username])) for s in supporters if rng.random() < AWAY]
        data = matching.MatchInput(
            newcomers=[
                matching.Newcomer(
                    id=n.username,
                    lat=places[n.town][0],
                    lon=places[n.town][1],
                    languages=_matcher_languages(n),
                    interests=frozenset(n.interests),
                    availability=frozenset(n.availability),
                    max_km=n.max_km,
                    remote_ok=n.remote_ok,
                    gender=n.gender or None,
                    wants_gender=n.wants_gender or None,
                    waiting_days=(run_at - requests[n.username].since).days,
                )
                for n in waiting
            ],
            supporters=[
                matching.Supporter(
                    id=s.username,
                    lat=places[s.town][0],
                    lon=places[s.town][1],
                    languages=_matcher_languages(s),
                    interests=frozenset(s.interests),
                    availability=frozenset(s.availability),
                    radius_km=s.max_km,
                    remote_ok=s.remote_ok,
                    gender=s.gender or None,
                    capacity=room,
                )
                for s, room in free
                if room > 0
            ],
            exclude=frozenset(pair for pair in exclude if pair[0] in {n.username for n in waiting}),
        )
        result = matching.match(data, weights=weights)
        towns = {n.username: n.town for n in waiting}
        summary = matching.waiting_summary(data, list(result.unmatched), towns)
        run_index = len(history.runs)
        history.runs.append(
            PastRun(
                at=run_at,
                seconds=round(0.35 + 0.004 * len(waiting) + rng.random() * 0.3, 2),
                newcomers=len(waiting),
                supporters=len(data.supporters),
                offers_made=len(result.pairs),
                objective=result.objective,
                waiting_reasons=summary,
            )
        )
        for pair in result.pairs:
            _offer_decide(
                history,
                pair,
                run_index,
                run_at,
                busy,
                exclude,
                rng,
                names,
                shares,
                offer_hours,
                now,
            )
    return history


def _offer_decide(
    history: History,
    pair: matching.Pair,
    run_index: int,
    run_at: datetime,
    busy: dict[str, list[datetime | None]],
    exclude: set[tuple[str, str]],
    rng: random.Random,
    names: list[str],
    shares: list[int],
    offer_hours: int,
    now: datetime,
) -> None:
    """What the supporter did with one offer, and what followed from it."""
    created = run_at + timedelta(seconds=40 + rng.random() * 60)
    expires = created + timedelta(hours=offer_hours)
    outcome = rng.choices(names, shares)[0]
    if outcome == "expired":
        decided = expires
    else:
        decided = created + timedelta(hours=1 + rng.random() * (offer_hours - 12))
    request = history.requests[pair.newcomer]
    history.offers.append(
        PastOffer(
            run=run_index,
            newcomer=pair.newcomer,
            supporter=pair.supporter,
            score=pair.score,
            distance_km=None if pair.remote else pair.distance_km,
            remote=pair.remote,
            reasons=[reason.as_json() for reason in pair.parts],
            status=outcome,
            created_at=created,
            expires_at=expires,
            decided_at=decided,
        )
    )
    if outcome == "accepted":
        request.status, request.matched_at = "matched", decided
        ended_at = None
        if rng.random() < 0.45:
            ends = decided + timedelta(days=rng.randint(21, 100))
            ended_at = ends if ends < now - timedelta(days=1) else None
        history.pairings.append(
            PastPairing(
                offer=len(history.offers) - 1,
                newcomer=pair.newcomer,
                supporter=pair.supporter,
                remote=pair.remote,
                started_at=decided,
                ended_at=ended_at,
                ended_by=rng.choice(["newcomer", "supporter"]) if ended_at else "",
                end_reason=rng.choice(END_REASONS) if ended_at else "",
            )
        )
        busy[pair.supporter].append(ended_at)
    elif outcome == "declined":
        exclude.add((pair.newcomer, pair.supporter))
    elif outcome == "withdrawn" and rng.random() < 0.5:
        # The newcomer said they no longer needed a supporter (the other half: the
        # supporter paused, and the newcomer went back to the queue, place kept).
        request.status = "cancelled"
