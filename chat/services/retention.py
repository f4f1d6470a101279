"""What chat keeps of a person who deleted their account, and of cases past their keeping
time. (Old messages themselves expire in chat.services.notify.messages_expire.)

Lock order as everywhere (chat/services/__init__.py): conversation, then case.
"""

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chat.groups import broadcast_after_commit, conversation_group, user_group
from chat.models import Case, CaseEvent, Conversation, Message
from chat.selectors import CATCH_UP_LIMIT, PAGE_SIZE
from chat.services.conversations import CLOSE_EVENT
from peers.models import User

RETENTION_BATCH = 500
# The most of one person's messages an open conversation page can be showing.
LIVE_PAGE_MESSAGES = PAGE_SIZE + CATCH_UP_LIMIT


@transaction.atomic
def chat_person_forget(*, user: User, pseudonym: str, names: Sequence[str] = ()) -> None:
    """Account deletion, the chat's part (the caller deletes the account afterwards):
    - their line to the team and its messages are deleted; its cases stay, without it;
    - each message they wrote in anyone else's conversation keeps its place but loses its
      text and its sender, and reads "message from a deleted account";
    - cases about them or reported by them keep only what coordinators wrote: the person
      becomes `pseudonym`, and so do their `names` wherever a coordinator (or someone who
      reported them) wrote them; the words they added to a report are removed;
    - their open sockets close."""
    _names_replace_in_cases(
        Case.objects.filter(Q(subject=user) | Q(reporter=user)), names=names, pseudonym=pseudonym
    )
    team = Conversation.objects.filter(kind=Conversation.Kind.TEAM, person=user)
    Message.objects.filter(conversation__in=team).delete()
    team.delete()
    # Replies they wrote as the team are the team's and stay (their sender goes with them).
    theirs = Message.objects.filter(sender=user, from_team=False)
    on_open_pages = _on_open_pages(theirs)
    theirs.update(sender=None, sender_deleted=True, body="", client_id=None, risk="")
    for conversation_id, ids in on_open_pages.items():
        broadcast_after_commit(
            conversation_group(conversation_id), {"type": "chat.deleted", "ids": ids}
        )
    Case.objects.filter(subject=user).update(subject=None, subject_label=pseudonym)
    Case.objects.filter(reporter=user).update(reporter=None, reporter_label=pseudonym, detail="")
    broadcast_after_commit(user_group(user.pk), CLOSE_EVENT)


def _on_open_pages(messages) -> dict[int, list[int]]:
    """Of these messages, the ones a page open on a conversation that is still open may show
    (its history and what it caught up on), by conversation: those pages are told live.
    Pairings have ended by now: their pages were closed and show the change on reload."""
    conversation_ids = (
        messages.filter(conversation__status=Conversation.Status.OPEN)
        .order_by("conversation_id")
        .values_list("conversation_id", flat=True)
        .distinct()
    )
    return {
        conversation_id: sorted(
            messages.filter(conversation_id=conversation_id)
            .order_by("-pk")
            .values_list("pk", flat=True)[:LIVE_PAGE_MESSAGES]
        )
        for conversation_id in conversation_ids
    }


def _names_replace_in_cases(cases, *, names: Sequence[str], pseudonym: str) -> None:
    """The person's names in these cases' notes and report words become the pseudonym."""
    from peers.services.data_rights import names_replace

    if not names:
        return
    names = list(names)
    changed = []
    for case in cases.only("pk", "detail", "closing_note").order_by("pk"):
        detail = names_replace(case.detail, names=names, pseudonym=pseudonym)
        closing_note = names_replace(case.closing_note, names=names, pseudonym=pseudonym)
        if (detail, closing_note) != (case.detail, case.closing_note):
            case.detail, case.closing_note = detail, closing_note
            changed.append(case)
    Case.objects.bulk_update(changed, ["detail", "closing_note"])
    events = []
    for event in CaseEvent.objects.filter(case__in=cases).exclude(note="").only("pk", "note"):
        note = names_replace(event.note, names=names, pseudonym=pseudonym)
        if note != event.note:
            event.note = note
            events.append(event)
    CaseEvent.objects.bulk_update(events, ["note"])


def pseudonym_new() -> str:
    """A label for a person that is not derived from anything about them: "person 4f2a9c"."""
    return f"person {secrets.token_hex(3)}"


def cases_retention_apply(*, now: datetime | None = None, batch_size: int = RETENTION_BATCH) -> int:
    """Cases closed more than CASE_RETENTION_DAYS ago lose their personal content: the report's
    words, the closing note, the timeline's notes, the link to the message, and the people
    (each becomes a pseudonym of its own). Kind, severity, status and dates stay for the
    dashboard. In batches, each its own transaction; a case is done once (idempotent)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CASE_RETENTION_DAYS)
    due = Case.objects.filter(
        status=Case.Status.CLOSED, closed_at__lt=cutoff, personal_content_removed_at__isnull=True
    )
    done = 0
    while True:
        with transaction.atomic():
            cases = list(
                due.select_for_update()
                .order_by("pk")
                .only("pk", "subject_id", "reporter_id", "subject_label", "reporter_label")[
                    :batch_size
                ]
            )
            if not cases:
                return done
            for case in cases:
                if case.subject_id is not None:
                    case.subject_label = pseudonym_new()
                if case.reporter_id is not None:
                    case.reporter_label = pseudonym_new()
                case.subject = case.reporter = case.message = None
                case.detail = case.closing_note = ""
                case.personal_content_removed_at = now
            Case.objects.bulk_update(
                cases,
                [
                    "subject",
                    "reporter",
                    "subject_label",
                    "reporter_label",
                    "message",
                    "detail",
                    "closing_note",
                    "personal_content_removed_at",
                ],
            )
            CaseEvent.objects.filter(case__in=cases).exclude(note="").update(note="")
            done += len(cases)
