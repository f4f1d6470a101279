"""What people told the service over the months, and how they took part in activities.

Feedback and complaints (named and anonymous, every score), the coordinators' answers and
"You said, we did" go through the feedback services; people join activities through
`activity_join` and rate sessions through `session_rate` (given the day it happened as its
"now"). The times the services stamp are then moved to when it happened: an anonymous entry
keeps only its day, as the service would.
"""

import datetime
import random
from collections.abc import Callable

from django.utils import timezone

from activities.models import Activity, Organisation, Participation, SessionRating
from activities.schedule import LONDON
from peers.demo_stories import Created
from peers.models import AuditEvent, Notification, User

DAY = datetime.timedelta(days=1)
FEEDBACK_ENTRIES = 170
SCORES = (1, 2, 3, 4, 5)
SCORE_SHARES = (7, 10, 20, 33, 30)
UI_LANGUAGE = {"ar": "ar", "fa": "fa", "prs": "fa", "uk": "uk"}
ABOUT = (("general", 30), ("support", 30), ("activity", 25), ("chat", 8), ("website", 7))

SAYINGS = {
    1: ("I waited a long time for a supporter and nobody told me why.",
        "The website is hard to use on my phone."),
    2: ("The activity was cancelled and nobody told me.",
        "It is too far for me and the bus is expensive.",
        "My supporter does not answer often."),
    3: ("It is OK. I would like more activities in the evening.",
        "Good, but the chat is sometimes slow on my phone.",
        "Fine, but I did not understand all the words."),
    4: ("My supporter is kind and helps me with letters.",
        "The football on Saturday is very good.",
        "I like the English café, people are friendly."),
    5: ("Thank you! I do not feel alone any more.",
        "The women's cooking group is the best part of my week.",
        "My supporter helped me register with a GP. Thank you!"),
}  # fmt: skip
# A few people write in their own language (what the coordinators would read).
OWN_WORDS = {
    "ar": ("شكراً على المساعدة. المتطوعة لطيفة جداً.", "المجموعة جيدة لكن الحافلة غالية."),
    "fa": ("از کمک شما ممنونم. خیلی خوب بود.", "گروه پیاده‌روی عالی است."),
    "uk": ("Дякую за підтримку, все дуже добре.", "Було б добре мати більше занять увечері."),
}
THANKS = (
    "Thank you for telling us. We have passed your kind words on.",
    "Thank you. We are looking for more groups that meet in the evening.",
    "Thank you: we have asked the group to send a text when a session is called off.",
)
# (what happened, how the coordinators answered)
COMPLAINTS = (
    ("The organiser of the walk shouted at me because I was late.",
     "Thank you for telling us. We spoke with the organiser, who has apologised; the "
     "volunteers will have a refresher on welcoming people. You are very welcome back."),
    ("My supporter cancelled three times without telling me.",
     "We are sorry. Your supporter has agreed to tell you in good time when they cannot "
     "come. If you would like a different supporter, just tell us."),
    ("A volunteer asked me about my asylum case. I did not want to talk about it.",
     "Supporters should never ask about it, and we have reminded them. Nothing you tell us "
     "can affect your claim."),
    ("The activity says free, but they asked me for money for the food.",
     "The activity is free: we asked the group to stop asking for money and they agreed."),
    ("I reported a message two weeks ago and heard nothing back.",
     "Sorry for the wait. The report was dealt with; we now tell people when it is."),
    ("The room for the group has only stairs, I cannot go with my pram.",
     "Thank you: the group now meets in the ground-floor room, with step-free access."),
    ("Someone in the group chat made jokes about my religion.",
     "That is not acceptable. The messages were removed and the person was warned."),
)  # fmt: skip
CHANGES = (
    (120, "The Thursday cooking group was hard to reach: the bus costs too much.",
     "The group now pays bus fares back on the day, and every activity says whether it does."),
    (60, "You did not know what happens after you ask for a supporter.",
     "The page now says what happens next and roughly how long it takes, in your language."),
    (20, "Some of you could not read letters from the GP.",
     "We added a guide to asking for an interpreter, and library volunteers help read "
     "letters on Tuesdays."),
)  # fmt: skip
# Complaints still open (days ago) and answered ones (days ago, days to answer).
OPEN_COMPLAINTS = {"new": (0.2, 0.7, 1.1, 1.6, 3, 4.5), "acknowledged": (3, 5, 6, 9, 16, 25)}
ANSWERED_COMPLAINTS = tuple((days, 2 + days % 7) for days in range(8, 176, 9))


