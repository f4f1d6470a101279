"""The printable town directory: public, verified only, grouped by kind, no personal data."""

import pytest
from django.urls import reverse

from activities.models import Activity, Organisation
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.peers.factories import newcomer_ready, place

pytestmark = pytest.mark.django_db


def directory_url(town: str) -> str:
    return reverse("activities:directory", kwargs={"key": place(town).pk})


def test_directory_lists_verified_groups_and_running_activities_by_kind(client):
    football = OrganisationFactory(name="Middlesbrough Welcome FC", kind="sports")
    ActivityFactory(organisation=football, title="Saturday football", cost_pence=0)
    women = OrganisationFactory(
        name="Women Together", kind="women", public_contact="Call 01642 111111"
    )
    ActivityFactory(
        organisation=women,
        title="Cooking together",
        women_only=True,
        food_provided=True,
        cost_pence=150,
        weekdays=[3],
    )
    ActivityFactory(
        organisation=women, title="Online chat", online=True, place=None, languages=["ti"]
    )

    response = client.get(directory_url("Middlesbrough"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [g.kind for g in response.context["groups"]] == ["sports", "women"]
    for text in (
        "Middlesbrough Welcome FC",
        "Saturday football",
        "Sports club",
        "Women&#x27;s group",
        "Cooking together",
        "Every week: Thursday, 14:00–16:00",
        "£1.50",
        "Women only",
        "Food provided",
        "Call 01642 111111",
        "Online chat",
    ):
        assert text in html, text


def test_directory_hides_unverified_paused_and_ended(client):
    OrganisationFactory(name="Pending group", status=Organisation.Status.PENDING)
    ActivityFactory(
        title="Pending football",
        organisation=OrganisationFactory(status=Organisation.Status.PENDING),
    )
    OrganisationFactory(name="Refused group", status=Organisation.Status.REFUSED)
    ActivityFactory(title="Paused walk", status=Activity.Status.PAUSED)
    ActivityFactory(title="Ended walk", status=Activity.Status.ENDED)

    html = client.get(directory_url("Middlesbrough")).content.decode()

    for hidden in ("Pending group", "Pending football", "Refused group", "Paused walk", "Ended"):
        assert hidden not in html, hidden


def test_directory_is_for_one_town(client):
    ActivityFactory(title="Stoke walk", place=place("Stoke-on-Trent"))
    OrganisationFactory(name="Stoke group", towns=["Stoke-on-Trent"])
    OrganisationFactory(name="Teesside group")

    html = client.get(directory_url("Middlesbrough")).content.decode()

    assert "Teesside group" in html
    assert "Stoke walk" not in html and "Stoke group" not in html


def test_directory_shows_no_personal_data(client):
    organisation = OrganisationFactory()
    organiser = organiser_of(organisation)
    ActivityFactory(organisation=organisation)
    selam = newcomer_ready(display_name="Selam")
    from activities.models import Participation

    for activity in Activity.objects.all():
        Participation.objects.create(activity=activity, user=selam, status="joined")

    html = client.get(directory_url("Middlesbrough")).content.decode()

    for private in (organiser.username, selam.username, "Selam"):
        assert private not in html


def test_directory_is_public_and_print_friendly(client):
    ActivityFactory()

    response = client.get(directory_url("Middlesbrough"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html  # hidden by the print rules, not removed
    assert "Printed from Common Ground" in html


def test_directory_print_rules_hide_navigation_and_footer():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    printed = css[css.index("@media print") :]
    assert ".site-header" in printed and ".site-footer" in printed
    assert "size: A4" in css


def test_directory_by_town_name_redirects_to_the_place(client):
    response = client.get("/places/middlesbrough/directory/")

    assert response.status_code == 302
    assert response.url == directory_url("Middlesbrough")


def test_directory_of_an_unknown_place_is_404(client):
    assert client.get("/places/nowhere-on-sea/directory/").status_code == 404
    assert client.get("/places/999999999/directory/").status_code == 404


def test_directory_pick_sends_to_the_town(client):
    response = client.get(reverse("activities:directory-pick"), {"town": "Stockton-on-Tees"})

    assert response.status_code == 302
    assert response.url == directory_url("Stockton-on-Tees")


def test_directory_pick_says_when_a_town_is_unknown(client):
    response = client.get(reverse("activities:directory-pick"), {"town": "Middlesbrugh"})

    assert response.status_code == 200
    assert "Did you mean Middlesbrough?" in response.content.decode()


def test_directory_query_count_does_not_grow(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ActivityFactory()
    with CaptureQueriesContext(connection) as first:
        client.get(directory_url("Middlesbrough"))
    for kind in ("sports", "women", "faith", "esol"):
        organisation = OrganisationFactory(kind=kind)
        for _ in range(5):
            ActivityFactory(organisation=organisation)

    with django_assert_max_num_queries(len(first)):
        client.get(directory_url("Middlesbrough"))
