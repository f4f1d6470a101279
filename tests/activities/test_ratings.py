"""Rating a session after it happened: who may rate which session, once; the forms on
"My activities" and the activity page; what organisers see (an average and comments from
three ratings on, never who rated)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityDate, Cancellation, Participation, SessionRating
from activities.schedule import LONDON
from activities.selectors.ratings import activity_rating_summary
from activities.services.ratings import session_rate
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.peers.factories import NewcomerFactory, UserFactory

pytestmark = pytest.mark.django_db

# Monday 16 March 2026, 10:00 in London. The factory's football is on Saturdays, 2–4 pm.
NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
LAST_SATURDAY = datetime.date(2026, 3, 14)
SATURDAY_BEFORE = datetime.date(2026, 3, 7)
TOO_OLD = datetime.date(2026, 2, 28)  # 16 days before NOW
NEXT_SATURDAY = datetime.date(2026, 3, 21)
LONG_AGO = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=LONDON)


def joiner(activity, user=None, *, status: str = "joined"):
    """A person who joined well before the sessions being rated."""
    user = user or NewcomerFactory()
    participation = Participation.objects.create(activity=activity, user=user, status=status)
    Participation.objects.filter(pk=participation.pk).update(created_at=LONG_AGO)
    return user


@pytest.fixture
def frozen(monkeypatch):
    """The pages' clock at NOW."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def rate_url(activity, day: datetime.date) -> str:
    return reverse("activities:session-rate", args=[activity.pk, day.isoformat()])


# --- The service ----------------------------------------------------------------------------


def test_session_rate_a_joiner_rates_a_past_session():
    activity = ActivityFactory()
    person = joiner(activity)

    rating = session_rate(
        user=person,
        activity=activity,
        session_date=LAST_SATURDAY,
        rating=4,
        comment="  Lovely game  ",
        now=NOW,
    )

    assert (rating.rating, rating.comment, rating.session_date) == (4, "Lovely game", LAST_SATURDAY)
    assert rating.participation.user == person


def test_session_rate_a_dated_session():
    activity = ActivityFactory(schedule="dates", weekdays=[], starts_at=None, ends_at=None)
    ActivityDate.objects.create(
        activity=activity,
        starts_at=datetime.datetime(2026, 3, 12, 18, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2026, 3, 12, 20, 0, tzinfo=LONDON),
    )
    person = joiner(activity)

    session_rate(
        user=person,
        activity=activity,
        session_date=datetime.date(2026, 3, 12),
        rating=5,
        now=NOW,
    )

    with pytest.raises(ValidationError) as refused:
        session_rate(
            user=person,
            activity=activity,
            session_date=datetime.date(2026, 3, 13),
            rating=5,
            now=NOW,
        )
    assert refused.value.code == "no_session"


@pytest.mark.parametrize(
    ("status", "code"),
    [("waiting", "not_joined"), ("left", "not_joined"), (None, "not_joined")],
)
def test_session_rate_refuses_who_had_not_joined(status, code):
    activity = ActivityFactory()
    person = NewcomerFactory()
    if status:
        joiner(activity, person, status=status)
    joiner(ActivityFactory(), person)  # joined something else

    with pytest.raises(ValidationError) as refused:
        session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=4, now=NOW)

    assert refused.value.code == code
    assert not SessionRating.objects.exists()


@pytest.mark.parametrize(
    ("day", "when", "code"),
    [
        (NEXT_SATURDAY, NOW, "not_ended"),
        (LAST_SATURDAY, datetime.datetime(2026, 3, 14, 15, 0, tzinfo=LONDON), "not_ended"),
        (TOO_OLD, NOW, "too_old"),
        (datetime.date(2026, 3, 13), NOW, "no_session"),  # a Friday: no football
        (SATURDAY_BEFORE, NOW, "cancelled"),
    ],
)
def test_session_rate_refuses_sessions_that_cannot_be_rated(day, when, code):
    activity = ActivityFactory()
    Cancellation.objects.create(activity=activity, date=SATURDAY_BEFORE)
    person = joiner(activity)

    with pytest.raises(ValidationError) as refused:
        session_rate(user=person, activity=activity, session_date=day, rating=4, now=when)

    assert refused.value.code == code
    assert not SessionRating.objects.exists()


def test_session_rate_refuses_a_session_from_before_the_person_joined():
    activity = ActivityFactory()
    person = NewcomerFactory()
    Participation.objects.create(activity=activity, user=person, status="joined")
    Participation.objects.update(created_at=datetime.datetime(2026, 3, 15, tzinfo=LONDON))

    with pytest.raises(ValidationError) as refused:
        session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=4, now=NOW)
    assert refused.value.code == "joined_later"


@pytest.mark.parametrize("value", [0, 6, "lovely", -1])
def test_session_rate_refuses_a_rating_outside_one_to_five(value):
    activity = ActivityFactory()
    person = joiner(activity)

    with pytest.raises(ValidationError) as refused:
        session_rate(
            user=person, activity=activity, session_date=LAST_SATURDAY, rating=value, now=NOW
        )

    assert "rating" in refused.value.message_dict
    assert not SessionRating.objects.exists()


