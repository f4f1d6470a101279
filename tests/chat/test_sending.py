"""The one locked read and the insert that every message goes through (plain SQL, for speed):
it must decide exactly what the ORM rules say — who is a member, who is suspended now, how the
sender is named — on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from chat.models import Member, Message, Suspension
from chat.selectors import conversation_for_sending, member_names
from chat.services import ChatForbidden, message_post, team_conversation_open
from peers.models import ConsentPurpose
from peers.services import consent_grant, consent_withdraw, profile_about_update
from tests.chat.factories import pairing_conversation
from tests.peers.factories import NewcomerFactory

pytestmark = pytest.mark.django_db


def _sending(user, conversation):
    with transaction.atomic():
        return conversation_for_sending(user=user, conversation_id=conversation.pk)


def _named(user, name: str) -> None:
    profile_about_update(user=user, display_name=name, gender="f")


def test_a_newcomer_is_named_only_with_their_consent():
    conversation = pairing_conversation()
    newcomer = conversation.pairing.newcomer
    _named(newcomer, "Selam")
    assert _sending(newcomer, conversation).sender_name == "The person you support"

    consent_grant(user=newcomer, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    assert _sending(newcomer, conversation).sender_name == "Selam"

    consent_withdraw(user=newcomer, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    assert _sending(newcomer, conversation).sender_name == "The person you support"


def test_a_supporter_is_named_by_their_display_name_when_they_have_one():
    conversation = pairing_conversation()
    supporter = conversation.pairing.supporter
    assert _sending(supporter, conversation).sender_name == "Your peer supporter"

    _named(supporter, "Hanna")
    assert _sending(supporter, conversation).sender_name == "Hanna"


@pytest.mark.parametrize("consents", [False, True])
def test_the_fast_read_names_senders_as_the_member_list_does(consents):
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    _named(newcomer, "Selam")
    _named(supporter, "Hanna")
    if consents:
        consent_grant(user=newcomer, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)

    names = member_names(conversation=conversation)

    for person in (newcomer, supporter):
        assert _sending(person, conversation).sender_name == names[person.pk]


def test_in_the_team_conversation_a_person_is_their_name_or_username():
    person = NewcomerFactory(username="selam-t")
    conversation = team_conversation_open(person=person)
    assert _sending(person, conversation).sender_name == "selam-t"

    _named(person, "Selam")
    assert _sending(person, conversation).sender_name == "Selam"


def test_anyone_who_is_not_a_member_reads_nothing():
    conversation = pairing_conversation()
    other = pairing_conversation()

    assert _sending(other.pairing.newcomer, conversation) is None
    Member.objects.filter(conversation=conversation, user=conversation.pairing.newcomer).delete()
    assert _sending(conversation.pairing.newcomer, conversation) is None


@pytest.mark.parametrize(
    ("starts", "ends", "suspended"),
    [
        (timedelta(hours=-1), timedelta(hours=1), True),  # now
        (timedelta(hours=-2), timedelta(hours=-1), False),  # over
        (timedelta(hours=1), timedelta(hours=2), False),  # not yet
    ],
)
def test_only_a_suspension_in_force_now_stops_a_send(starts, ends, suspended):
    conversation = pairing_conversation()
    supporter = conversation.pairing.supporter
    now = timezone.now()
    Suspension.objects.create(user=supporter, starts_at=now + starts, ends_at=now + ends)

    assert _sending(supporter, conversation).may_write is not suspended
    team = team_conversation_open(person=supporter)
    assert _sending(supporter, team).may_write  # never cut off from the team


def test_another_persons_suspension_does_not_stop_a_send():
    conversation = pairing_conversation()
    now = timezone.now()
    Suspension.objects.create(
        user=conversation.pairing.newcomer, starts_at=now, ends_at=now + timedelta(days=1)
    )

    posted = message_post(
        user=conversation.pairing.supporter, conversation_id=conversation.pk, body="Hello"
    )

    assert posted.created


def test_a_closed_conversation_refuses_a_send_and_stores_nothing():
    conversation = pairing_conversation()
    conversation.status = conversation.Status.CLOSED
    conversation.save(update_fields=["status"])

    with pytest.raises(ChatForbidden):
        message_post(user=conversation.pairing.supporter, conversation_id=conversation.pk, body="x")

    assert not Message.objects.exists()


def test_the_stored_message_reads_back_as_posted():
    conversation = pairing_conversation()
    supporter = conversation.pairing.supporter

    posted = message_post(
        user=supporter, conversation_id=conversation.pk, body="Hello", client_id="c-9"
    )
    again = message_post(
        user=supporter, conversation_id=conversation.pk, body="Hello", client_id="c-9"
    )

    stored = Message.objects.get()
    assert (stored.pk, stored.body, stored.client_id, stored.sender_id, stored.risk) == (
        posted.message.pk,
        "Hello",
        "c-9",
        supporter.pk,
        "",
    )
    assert abs(stored.created_at - posted.message.created_at) < timedelta(milliseconds=1)
    assert (again.created, again.message.pk) == (False, posted.message.pk)
    member = Member.objects.get(conversation=conversation, user=supporter)
    assert member.last_read_id == posted.message.pk  # their own message is read by them
    other = Member.objects.get(conversation=conversation, user=conversation.pairing.newcomer)
    assert other.last_read_id == 0
