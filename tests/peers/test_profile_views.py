"""Profile pages: who may open them, what bad input does, and what other people can see."""

import pytest

from peers.models import NewcomerProfile, Profile
from peers.services import profile_about_update
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    applied_supporter,
    profile_for,
)

LOGIN, OK, FORBIDDEN, NOT_FOUND = "login", 200, 403, 404
SHARED_SECTIONS = [
    "/profile/",
    "/profile/about/",
    "/profile/place/",
    "/profile/languages/",
    "/profile/interests/",
]


def make_actor(actor: str, owner):
    return {
        "anonymous": lambda: None,
        "owner": lambda: owner,
        "other newcomer": lambda: NewcomerFactory(),
        "supporter": lambda: SupporterFactory(),
        "coordinator": lambda: CoordinatorFactory(),
    }[actor]()


TABLE = [
    *[
        (url, actor, expected)
        for url in SHARED_SECTIONS
        for actor, expected in [
            ("anonymous", LOGIN),
            ("owner", OK),
            ("other newcomer", OK),  # sees their own profile, never the owner's
            ("supporter", OK),
            ("coordinator", FORBIDDEN),  # no profile of their own; never others' profiles
        ]
    ],
    *[
        ("/profile/newcomer/", actor, expected)
        for actor, expected in [
            ("anonymous", LOGIN),
            ("owner", OK),
            ("other newcomer", OK),
            ("supporter", FORBIDDEN),
            ("coordinator", FORBIDDEN),
        ]
    ],
    *[
        (url, actor, expected)
        for url in ["/profile/supporter/", "/profile/training/"]
        for actor, expected in [
            ("anonymous", LOGIN),
            ("owner", FORBIDDEN),
            ("other newcomer", FORBIDDEN),
            ("supporter", OK),
            ("coordinator", FORBIDDEN),
        ]
    ],
    *[
        (url, actor, expected)
        for url in ["/coordinator/supporters/", "/coordinator/supporters/{application}/"]
        for actor, expected in [
            ("anonymous", LOGIN),
            ("owner", FORBIDDEN),
            ("other newcomer", FORBIDDEN),
            ("supporter", FORBIDDEN),
            ("coordinator", OK),
        ]
    ],
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "actor", "expected"), TABLE)
def test_profile_page_access(client, url, actor, expected):
    owner = NewcomerFactory(username="the-owner")
    profile_for(owner, display_name="Ownername", town="Middlesbrough")
    application = applied_supporter(username="applicant")
    user = make_actor(actor, owner)
    if user is not None:
        client.force_login(user)

    response = client.get(url.format(application=application.pk))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    html = response.content.decode()
    if actor == "owner" and url == "/profile/":
        assert "Ownername" in html
    elif actor != "owner":
        # Nobody but the owner ever sees the owner's name on these pages.
        assert "Ownername" not in html


@pytest.mark.django_db
def test_coordinator_review_of_unknown_supporter_is_404(client):
    client.force_login(CoordinatorFactory())

    assert client.get("/coordinator/supporters/999999/").status_code == NOT_FOUND


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/profile/about/", {"display_name": "<i>x</i>", "gender": ""}),
        ("/profile/place/", {"place": "Atlantis"}),
        (
            "/profile/languages/",
            {
                "language_0": "ar",
                "first_0": "on",
                "language_1": "fa",
                "first_1": "on",
                "language_2": "ps",
                "first_2": "on",
            },
        ),
        ("/profile/interests/", {"free_mon": ["mon-midnight"]}),
        ("/profile/newcomer/", {"max_km": "500"}),
    ],
)
def test_bad_input_saves_nothing(client, url, data):
    user = NewcomerFactory()
    profile_for(user, display_name="Before", town="Cardiff")
    before = Profile.objects.filter(user=user).values().get()
    before_languages = list(
        Profile.objects.get(user=user).languages.values_list("language", flat=True)
    )
    client.force_login(user)

    response = client.post(url, data)

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    after = Profile.objects.filter(user=user).values().get()
    assert after == before
    assert (
        list(Profile.objects.get(user=user).languages.values_list("language", flat=True))
        == before_languages
    )
    assert not NewcomerProfile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_sections_lead_one_to_the_next_then_to_the_overview(client):
    user = NewcomerFactory()
    client.force_login(user)

    steps = [
        ("/profile/about/", {"display_name": "Selam", "gender": "f"}, "/profile/place/"),
        ("/profile/place/", {"place": "Middlesbrough"}, "/profile/languages/"),
        ("/profile/languages/", {"language_0": "ti", "first_0": "on"}, "/profile/interests/"),
        (
            "/profile/interests/",
            {"interests": ["cooking"], "free_mon": ["mon-pm"]},
            "/profile/newcomer/",
        ),
        ("/profile/newcomer/", {"max_km": "3", "remote_ok": "on", "helps": ["talk"]}, "/profile/"),
    ]
    for url, data, next_url in steps:
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == next_url

    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.place.name, profile.availability) == (
        "Selam",
        "Middlesbrough",
        ["mon-pm"],
    )
    assert NewcomerProfile.objects.get(user=user).max_km == 3
    assert client.get("/newcomer/").context["next_section_url"] is None


