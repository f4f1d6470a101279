"""Chat services: conversations follow the pairing (start, end, block, lift), and the one path
messages take, whoever posts them."""

import pytest
from django.db import transaction

from chat.models import Conversation, Member, Message
from chat.selectors import (
    conversation_for_member,
    conversation_writable_by,
    message_time_label,
    unread_message_count,
)
from chat.services import (
    ChatError,
    ChatForbidden,
    conversation_mark_read,
    conversation_open_for_pairing,
    message_hide,
    message_post,
)
from peers.models import Block, Notification, Pairing
from peers.services.pairing import block_lift, offer_accept, pairing_end, person_block
from tests.chat.factories import messages_posted, pairing_conversation, reported_case
from tests.peers.factories import (
    NewcomerFactory,
    SupporterFactory,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

pytestmark = pytest.mark.django_db


def _status(conversation) -> str:
    conversation.refresh_from_db()
    return conversation.status


def _members(conversation) -> set[int]:
    return set(Member.objects.filter(conversation=conversation).values_list("user_id", flat=True))


# --- The pairing lifecycle --------------------------------------------------------------------


@pytest.fixture
def paired(db):
    """A pairing made the real way: the newcomer asks, is offered, the supporter accepts."""
    newcomer, supporter = newcomer_ready(), supporter_ready()
    pairing = offer_accept(offer=pending_offer(newcomer, supporter), supporter=supporter)
    return pairing, Conversation.objects.get(pairing=pairing)


def test_offer_accept_opens_the_conversation_with_both_members(paired):
    pairing, conversation = paired

    assert (conversation.kind, conversation.status) == (
        Conversation.Kind.PAIRING,
        Conversation.Status.OPEN,
    )
    assert _members(conversation) == {pairing.newcomer_id, pairing.supporter_id}
    links = set(
        Notification.objects.filter(kind=Notification.Kind.PAIRING_STARTED).values_list(
            "user_id", "link"
        )
    )
    link = f"/chat/{conversation.pk}/"
    assert links == {(pairing.newcomer_id, link), (pairing.supporter_id, link)}
    for user in (pairing.newcomer, pairing.supporter):
        assert conversation_writable_by(user=user, conversation_id=conversation.pk)


def test_conversation_open_for_pairing_twice_gives_the_same_one(paired):
    pairing, conversation = paired

    again = conversation_open_for_pairing(pairing=pairing)

    assert again.pk == conversation.pk
    assert Member.objects.filter(conversation=conversation).count() == 2


def test_pairing_end_makes_the_conversation_read_only(paired):
    pairing, conversation = paired
    messages_posted(conversation, pairing.supporter, 2)

    pairing_end(pairing=pairing, by=pairing.supporter)

    assert _status(conversation) == Conversation.Status.READ_ONLY
    assert conversation.closed_at is not None
    for user in (pairing.newcomer, pairing.supporter):
        assert conversation_for_member(user=user, conversation_id=conversation.pk) is not None
        assert not conversation_writable_by(user=user, conversation_id=conversation.pk)
        with pytest.raises(ChatForbidden):
            message_post(user=user, conversation_id=conversation.pk, body="Still there?")
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_person_block_closes_the_conversation_for_both(paired):
    pairing, conversation = paired

    person_block(blocker=pairing.newcomer, blocked=pairing.supporter)

    assert _status(conversation) == Conversation.Status.CLOSED
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED
    for user in (pairing.newcomer, pairing.supporter):
        with pytest.raises(ChatForbidden):
            message_post(user=user, conversation_id=conversation.pk, body="Hello?")


def test_block_after_the_pairing_ended_closes_the_read_only_conversation(paired):
    pairing, conversation = paired
    pairing_end(pairing=pairing, by=pairing.newcomer)

    person_block(blocker=pairing.supporter, blocked=pairing.newcomer)

    assert _status(conversation) == Conversation.Status.CLOSED


def test_block_lift_removes_the_block_but_the_conversation_stays_closed(paired):
    pairing, conversation = paired
    block = person_block(blocker=pairing.newcomer, blocked=pairing.supporter)

    block_lift(blocker=pairing.newcomer, block_id=block.pk)

    assert not Block.objects.exists()
    assert _status(conversation) == Conversation.Status.CLOSED
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED
    assert not conversation_writable_by(user=pairing.newcomer, conversation_id=conversation.pk)


def test_block_page_asks_first_and_changes_nothing(client, paired):
    pairing, conversation = paired
    client.force_login(pairing.newcomer)

    response = client.get(f"/pairings/{pairing.pk}/block/")

    assert response.status_code == 200
    assert "Yes, block this person" in response.content.decode()
    assert not Block.objects.exists()
    assert _status(conversation) == Conversation.Status.OPEN


def test_block_post_blocks_and_closes(client, paired):
    pairing, conversation = paired
    client.force_login(pairing.supporter)

    response = client.post(f"/pairings/{pairing.pk}/block/")

    assert response.status_code == 302
    block = Block.objects.get()
    assert (block.blocker_id, block.blocked_id) == (pairing.supporter_id, pairing.newcomer_id)
    assert _status(conversation) == Conversation.Status.CLOSED


def test_block_list_shows_only_the_persons_own_blocks(client):
    me = NewcomerFactory(username="me-newcomer")
    mine = SupporterFactory(username="blocked-by-me")
    stranger = SupporterFactory(username="blocked-by-stranger")
    theirs_of_me = SupporterFactory(username="blocker-of-me")
    person_block(blocker=me, blocked=mine)
    person_block(blocker=NewcomerFactory(), blocked=stranger)
    person_block(blocker=theirs_of_me, blocked=me)
    client.force_login(me)

    html = client.get("/blocks/").content.decode()

    assert "blocked-by-me" in html
    assert "blocked-by-stranger" not in html
    assert "blocker-of-me" not in html


def test_lifting_someone_elses_block_is_not_found(client):
    me = NewcomerFactory()
    other = person_block(blocker=NewcomerFactory(), blocked=SupporterFactory())
    against_me = person_block(blocker=SupporterFactory(), blocked=me)
    client.force_login(me)

    for block in (other, against_me):
        assert client.get(f"/blocks/{block.pk}/lift/").status_code == 404
        assert client.post(f"/blocks/{block.pk}/lift/").status_code == 404

    assert Block.objects.count() == 2


def test_lifting_own_block_through_the_page(client):
    me = NewcomerFactory()
    block = person_block(blocker=me, blocked=SupporterFactory())
    client.force_login(me)

    assert client.get(f"/blocks/{block.pk}/lift/").status_code == 200
    assert Block.objects.exists()  # the page asks first
    response = client.post(f"/blocks/{block.pk}/lift/")

    assert response["Location"] == "/blocks/"
    assert not Block.objects.exists()


# --- Posting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "empty"), ("  \n ", "empty"), (None, "empty"), (42, "empty"), ("x" * 2001, "too_long")],
)
def test_message_post_refuses_bad_bodies(body, code):
    conversation = pairing_conversation()

    with pytest.raises(ChatError) as refused:
        message_post(user=conversation.pairing.newcomer, conversation_id=conversation.pk, body=body)

    assert refused.value.code == code
    assert not Message.objects.exists()


