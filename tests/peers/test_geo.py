"""Places and distances, offline: no socket may be opened except to our own database."""

import ipaddress
import socket

import pytest
from geopy.distance import great_circle
from geopy.exc import GeocoderTimedOut
from geopy.geocoders import Nominatim
from geopy.location import Location
from geopy.point import Point

from peers.geo import (
    FallbackGeocoder,
    OfflineGazetteer,
    distance_km,
    distance_label,
    geocoder,
    place_find,
    place_lookup,
    place_suggestions,
)
from peers.models import Place
from peers.reference.places import normalise_place_name


class NetworkCut(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Refuses every outgoing connection except to this machine (where the test database is)."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family == socket.AF_UNIX or ipaddress.ip_address(host).is_loopback:
            return real_connect(sock, address)
        raise NetworkCut(f"network access attempted: {address!r}")

    def refuse_lookup(*args, **kwargs):
        raise NetworkCut(f"DNS lookup attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)


def test_network_cut_really_refuses_outside_connections(no_network):
    with pytest.raises(NetworkCut):
        socket.create_connection(("nominatim.openstreetmap.org", 443), timeout=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "name", "region"),
    [
        ("Middlesbrough", "Middlesbrough", "England"),
        ("Stoke-on-Trent", "Stoke-on-Trent", "England"),
        ("Cardiff", "Cardiff", "Wales"),
        ("Wakefield", "Wakefield", "England"),
        ("Glasgow", "Glasgow", "Scotland"),
        ("Belfast", "Belfast", "Northern Ireland"),
        ("Swansea", "Swansea", "Wales"),
        ("Bradford", "Bradford", "England"),
        ("stoke", "Stoke-on-Trent", "England"),
        ("STOKE ON TRENT", "Stoke-on-Trent", "England"),
        ("  middlesbrough. ", "Middlesbrough", "England"),
        ("Hull", "Kingston upon Hull", "England"),
        ("St. Albans", "St Albans", "England"),
    ],
)
def test_offline_geocoding_finds_uk_towns(no_network, query, name, region):
    location = OfflineGazetteer().geocode(query)

    place = place_find(query)
    assert isinstance(location, Location)
    assert (place.name, place.region, place.kind) == (name, region, Place.Kind.TOWN)
    assert (location.latitude, location.longitude) == (place.latitude, place.longitude)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "district", "near"),
    [
        ("TS1", "TS1", "Middlesbrough"),
        ("ts1 4ab", "TS1", "Middlesbrough"),
        ("CF10", "CF10", "Cardiff"),
    ],
)
def test_offline_geocoding_recognises_postcode_districts(no_network, query, district, near):
    place = place_find(query)

    assert (place.kind, place.name, place.near) == (Place.Kind.DISTRICT, district, near)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["xyzzy nowhere", "", "   ", "12345", "<script>"])
def test_offline_geocoding_says_not_found_for_nonsense(no_network, query):
    assert OfflineGazetteer().geocode(query) is None
    assert place_find(query) is None


@pytest.mark.django_db
def test_offline_reverse_gives_the_nearest_town(no_network):
    middlesbrough = place_lookup("Middlesbrough")

    location = OfflineGazetteer().reverse((middlesbrough.latitude + 0.001, middlesbrough.longitude))

    assert location.raw["place_id"] == middlesbrough.pk


@pytest.mark.django_db
def test_geocoder_is_offline_by_default(settings, no_network):
    settings.GEOCODER = "offline"
    assert isinstance(geocoder(), OfflineGazetteer)


@pytest.mark.django_db
def test_network_geocoder_falls_back_to_offline_when_it_fails(settings, monkeypatch, no_network):
    settings.GEOCODER = "nominatim"
    calls = []

    def timed_out(self, query, **kwargs):
        calls.append(kwargs.get("timeout"))
        raise GeocoderTimedOut("too slow")

    monkeypatch.setattr(Nominatim, "geocode", timed_out)

    place = place_find("Wakefield")

    assert isinstance(geocoder(), FallbackGeocoder)
    assert calls == [settings.GEOCODER_TIMEOUT]
    assert place.name == "Wakefield"