def test_session_rate_twice_is_refused_and_the_first_rating_stands():
    activity = ActivityFactory()
    person = joiner(activity)
    session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=2, now=NOW)

    with pytest.raises(ValidationError) as refused:
        session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=5, now=NOW)

    assert refused.value.messages == ["You have already rated this session. Thank you!"]
    assert list(SessionRating.objects.values_list("rating", flat=True)) == [2]


def test_session_rate_another_session_is_fine():
    activity = ActivityFactory()
    person = joiner(activity)
    session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=2, now=NOW)
    session_rate(user=person, activity=activity, session_date=SATURDAY_BEFORE, rating=3, now=NOW)
    assert SessionRating.objects.count() == 2


# --- The pages a person who joined sees -----------------------------------------------------


def test_my_activities_offers_recent_sessions_not_yet_rated(client, frozen):
    activity = ActivityFactory(title="Saturday football")
    person = joiner(activity)
    session_rate(user=person, activity=activity, session_date=SATURDAY_BEFORE, rating=3)
    client.force_login(person)

    html = client.get(reverse("activities:participation-list")).content.decode()

    assert rate_url(activity, LAST_SATURDAY) in html
    assert rate_url(activity, SATURDAY_BEFORE) not in html  # rated already
    assert rate_url(activity, TOO_OLD) not in html
    for label in ("Not good", "Not great", "OK", "Good", "Very good"):
        assert f"{label}</label>" in html
    assert 'type="radio" name="rating" value="1"' in html


def test_my_activities_offers_nothing_to_someone_waiting(client, frozen):
    activity = ActivityFactory()
    person = joiner(activity, status="waiting")
    client.force_login(person)

    html = client.get(reverse("activities:participation-list")).content.decode()

    assert "/rate/" not in html


def test_activity_page_offers_the_form_to_a_joiner_only(client, frozen):
    activity = ActivityFactory()
    person = joiner(activity)
    url = reverse("activities:activity-detail", args=[activity.pk])

    client.force_login(person)
    assert rate_url(activity, LAST_SATURDAY) in client.get(url).content.decode()

    client.force_login(NewcomerFactory())
    assert "/rate/" not in client.get(url).content.decode()


