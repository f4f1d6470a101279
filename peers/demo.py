# ruff: noqa: E501 - hand-laid-out data tables read better than wrapped ones
"""Demo people for `make demo`: illustrative, drawn from the journeys in shared/JOURNEYS.md,
plus a few hundred generated newcomers and supporters in dispersal towns with realistic
language mixes. Everything is deterministic, so running the seed twice changes nothing.
"""

import random
from dataclasses import dataclass, field

from peers.roles import Role

DEMO_PASSWORD = "common-ground-demo"  # noqa: S105 - printed for demo logins on purpose
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo coordinator only
GENERATED_NEWCOMERS = 300
GENERATED_SUPPORTERS = 100
SEED = 2026


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    roles: tuple[Role, ...]
    town: str
    email: str = ""
    languages: tuple[tuple[str, str, bool], ...] = (("en", "", True),)
    interests: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    gender: str = ""
    wants_gender: str = ""
    max_km: int = 5
    remote_ok: bool = True
    capacity: int = 2
    supporter_status: str = "active"  # for supporters: active, applied or paused
    consents: tuple[str, ...] = field(default=())


N, S, C = Role.NEWCOMER, Role.SUPPORTER, Role.COORDINATOR
WEEKDAY_AFTERNOONS = ("mon-pm", "tue-pm", "wed-pm", "thu-pm", "fri-pm")

DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("priya", "Priya", (C,), "Middlesbrough", "priya@example.org"),
    DemoPerson(
        "selam", "Selam", (N,), "Middlesbrough",
        languages=(("ti", "", True), ("ar", "sudanese", False)),
        interests=("cooking", "walking"), availability=WEEKDAY_AFTERNOONS,
        gender="f", wants_gender="f", max_km=3, consents=("share_profile",),
    ),
    DemoPerson(
        "yonas", "Yonas", (N,), "Middlesbrough",
        languages=(("ti", "", True), ("am", "", False)), interests=("football", "computers"),
        availability=("sat-pm", "sun-pm"), gender="m", max_km=10,
    ),
    DemoPerson(
        "amina", "Amina", (N,), "Stoke-on-Trent",
        languages=(("so", "maxaa", True), ("en", "", False)), interests=("sewing", "parenting"),
        availability=("mon-am", "wed-am"), gender="f", wants_gender="f",
    ),
    DemoPerson(
        "reza", "Reza", (N,), "Stoke-on-Trent", "reza@example.org",
        languages=(("fa", "iranian", True),), interests=("chess-games", "english-practice"),
        availability=("tue-eve", "thu-eve"), gender="m",
    ),
    DemoPerson(
        "farid", "Farid", (N,), "Wakefield", languages=(("ps", "southern", True), ("prs", "", True)),
        interests=("cricket",), availability=("sat-am",), gender="m", max_km=8,
    ),
    DemoPerson(
        "hawre", "Hawre", (N,), "Bradford", languages=(("ku", "sorani", True), ("ar", "iraqi", False)),
        interests=("football", "music"), availability=("fri-pm", "sat-pm"), gender="m",
    ),
    DemoPerson(
        "olena", "Olena", (N,), "Bradford", "olena@example.org",
        languages=(("uk", "", True), ("ru", "", False)), interests=("art", "volunteering"),
        availability=("mon-eve",), gender="f",
    ),
    DemoPerson(
        "mariam", "Mariam", (N,), "Cardiff", languages=(("ar", "sudanese", True),),
        interests=("cooking", "faith-culture"), availability=WEEKDAY_AFTERNOONS, gender="f",
    ),
    DemoPerson("abdi", "Abdi", (N,), "Cardiff", languages=(("so", "maay", True),), gender="m"),
    DemoPerson("nasrin", "Nasrin", (N,), "Glasgow", languages=(("ku", "kurmanji", True),), gender="f"),
    DemoPerson("samir", "Samir", (N,), "Swansea", languages=(("ar", "levantine", True),), gender="m"),
    DemoPerson("tigist", "Tigist", (N,), "Belfast", languages=(("am", "", True),), gender="f"),
    DemoPerson(
        "hanna", "Hanna", (S,), "Middlesbrough", "hanna@example.org",
        languages=(("ti", "", True), ("en", "", False), ("ar", "sudanese", False)),
        interests=("cooking", "walking", "faith-culture"), availability=WEEKDAY_AFTERNOONS,
        gender="f", max_km=5, capacity=2,
    ),
    DemoPerson(
        "dawit", "Dawit", (S,), "Middlesbrough", languages=(("ti", "", True), ("en", "", False)),
        interests=("football",), availability=("sat-pm",), gender="m", capacity=1,
        supporter_status="applied",
    ),
    DemoPerson(
        "leila", "Leila", (S,), "Stoke-on-Trent", "leila@example.org",
        languages=(("fa", "iranian", True), ("en", "", False)), gender="f", capacity=3,
    ),
    DemoPerson(
        "omar", "Omar", (S, N), "Wakefield", languages=(("ps", "northern", True), ("en", "", False)),
        gender="m", capacity=1,
    ),
    DemoPerson(
        "zana", "Zana", (S,), "Bradford", "zana@example.org",
        languages=(("ku", "sorani", True), ("en", "", False)), gender="m", capacity=2,
    ),
    DemoPerson(
        "iryna", "Iryna", (S,), "Bradford", languages=(("uk", "", True), ("en", "", False)),
        gender="f", supporter_status="paused",
    ),
    DemoPerson(
        "fatima", "Fatima", (S,), "Cardiff", "fatima@example.org",
        languages=(("ar", "sudanese", True), ("en", "", False)), gender="f", capacity=3,
    ),
    DemoPerson(
        "kamal", "Kamal", (S,), "Glasgow", languages=(("ku", "kurmanji", True), ("en", "", False)),
        gender="m",
    ),
)  # fmt: skip

