"""Activity group chat: one conversation per activity whose organisers turned it on, for its
organisers and joined people, on the same socket, safeguarding and moderation as any chat."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from activities.models import Activity
from activities.services.participation import activity_join, activity_leave
from chat.models import Case, Conversation, Member
from chat.services import conversation_sync_for_activity, message_post
from tests.activities.factories import ActivityFactory, organiser_of
from tests.peers.factories import NewcomerFactory

TIMEOUT = 3


def members(conversation) -> set[int]:
    return set(Member.objects.filter(conversation=conversation).values_list("user_id", flat=True))


def chat_activity(**kwargs):
    activity = ActivityFactory(chat_enabled=True, **kwargs)
    organiser = organiser_of(activity.organisation)
    return activity, organiser


# --- Membership follows joining -------------------------------------------------------------


@pytest.mark.django_db
def test_joining_puts_the_person_and_the_organisers_in_one_conversation():
    activity, organiser = chat_activity()
    first, second = NewcomerFactory(), NewcomerFactory()

    activity_join(user=first, activity=activity)
    activity_join(user=second, activity=activity)

    conversation = Conversation.objects.get(activity=activity)
    assert conversation.kind == Conversation.Kind.ACTIVITY and conversation.is_open
    assert members(conversation) == {organiser.pk, first.pk, second.pk}


@pytest.mark.django_db
def test_waiting_people_join_the_chat_only_once_they_have_a_place():
    activity, organiser = chat_activity(capacity=1)
    first, waiting = NewcomerFactory(), NewcomerFactory()
    activity_join(user=first, activity=activity)
    activity_join(user=waiting, activity=activity)
    conversation = Conversation.objects.get(activity=activity)
    assert waiting.pk not in members(conversation)

    activity_leave(user=first, activity=activity)

    assert members(conversation) == {organiser.pk, waiting.pk}


@pytest.mark.django_db
def test_no_conversation_when_the_organisers_did_not_turn_chat_on():
    activity = ActivityFactory(chat_enabled=False)
    activity_join(user=NewcomerFactory(), activity=activity)
    assert not Conversation.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_turning_chat_off_keeps_the_history_read_only_and_on_again_reopens():
    activity, _organiser = chat_activity()
    person = NewcomerFactory()
    activity_join(user=person, activity=activity)
    message_post(user=person, conversation_id=activity.conversation.pk, body="Hello all")

    Activity.objects.filter(pk=activity.pk).update(chat_enabled=False)
    activity.refresh_from_db()
    conversation = conversation_sync_for_activity(activity=activity)
    assert conversation.status == Conversation.Status.READ_ONLY
    assert conversation.messages.count() == 1

    Activity.objects.filter(pk=activity.pk).update(chat_enabled=True)
    activity.refresh_from_db()
    assert conversation_sync_for_activity(activity=activity).is_open


@pytest.mark.django_db
def test_a_crisis_message_in_a_group_chat_raises_a_safeguarding_case():
    activity, _organiser = chat_activity()
    person = NewcomerFactory()
    activity_join(user=person, activity=activity)

    posted = message_post(
        user=person, conversation_id=activity.conversation.pk, body="I want to kill myself"
    )

    assert posted.assessment.is_risk
    assert Case.objects.filter(
        kind=Case.Kind.SAFEGUARDING, conversation=activity.conversation
    ).exists()


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_joined_person_sees_the_group_chat_link_and_page(client):
    activity, _organiser = chat_activity(title="Cooking together")
    person = NewcomerFactory()
    activity_join(user=person, activity=activity)
    client.force_login(person)
    url = reverse("chat:conversation", args=[activity.conversation.pk])

    assert (
        url
        in client.get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Group chat: <bdi>Cooking together</bdi>" in page.content.decode()
    listing = client.get(reverse("chat:conversation-list")).content.decode()
    assert "Group chat: <bdi>Cooking together</bdi>" in listing


@pytest.mark.django_db
def test_someone_who_left_or_never_joined_cannot_open_the_group_chat(client):
    activity, _organiser = chat_activity()
    leaver, member = NewcomerFactory(), NewcomerFactory()
    activity_join(user=leaver, activity=activity)
    activity_join(user=member, activity=activity)
    activity_leave(user=leaver, activity=activity)
    url = reverse("chat:conversation", args=[activity.conversation.pk])

    for person in (leaver, NewcomerFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "hi"}).status_code == 404
    assert not activity.conversation.messages.exists()


# --- The socket -----------------------------------------------------------------------------


@database_sync_to_async
def _group_with(joined: int = 1):
    activity, organiser = chat_activity()
    people = [NewcomerFactory() for _ in range(joined)]
    for person in people:
        activity_join(user=person, activity=activity)
    return activity, organiser, people


@pytest.mark.django_db(transaction=True)
async def test_joined_person_opens_the_conversation_and_the_organiser_hears_them(connect):
    activity, organiser, (person,) = await _group_with()
    conversation_id = await database_sync_to_async(lambda: activity.conversation.pk)()

    mine, connected, _code = await connect(conversation_id, person)
    assert connected
    theirs, connected, _code = await connect(conversation_id, organiser)
    assert connected
    await mine.send_json_to(
        {"type": "message", "body": "See you Thursday", "client_id": str(uuid.uuid4())}
    )
    to_me = await mine.receive_json_from(timeout=TIMEOUT)
    to_organiser = await theirs.receive_json_from(timeout=TIMEOUT)

    assert to_me == to_organiser
    assert to_me["type"] == "message" and to_me["body"] == "See you Thursday"
    assert to_me["conversation"] == conversation_id and to_me["sender"] == person.pk
    await mine.disconnect()
    await theirs.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_non_member_gets_4403(connect):
    activity, _organiser, _people = await _group_with()
    conversation_id = await database_sync_to_async(lambda: activity.conversation.pk)()
    stranger = await database_sync_to_async(NewcomerFactory)()

    communicator, _connected, _code = await connect(conversation_id, stranger)

    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output == {"type": "websocket.close", "code": 4403}


@pytest.mark.django_db(transaction=True)
async def test_anonymous_gets_4401(connect):
    activity, _organiser, _people = await _group_with()
    conversation_id = await database_sync_to_async(lambda: activity.conversation.pk)()

    communicator, _connected, _code = await connect(conversation_id, None)

    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
async def test_leaving_the_activity_closes_their_socket_with_4403(connect):
    activity, organiser, (person,) = await _group_with()
    conversation_id = await database_sync_to_async(lambda: activity.conversation.pk)()
    communicator, connected, _code = await connect(conversation_id, person)
    assert connected

    await database_sync_to_async(activity_leave)(user=person, activity=activity)

    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output == {"type": "websocket.close", "code": 4403}