def test_rating_page_rates_without_javascript_and_says_thank_you(client, frozen):
    activity = ActivityFactory()
    person = joiner(activity)
    client.force_login(person)
    back = reverse("activities:participation-list")

    response = client.post(
        rate_url(activity, LAST_SATURDAY),
        {"rating": "5", "comment": "Great fun", "next": back},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == back
    assert "Thank you for telling us how it was." in response.content.decode()
    assert SessionRating.objects.get().rating == 5
    assert rate_url(activity, LAST_SATURDAY) not in response.content.decode()


def test_rating_page_does_not_follow_next_to_another_site(client, frozen):
    activity = ActivityFactory()
    client.force_login(joiner(activity))

    response = client.post(
        rate_url(activity, LAST_SATURDAY), {"rating": "3", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("activities:participation-list")


@pytest.mark.parametrize("value", ["0", "6", "lovely", ""])
def test_rating_page_refuses_a_bad_rating_with_a_message(client, frozen, value):
    activity = ActivityFactory()
    client.force_login(joiner(activity))

    response = client.post(rate_url(activity, LAST_SATURDAY), {"rating": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html or "Please choose how the session was." in html
    assert not SessionRating.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (NEXT_SATURDAY, "You can rate this session once it has ended."),
        (TOO_OLD, "Sessions can be rated for two weeks after they happen."),
        (SATURDAY_BEFORE, "This session was called off, so there is nothing to rate."),
    ],
)
def test_rating_page_refuses_a_session_with_a_message(client, frozen, day, message):
    activity = ActivityFactory()
    Cancellation.objects.create(activity=activity, date=SATURDAY_BEFORE)
    client.force_login(joiner(activity))

    shown = client.get(rate_url(activity, day))
    sent = client.post(rate_url(activity, day), {"rating": "4"})

    assert message in shown.content.decode() and 'name="rating"' not in shown.content.decode()
    assert sent.status_code == 400 and message in sent.content.decode()
    assert not SessionRating.objects.exists()


def test_rating_page_refuses_someone_who_did_not_join(client, frozen):
    activity = ActivityFactory()
    joiner(activity)
    client.force_login(NewcomerFactory())

    response = client.post(rate_url(activity, LAST_SATURDAY), {"rating": "4"})

    assert response.status_code == 400
    assert "Only people who joined this activity can rate its sessions." in (
        response.content.decode()
    )
    assert not SessionRating.objects.exists()


@pytest.mark.parametrize("group", ["pending", "refused"])
def test_rating_page_shows_an_unchecked_groups_activity_to_nobody_else(client, frozen, group):
    activity = ActivityFactory(
        title="Secret supper", organisation=OrganisationFactory(status=group)
    )
    client.force_login(NewcomerFactory())

    for response in (
        client.get(rate_url(activity, LAST_SATURDAY)),
        client.post(rate_url(activity, LAST_SATURDAY), {"rating": "4"}),
    ):
        assert response.status_code == 404
        assert "Secret supper" not in response.content.decode()


def test_rating_page_refuses_a_second_rating_with_a_thank_you(client, frozen):
    activity = ActivityFactory()
    person = joiner(activity)
    session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=4)
    client.force_login(person)

    response = client.post(rate_url(activity, LAST_SATURDAY), {"rating": "1"})

    assert response.status_code == 400
    assert "You have already rated this session. Thank you!" in response.content.decode()
    assert SessionRating.objects.get().rating == 4


def test_rating_page_needs_a_login_and_a_real_date(client, frozen):
    activity = ActivityFactory()
    response = client.post(rate_url(activity, LAST_SATURDAY), {"rating": "4"})
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.force_login(joiner(activity))
    bad = f"/activities/{activity.pk}/rate/2026-02-31/"
    assert client.get(bad).status_code == 404
    missing = reverse("activities:session-rate", args=[999999, LAST_SATURDAY.isoformat()])
    assert client.get(missing).status_code == 404
    assert not SessionRating.objects.exists()


def test_my_activities_has_a_constant_number_of_queries_with_sessions_to_rate(
    client, frozen, django_assert_max_num_queries
):
    person = joiner(ActivityFactory())
    client.force_login(person)
    joiner(ActivityFactory(weekdays=[0, 2, 5]), person)
    with django_assert_max_num_queries(14) as few:
        html = client.get(reverse("activities:participation-list")).content.decode()
    assert html.count('name="rating" value="5"') == 5  # Sat 14 and 7; the newest three of the other
    for _ in range(6):
        activity = ActivityFactory(weekdays=[0, 1, 2, 3, 4, 5, 6])
        joiner(activity, person)
        session_rate(user=person, activity=activity, session_date=LAST_SATURDAY, rating=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("activities:participation-list"))


# --- What organisers see --------------------------------------------------------------------


def rated_by(activity, ratings: list[tuple[int, str]]) -> list:
    """People with memorable names who rated last Saturday."""
    people = []
    for number, (value, comment) in enumerate(ratings):
        person = joiner(
            activity,
            UserFactory(username=f"rater{activity.pk}x{number}", first_name=f"Zebedee{number}"),
        )
        session_rate(
            user=person,
            activity=activity,
            session_date=LAST_SATURDAY,
            rating=value,
            comment=comment,
            now=NOW,
        )
        people.append(person)
    return people


def manage_html(client, activity, user) -> str:
    client.force_login(user)
    response = client.get(reverse("activities:activity-manage", args=[activity.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_organiser_sees_the_average_and_comments_but_never_who_rated(client, frozen):
    activity = ActivityFactory()
    organiser = organiser_of(activity.organisation)
    raters = rated_by(
        activity, [(5, "Best afternoon of my week"), (4, ""), (3, "A bit cold by the river")]
    )

    html = manage_html(client, activity, organiser)

    assert "4.0 out of 5, from 3 ratings" in html
    assert "Best afternoon of my week" in html and "A bit cold by the river" in html
    for person in raters:
        assert person.username not in html
        assert person.first_name not in html
        assert f"/people/{person.pk}/" not in html


def test_organiser_sees_nothing_below_three_ratings(client, frozen):
    activity = ActivityFactory()
    organiser = organiser_of(activity.organisation)
    rated_by(activity, [(1, "Nobody spoke to me"), (2, "Too far")])

    html = manage_html(client, activity, organiser)

    assert "Not enough ratings yet." in html
    assert "Nobody spoke to me" not in html and "Too far" not in html
    assert "out of 5" not in html


def test_rating_summary_counts_only_this_activity_and_recent_sessions():
    activity = ActivityFactory()
    rated_by(activity, [(5, "a"), (3, "b"), (4, "")])
    rated_by(ActivityFactory(), [(1, "other"), (1, "other"), (1, "other")])

    summary = activity_rating_summary(activity=activity, now=NOW)
    later = activity_rating_summary(activity=activity, now=NOW + datetime.timedelta(days=200))

    assert (summary.count, summary.average, summary.comments) == (3, 4.0, ["b", "a"])
    assert (later.count, later.average, later.comments) == (0, None, [])


@pytest.mark.parametrize("who", ["other_organiser", "newcomer", "rater"])
def test_rating_summary_is_only_on_the_organisers_page(client, frozen, who):
    activity = ActivityFactory()
    raters = rated_by(activity, [(5, "Secret words"), (4, ""), (3, "")])
    user = {
        "other_organiser": lambda: organiser_of(OrganisationFactory()),
        "newcomer": NewcomerFactory,
        "rater": lambda: raters[0],
    }[who]()
    client.force_login(user)

    response = client.get(reverse("activities:activity-manage", args=[activity.pk]))

    assert response.status_code == 404
    detail = client.get(reverse("activities:activity-detail", args=[activity.pk]))
    assert "Secret words" not in detail.content.decode()