# Dispersal areas, weighted roughly by how many people are housed there.
TOWNS = {
    "Middlesbrough": 6, "Stoke-on-Trent": 6, "Wakefield": 4, "Bradford": 5, "Cardiff": 6,
    "Swansea": 4, "Glasgow": 9, "Belfast": 3, "Liverpool": 7, "Manchester": 7, "Birmingham": 8,
    "Leeds": 5, "Sheffield": 5, "Newcastle upon Tyne": 5, "Sunderland": 3, "Kingston upon Hull": 4,
    "Bolton": 3, "Rochdale": 3, "Derby": 3, "Leicester": 4, "Coventry": 4, "Wolverhampton": 3,
    "Newport": 3, "Plymouth": 2, "Hartlepool": 2, "Stockton-on-Tees": 2,
}  # fmt: skip

# (code, weight, dialects) for first languages of people seeking asylum in the UK.
FIRST_LANGUAGES = [
    ("ar", 20, ["sudanese", "levantine", "iraqi", "yemeni", "egyptian", "maghrebi"]),
    ("fa", 9, ["iranian"]), ("prs", 6, ["kabuli", "hazaragi"]), ("ps", 6, ["northern", "southern"]),
    ("ku", 9, ["sorani", "kurmanji", "badini"]), ("ti", 9, []), ("am", 3, []), ("om", 2, []),
    ("so", 4, ["maxaa", "maay"]), ("sq", 6, ["gheg", "tosk"]), ("ur", 4, []), ("bn", 2, ["sylheti"]),
    ("ta", 2, ["sri-lankan"]), ("vi", 4, []), ("zh", 2, ["mandarin", "fujianese"]), ("uk", 4, []),
    ("tr", 2, []), ("fr", 3, ["african"]), ("ln", 1, []), ("sw", 1, ["congolese"]), ("ka", 1, []),
    ("pa", 1, []), ("hi", 1, []), ("ne", 1, []), ("es", 1, ["latin-american"]),
]  # fmt: skip
SECOND_LANGUAGES = {"ar": ["en", "fr"], "ti": ["ar", "am", "en"], "prs": ["fa", "ps"],
                    "ps": ["prs", "ur"], "ku": ["ar", "fa", "tr"], "so": ["ar", "en"],
                    "uk": ["ru", "en"], "om": ["am"], "fr": ["ln", "en"]}  # fmt: skip
