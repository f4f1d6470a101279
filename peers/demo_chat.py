"""Months of chat for the demo, and the cases coordinators handled or still have open.

Ordinary messages between the history's pairs are bulk-inserted (nothing happens when they
are sent but their storing). What a coordinator deals with goes through the chat services,
so each case has its timeline, its audit lines, the supporter's check-in and the notices a
real one would have: safeguarding alerts (a message the detector flags), reports of a
message, and people writing to the team; some new, some acknowledged, most closed with a
note. `Created` then moves what the services wrote to when the story says it happened.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from chat.models import Case, CaseEvent, ConversationAccess, Message
from peers.demo_stories import Created
from peers.models import AuditEvent, Notification, Pairing, User

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

FIRST_WORDS = (
    ("supporter", "Hello! I am glad we were matched. How are you settling in?"),
    ("newcomer", "Hello, thank you. Everything is new here. I would like to practise English."),
    ("supporter", "Of course. Shall we meet at the library café on Thursday afternoon?"),
)
LATER_WORDS = (
    ("supporter", "How did the appointment go? I hope the interpreter came."),
    ("newcomer", "It went well, thank you. The bus was late but I found it."),
    ("supporter", "The walking group meets again on Saturday, if you would like to come."),
    ("newcomer", "Thank you for yesterday. I liked the park very much."),
    ("supporter", "Just checking in: how was your week?"),
)
# Messages the safeguarding detector flags (in the languages people write in).
WORRYING = (
    "Sometimes I feel I can't go on any more.",
    "I don't want to live anymore.",
    "There is no point in living like this.",
    "I have been cutting myself again.",
    "I am thinking of ending my life.",
    "أريد أن أموت",
)
# (reason, what the other person wrote)
REPORTED = (
    ("money", "Can you lend me 50 pounds? I will pay you back next month."),
    ("money", "Send me a photo of your Home Office letter and your bank card."),
    ("unkind", "Stop asking me things all the time, you are annoying."),
    ("sexual", "You look beautiful. Send me more photos of you."),
    ("other", "Let's meet at my house instead, and don't tell the team."),
)
TO_THE_TEAM = (
    "Hello team, my supporter has not answered for two weeks. Is she okay?",
    "Can I change the day of my activity? I have a new English class on Thursdays.",
    "I have a letter I do not understand. Who can help me read it?",
    "Hello, how do I ask for an interpreter at the GP?",
    "Can my supporter and I meet at the library instead of the café?",
)
CLOSING_NOTES = {
    Case.Kind.SAFEGUARDING: (
        "Called with an interpreter: they are safe tonight and have seen their GP. "
        "Supporter offered a debrief.",
        "Spoke with them the next morning; referred to the local mental health team with "
        "their agreement.",
        "A song lyric, not about themselves. Checked in anyway; all fine.",
    ),
    Case.Kind.REPORT: (
        "Message hidden and the supporter warned. The newcomer is happy to carry on.",
        "Spoke to both; a misunderstanding. Nothing more to do.",
    ),
    Case.Kind.TEAM: (
        "Answered; nothing more to do.",
        "Answered and put them in touch with the local drop-in.",
    ),
}


@dataclass(frozen=True)
class CaseStory:
    kind: str
    opened_days_ago: float
    status: str  # new, acknowledged, closed
    closed_after_days: float = 0.0


def case_stories() -> list[CaseStory]:
    """Open cases of different ages (most seen within a day or two), and closed ones over
    the months, oldest first."""
    stories = []
    for kind, new, acknowledged, closed in (
        ("safeguarding", (0.1, 0.3, 0.6, 1.0, 1.4, 1.9, 3, 5), (2.5, 3, 4, 5, 6.5, 9, 14, 21),
         (3, 8, 12, 17, 25, 33, 41, 50, 58, 66, 80, 110, 140, 170)),
        ("report", (0.4, 0.9, 1.3, 1.7, 1.9, 4), (2.2, 3, 4.5, 6, 11, 16),
         (6, 13, 22, 30, 38, 47, 64, 85, 120, 160)),
        ("team", (0.2, 0.5, 0.9, 1.2, 1.6, 3, 4), (2.5, 3.5, 5, 6, 12),
         (4, 9, 15, 20, 28, 36, 45, 55, 70, 100, 130, 165)),
    ):  # fmt: skip
        stories += [CaseStory(kind, days, "new") for days in new]
        stories += [CaseStory(kind, days, "acknowledged") for days in acknowledged]
        stories += [
            CaseStory(kind, days, "closed", closed_after_days=min(days - 0.5, 0.5 + index % 4))
            for index, days in enumerate(closed)
        ]
    return sorted(stories, key=lambda story: -story.opened_days_ago)


def chat_history_seed(
    *, coordinator: User, now: datetime.datetime | None = None, report: Callable = print
) -> None:
    """Chat between the history's pairs over the months, Selam and Hanna's conversation, and
    the cases. The caller holds the transaction and checks it has not been done already."""
    now = now or timezone.now()
    rng = random.Random(12)  # noqa: S311 - demo data, not security
    # The history's pairs (today's run's new ones have not written yet).
    pairings = list(
        Pairing.objects.filter(
            newcomer__username__startswith="demo-newcomer-", started_at__lt=now - DAY
        )
        .select_related("conversation")
        .order_by("pk")
    )
    _words_bulk(
        pairings, FIRST_WORDS, lambda p: [p.started_at + HOUR * (1 + 5 * i) for i in range(3)]
    )
    selam_story(coordinator=coordinator, now=now)
    active = [p for p in pairings if p.status == Pairing.Status.ACTIVE]
    rng.shuffle(active)
    busy: dict[int, datetime.datetime] = {}
    # People whose line to the team already has today's messages: a case in the past would
    # add its check-in or message after them (a conversation reads in order).
    written = set(
        Message.objects.filter(conversation__kind="team").values_list(
            "conversation__person_id", flat=True
        )
    )
    cases = 0
    for story in case_stories():
        when = now - datetime.timedelta(days=story.opened_days_ago)
        made = _case_story(story, when, active, coordinator, rng, busy, written)
        cases += made

    # The latest words in each active conversation: most within the last fortnight, some
    # quiet for weeks (their supporters show up as inactive on the dashboard).
    def later(pairing: Pairing) -> list[datetime.datetime]:
        quiet = rng.random() < 0.18
        last = now - DAY * (rng.uniform(35, 80) if quiet else rng.uniform(0.2, 14))
        # After their first words and after any case on their chat (messages are in order).
        floor = max(busy.get(pairing.conversation.pk, pairing.started_at), pairing.started_at)
        floor += DAY
        last = max(last, floor + DAY)
        if last > now - HOUR:
            return []
        return [max(last - DAY * 2, floor), last]

    _words_bulk(active, LATER_WORDS, later, rng=rng)
    report(
        f"  chat history: {Message.objects.count()} messages, {cases} cases "
        f"({Case.objects.filter(status__in=Case.OPEN).count()} open)"
    )


def _words_bulk(pairings, words, times, rng: random.Random | None = None) -> None:
    """Ordinary messages between each pair, at the given times (skipped when none)."""
    messages = []
    for pairing in pairings:
        moments = times(pairing)
        for index, moment in enumerate(moments):
            side, body = rng.choice(words) if rng else words[index % len(words)]
            sender = pairing.supporter_id if side == "supporter" else pairing.newcomer_id
            messages.append(
                Message(
                    conversation_id=pairing.conversation.pk,
                    sender_id=sender,
                    body=body,
                    created_at=moment,
                )
            )
    Message.objects.bulk_create(messages, batch_size=500)


def _case_story(story, when, active, coordinator, rng, busy, written) -> int:
    """One case, through the services, then moved to its time; 0 when nobody fits."""
    from chat.services import message_post, report_create, team_conversation_open

    # A pair that had been talking for a while by then, and no other case on their chat.
    pairing = next(
        (
            p
            for p in active
            if p.conversation.pk not in busy
            and p.started_at < when - DAY * 2
            and p.supporter_id not in written
            and p.newcomer_id not in written
        ),
        None,
    )
    if pairing is None:
        return 0
    with Created(Message, Case, CaseEvent, AuditEvent, Notification, ConversationAccess) as made:
        if story.kind == Case.Kind.SAFEGUARDING:
            message_post(
                user=pairing.newcomer,
                conversation_id=pairing.conversation.pk,
                body=rng.choice(WORRYING),
            )
            busy[pairing.conversation.pk] = when
        elif story.kind == Case.Kind.REPORT:
            reason, body = rng.choice(REPORTED)
            posted = message_post(
                user=pairing.supporter, conversation_id=pairing.conversation.pk, body=body
            )
            report_create(reporter=pairing.newcomer, message_id=posted.message.pk, reason=reason)
            busy[pairing.conversation.pk] = when
        else:
            person = pairing.newcomer
            team = team_conversation_open(person=person)
            message_post(user=person, conversation_id=team.pk, body=rng.choice(TO_THE_TEAM))
            busy[pairing.conversation.pk] = when
        case = made.rows(Case).get()
        _case_handled(case, story, coordinator, rng)
    _case_backdate(case, made, story, when)
    return 1


def _case_handled(case: Case, story: CaseStory, coordinator: User, rng: random.Random) -> None:
    from chat.services import (
        case_acknowledge,
        case_close,
        case_messages_open,
        message_hide,
        person_warn,
        team_reply,
    )

    if story.status == "new":
        return
    case = case_acknowledge(case=case, coordinator=coordinator)
    if case.kind != Case.Kind.TEAM:
        case_messages_open(case=case, coordinator=coordinator)
    if story.status != "closed":
        return
    if case.kind == Case.Kind.REPORT and case.reason in ("money", "sexual"):
        message_hide(case=case, coordinator=coordinator, message_id=case.message_id)
        person_warn(
            case=case,
            coordinator=coordinator,
            user_id=case.subject_id,
            note="Please never ask for money, documents or photos. Read the supporter guide again.",
        )
    if case.kind == Case.Kind.TEAM:
        team_reply(
            case=case,
            coordinator=coordinator,
            body="Thank you for writing. Yes, of course: we will sort it out today.",
        )
    case_close(case=case, coordinator=coordinator, note=rng.choice(CLOSING_NOTES[case.kind]))


def _case_backdate(case: Case, made: Created, story: CaseStory, when: datetime.datetime) -> None:
    """Everything the case's services wrote, at the story's times: opened `when`, looked at
    an hour or so later, closed `closed_after_days` after it opened."""
    seen = when + HOUR * 1.5
    closed = when + DAY * story.closed_after_days if story.status == "closed" else None
    made.rows(Message).filter(from_team=False).update(created_at=when)
    made.rows(Message).filter(from_team=True, sender__isnull=True).update(
        created_at=when + HOUR / 6
    )
    made.rows(Message).filter(from_team=True, sender__isnull=False).update(
        created_at=closed or seen
    )
    Case.objects.filter(pk=case.pk).update(created_at=when, closed_at=closed)
    events = made.rows(CaseEvent)
    events.filter(action__in=["opened", "check_in"]).update(at=when)
    events.filter(action__in=["acknowledged", "read"]).update(at=seen)
    events.exclude(action__in=["opened", "check_in", "acknowledged", "read"]).update(
        at=closed or seen
    )
    made.rows(ConversationAccess).update(at=seen)
    audit = made.rows(AuditEvent)
    audit.filter(action__in=["case_acknowledged", "conversation_read"]).update(at=seen)
    audit.exclude(action__in=["case_acknowledged", "conversation_read"]).update(at=closed or seen)
    made.rows(Notification).update(created_at=closed or seen)


def selam_story(*, coordinator: User, now: datetime.datetime) -> None:
    """Selam and Hanna's conversation (JOURNEYS.md): meeting, the cooking group, the night
    Selam wrote that she could not go on (the alert Priya handled with an interpreter), and
    the move to Stoke-on-Trent, after which Hanna stays with her by chat."""
    from chat.services import case_acknowledge, case_close, case_messages_open, message_post
    from chat.services.messages import conversation_mark_read
    from peers.models import Move

    pairing = (
        Pairing.objects.filter(newcomer__username="selam", supporter__username="hanna")
        .select_related("conversation", "newcomer", "supporter")
        .first()
    )
    if pairing is None:
        return
    selam, hanna, start = pairing.newcomer, pairing.supporter, pairing.started_at
    crisis = (now - DAY * 75).replace(hour=22, minute=40)  # one night
    move = Move.objects.filter(user=selam).order_by("created_at").first()
    moved = move.created_at if move else None
    lines = [
        (
            hanna,
            start + HOUR * 2,
            "Hello Selam! I am Hanna. I am glad we were matched. I love cooking too.",
        ),
        (selam, start + HOUR * 5, "ሰላም ሃና! Thank you. I am happy. Can we meet this week?"),
        (
            hanna,
            start + HOUR * 6,
            "Yes! Thursday afternoon at the library café? There is also a women's cooking "
            "group on Thursdays.",
        ),
        (selam, start + DAY * 9, "Thank you for coming with me to the cooking group. It was nice."),
        (selam, crisis, "Sometimes I feel I can't go on any more."),
        (hanna, crisis + HOUR * 14, "I am here for you, Selam. Shall we walk together tomorrow?"),
    ]
    if moved:
        lines += [
            (
                selam,
                moved + HOUR * 2,
                "Hanna, they moved me to Stoke-on-Trent. I had one week to pack.",
            ),
            (
                hanna,
                moved + HOUR * 4,
                "I am so sorry. I will stay with you: we can talk here and on the phone. "
                "There is a women's walk in Hanley Park on Mondays.",
            ),
            (selam, moved + DAY, "Thank you, Hanna. I will try it."),
        ]
    conversation = pairing.conversation.pk
    for sender, when, body in lines:
        if when >= now:
            continue
        with Created(
            Message, Case, CaseEvent, AuditEvent, Notification, ConversationAccess
        ) as made:
            message_post(user=sender, conversation_id=conversation, body=body)
            case = made.rows(Case).first()
            if case is not None:
                case = case_acknowledge(case=case, coordinator=coordinator)
                case_messages_open(case=case, coordinator=coordinator)
                case_close(
                    case=case,
                    coordinator=coordinator,
                    note="Called Selam the next morning with a Tigrinya interpreter: she is safe "
                    "and has seen her GP. Hanna was offered a debrief and took it.",
                )
        made.rows(Message).filter(from_team=False).update(created_at=when)
        if case is not None:
            _case_backdate(case, made, CaseStory("safeguarding", 0, "closed", 0.6), when)
    last = Message.objects.filter(conversation_id=conversation).order_by("-pk").first()
    for person in (selam, hanna):
        conversation_mark_read(user=person, conversation_id=conversation, up_to=last.pk)
