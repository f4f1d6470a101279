"""Writes the reference data into the database. Migrations call it with historical models, so a
later migration can call it again after the lists here change."""

import numpy as np

from peers.reference.interests import INTERESTS
from peers.reference.languages import all_languages
from peers.reference.places import EXTRA_ALIASES, GazetteerPlace, districts, towns

NEAR_TOWN_MIN_POPULATION = 20_000


def sync_languages(apps) -> None:
    Language = apps.get_model("peers", "Language")
    Dialect = apps.get_model("peers", "Dialect")
    for position, data in enumerate(all_languages()):
        language, _created = Language.objects.update_or_create(
            code=data.code,
            defaults={
                "english_name": data.english_name,
                "autonym": data.autonym,
                "direction": data.direction,
                "position": position,
            },
        )
        for token, name in data.dialects:
            Dialect.objects.update_or_create(
                language=language, token=token, defaults={"english_name": str(name)}
            )


def sync_interests(apps) -> None:
    Interest = apps.get_model("peers", "Interest")
    for position, slug in enumerate(INTERESTS):
        Interest.objects.update_or_create(slug=slug, defaults={"position": position})


def _nearest_names(points: list[GazetteerPlace], towns: list[GazetteerPlace]) -> list[str]:
    """For each point, the name of the nearest town (haversine on the same sphere as geopy)."""
    lat1 = np.radians([p.latitude for p in points])[:, None]
    lon1 = np.radians([p.longitude for p in points])[:, None]
    lat2 = np.radians([t.latitude for t in towns])[None, :]
    lon2 = np.radians([t.longitude for t in towns])[None, :]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    nearest = np.argmin(h, axis=1)  # the haversine term grows with distance: no need for asin
    return [towns[index].name for index in nearest]


def sync_places(apps) -> None:
    Place = apps.get_model("peers", "Place")
    if not Place.objects.exists():
        # Loaded once; places are referenced by profiles and never rewritten here.
        town_list = list(towns())
        big_towns = [town for town in town_list if town.population >= NEAR_TOWN_MIN_POPULATION]
        district_list = list(districts())
        nearest = _nearest_names(district_list, big_towns)
        for district, near in zip(district_list, nearest, strict=True):
            district.near = near  # type: ignore[attr-defined]
        Place.objects.bulk_create(
            [
                Place(
                    kind=place.kind,
                    name=place.name,
                    region=place.region,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    population=place.population,
                    geonames_id=place.geonames_id,
                    near=getattr(place, "near", ""),
                )
                for place in [*town_list, *district_list]
            ],
            batch_size=1000,
        )
    sync_place_names(apps)


def sync_place_names(apps, schema_editor=None) -> None:
    """Adds every name the gazetteer knows for the places already loaded, keyed as
    normalise_place_name keys them today. Additive and idempotent, so a data migration can run
    it again whenever the normalisation learns something new (old keys stay harmless)."""
    Place = apps.get_model("peers", "Place")
    PlaceName = apps.get_model("peers", "PlaceName")
    town_ids = dict(
        Place.objects.filter(kind="town", geonames_id__isnull=False).values_list(
            "geonames_id", "pk"
        )
    )
    district_ids = dict(Place.objects.filter(kind="district").values_list("name", "pk"))
    # Several towns can share a name: a short alias means the most populous one.
    biggest_town = dict(
        Place.objects.filter(kind="town").order_by("population", "-pk").values_list("name", "pk")
    )
    names = []
    for town in towns():
        if pk := town_ids.get(town.geonames_id):
            names.extend(PlaceName(key=key, place_id=pk) for key in town.aliases)
    for district in districts():
        if pk := district_ids.get(district.name):
            names.extend(PlaceName(key=key, place_id=pk) for key in district.aliases)
    for alias, town_name in EXTRA_ALIASES.items():
        if pk := biggest_town.get(town_name):
            names.append(PlaceName(key=alias, place_id=pk))
    PlaceName.objects.bulk_create(names, batch_size=2000, ignore_conflicts=True)


def sync_reference_data(apps, schema_editor=None) -> None:
    sync_languages(apps)
    sync_interests(apps)
    sync_places(apps)