def feedback_seed(
    *, coordinator: User, now: datetime.datetime | None = None, report: Callable = print
) -> None:
    """Feedback over six months, complaints open and answered, Selam's complaint about the
    cooking group, and three "You said, we did" entries. The caller holds the transaction."""
    from feedback.models import Feedback

    now = now or timezone.now()
    rng = random.Random(21)  # noqa: S311 - demo data, not security
    writers = list(
        User.objects.filter(is_newcomer=True, username__contains="newcomer-")
        .select_related("profile")
        .prefetch_related("profile__languages")
        .order_by("pk")
    )
    activities = list(Activity.objects.filter(status="active").order_by("pk"))
    if not writers:
        return
    # About one in four people writes (a small demo crowd writes less).
    for _ in range(min(FEEDBACK_ENTRIES, len(writers) // 4 + 1)):
        days = 180 * rng.random() ** 1.3
        score = rng.choices(SCORES, SCORE_SHARES)[0]
        text = rng.choice(SAYINGS[score]) if rng.random() < 0.8 else ""
        status = (
            rng.choice(["resolved", "resolved", "resolved", "acknowledged"])
            if days > 10
            else rng.choice(["new", "acknowledged"])
        )
        answer = rng.choice(THANKS) if status == "resolved" else ""
        _entry(
            "feedback", rng.choice(writers), score, text, days, status, answer,
            rng, activities, coordinator, now,
        )  # fmt: skip
    stories = [(days, status, 0) for status, ages in OPEN_COMPLAINTS.items() for days in ages]
    stories += [(days, "resolved", after) for days, after in ANSWERED_COMPLAINTS]
    for days, status, after in stories:
        said, answer = rng.choice(COMPLAINTS)
        score = rng.choice([1, 1, 2, None])
        _entry(
            "complaint", rng.choice(writers), score, said, days, status, answer,
            rng, activities, coordinator, now, answered_after=after,
        )  # fmt: skip
    _selam_complaint(coordinator=coordinator, now=now)
    _changes(coordinator=coordinator, now=now)
    report(
        f"  feedback: {Feedback.objects.filter(kind='feedback').count()} entries, "
        f"{Feedback.objects.filter(kind='complaint').count()} complaints "
        f"({Feedback.objects.filter(status__in=Feedback.OPEN, kind='complaint').count()} open)"
    )


def _language(user: User) -> str:
    first = next((item.language_id for item in user.profile.languages.all() if item.is_first), "")
    return UI_LANGUAGE.get(first, "en")


def _entry(
    kind, writer, score, text, days, status, answer, rng, activities, coordinator, now,
    answered_after: float = 0,
) -> None:  # fmt: skip
    from feedback.services.feedback import feedback_create

    language = _language(writer)
    if kind == "feedback" and language in OWN_WORDS and text and rng.random() < 0.4:
        text = rng.choice(OWN_WORDS[language])
    about = rng.choices([a for a, _w in ABOUT], [w for _a, w in ABOUT])[0]
    anonymous = rng.random() < 0.4
    with Created(AuditEvent, Notification) as made:
        created = feedback_create(
            user=writer,
            kind=kind,
            about=about,
            score=score,
            text=text,
            anonymous=anonymous,
            language=language,
            activity=rng.choice(activities) if about == "activity" and activities else None,
        )
        _triage(created.feedback, status, answer, coordinator)
    when = now - datetime.timedelta(days=days)
    answered_after = answered_after or min(days * 0.6, 1 + rng.random() * 6)
    _backdate(created.feedback, made, when, status, answered_after)


def _triage(feedback, status: str, answer: str, coordinator: User) -> None:
    from feedback.services.feedback import feedback_acknowledge, feedback_resolve

    if status in ("acknowledged", "resolved"):
        feedback_acknowledge(feedback=feedback, coordinator=coordinator)
    if status == "resolved":
        feedback_resolve(feedback=feedback, coordinator=coordinator, response=answer)


def _backdate(feedback, made: Created, when: datetime.datetime, status: str, after: float) -> None:
    """Written `when` (only its day, when anonymous), seen some hours later, answered
    `after` days later."""
    from feedback.models import Feedback

    written = (
        when.replace(hour=0, minute=0, second=0, microsecond=0) if feedback.anonymous else when
    )
    seen = when + datetime.timedelta(hours=5) if status != "new" else None
    answered = when + DAY * after if status == "resolved" else None
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=written,
        acknowledged_at=seen,
        responded_at=answered,
    )
    if answered:
        made.rows(AuditEvent).update(at=answered)
        made.rows(Notification).update(created_at=answered, read_at=answered + DAY)


def _selam_complaint(*, coordinator: User, now: datetime.datetime) -> None:
    """JOURNEYS.md: Selam tells the service, anonymously, that the cooking group's leader was
    unkind; the coordinators answer, and she reads it by reference."""
    from feedback.services.feedback import feedback_create

    selam = User.objects.filter(username="selam").first()
    cooking = Activity.objects.filter(title="Women's cooking group").first()
    if selam is None or cooking is None:
        return
    with Created(AuditEvent, Notification) as made:
        created = feedback_create(
            user=selam,
            kind="complaint",
            about="activity",
            score=2,
            text="The leader of the Thursday cooking group shouted at me and said I must speak "
            "English there. I did not go back.",
            anonymous=True,
            language="en",
            activity=cooking,
        )
        _triage(
            created.feedback,
            "resolved",
            "Thank you for telling us, and we are sorry. We met the group's leaders: everyone "
            "may speak their own language there, and the leader has apologised. You are very "
            "welcome back on Thursdays.",
            coordinator,
        )
    _backdate(created.feedback, made, now - DAY * 95, "resolved", 4)


def _changes(*, coordinator: User, now: datetime.datetime) -> None:
    from feedback.models import PublishedChange
    from feedback.services.feedback import published_change_create

    for days, you_said, we_did in CHANGES:
        change = published_change_create(coordinator=coordinator, you_said=you_said, we_did=we_did)
        PublishedChange.objects.filter(pk=change.pk).update(published_at=now - DAY * days)


# --- Activities over the months ---------------------------------------------------------------

RATING_SHARES = (3, 6, 15, 38, 38)
RATING_COMMENTS = (
    "Very friendly people.", "Lovely food!", "I learned new words.", "Cold today, but good.",
    "Please start on time.", "The room was too small for everyone.",
)  # fmt: skip


def activity_history_seed(
    *, now: datetime.datetime | None = None, report: Callable = print
) -> None:
    """Groups listed months ago; people from the history joining the activities of their
    town (some onto waiting lists), Selam joining the women's cooking group; everyone's join
    spread over the months in the order they joined; and the sessions they rated."""
    from activities.services.participation import activity_join

    now = now or timezone.now()
    rng = random.Random(33)  # noqa: S311 - demo data, not security
    listed = now - DAY * 240
    Organisation.objects.filter(created_at__gt=listed).update(created_at=listed)
    Organisation.objects.filter(decided_at__isnull=False, decided_at__gt=listed).update(
        decided_at=listed + DAY * 3
    )
    AuditEvent.objects.filter(action="organisation_verified", at__gt=listed).update(
        at=listed + DAY * 3
    )
    Activity.objects.filter(created_at__gt=listed).update(created_at=listed + DAY * 4)
    neighbours = {
        "Middlesbrough": ["Middlesbrough", "Stockton-on-Tees"],
        "Stoke-on-Trent": ["Stoke-on-Trent"],
    }
    for town, homes in neighbours.items():
        people = list(
            User.objects.filter(
                username__startswith="demo-newcomer-", profile__place__name__in=homes
            )
            .select_related("profile")
            .order_by("pk")
        )
        for activity in Activity.objects.filter(place__name=town, status="active").order_by("pk"):
            pool = [p for p in people if not activity.women_only or p.profile.gender == "f"]
            for user in rng.sample(pool, min(6, len(pool))):
                activity_join(user=user, activity=activity)
    selam = User.objects.filter(username="selam").first()
    cooking = Activity.objects.filter(title="Women's cooking group").first()
    if selam and cooking:
        activity_join(user=selam, activity=cooking)
    _joins_spread(now=now, rng=rng, selam=selam)
    rated = _ratings(now=now, rng=rng)
    report(
        f"  activities over the months: {Participation.objects.count()} joined or waiting, "
        f"{rated} session ratings"
    )


def _joins_spread(*, now: datetime.datetime, rng: random.Random, selam: User | None) -> None:
    """Each activity's people joined over the months, in the order they joined (so its
    waiting list keeps its order); Selam joined about four months ago."""
    changed = []
    for activity_id in Activity.objects.values_list("pk", flat=True):
        rows = list(Participation.objects.filter(activity_id=activity_id).order_by("pk"))
        if not rows:
            continue
        first = rng.uniform(120, 200)
        days = sorted((rng.uniform(2, first) for _row in rows), reverse=True)
        for row, back in zip(rows, days, strict=True):
            row.created_at = now - DAY * back
            if selam and row.user_id == selam.pk:
                row.created_at = now - DAY * 110
            changed.append(row)
    Participation.objects.bulk_update(changed, ["created_at"], batch_size=500)


def _ratings(*, now: datetime.datetime, rng: random.Random) -> int:
    """About two in three people coming rate one to three of their recent sessions."""
    from activities.services.ratings import session_rate

    made = []
    joined = Participation.objects.filter(
        status="joined", activity__status="active"
    ).select_related("activity", "user")
    for participation in joined.order_by("pk"):
        if rng.random() > 0.65:
            continue
        activity = participation.activity
        if not (activity.weekdays and activity.starts_at and activity.ends_at):
            continue
        first = max(participation.created_at, now - DAY * 85).astimezone(LONDON).date() + DAY
        days = [
            first + DAY * n
            for n in range((now.astimezone(LONDON).date() - first).days - 1)
            if (first + DAY * n).weekday() in activity.weekdays
        ]
        for day in rng.sample(days, min(len(days), rng.randint(1, 3))):
            ends = datetime.datetime.combine(day, activity.ends_at, LONDON)
            when = ends + datetime.timedelta(hours=rng.uniform(1, 40))
            if when >= now:
                continue
            rating = session_rate(
                user=participation.user,
                activity=activity,
                session_date=day,
                rating=rng.choices(SCORES, RATING_SHARES)[0],
                comment=rng.choice(RATING_COMMENTS) if rng.random() < 0.3 else "",
                now=when,
            )
            rating.created_at = when
            made.append(rating)
    SessionRating.objects.bulk_update(made, ["created_at"], batch_size=500)
    return len(made)
