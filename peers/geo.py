"""Places and distances through geopy's interface, offline by default.

`OfflineGazetteer` is a geopy geocoder backed by our Place table (UK towns and postcode
districts): it never opens a socket. Deployments that allow it can set GEOCODER="nominatim";
`FallbackGeocoder` then asks Nominatim (with a timeout) and falls back to the offline gazetteer on
any failure. Whatever answers, a person's stored location is a Place, never an address.
"""

import difflib
import logging
from collections import defaultdict
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from geopy.distance import great_circle
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from peers.models import Place, PlaceName
from peers.reference.places import normalise_place_name, postcode_district

logger = logging.getLogger(__name__)
EARTH_RADIUS_KM = 6371.009  # geopy's great_circle radius, shared with the matcher


def _location(place: Place) -> Location:
    return Location(str(place), Point(place.latitude, place.longitude), {"place_id": place.pk})


def place_lookup(query: str) -> Place | None:
    """The place a person means by a town name or postcode (district), or None."""
    district = postcode_district(query)
    if district:
        place = Place.objects.filter(kind=Place.Kind.DISTRICT, name=district).first()
        if place:
            return place
    key = normalise_place_name(query)
    if not key:
        return None
    # Several towns can share a name: the most populous is the one people usually mean.
    name = (
        PlaceName.objects.filter(key=key)
        .select_related("place")
        .order_by("-place__population", "place__pk")
        .first()
    )
    return name.place if name else None


SUGGESTION_CUTOFF = 0.75  # difflib's ratio: one or two letters wrong in a town's name
SUGGESTION_MARGIN = 0.05  # only names about as close as the best one, not every near miss


@lru_cache(maxsize=1)
def _town_names_by_length() -> dict[int, dict[str, tuple[str, int]]]:
    """Every town's keys (in every script GeoNames has), by key length, each with the name and
    population of the most populous town it stands for. Read once per process: the gazetteer
    never changes once loaded, and a typo must not cost a query over thousands of rows."""
    rows = (
        PlaceName.objects.filter(place__kind=Place.Kind.TOWN)
        .order_by("place__population", "-place__pk")
        .values_list("key", "place__name", "place__population")
    )
    index: dict[int, dict[str, tuple[str, int]]] = defaultdict(dict)
    for key, name, population in rows.iterator(chunk_size=5000):
        index[len(key)][key] = (name, population)  # the most populous comes last and wins
    if not index:
        _town_names_by_length.cache_clear()  # no gazetteer loaded (yet): don't remember that
    return dict(index)


def place_suggestions(query: str, *, limit: int = 3) -> list[str]:
    """Town names closest to what a person typed, best first, for "Did you mean …?"."""
    key = normalise_place_name(query)
    if len(key) < 3 or postcode_district(query):
        return []
    # Only keys of about the same length can be close: a cheap filter before any ratio.
    spread = max(2, len(key) // 4)
    by_length = _town_names_by_length()
    # difflib.get_close_matches, but ties go to the bigger town ("Shefield": Sheffield, not
    # Shenfield), so the ratios are computed here.
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    scored: list[tuple[float, int, str]] = []
    for length in range(len(key) - spread, len(key) + spread + 1):
        for candidate, (name, population) in by_length.get(length, {}).items():
            matcher.set_seq1(candidate)
            if (
                matcher.real_quick_ratio() >= SUGGESTION_CUTOFF
                and matcher.quick_ratio() >= SUGGESTION_CUTOFF
                and (ratio := matcher.ratio()) >= SUGGESTION_CUTOFF
            ):
                scored.append((ratio, population, name))
    scored.sort(reverse=True)
    names: list[str] = []
    for ratio, _population, name in scored:
        if ratio < scored[0][0] - SUGGESTION_MARGIN or len(names) == limit:
            break
        if name not in names:
            names.append(name)
    return names


def place_nearest(latitude: float, longitude: float) -> Place | None:
    """The nearest town in the gazetteer to a point (used to turn a network answer into a
    Place, so an exact address is never kept)."""
    margin = 0.5  # degrees: plenty for the UK's density of towns over 1,000 people
    candidates = Place.objects.filter(
        kind=Place.Kind.TOWN,
        latitude__range=(latitude - margin, latitude + margin),
        longitude__range=(longitude - margin * 2, longitude + margin * 2),
    )
    point = (latitude, longitude)
    return min(
        candidates,
        key=lambda place: great_circle(point, (place.latitude, place.longitude)).km,
        default=None,
    )


class OfflineGazetteer(Geocoder):
    """geopy geocoder over the offline UK gazetteer."""

    def __init__(self) -> None:
        super().__init__(user_agent="common-ground-offline")

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        place = place_lookup(query)
        if place is None:
            return None
        return _location(place) if exactly_one else [_location(place)]

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        point = Point(query)
        place = place_nearest(point.latitude, point.longitude)
        if place is None:
            return None
        return _location(place) if exactly_one else [_location(place)]


class FallbackGeocoder:
    """Asks a network geocoder first and the offline gazetteer when it fails or finds nothing;
    either way the answer is a Place."""

    def __init__(self, network: Geocoder, offline: OfflineGazetteer | None = None) -> None:
        self.network = network
        self.offline = offline or OfflineGazetteer()

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        try:
            found = self.network.geocode(
                query, exactly_one=True, timeout=settings.GEOCODER_TIMEOUT, country_codes="gb"
            )
        except GeopyError:
            logger.warning("Network geocoder failed; using the offline gazetteer")
            found = None
        if found is not None:
            nearest = self.offline.reverse((found.latitude, found.longitude))
            if nearest is not None:
                return nearest if exactly_one else [nearest]
        return self.offline.geocode(query, exactly_one=exactly_one)


def geocoder() -> OfflineGazetteer | FallbackGeocoder:
    """The configured geocoder: offline unless settings.GEOCODER asks for Nominatim."""
    if settings.GEOCODER == "nominatim":
        return FallbackGeocoder(
            Nominatim(user_agent=settings.GEOCODER_USER_AGENT, timeout=settings.GEOCODER_TIMEOUT)
        )
    return OfflineGazetteer()


def place_find(query: str) -> Place | None:
    """Turns what a person typed into a stored Place, through the configured geocoder."""
    location = geocoder().geocode(query)
    if location is None:
        return None
    return Place.objects.filter(pk=location.raw["place_id"]).first()


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, as the matcher computes it."""
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def rounded_km(km: float) -> int:
    """Shown distances are rounded: to the km under 10 km, to 5 km beyond."""
    if km < 10:
        return max(1, round(km))
    return int(5 * round(km / 5))


def distance_label(km: float) -> str:
    """ "about 3 km": never precise enough to find where someone lives."""
    if km < 1:
        return _("less than 1 km away")
    return _("about %(km)s km away") % {"km": rounded_km(km)}