def test_message_post_refuses_a_bad_client_id():
    conversation = pairing_conversation()

    with pytest.raises(ChatError) as refused:
        message_post(
            user=conversation.pairing.newcomer,
            conversation_id=conversation.pk,
            body="Hi",
            client_id="x" * 65,
        )

    assert refused.value.code == "invalid_json"
    assert not Message.objects.exists()


def test_message_post_same_client_id_twice_gives_one_message():
    conversation = pairing_conversation()
    newcomer = conversation.pairing.newcomer

    first = message_post(
        user=newcomer, conversation_id=conversation.pk, body="Hi", client_id="abc-1"
    )
    second = message_post(
        user=newcomer, conversation_id=conversation.pk, body="Hi", client_id="abc-1"
    )

    assert (first.created, second.created) == (True, False)
    assert first.message.pk == second.message.pk
    assert second.payload == first.payload
    assert Message.objects.count() == 1


def test_message_post_refuses_a_non_member():
    conversation = pairing_conversation()

    with pytest.raises(ChatForbidden):
        message_post(user=NewcomerFactory(), conversation_id=conversation.pk, body="Hi")

    assert not Message.objects.exists()


def test_message_post_after_commit_payload_matches_the_contract(
    django_capture_on_commit_callbacks,
):
    conversation = pairing_conversation()
    supporter = conversation.pairing.supporter

    with django_capture_on_commit_callbacks() as callbacks:
        posted = message_post(
            user=supporter, conversation_id=conversation.pk, body=" Hello ", client_id="c-1"
        )

    assert callbacks  # broadcast and notice wait for the commit
    assert posted.payload == {
        "type": "message",
        "id": posted.message.pk,
        "conversation": conversation.pk,
        "sender": supporter.pk,
        "sender_name": "Your peer supporter",
        "body": "Hello",
        "hidden": False,
        "created": posted.message.created_at.isoformat(),
        "created_label": message_time_label(posted.message.created_at),
        "client_id": "c-1",
    }