@pytest.mark.django_db
def test_profile_overview_says_what_is_stored_and_who_sees_it(client):
    user = NewcomerFactory()
    profile_for(user, display_name="Selam", town="Middlesbrough")
    client.force_login(user)

    html = client.get("/profile/").content.decode()

    assert "What we keep and who can see it" in html
    assert "never keep your street address" in html
    assert "Selam" in html and "Middlesbrough" in html and "ትግርኛ" in html


@pytest.mark.django_db
def test_profile_overview_query_count_does_not_grow_with_data(
    client, django_assert_max_num_queries
):
    user = NewcomerFactory()
    profile_for(
        user,
        languages=(
            ("ti", "", True),
            ("ar", "sudanese", True),
            ("en", "", False),
            ("fa", "", False),
        ),
        interests=["cooking", "walking", "football", "music", "art"],
    )
    client.force_login(user)

    with django_assert_max_num_queries(16):
        assert client.get("/profile/").status_code == 200


@pytest.mark.django_db
def test_supporter_queue_query_count_does_not_grow(client, django_assert_max_num_queries):
    for index in range(12):
        applicant = applied_supporter(username=f"applicant{index}")
        profile_for(applicant.user)
    client.force_login(CoordinatorFactory())

    with django_assert_max_num_queries(10):
        response = client.get("/coordinator/supporters/")

    assert len(response.context["applications"]) == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data", "field", "value"),
    [
        (
            "/profile/newcomer/",
            {"max_km": "7", "wants_gender": "f", "helps": ["talk"]},
            "max_km",
            7,
        ),
        ("/profile/about/", {"display_name": "Selam", "gender": "f"}, "display_name", "Selam"),
        ("/profile/place/", {"place": "ts1 4ab"}, "place", "TS1"),
    ],
)
def test_a_saved_section_shows_its_answers_next_time(client, url, data, field, value):
    client.force_login(NewcomerFactory())
    client.post(url, data)

    form = client.get(url).context["form"]

    assert form.initial[field] == value


@pytest.mark.django_db
def test_supporter_sections_show_their_answers_next_time(client):
    application = applied_supporter()
    client.force_login(application.user)

    supporter_form = client.get("/profile/supporter/").context["form"]
    training_form = client.get("/profile/training/").context["form"]

    assert supporter_form.initial["capacity"] == 2
    assert training_form.initial["course"] == "Peer support level 2, Red Cross"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("maker", "url"), [("newcomer", "/newcomer/"), ("supporter", "/supporter/")]
)
def test_greeting_uses_the_name_the_person_gave_not_their_username(client, maker, url):
    from tests.peers.factories import NewcomerFactory, SupporterFactory

    maker_class = NewcomerFactory if maker == "newcomer" else SupporterFactory
    user = maker_class(username="amal_nc", first_name="")
    client.force_login(user)
    assert "Welcome, <bdi>amal_nc</bdi>" in client.get(url).content.decode()  # no name yet

    profile_about_update(user=user, display_name="Amal", gender="f")

    html = client.get(url).content.decode()
    assert "Welcome, <bdi>Amal</bdi>" in html
    assert "amal_nc" not in html


@pytest.mark.django_db
def test_place_typo_offers_one_tap_suggestions_that_save_without_javascript(client):
    user = NewcomerFactory()
    client.force_login(user)

    response = client.post("/profile/place/", {"place": "Midlesbrough"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "We could not find “Midlesbrough”. Did you mean Middlesbrough?" in html
    # A plain submit button in a form of its own: works with JavaScript off, and pressing Enter
    # in the field still sends what was typed, not the suggestion.
    assert (
        '<button type="submit" class="button-quiet" form="place-suggestion" name="place" '
        'value="Middlesbrough"' in html
    )
    assert '<form method="post" id="place-suggestion">' in html
    assert Profile.objects.filter(user=user, place__isnull=False).count() == 0

    response = client.post("/profile/place/", {"place": "Middlesbrough"})

    assert response.status_code == 302
    assert Profile.objects.get(user=user).place.name == "Middlesbrough"


@pytest.mark.django_db
def test_place_typo_with_several_close_towns_offers_each(client):
    client.force_login(NewcomerFactory())

    response = client.post("/profile/place/", {"place": "Shefield"})

    assert "Did you mean one of these?" in response.content.decode()
    assert response.context["form"].suggestions[:2] == ["Sheffield", "Shenfield"]


@pytest.mark.django_db
def test_place_with_no_close_name_says_what_to_try_instead(client):
    client.force_login(NewcomerFactory())

    response = client.post("/profile/place/", {"place": "Xyzzyville"})

    html = response.content.decode()
    assert "Try the nearest town or city" in html
    assert "place-suggestion" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ميدلزبره", "میدلزبورو", "Мідлсбро"])
def test_place_saved_from_a_name_in_another_script(client, typed):
    user = NewcomerFactory()
    client.force_login(user)

    response = client.post("/profile/place/", {"place": typed})

    assert response.status_code == 302
    assert Profile.objects.get(user=user).place.name == "Middlesbrough"
