"""Realistic synthetic UK instances with fixed seeds, for the benchmark and for tests.

Newcomers cluster around asylum-dispersal towns (a few km of spread); supporters live in the
same towns, a little more spread out, a few in between. Languages follow a skew like the
UK's asylum intake, with dialects where they matter; many people also list some English.
"""

from __future__ import annotations

import numpy as np

from .model import AVAILABILITY_SLOTS, Language, MatchInput, Newcomer, Supporter

TOWNS: tuple[tuple[str, float, float, float], ...] = (
    # name, latitude, longitude, share of dispersal accommodation (relative)
    ("Glasgow", 55.8642, -4.2518, 9.0),
    ("Birmingham", 52.4862, -1.8904, 7.0),
    ("Liverpool", 53.4084, -2.9916, 6.0),
    ("Manchester", 53.4808, -2.2426, 6.0),
    ("London", 51.5072, -0.1276, 6.0),
    ("Leeds", 53.8008, -1.5491, 4.0),
    ("Bradford", 53.7960, -1.7594, 3.0),
    ("Sheffield", 53.3811, -1.4701, 3.5),
    ("Newcastle upon Tyne", 54.9783, -1.6178, 3.5),
    ("Cardiff", 51.4816, -3.1791, 3.5),
    ("Middlesbrough", 54.5742, -1.2350, 3.0),
    ("Stockton-on-Tees", 54.5700, -1.3187, 2.0),
    ("Sunderland", 54.9069, -1.3838, 2.0),
    ("Kingston upon Hull", 53.7676, -0.3274, 2.5),
    ("Stoke-on-Trent", 53.0027, -2.1794, 2.5),
    ("Wolverhampton", 52.5870, -2.1288, 2.0),
    ("Coventry", 52.4068, -1.5197, 2.5),
    ("Leicester", 52.6369, -1.1398, 2.5),
    ("Nottingham", 52.9548, -1.1581, 2.5),
    ("Derby", 52.9225, -1.4746, 2.0),
    ("Bolton", 53.5769, -2.4282, 2.0),
    ("Rochdale", 53.6097, -2.1561, 1.5),
    ("Oldham", 53.5409, -2.1114, 1.5),
    ("Huddersfield", 53.6458, -1.7850, 1.5),
    ("Swansea", 51.6214, -3.9436, 2.0),
    ("Newport", 51.5842, -2.9977, 1.5),
    ("Belfast", 54.5973, -5.9301, 2.5),
    ("Plymouth", 50.3755, -4.1427, 1.5),
    ("Southampton", 50.9097, -1.4044, 1.5),
    ("Peterborough", 52.5695, -0.2405, 1.5),
    ("Bristol", 51.4545, -2.5879, 2.0),
)

LANGUAGES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    # code, share of newcomers' first languages (relative), dialects people may give
    ("ar", 16.0, ("sudanese", "syrian", "iraqi", "egyptian", "libyan", "yemeni")),
    ("fa", 11.0, ("iranian", "afghan")),
    ("ckb", 8.0, ("sulaimani", "hewleri")),
    ("ps", 7.0, ("kandahari", "yousafzai")),
    ("ti", 7.0, ("eritrean", "tigrayan")),
    ("sq", 6.0, ("gheg", "tosk")),
    ("uk", 5.0, ()),
    ("ur", 4.0, ()),
    ("vi", 4.0, ("northern", "southern")),
    ("am", 3.0, ()),
    ("so", 3.0, ("maay", "maxaa")),
    ("tr", 3.0, ()),
    ("bn", 3.0, ("sylheti", "standard")),
    ("kmr", 3.0, ()),
    ("fr", 2.5, ()),
    ("ru", 2.0, ()),
    ("ta", 2.0, ("sri-lankan", "indian")),
    ("om", 2.0, ()),
    ("zh", 1.5, ("mandarin", "cantonese")),
    ("pa", 1.0, ()),
    ("hi", 1.0, ()),
    ("ln", 1.0, ()),
    ("es", 0.8, ()),
    ("pt", 0.7, ()),
    ("sw", 0.5, ()),
)

INTERESTS = (
    "football", "cooking", "walking", "music", "art", "faith", "gardening", "cricket",
    "english-practice", "volunteering", "sewing", "gym", "cycling", "reading", "chess",
    "basketball", "running", "computers", "crafts", "films",
)  # fmt: skip

SIZES: dict[str, tuple[int, int]] = {
    "small": (200, 60),
    "medium": (5_000, 1_000),
    "large": (50_000, 10_000),
}


def _places(rng: np.random.Generator, count: int, spread_km: float, stray: float):
    towns = np.array([(lat, lon) for _, lat, lon, _ in TOWNS])
    share = np.array([w for *_, w in TOWNS])
    at = rng.choice(len(TOWNS), size=count, p=share / share.sum())
    north = rng.normal(0.0, spread_km, count) / 111.2
    east = rng.normal(0.0, spread_km, count) / (111.2 * np.cos(np.radians(towns[at, 0])))
    lat, lon = towns[at, 0] + north, towns[at, 1] + east
    # A few people live away from any town.
    away = rng.random(count) < stray
    lat[away] = rng.uniform(50.5, 55.5, away.sum())
    lon[away] = rng.uniform(-4.5, 0.5, away.sum())
    return lat, lon


