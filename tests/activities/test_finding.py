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
