"""Finding activities: one activity's page, the list's filters and order, query counts."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityDate, Cancellation, Organisation
from activities.schedule import LONDON
from tests.activities.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def detail_url(activity) -> str:
    return reverse("activities:activity-detail", args=[activity.pk])


def test_activity_detail_shows_what_a_newcomer_needs(client):
    activity = ActivityFactory(
        title="Women's cooking",
        food_provided=True,
        women_only=True,
        travel_reimbursed=True,
        step_free=True,
        languages=["ar", "ti"],
        interests=["cooking"],
    )

    response = client.get(detail_url(activity))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Women&#x27;s cooking",
        "Free",
        "Food provided",
        "Women only",
        "Travel costs paid back",
        "Step-free access",
        "No need to talk about problems",
        "Albert Park, by the café",
        activity.organisation.name,
        "01642 000000",
        "Tigrinya",
        "Every week: Saturday, 14:00–16:00",
    ):
        assert text in html, text


def test_activity_detail_marks_a_cancelled_session(client):
    today = datetime.datetime.now(LONDON).date()
    activity = ActivityFactory(weekdays=list(range(7)))
    cancelled_day = today + datetime.timedelta(days=2)
    Cancellation.objects.create(activity=activity, date=cancelled_day, note="Snow on the pitch")

    html = client.get(detail_url(activity)).content.decode()

    assert "Cancelled" in html and "Snow on the pitch" in html
    assert html.count("<del>") == 1


def test_activity_detail_lists_dated_sessions(client):
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    activity = ActivityFactory(schedule=Activity.Schedule.DATES, weekdays=[], starts_at=None)
    ActivityDate.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    html = client.get(detail_url(activity)).content.decode()

    assert "On particular dates" in html
    assert 'class="sessions"' in html


@pytest.mark.parametrize(
    ("activity_status", "organisation_status"),
    [
        (Activity.Status.PAUSED, Organisation.Status.VERIFIED),
        (Activity.Status.ENDED, Organisation.Status.VERIFIED),
        (Activity.Status.ACTIVE, Organisation.Status.PENDING),
        (Activity.Status.ACTIVE, Organisation.Status.REFUSED),
    ],
)
def test_activity_detail_is_404_when_not_visible(client, activity_status, organisation_status):
    activity = ActivityFactory(
        status=activity_status, organisation=OrganisationFactory(status=organisation_status)
    )

    assert client.get(detail_url(activity)).status_code == 404


# --- The list --------------------------------------------------------------------------------

LIST_URL = "/activities/"


def titles(response) -> list[str]:
    return [item["activity"].title for item in response.context["shown"]]


def test_activity_list_url_name():
    assert reverse("activities:activity-list") == LIST_URL


def test_activity_list_shows_only_visible_activities(client):
    ActivityFactory(title="Running football")
    ActivityFactory(title="Paused football", status=Activity.Status.PAUSED)
    ActivityFactory(title="Ended football", status=Activity.Status.ENDED)
    ActivityFactory(
        title="Unchecked football",
        organisation=OrganisationFactory(status=Organisation.Status.PENDING),
    )
    ActivityFactory(
        title="Refused football",
        organisation=OrganisationFactory(status=Organisation.Status.REFUSED),
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == ["Running football"]
    html = response.content.decode()
    assert "Paused football" not in html and "Unchecked football" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("free=on", {"Free one"}),
        ("women_only=on", {"Women's cooking"}),
        ("family_friendly=on", {"Family picnic"}),
        ("step_free=on", {"Family picnic"}),
        ("online=on", {"Online English"}),
        ("interest=cooking", {"Women's cooking"}),
        ("language=ti", {"Women's cooking"}),
        ("day=thu", {"Women's cooking"}),
        ("day=sat&part=pm", {"Free one"}),
        ("part=eve", {"Online English"}),
        ("day=sun", set()),
        ("town=Stockton-on-Tees&km=3", set()),
        ("town=Middlesbrough&km=5", {"Free one", "Women's cooking", "Family picnic"}),
        ("town=Darlington&km=30", {"Free one", "Women's cooking", "Family picnic"}),
        ("town=Darlington", set()),  # a town alone: about 10 km around it
        ("town=Stoke-on-Trent", {"Stoke walk"}),
    ],
)
def test_activity_list_filters(client, query, expected):
    ActivityFactory(title="Free one", cost_pence=0, languages=["en"], interests=["football"])
    ActivityFactory(
        title="Women's cooking",
        cost_pence=200,
        women_only=True,
        weekdays=[3],
        starts_at=datetime.time(13, 0),
        languages=["ar", "ti"],
        interests=["cooking"],
    )
    ActivityFactory(
        title="Family picnic",
        cost_pence=150,
        family_friendly=True,
        step_free=True,
        weekdays=[2],
        starts_at=datetime.time(10, 0),
        interests=["eating-together"],
    )
    ActivityFactory(
        title="Online English",
        cost_pence=100,
        online=True,
        place=None,
        weekdays=[0],
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(19, 0),
        interests=["english-practice"],
        languages=["en"],
    )
    from tests.peers.factories import place

    ActivityFactory(
        title="Stoke walk",
        cost_pence=50,
        place=place("Stoke-on-Trent"),
        interests=["walking"],
        weekdays=[4],
        starts_at=datetime.time(10, 0),
    )

    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert set(titles(response)) == expected, query


def test_activity_list_dated_sessions_count_for_day_filter(client):
    # A dated session on a Wednesday afternoon, London time.
    start = datetime.datetime.now(LONDON).replace(hour=14, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=(2 - start.weekday()) % 7 + 7)
    activity = ActivityFactory(
        title="Garden day", schedule=Activity.Schedule.DATES, weekdays=[], starts_at=None
    )
    ActivityDate.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    assert titles(client.get(f"{LIST_URL}?day=wed&part=pm")) == ["Garden day"]
    assert titles(client.get(f"{LIST_URL}?day=wed&part=am")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("km=abc", "whole number of km"),
        ("km=-3", "at least 1 km"),
        ("km=5000", "at most 200 km"),
        ("town=Nowhereville-on-Sea", "We could not find"),
        ("town=Middlesbrugh", "Did you mean Middlesbrough?"),
        ("day=someday", "Select a valid choice"),
        ("order=random", "Select a valid choice"),
        ("page=999", ""),
        ("km=5", "type a town or postcode"),
    ],
)
def test_activity_list_bad_values_give_a_message_not_an_error(client, query, message):
    ActivityFactory(title="Free one")

    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert titles(response) == ["Free one"]  # the bad filter is left out, the rest still work


def test_activity_list_paginates_twenty_a_page(client):
    organisation = OrganisationFactory()
    for number in range(25):
        ActivityFactory(organisation=organisation, title=f"Walk {number:02d}")

    first = client.get(LIST_URL)
    second = client.get(f"{LIST_URL}?page=2")

    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert "25 activities" in first.content.decode()


def many_activities(count: int, start: int = 1) -> None:
    """Activities of both schedules (every third on dates), some with a cancellation today."""
    for number in range(start, start + count):
        activity = ActivityFactory(
            title=f"Activity {number:02d}",
            schedule=Activity.Schedule.DATES if number % 3 == 0 else Activity.Schedule.WEEKLY,
        )
        if number % 3 == 0:
            start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=number % 7 + 1)
            ActivityDate.objects.create(
                activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
            )
        if number % 4 == 0:
            Cancellation.objects.create(
                activity=activity, date=datetime.datetime.now(LONDON).date()
            )


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?town=Middlesbrough&km=10&day=sat&free=on&language=ar", "?order=near"]
)
def test_activity_list_query_count_does_not_grow(client, django_assert_max_num_queries, query):
    many_activities(1)
    baseline = _count_queries(client, LIST_URL + query)
    many_activities(30, start=2)

    with django_assert_max_num_queries(baseline):
        client.get(LIST_URL + query)


def test_activity_list_for_you_query_count_does_not_grow(client, django_assert_max_num_queries):
    from tests.peers.factories import newcomer_ready

    user = newcomer_ready(languages=(("ar", "", True),), interests=["football"])
    client.force_login(user)
    many_activities(1)
    baseline = _count_queries(client, LIST_URL)
    many_activities(30, start=2)

    with django_assert_max_num_queries(baseline):
        response = client.get(LIST_URL)
    assert response.context["order"] == "for-you"


# --- For you ---------------------------------------------------------------------------------


def test_for_you_ranks_with_the_persons_parts_and_says_why(client):
    from tests.peers.factories import newcomer_ready, place

    selam = newcomer_ready(
        languages=(("ti", "", True), ("ar", "", False)),
        interests=["cooking", "walking"],
        availability=["thu-pm", "sat-pm"],
        max_km=3,
        remote_ok=True,
    )
    ActivityFactory(title="Football in English", languages=["en"], interests=["football"])
    ActivityFactory(
        title="Women's cooking",
        languages=["ar"],
        interests=["cooking"],
        weekdays=[3],
        starts_at=datetime.time(13, 0),
        women_only=True,
        food_provided=True,
    )
    ActivityFactory(title="Tigrinya walk", languages=["ti"], interests=["walking"], weekdays=[5])
    ActivityFactory(title="Far walk", languages=["ti"], place=place("Stoke-on-Trent"))
    ActivityFactory(
        title="Online chat", languages=["ti"], online=True, place=None, interests=["coffee-chat"]
    )
    client.force_login(selam)

    response = client.get(LIST_URL)

    order = titles(response)
    assert order[:3] == ["Tigrinya walk", "Women's cooking", "Online chat"]
    assert set(order[3:]) == {"Football in English", "Far walk"}  # not for her: after
    reasons = {i["activity"].title: i["reasons"] for i in response.context["shown"]}
    assert reasons["Women's cooking"][0].endswith("Arabic spoken")
    assert "less than 1 km" in reasons["Women's cooking"]
    assert "you like Cooking" in reasons["Women's cooking"]
    assert "Thursday afternoons — you're free then" in reasons["Women's cooking"]
    assert "Saturday afternoons — you're free then" in reasons["Tigrinya walk"]
    assert "online, from home" in reasons["Online chat"]
    assert reasons["Football in English"] == [] and reasons["Far walk"] == []


def test_for_you_reasons_in_the_persons_language(client):
    from tests.peers.factories import newcomer_ready

    selam = newcomer_ready(languages=(("ar", "", True),), interests=["football"])
    ActivityFactory(languages=["ar"])
    client.force_login(selam)
    client.cookies["django_language"] = "ar"

    response = client.get(LIST_URL, headers={"accept-language": "ar"})

    assert response.context["shown"][0]["reasons"]
    assert 'lang="ar"' in response.content.decode()


def test_for_you_needs_a_profile_otherwise_nearest_or_name(client):
    ActivityFactory(title="B walk")
    ActivityFactory(title="A walk")

    response = client.get(f"{LIST_URL}?order=for-you")

    assert response.context["order"] == "name"
    assert titles(response) == ["A walk", "B walk"]
    assert "add your town and languages" in response.content.decode()


def test_nearest_first_from_a_typed_town(client):
    from tests.peers.factories import place

    ActivityFactory(title="Stockton walk", place=place("Stockton-on-Tees"))
    ActivityFactory(title="Middlesbrough walk")

    response = client.get(f"{LIST_URL}?town=Stockton-on-Tees&km=20")

    assert response.context["order"] == "near"
    assert titles(response) == ["Stockton walk", "Middlesbrough walk"]
    assert "about 5 km away" in response.content.decode()
