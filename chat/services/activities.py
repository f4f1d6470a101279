"""Activity group conversations: one per activity whose organisers turned its chat on, for its
organisers and the people who joined. Messages, the socket, safeguarding and moderation are
the same as for any conversation. Lock order: activity row (activities), then conversation."""

from django.db import transaction

from activities.models import Activity, Organiser, Participation
from chat.groups import broadcast_after_commit, user_group
from chat.models import Conversation, Member


def _people_of(activity: Activity) -> set[int]:
    organisers = Organiser.objects.filter(organisation_id=activity.organisation_id)
    joined = Participation.objects.filter(activity=activity, status=Participation.Status.JOINED)
    return set(organisers.values_list("user_id", flat=True)) | set(
        joined.values_list("user_id", flat=True)
    )


@transaction.atomic
def conversation_open_for_activity(*, activity: Activity) -> Conversation:
    """The activity's conversation, open, with every organiser and joined person as a member
    (opening it twice gives the same one; turning the chat on again reopens it)."""
    conversation, _created = Conversation.objects.get_or_create(
        activity=activity, defaults={"kind": Conversation.Kind.ACTIVITY}
    )
    if conversation.status == Conversation.Status.READ_ONLY:
        conversation.status, conversation.closed_at = Conversation.Status.OPEN, None
        conversation.save(update_fields=["status", "closed_at"])
    wanted = _people_of(activity)
    present = set(
        Member.objects.filter(conversation=conversation).values_list("user_id", flat=True)
    )
    Member.objects.bulk_create(
        [Member(conversation=conversation, user_id=user_id) for user_id in wanted - present],
        ignore_conflicts=True,
    )
    return conversation


@transaction.atomic
def conversation_sync_for_activity(*, activity: Activity) -> Conversation | None:
    """After an organiser changes the activity: with the chat on, its conversation is open
    with the right members; turned off, it becomes read-only (the history is kept)."""
    if activity.chat_enabled:
        return conversation_open_for_activity(activity=activity)
    from chat.services.conversations import _close

    _close(Conversation.objects.filter(activity=activity), Conversation.Status.READ_ONLY)
    return Conversation.objects.filter(activity=activity).first()


@transaction.atomic
def activity_conversation_member_add(*, activity: Activity, user_id: int) -> None:
    """Someone joined (or organises) the activity: they are in its conversation, when the
    chat is on."""
    if not activity.chat_enabled:
        return
    conversation = conversation_open_for_activity(activity=activity)
    Member.objects.get_or_create(conversation=conversation, user_id=user_id)


LEAVE_EVENT = "chat.leave"


@transaction.atomic
def activity_conversation_member_remove(*, activity: Activity, user_id: int) -> None:
    """Someone left the activity: they leave its conversation (organisers stay), and their
    open sockets on it close (4403) once this is committed."""
    if Organiser.objects.filter(organisation_id=activity.organisation_id, user_id=user_id):
        return
    conversation_ids = list(
        Conversation.objects.filter(activity=activity).values_list("pk", flat=True)
    )
    if not conversation_ids:
        return
    removed, _ = Member.objects.filter(
        conversation_id__in=conversation_ids, user_id=user_id
    ).delete()
    if removed:
        for conversation_id in conversation_ids:
            broadcast_after_commit(
                user_group(user_id), {"type": LEAVE_EVENT, "conversation": conversation_id}
            )