INTEREST_POOL = ["football", "walking", "cooking", "english-practice", "faith-culture", "music",
                 "gardening", "computers", "sewing", "cricket", "art", "volunteering", "parenting",
                 "running", "coffee-chat", "chess-games", "reading", "films"]  # fmt: skip
SLOT_POOL = [f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
             for part in ("am", "pm", "eve")]  # fmt: skip
NAMES = {
    "f": ["Aisha", "Hiba", "Saba", "Meron", "Ruta", "Zahra", "Maryam", "Nour", "Leyla", "Shirin",
          "Fatuma", "Hodan", "Luljeta", "Linh", "Mei", "Oksana", "Halima", "Samira", "Parwin",
          "Helen", "Awet", "Asmara", "Rahel", "Soraya", "Gulalai", "Kejsi", "Mira", "Dalia"],
    "m": ["Ahmed", "Mohammed", "Ali", "Yusuf", "Omar", "Hassan", "Dawit", "Biniam", "Ahmad",
          "Karwan", "Rebin", "Arash", "Hamid", "Abdullah", "Ibrahim", "Mahmoud", "Tesfay",
          "Kidane", "Rustam", "Endrit", "Minh", "Wei", "Taras", "Emre", "Jean", "Patrice"],
}  # fmt: skip


def _language_mix(rng: random.Random, *, supporter: bool) -> tuple[tuple[str, str, bool], ...]:
    codes = [code for code, _weight, _dialects in FIRST_LANGUAGES]
    weights = [weight for _code, weight, _dialects in FIRST_LANGUAGES]
    code = rng.choices(codes, weights)[0]
    dialects = dict((c, d) for c, _w, d in FIRST_LANGUAGES)[code]
    dialect = rng.choice(dialects) if dialects and rng.random() < 0.7 else ""
    languages = [(code, dialect, True)]
    for second in SECOND_LANGUAGES.get(code, []):
        if rng.random() < 0.35:
            languages.append((second, "", False))
    # Supporters are mostly settled: nearly all speak English too.
    if (
        (supporter or rng.random() < 0.4)
        and code != "en"
        and "en" not in {c for c, _d, _f in languages}
    ):
        languages.append(("en", "", False))
    return tuple(languages)


def generated_people(
    newcomers: int = GENERATED_NEWCOMERS, supporters: int = GENERATED_SUPPORTERS
) -> list[DemoPerson]:
    """A few hundred people in dispersal towns, the same every time."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    towns, town_weights = list(TOWNS), list(TOWNS.values())
    people = []
    for index in range(newcomers + supporters):
        supporter = index >= newcomers
        gender = rng.choice(["f", "m", "f", "m", "x"]) if not supporter else rng.choice(["f", "m"])
        first_name = rng.choice(NAMES["f" if gender == "f" else "m"])
        number = index - newcomers + 1 if supporter else index + 1
        status = rng.choices(["active", "applied", "paused"], [85, 10, 5])[0]
        people.append(
            DemoPerson(
                username=f"{'supporter' if supporter else 'newcomer'}-{number:03d}",
                first_name=first_name,
                roles=(S,) if supporter else (N,),
                town=rng.choices(towns, town_weights)[0],
                languages=_language_mix(rng, supporter=supporter),
                interests=tuple(rng.sample(INTEREST_POOL, rng.randint(1, 4))),
                availability=tuple(rng.sample(SLOT_POOL, rng.randint(2, 8))),
                gender=gender,
                wants_gender=("f" if gender == "f" and rng.random() < 0.4 else ""),
                max_km=rng.choice([2, 3, 5, 5, 8, 10, 15]),
                remote_ok=rng.random() < (0.6 if supporter else 0.5),
                capacity=rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0],
                supporter_status=status,
                consents=("share_profile",) if rng.random() < 0.7 else (),
            )
        )
    return people
