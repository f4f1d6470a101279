"""Joining and leaving, the waiting list and its promotions, who may join, the pages for it,
and the last place under two joins at once (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from activities.models import Activity, Organisation, Participation
from activities.services.participation import (
    activity_join,
    activity_leave,
    activity_participation_sync,
    activity_places_fill,
)
from peers.models import Notification
from peers.services import profile_about_update
from tests.activities.factories import ActivityFactory
from tests.peers.factories import NewcomerFactory, SupporterFactory, profile_for

pytestmark = pytest.mark.django_db


def detail_url(activity) -> str:
    return reverse("activities:activity-detail", args=[activity.pk])


def statuses(activity) -> dict[int, str]:
    return dict(
        Participation.objects.filter(activity=activity)
        .exclude(status=Participation.Status.LEFT)
        .values_list("user_id", "status")
    )


# --- The service ----------------------------------------------------------------------------


def test_join_takes_a_place_and_joining_twice_gives_the_same_one():
    activity = ActivityFactory(capacity=2)
    person = NewcomerFactory()

    first = activity_join(user=person, activity=activity)
    again = activity_join(user=person, activity=activity)

    assert first.status == Participation.Status.JOINED
    assert again.pk == first.pk
    assert Participation.objects.filter(activity=activity).count() == 1


def test_join_when_full_goes_on_the_waiting_list_in_order():
    activity = ActivityFactory(capacity=1)
    first, second, third = NewcomerFactory(), NewcomerFactory(), NewcomerFactory()

    activity_join(user=first, activity=activity)
    activity_join(user=second, activity=activity)
    activity_join(user=third, activity=activity)

    assert statuses(activity) == {
        first.pk: "joined",
        second.pk: "waiting",
        third.pk: "waiting",
    }


def test_join_without_a_limit_never_waits():
    activity = ActivityFactory(capacity=None)
    people = [NewcomerFactory() for _ in range(5)]
    for person in people:
        activity_join(user=person, activity=activity)
    assert set(statuses(activity).values()) == {"joined"}


def test_leave_gives_the_place_to_the_first_waiting_and_tells_them():
    activity = ActivityFactory(capacity=1)
    first, second, third = NewcomerFactory(), NewcomerFactory(), NewcomerFactory()
    for person in (first, second, third):
        activity_join(user=person, activity=activity)

    assert activity_leave(user=first, activity=activity) is True

    assert statuses(activity) == {second.pk: "joined", third.pk: "waiting"}
    notice = Notification.objects.get(user=second)
    assert notice.kind == Notification.Kind.ACTIVITY_PLACE
    assert notice.link == detail_url(activity)
    assert not Notification.objects.filter(user=third).exists()


def test_leaving_the_waiting_list_promotes_nobody():
    activity = ActivityFactory(capacity=1)
    first, second = NewcomerFactory(), NewcomerFactory()
    activity_join(user=first, activity=activity)
    activity_join(user=second, activity=activity)

    activity_leave(user=second, activity=activity)

    assert statuses(activity) == {first.pk: "joined"}
    assert not Notification.objects.exists()


def test_leave_without_joining_changes_nothing():
    activity = ActivityFactory(capacity=1)
    member = NewcomerFactory()
    activity_join(user=member, activity=activity)

    assert activity_leave(user=NewcomerFactory(), activity=activity) is False
    assert statuses(activity) == {member.pk: "joined"}


def test_join_again_after_leaving_starts_a_new_participation():
    activity = ActivityFactory()
    person = NewcomerFactory()
    first = activity_join(user=person, activity=activity)
    activity_leave(user=person, activity=activity)

    again = activity_join(user=person, activity=activity)

    assert again.pk != first.pk
    assert Participation.objects.filter(activity=activity, user=person).count() == 2


def test_raising_the_places_promotes_the_people_waiting_longest():
    activity = ActivityFactory(capacity=1)
    people = [NewcomerFactory() for _ in range(4)]
    for person in people:
        activity_join(user=person, activity=activity)
    Activity.objects.filter(pk=activity.pk).update(capacity=3)

    promoted = activity_places_fill(activity=activity)

    assert [p.user_id for p in promoted] == [people[1].pk, people[2].pk]
    assert statuses(activity)[people[3].pk] == "waiting"
    assert Notification.objects.filter(kind=Notification.Kind.ACTIVITY_PLACE).count() == 2


@pytest.mark.parametrize(
    "change",
    [
        {"status": Activity.Status.PAUSED},
        {"status": Activity.Status.ENDED},
        {"organisation__status": Organisation.Status.PENDING},
        {"organisation__status": Organisation.Status.REFUSED},
    ],
    ids=["paused", "ended", "unverified", "refused"],
)
def test_join_refuses_what_newcomers_cannot_see(change):
    organisation_status = change.get("organisation__status")
    activity = ActivityFactory(status=change.get("status", Activity.Status.ACTIVE))
    if organisation_status:
        Organisation.objects.filter(pk=activity.organisation_id).update(status=organisation_status)

    with pytest.raises(ValidationError) as refused:
        activity_join(user=NewcomerFactory(), activity=activity)

    assert refused.value.code == "not_visible"
    assert not Participation.objects.exists()


@pytest.mark.parametrize("gender", [None, "m", "x", ""])
def test_women_only_refuses_anyone_whose_profile_does_not_say_woman(gender):
    activity = ActivityFactory(women_only=True)
    person = NewcomerFactory()
    if gender is not None:
        profile_for(person)
        profile_about_update(user=person, display_name="Sam", gender=gender)

    with pytest.raises(ValidationError) as refused:
        activity_join(user=person, activity=activity)

    assert refused.value.code == "women_only"
    assert "women only" in refused.value.messages[0]
    assert not Participation.objects.exists()


def test_women_only_welcomes_a_woman():
    activity = ActivityFactory(women_only=True)
    selam = NewcomerFactory()
    profile_for(selam)  # gender "f"

    assert activity_join(user=selam, activity=activity).status == Participation.Status.JOINED


# --- The pages ------------------------------------------------------------------------------


def join_url(activity) -> str:
    return reverse("activities:activity-join", args=[activity.pk])


def leave_url(activity) -> str:
    return reverse("activities:activity-leave", args=[activity.pk])


def test_join_page_joins_and_goes_back_to_the_activity(client):
    activity = ActivityFactory(capacity=3)
    person = NewcomerFactory()
    client.force_login(person)

    response = client.post(join_url(activity), follow=True)

    assert response.redirect_chain[-1][0] == detail_url(activity) + "#participation"
    html = response.content.decode()
    assert "You have joined" in html
    assert "You are going." in html
    assert statuses(activity) == {person.pk: "joined"}


def test_join_page_when_full_says_the_waiting_number(client):
    activity = ActivityFactory(capacity=1)
    activity_join(user=NewcomerFactory(), activity=activity)
    activity_join(user=NewcomerFactory(), activity=activity)
    person = NewcomerFactory()
    client.force_login(person)

    html = client.get(detail_url(activity)).content.decode()
    assert "Join the waiting list" in html
    html = client.post(join_url(activity), follow=True).content.decode()

    assert "You're number 2 on the waiting list." in html
    assert statuses(activity)[person.pk] == "waiting"


def test_join_page_explains_women_only_and_changes_nothing(client):
    activity = ActivityFactory(women_only=True)
    client.force_login(NewcomerFactory())

    html = client.get(detail_url(activity)).content.decode()
    assert "choose “Woman” on your profile page" in html
    html = client.post(join_url(activity), follow=True).content.decode()

    assert "This group is for women only" in html
    assert not Participation.objects.exists()


def test_join_page_refuses_the_anonymous_get_and_the_invisible(client):
    activity = ActivityFactory()
    hidden = ActivityFactory(status=Activity.Status.PAUSED)

    anonymous = client.post(join_url(activity))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    html = client.get(detail_url(activity)).content.decode()
    assert "Log in to join" in html

    client.force_login(NewcomerFactory())
    assert client.get(join_url(activity)).status_code == 405
    assert client.post(join_url(hidden)).status_code == 404
    assert not Participation.objects.exists()


def test_leave_asks_first_then_leaves(client):
    activity = ActivityFactory(capacity=1)
    person, waiting = NewcomerFactory(), NewcomerFactory()
    activity_join(user=person, activity=activity)
    activity_join(user=waiting, activity=activity)
    client.force_login(person)

    page = client.get(leave_url(activity))
    assert page.status_code == 200
    assert "Are you sure?" in page.content.decode()
    assert statuses(activity)[person.pk] == "joined"  # asking changed nothing

    response = client.post(leave_url(activity))

    assert response.status_code == 302
    assert statuses(activity) == {waiting.pk: "joined"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_leave_by_someone_who_did_not_join_changes_nothing(client, method):
    activity = ActivityFactory(capacity=1)
    member = NewcomerFactory()
    activity_join(user=member, activity=activity)
    client.force_login(NewcomerFactory())

    response = getattr(client, method)(leave_url(activity))

    assert response.status_code == 302
    assert statuses(activity) == {member.pk: "joined"}


def test_leave_anonymous_goes_to_login_and_changes_nothing(client):
    activity = ActivityFactory()
    member = NewcomerFactory()
    activity_join(user=member, activity=activity)

    response = client.post(leave_url(activity))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert statuses(activity) == {member.pk: "joined"}


def test_my_activities_lists_what_i_joined_with_the_next_sessions(client):
    football = ActivityFactory(title="Saturday football", capacity=1)
    walking = ActivityFactory(title="Tuesday walk", weekdays=[1], capacity=1)
    someone_else = ActivityFactory(title="Not mine")
    person = NewcomerFactory()
    activity_join(user=person, activity=football)
    activity_join(user=NewcomerFactory(), activity=walking)
    activity_join(user=person, activity=walking)
    activity_join(user=NewcomerFactory(), activity=someone_else)
    client.force_login(person)

    html = client.get(reverse("activities:participation-list")).content.decode()

    assert "Saturday football" in html and "Tuesday walk" in html
    assert "Not mine" not in html
    assert "Saturday" in html and "14:00" in html
    assert "You are on the waiting list." in html


@pytest.mark.parametrize("change", ["paused", "ended", "group_refused"])
def test_my_activities_shows_no_sessions_or_dead_links_for_what_stopped(client, change):
    football = ActivityFactory(title="Saturday football")
    person = NewcomerFactory()
    activity_join(user=person, activity=football)
    if change == "group_refused":
        Organisation.objects.filter(pk=football.organisation_id).update(status="refused")
    else:
        Activity.objects.filter(pk=football.pk).update(status=change)
    client.force_login(person)

    html = client.get(reverse("activities:participation-list")).content.decode()

    assert "Saturday football" in html
    assert "14:00" not in html  # nobody travels to a session that will not happen
    assert f'href="{detail_url(football)}"' not in html  # that page is a 404 now
    assert reverse("activities:activity-calendar", args=[football.pk]) not in html
    assert reverse("activities:activity-leave", args=[football.pk]) in html


def test_leave_page_of_a_paused_activity_goes_back_to_my_activities(client):
    football = ActivityFactory(title="Saturday football")
    person = NewcomerFactory()
    activity_join(user=person, activity=football)
    Activity.objects.filter(pk=football.pk).update(status="paused")
    client.force_login(person)

    html = client.get(reverse("activities:activity-leave", args=[football.pk])).content.decode()

    assert f'href="{detail_url(football)}"' not in html  # that page is a 404 now
    assert f'href="{reverse("activities:participation-list")}"' in html


def test_my_activities_has_a_constant_number_of_queries(client, django_assert_max_num_queries):
    person = NewcomerFactory()
    client.force_login(person)
    for _ in range(2):
        activity_join(user=person, activity=ActivityFactory())
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("activities:participation-list"))
    for _ in range(6):
        activity_join(user=person, activity=ActivityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("activities:participation-list"))


def test_my_activities_needs_a_login(client):
    response = client.get(reverse("activities:participation-list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_newcomer_page_links_my_activities(client):
    client.force_login(NewcomerFactory())
    html = client.get(reverse("peers:dashboard"), follow=True).content.decode()
    assert reverse("activities:participation-list") in html


def test_supporter_can_join_too():
    activity = ActivityFactory()
    assert activity_join(user=SupporterFactory(), activity=activity).status == "joined"


# --- Two joins for the last place (PostgreSQL) ----------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
)
@pytest.mark.parametrize("rounds", range(3))
def test_two_joins_for_the_last_place_one_joins_one_waits(rounds):
    activity = ActivityFactory(capacity=2)
    activity_join(user=NewcomerFactory(), activity=activity)
    people = [NewcomerFactory(), NewcomerFactory()]
    barrier = threading.Barrier(len(people), timeout=10)
    outcomes: dict[int, object] = {}

    def join(person) -> None:
        try:
            barrier.wait()
            outcomes[person.pk] = activity_join(user=person, activity=activity).status
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[person.pk] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["joined", "waiting"]
    assert (
        Participation.objects.filter(activity=activity, status=Participation.Status.JOINED).count()
        == 2
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
)
def test_a_leave_and_a_join_at_once_never_exceed_the_places():
    activity = ActivityFactory(capacity=1)
    leaving, waiting, arriving = NewcomerFactory(), NewcomerFactory(), NewcomerFactory()
    activity_join(user=leaving, activity=activity)
    activity_join(user=waiting, activity=activity)
    barrier = threading.Barrier(2, timeout=10)
    errors: list[Exception] = []

    def run(action) -> None:
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run, args=(lambda: activity_leave(user=leaving, activity=activity),)
        ),
        threading.Thread(
            target=run, args=(lambda: activity_join(user=arriving, activity=activity),)
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    # The place went to the person who had waited, never to the newcomer who raced for it.
    assert statuses(activity) == {waiting.pk: "joined", arriving.pk: "waiting"}


def test_participation_sync_after_an_update_fills_places_and_opens_the_chat():
    from chat.models import Conversation, Member

    activity = ActivityFactory(capacity=1)
    first, second = NewcomerFactory(), NewcomerFactory()
    activity_join(user=first, activity=activity)
    activity_join(user=second, activity=activity)
    Activity.objects.filter(pk=activity.pk).update(capacity=2, chat_enabled=True)

    promoted = activity_participation_sync(activity=activity)

    assert [p.user_id for p in promoted] == [second.pk]
    conversation = Conversation.objects.get(activity=activity)
    assert set(
        Member.objects.filter(conversation=conversation).values_list("user_id", flat=True)
    ) == {
        first.pk,
        second.pk,
    }