def _languages(rng: np.random.Generator, count: int, *, supporter: bool):
    """Each person's languages: a first language by the skew (or English for the supporters
    who grew up with it), sometimes a second one, often some English."""
    share = np.array([w for _, w, _ in LANGUAGES])
    first = rng.choice(len(LANGUAGES), size=count, p=share / share.sum())
    second = rng.choice(len(LANGUAGES), size=count, p=share / share.sum())
    has_second = (rng.random(count) < (0.2 if supporter else 0.25)) & (second != first)
    native_english = rng.random(count) < (0.3 if supporter else 0.0)
    english = native_english | (rng.random(count) < (0.95 if supporter else 0.3))
    gives_dialect = rng.random((count, 2)) < 0.6
    dialect_pick = rng.integers(0, 1 << 30, size=(count, 2))

    def lang(k: int, row: int, slot: int, is_first: bool) -> Language:
        code, _, dialects = LANGUAGES[k]
        dialect = None
        if dialects and gives_dialect[row, slot]:
            dialect = dialects[dialect_pick[row, slot] % len(dialects)]
        return Language(code=code, dialect=dialect, first=is_first)

    out = []
    for row in range(count):
        langs = [] if native_english[row] else [lang(first[row], row, 0, True)]
        if has_second[row]:
            langs.append(lang(second[row], row, 1, bool(native_english[row])))
        if english[row]:
            langs.append(Language(code="en", first=bool(native_english[row])))
        out.append(tuple(langs))
    return out


def _tokens(rng: np.random.Generator, pool: tuple[str, ...], count: int, most: int):
    """Up to `most` distinct tokens from the pool for each of `count` people."""
    sizes = rng.integers(0, most + 1, size=count)
    keys = rng.random((count, len(pool))).argsort(axis=1)[:, :most]
    return [frozenset(pool[k] for k in keys[row, : sizes[row]]) for row in range(count)]


def _genders(rng: np.random.Generator, count: int, want_f: float, want_m: float):
    r = rng.random(count)
    gender = np.where(r < 0.05, None, np.where(r < 0.45, "f", "m"))
    wants = rng.random(count) < np.where(gender == "f", want_f, want_m)
    wanted = np.where(wants & (gender != None), gender, None)  # noqa: E711 - elementwise
    return gender.tolist(), wanted.tolist()


def generate(newcomers: int, supporters: int, seed: int = 2024) -> MatchInput:
    """A synthetic national instance; the same arguments always give the same instance."""
    rng = np.random.default_rng(seed)
    n_lat, n_lon = _places(rng, newcomers, 3.0, 0.02)
    s_lat, s_lon = _places(rng, supporters, 5.0, 0.08)
    n_lang = _languages(rng, newcomers, supporter=False)
    s_lang = _languages(rng, supporters, supporter=True)
    n_int, s_int = _tokens(rng, INTERESTS, newcomers, 4), _tokens(rng, INTERESTS, supporters, 4)
    n_av = _tokens(rng, AVAILABILITY_SLOTS, newcomers, 8)
    s_av = _tokens(rng, AVAILABILITY_SLOTS, supporters, 8)
    n_gender, n_wants = _genders(rng, newcomers, 0.4, 0.1)
    s_gender, s_wants = _genders(rng, supporters, 0.1, 0.1)
    max_km = rng.choice([3, 5, 8, 10, 15, 20], size=newcomers, p=[0.1, 0.25, 0.2, 0.25, 0.12, 0.08])
    radius = rng.choice([5, 10, 15, 20, 30], size=supporters, p=[0.15, 0.3, 0.25, 0.2, 0.1])
    n_remote = rng.random(newcomers) < 0.2
    s_remote = rng.random(supporters) < 0.3
    waiting = rng.exponential(35.0, size=newcomers).astype(int)
    capacity = rng.choice([1, 2, 3, 4, 5], size=supporters, p=[0.35, 0.3, 0.2, 0.1, 0.05])
    people_n = tuple(
        Newcomer(
            id=f"n{k + 1}",
            lat=round(float(n_lat[k]), 5),
            lon=round(float(n_lon[k]), 5),
            languages=n_lang[k],
            interests=n_int[k],
            availability=n_av[k],
            max_km=float(max_km[k]),
            remote_ok=bool(n_remote[k]),
            gender=n_gender[k],
            wants_gender=n_wants[k],
            waiting_days=int(waiting[k]),
        )
        for k in range(newcomers)
    )
    people_s = tuple(
        Supporter(
            id=f"s{k + 1}",
            lat=round(float(s_lat[k]), 5),
            lon=round(float(s_lon[k]), 5),
            languages=s_lang[k],
            interests=s_int[k],
            availability=s_av[k],
            radius_km=float(radius[k]),
            remote_ok=bool(s_remote[k]),
            gender=s_gender[k],
            wants_gender=s_wants[k],
            capacity=int(capacity[k]),
        )
        for k in range(supporters)
    )
    exclude: set[tuple[str, str]] = set()
    if newcomers and supporters:
        # About 1% of newcomers declined or blocked someone before.
        who = rng.integers(0, newcomers, newcomers // 100)
        whom = rng.integers(0, supporters, newcomers // 100)
        exclude = {(f"n{a + 1}", f"s{b + 1}") for a, b in zip(who, whom, strict=True)}
    return MatchInput(newcomers=people_n, supporters=people_s, exclude=frozenset(exclude))
