"""Organisers' activity forms: every field saved, clear messages for bad input (and nothing
changed), who is coming (names only with consent), and calling off a session."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Activity, ActivityDate, Cancellation
from activities.schedule import LONDON
from activities.services.activities import activity_cancel_session, sessions_to_cancel
from peers.models import ConsentPurpose, Notification
from peers.services import consent_grant, consent_withdraw
from tests.activities.factories import ActivityFactory, OrganisationFactory, joined, organiser_of
from tests.peers.factories import UserFactory, profile_for, verified_email_for

FORM = {
    "title": "Saturday football",
    "description": "Friendly football. Boots provided.",
    "place": "Middlesbrough",
    "meeting_point": "Albert Park, by the café",
    "schedule": "weekly",
    "weekdays": ["5"],
    "starts_at": "14:00",
    "ends_at": "16:00",
    "cost": "",
    "food_provided": "on",
    "no_need_to_talk": "on",
    "interests": ["football"],
    "languages": ["en", "ar"],
    "capacity": "20",
    "status": "active",
}


@pytest.fixture
def dave(db):
    organisation = OrganisationFactory(name="Middlesbrough Welcome FC")
    return organiser_of(organisation, UserFactory(username="dave")), organisation


def test_activity_create_saves_every_field(client, dave):
    user, organisation = dave
    client.force_login(user)

    response = client.post(
        f"/groups/{organisation.pk}/activities/new/",
        {
            **FORM,
            "cost": "2.50",
            "travel_reimbursed": "on",
            "childcare": "on",
            "women_only": "on",
            "family_friendly": "on",
            "step_free": "on",
            "prayer_space": "on",
            "chat_enabled": "on",
            "weekdays": ["5", "2"],
        },
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/activities/{activity.pk}/manage/"
    assert activity.organisation == organisation
    assert activity.title == "Saturday football"
    assert activity.place.name == "Middlesbrough"
    assert activity.meeting_point == "Albert Park, by the café"
    assert activity.weekdays == [2, 5]
    assert (activity.starts_at, activity.ends_at) == (time(14), time(16))
    assert activity.cost_pence == 250
    assert activity.capacity == 20
    assert activity.chat_enabled
    for flag in (
        "travel_reimbursed",
        "food_provided",
        "childcare",
        "women_only",
        "family_friendly",
        "step_free",
        "prayer_space",
        "no_need_to_talk",
    ):
        assert getattr(activity, flag), flag
    assert set(activity.interests.values_list("slug", flat=True)) == {"football"}
    assert set(activity.languages.values_list("code", flat=True)) == {"en", "ar"}


def test_activity_create_free_online_and_unlimited(client, dave):
    user, organisation = dave
    client.force_login(user)

    client.post(
        f"/groups/{organisation.pk}/activities/new/",
        {**FORM, "online": "on", "place": "", "meeting_point": "", "capacity": ""},
    )

    activity = Activity.objects.get()
    assert activity.online and activity.place is None
    assert activity.is_free and activity.capacity is None
    assert not activity.chat_enabled


def test_activity_create_on_dates_in_london_time(client, dave):
    user, organisation = dave
    client.force_login(user)
    first = timezone.now().astimezone(LONDON).date() + timedelta(days=10)
    summer = date(first.year + 1, 7, 4)

    client.post(
        f"/groups/{organisation.pk}/activities/new/",
        {
            **FORM,
            "schedule": "dates",
            "weekdays": [],
            "date_0": first.isoformat(),
            "date_2": summer.isoformat(),
        },
    )

    activity = Activity.objects.get()
    assert activity.schedule == "dates" and activity.weekdays == []
    rows = list(activity.dates.all())
    assert [row.starts_at.astimezone(LONDON) for row in rows] == [
        datetime.combine(first, time(14), LONDON),
        datetime.combine(summer, time(14), LONDON),
    ]
    assert rows[1].starts_at.utcoffset() is not None
    assert rows[1].starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)  # BST


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": "13:00"}, "The end time must be after the start time."),
        ({"weekdays": []}, "Please choose at least one day of the week."),
        ({"schedule": "dates", "weekdays": []}, "Please give at least one date."),
        ({"place": ""}, "Please give the town where it happens, or tick “online”."),
        ({"place": "Nowheresville"}, "We could not find"),
        ({"cost": "-1"}, "The cost cannot be less than nothing."),
        ({"cost": "two pounds"}, "Please give the cost as a number of pounds"),
        (
            {"schedule": "dates", "weekdays": [], "date_1": "2020-01-04"},
            "Please give a date from today on.",
        ),
        ({"capacity": "0"}, "Please give at least 1 place, or leave it empty for no limit."),
        ({"title": ""}, "This field is required."),
        ({"starts_at": "2pm-ish"}, "Please give a time like 14:00."),
        ({"status": "hidden"}, "Select a valid choice"),
    ],
)
def test_activity_create_bad_input_says_why_and_saves_nothing(client, dave, change, message):
    user, organisation = dave
    client.force_login(user)

    response = client.post(f"/groups/{organisation.pk}/activities/new/", {**FORM, **change})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert not ActivityDate.objects.exists()


def test_activity_form_says_never_a_private_address(client, dave):
    user, organisation = dave
    client.force_login(user)

    page = client.get(f"/groups/{organisation.pk}/activities/new/").content.decode()

    assert "Never a private address" in page


def test_activity_update_changes_fields_and_keeps_the_form_filled(client, dave):
    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, capacity=10)
    client.force_login(user)

    page = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert 'value="Albert Park, by the café"' in page
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        {**FORM, "title": "Sunday football", "weekdays": ["6"], "status": "paused", "cost": "1"},
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Sunday football"
    assert activity.weekdays == [6]
    assert activity.status == Activity.Status.PAUSED
    assert activity.cost_pence == 100


def test_activity_update_to_dates_replaces_coming_dates_and_keeps_past_ones(client, dave):
    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, schedule="dates", weekdays=[])
    past = datetime(2020, 5, 2, 14, tzinfo=LONDON)
    ActivityDate.objects.create(
        activity=activity, starts_at=past, ends_at=past + timedelta(hours=2)
    )
    soon = timezone.now().astimezone(LONDON).date() + timedelta(days=3)
    ActivityDate.objects.create(
        activity=activity,
        starts_at=datetime.combine(soon, time(10), LONDON),
        ends_at=datetime.combine(soon, time(12), LONDON),
    )
    client.force_login(user)
    later = soon + timedelta(days=7)

    page = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert f'value="{soon.isoformat()}"' in page
    client.post(
        f"/activities/{activity.pk}/edit/",
        {**FORM, "schedule": "dates", "weekdays": [], "date_0": later.isoformat()},
    )

    days = [row.starts_at.astimezone(LONDON).date() for row in activity.dates.all()]
    assert days == [past.date(), later]


def test_activity_update_cannot_shrink_below_those_coming(client, dave):
    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, capacity=5)
    for _ in range(3):
        joined(activity)
    client.force_login(user)

    response = client.post(f"/activities/{activity.pk}/edit/", {**FORM, "capacity": "2"})

    assert response.status_code == 200
    assert "3 people are already coming" in response.content.decode()
    activity.refresh_from_db()
    assert activity.capacity == 5


def test_activity_update_with_more_places_gives_them_to_the_people_waiting_longest(client, dave):
    from activities.services.participation import activity_join
    from tests.peers.factories import NewcomerFactory

    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, capacity=1)
    people = [NewcomerFactory() for _ in range(3)]
    for person in people:
        activity_join(user=person, activity=activity)
    client.force_login(user)

    client.post(f"/activities/{activity.pk}/edit/", {**FORM, "capacity": "2"})

    statuses = dict(activity.participations.values_list("user_id", "status"))
    assert [statuses[p.pk] for p in people] == ["joined", "joined", "waiting"]
    assert Notification.objects.filter(
        user=people[1], kind=Notification.Kind.ACTIVITY_PLACE
    ).exists()


def test_a_new_organiser_joins_the_group_chats(dave):
    from activities.services.organisations import organiser_add
    from chat.models import Member

    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, chat_enabled=True)
    from activities.services.participation import activity_participation_sync

    activity_participation_sync(activity=activity)
    newcomer_organiser = UserFactory(username="ruth")

    organiser_add(organisation=organisation, added_by=user, username="ruth")

    assert Member.objects.filter(conversation__activity=activity, user=newcomer_organiser).exists()


# --- Who is coming --------------------------------------------------------------------------


def test_activity_manage_shows_counts_and_only_consented_names(
    client, dave, django_assert_max_num_queries
):
    user, organisation = dave
    activity = ActivityFactory(organisation=organisation, capacity=2)
    amina = joined(activity, UserFactory(first_name="Amina"))
    profile_for(amina)
    amina.profile.display_name = "Amina"
    amina.profile.save()
    consent_grant(user=amina, purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS)
    hidden = joined(activity, UserFactory(first_name="Hidden", username="hidden-person"))
    withdrew = joined(activity, UserFactory(first_name="Withdrew"), status="waiting")
    consent_grant(user=withdrew, purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS)
    consent_withdraw(user=withdrew, purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS)
    waiting = joined(activity, UserFactory(first_name="Yonas"), status="waiting")
    consent_grant(user=waiting, purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS)
    joined(activity, UserFactory(first_name="Leftperson"), status="left")
    consent_grant(user=hidden, purpose=ConsentPurpose.EMAIL_REMINDERS)  # not this purpose
    client.force_login(user)

    page = client.get(f"/activities/{activity.pk}/manage/").content.decode()

    assert "2 people coming" in page
    assert "2 people on the waiting list" in page
    assert "Amina" in page and "Yonas" in page
    for name in ("Hidden", "hidden-person", "Withdrew", "Leftperson"):
        assert name not in page, name

    for _ in range(15):
        person = joined(activity, status="waiting")
        consent_grant(user=person, purpose=ConsentPurpose.SHOW_NAME_TO_ORGANISERS)
    with django_assert_max_num_queries(16):
        client.get(f"/activities/{activity.pk}/manage/")


def test_organisation_manage_query_count_does_not_grow(client, dave, django_assert_max_num_queries):
    user, organisation = dave
    client.force_login(user)
    ActivityFactory(organisation=organisation)
    client.get(f"/groups/{organisation.pk}/manage/")
    with django_assert_max_num_queries(16) as few:
        client.get(f"/groups/{organisation.pk}/manage/")
    for _ in range(10):
        activity = ActivityFactory(organisation=organisation)
        joined(activity)
        organiser_of(organisation)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/groups/{organisation.pk}/manage/")


# --- Calling off a session ------------------------------------------------------------------


@pytest.fixture
def snow(dave):
    """Saturday football with people coming, one waiting and one who left."""
    user, organisation = dave
    activity = ActivityFactory(organisation=organisation)
    coming = [joined(activity) for _ in range(3)]
    waiting = joined(activity, status="waiting")
    gone = joined(activity, status="left")
    day = sessions_to_cancel(activity=activity, now=timezone.now())[0].day
    return {
        "user": user,
        "activity": activity,
        "coming": coming,
        "others": [waiting, gone],
        "day": day,
    }


def test_cancel_asks_first_and_changes_nothing(client, snow):
    client.force_login(snow["user"])
    url = f"/activities/{snow['activity'].pk}/cancel/"

    form = client.get(url).content.decode()
    assert f'value="{snow["day"].isoformat()}"' in form
    response = client.post(url, {"day": snow["day"].isoformat(), "note": "The pitch is frozen."})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="confirmed" value="yes"' in page
    assert "3 people coming will be told at once" in page
    assert not Cancellation.objects.exists()
    assert not Notification.objects.exists()


def test_cancel_confirmed_tells_everyone_coming_at_once(
    client, snow, django_capture_on_commit_callbacks
):
    client.force_login(snow["user"])
    activity = snow["activity"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/activities/{activity.pk}/cancel/",
            {"day": snow["day"].isoformat(), "note": "The pitch is frozen.", "confirmed": "yes"},
        )

    assert response.status_code == 302
    cancellation = Cancellation.objects.get()
    assert (cancellation.activity, cancellation.date) == (activity, snow["day"])
    assert cancellation.note == "The pitch is frozen."
    notices = Notification.objects.filter(kind=Notification.Kind.ACTIVITY_CANCELLED)
    assert {n.user_id for n in notices} == {person.pk for person in snow["coming"]}
    assert {n.link for n in notices} == {f"/activities/{activity.pk}/"}
    assert {n.note for n in notices} == {"The pitch is frozen."}
    assert snow["day"] not in {
        s.day for s in sessions_to_cancel(activity=activity, now=timezone.now())
    }


def test_cancel_emails_only_those_who_said_yes_to_emails_in_their_language(
    snow, django_capture_on_commit_callbacks
):
    yes, no, no_address = snow["coming"]
    verified_email_for(yes, "yes@example.org")
    verified_email_for(no, "no@example.org")
    consent_grant(user=yes, purpose=ConsentPurpose.EMAIL_REMINDERS)
    consent_grant(user=no_address, purpose=ConsentPurpose.EMAIL_REMINDERS)
    yes.language = "ar"
    yes.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        activity_cancel_session(activity=snow["activity"], by=snow["user"], day=snow["day"])

    assert [message.to for message in mail.outbox] == [["yes@example.org"]]
    assert Notification.objects.filter(kind=Notification.Kind.ACTIVITY_CANCELLED).count() == 3


def test_cancel_notice_reads_in_each_joiners_language(client, snow):
    reader = snow["coming"][0]
    reader.language = "ar"
    reader.save(update_fields=["language"])
    activity_cancel_session(activity=snow["activity"], by=snow["user"], day=snow["day"])
    client.force_login(reader)
    client.cookies["django_language"] = "ar"

    page = client.get("/notifications/").content.decode()

    assert 'lang="ar"' in page
    assert f'href="/activities/{snow["activity"].pk}/"' in page


@pytest.mark.parametrize("day", ["2020-01-04", "not-a-date", ""])
def test_cancel_a_day_that_is_not_coming_says_why(client, snow, day):
    client.force_login(snow["user"])

    response = client.post(
        f"/activities/{snow['activity'].pk}/cancel/", {"day": day, "confirmed": "yes"}
    )

    assert response.status_code == 200
    assert "Please choose" in response.content.decode()
    assert not Cancellation.objects.exists()
    assert not Notification.objects.exists()


def test_cancel_twice_the_same_day_is_refused(snow):
    activity_cancel_session(activity=snow["activity"], by=snow["user"], day=snow["day"])

    with pytest.raises(ValidationError):
        activity_cancel_session(activity=snow["activity"], by=snow["user"], day=snow["day"])
    assert Cancellation.objects.count() == 1
    assert Notification.objects.count() == 3


def test_cancel_by_someone_not_an_organiser_is_refused(snow):
    with pytest.raises(ValidationError):
        activity_cancel_session(activity=snow["activity"], by=UserFactory(), day=snow["day"])
    assert not Cancellation.objects.exists()