@pytest.mark.django_db
def test_network_answer_is_stored_as_the_nearest_place_never_an_address(
    settings, monkeypatch, no_network
):
    settings.GEOCODER = "nominatim"
    swansea = place_lookup("Swansea")
    street = Location(
        "12 Some Street, Swansea",
        Point(swansea.latitude + 0.002, swansea.longitude - 0.002),
        {"display_name": "12 Some Street"},
    )
    monkeypatch.setattr(Nominatim, "geocode", lambda self, query, **kwargs: street)

    place = place_find("12 Some Street, Swansea")

    assert place == swansea
    assert "Street" not in str(place)


@pytest.mark.django_db
def test_distance_is_geopys_great_circle():
    middlesbrough, stoke = place_lookup("Middlesbrough"), place_lookup("Stoke")

    expected = great_circle(
        (middlesbrough.latitude, middlesbrough.longitude), (stoke.latitude, stoke.longitude)
    ).km

    assert distance_km(middlesbrough, stoke) == pytest.approx(expected)
    assert 170 < expected < 200


@pytest.mark.parametrize(
    ("km", "label"),
    [
        (0.0, "less than 1 km away"),
        (0.4, "less than 1 km away"),
        (1.2, "about 1 km away"),
        (2.6, "about 3 km away"),
        (9.4, "about 9 km away"),
        (12.4, "about 10 km away"),
        (13.0, "about 15 km away"),
        (186.2, "about 185 km away"),
    ],
)
def test_distance_label_is_rounded(km, label):
    assert distance_label(km) == label


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("ميدلزبره", "ميدلزبرة"),  # teh marbuta typed as heh
        ("ميدلزبورو", "میدلزبورو"),  # Arabic yeh for Persian yeh
        ("كارديف", "کاردیف"),  # Arabic kaf and yeh for Persian keheh and yeh
        ("مانشســتر", "مانشستر"),  # tatweel stretches a word, it is not a letter
        ("مَانْشِسْتَر", "مانشستر"),  # vowel marks
        ("لیور\u200cپول", "لیورپول"),  # a zero-width non-joiner inside a Persian word
        ("ＬＯＮＤＯＮ", "london"),  # full-width letters
    ],
)
def test_place_names_in_other_scripts_are_normalised_alike(typed, same_as):
    assert normalise_place_name(typed) == normalise_place_name(same_as)
    assert normalise_place_name(typed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("ميدلزبرة", "Middlesbrough"),  # Arabic, as GeoNames holds it
        ("ميدلزبره", "Middlesbrough"),  # ... typed with heh
        ("میدلزبورو", "Middlesbrough"),  # Persian
        ("ميدلزبورو", "Middlesbrough"),  # Persian name on an Arabic keyboard
        ("مانشستر", "Manchester"),
        ("منچستر", "Manchester"),
        ("لندن", "London"),
        ("برمينغهام", "Birmingham"),
        ("کاردیف", "Cardiff"),
        ("كارديف", "Cardiff"),
        ("Мідлсбро", "Middlesbrough"),  # Ukrainian
        ("Манчестер", "Manchester"),
        ("Лондон", "London"),
    ],
)
def test_place_lookup_accepts_names_in_other_scripts(no_network, query, name):
    place = place_lookup(query)

    assert place is not None
    assert (place.name, place.kind) == (name, Place.Kind.TOWN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Midlesbrough", "Middlesbrough"),
        ("middlesbourgh", "Middlesbrough"),
        ("Manchster", "Manchester"),
        ("Birmingam", "Birmingham"),
        ("Wakefeild", "Wakefield"),
        ("Stoke on Tren", "Stoke-on-Trent"),
        ("ميدلسبره", "Middlesbrough"),  # Arabic with a different spelling of the "s"
        ("مانشيستر", "Manchester"),
    ],
)
def test_place_suggestions_offer_the_closest_names_for_a_typo(no_network, query, first):
    suggestions = place_suggestions(query)

    assert suggestions[0] == first
    assert len(suggestions) == len(set(suggestions)) <= 3


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["xyzzy nowhere", "", "   ", "<script>", "TS99 9ZZ", "q"])
def test_place_suggestions_are_empty_for_nonsense(no_network, query):
    assert place_suggestions(query) == []


@pytest.mark.django_db
def test_place_suggestions_read_the_names_once(no_network, django_assert_max_num_queries):
    place_suggestions("Midlesbrough")

    with django_assert_max_num_queries(0):
        assert place_suggestions("Manchster")[0] == "Manchester"