def test_message_post_rolled_back_leaves_nothing(django_capture_on_commit_callbacks):
    conversation = pairing_conversation()

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                message_post(
                    user=conversation.pairing.newcomer, conversation_id=conversation.pk, body="Hi"
                )
                raise RuntimeError("the caller failed")
        except RuntimeError:
            pass

    assert not Message.objects.exists()
    assert callbacks == []  # nobody hears of a message that was never stored


# --- Reading --------------------------------------------------------------------------------


def test_mark_read_moves_forward_only_and_never_past_the_last_message():
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    sent = messages_posted(conversation, supporter, 3)
    member = Member.objects.get(conversation=conversation, user=newcomer)

    conversation_mark_read(user=newcomer, conversation_id=conversation.pk, up_to=sent[1].pk)
    member.refresh_from_db()
    assert member.last_read_id == sent[1].pk
    assert unread_message_count(user=newcomer) == 1

    conversation_mark_read(user=newcomer, conversation_id=conversation.pk, up_to=sent[0].pk)
    member.refresh_from_db()
    assert member.last_read_id == sent[1].pk

    conversation_mark_read(user=newcomer, conversation_id=conversation.pk, up_to=10**9)
    member.refresh_from_db()
    assert member.last_read_id == sent[2].pk
    assert unread_message_count(user=newcomer) == 0


@pytest.mark.parametrize("up_to", [-1, "7", None, True, 1.5])
def test_mark_read_refuses_what_is_not_a_message_id(up_to):
    conversation = pairing_conversation()

    with pytest.raises(ChatError):
        conversation_mark_read(
            user=conversation.pairing.newcomer, conversation_id=conversation.pk, up_to=up_to
        )


def test_unread_count_skips_own_and_hidden_messages(coordinator):
    case = reported_case()  # the supporter wrote "You again?", the newcomer reported it
    conversation = case.conversation
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    messages_posted(conversation, supporter, 2)
    assert unread_message_count(user=newcomer) == 3
    assert unread_message_count(user=supporter) == 0  # their own messages are never unread

    message_hide(case=case, coordinator=coordinator, message_id=case.message_id)

    assert unread_message_count(user=newcomer) == 2


def test_unread_count_includes_a_team_message_without_a_sender():
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter

    message_post(user=newcomer, conversation_id=conversation.pk, body="I want to kill myself")

    # The check-in comes from the team with no sender: it is still unread for the supporter.
    assert unread_message_count(user=supporter) == 2
