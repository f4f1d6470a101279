"""Opening and closing conversations. Lock order: pairing row (peers), then conversation."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from chat.groups import broadcast_after_commit, conversation_group
from chat.models import Conversation, Member
from peers.models import Pairing, User

CLOSE_EVENT = {"type": "chat.close"}


@transaction.atomic
def conversation_open_for_pairing(*, pairing: Pairing) -> Conversation:
    """The pairing's conversation, with the newcomer and the supporter as its members (opening
    it twice gives the same one)."""
    conversation, _created = Conversation.objects.get_or_create(
        pairing=pairing, defaults={"kind": Conversation.Kind.PAIRING}
    )
    for user_id in (pairing.newcomer_id, pairing.supporter_id):
        Member.objects.get_or_create(conversation=conversation, user_id=user_id)
    return conversation


def _close(conversations, status: Conversation.Status) -> int:
    closed = 0
    ids = list(conversations.values_list("pk", flat=True))
    locked = Conversation.objects.select_for_update().filter(
        pk__in=ids, status=Conversation.Status.OPEN
    )
    for conversation in locked:
        conversation.status, conversation.closed_at = status, timezone.now()
        conversation.save(update_fields=["status", "closed_at"])
        # Live sockets on it close (4403) in every process, once this is committed.
        broadcast_after_commit(conversation_group(conversation.pk), CLOSE_EVENT)
        closed += 1
    return closed


@transaction.atomic
def conversation_end_for_pairing(*, pairing: Pairing) -> int:
    """The pairing ended: its conversation becomes read-only for both (history is kept)."""
    return _close(Conversation.objects.filter(pairing=pairing), Conversation.Status.READ_ONLY)


@transaction.atomic
def conversations_close_between(*, first: User, second: User) -> int:
    """Someone blocked: every conversation the two share closes for both at once."""
    shared = Conversation.objects.filter(kind=Conversation.Kind.PAIRING).filter(
        Q(pairing__newcomer=first, pairing__supporter=second)
        | Q(pairing__newcomer=second, pairing__supporter=first)
    )
    ended = shared.filter(status=Conversation.Status.READ_ONLY)
    now = timezone.now()
    changed = ended.update(status=Conversation.Status.CLOSED, closed_at=now)
    return changed + _close(shared, Conversation.Status.CLOSED)


def team_conversation_open(*, person: User) -> Conversation:
    """The person's private line to the team: their open one, or a new one. The database
    allows one open team conversation per person, so two tabs asking at once share it."""
    query = Conversation.objects.filter(
        kind=Conversation.Kind.TEAM, person=person, status=Conversation.Status.OPEN
    )
    conversation = query.first()
    if conversation is not None:
        return conversation
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(kind=Conversation.Kind.TEAM, person=person)
            Member.objects.create(conversation=conversation, user=person)
    except IntegrityError:
        return query.get()
    return conversation
