"""A known world for the dashboard: every figure in it is written down in KNOWN below."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import Organisation, Participation, SessionRating
from chat.models import Case
from dashboard.selectors import months_back
from feedback.models import Feedback
from peers.models import Offer, SupporterProfile, SupportRequest
from tests.activities.factories import ActivityFactory, OrganisationFactory
from tests.dashboard import factories as make

A, B = "Middlesbrough", "Stockton-on-Tees"
WAITING, OFFERED = SupportRequest.Status.WAITING, SupportRequest.Status.OFFERED
MATCHED, CANCELLED = SupportRequest.Status.MATCHED, SupportRequest.Status.CANCELLED


def build_world(now: dt.datetime) -> dict:
    """The fixture the figures in the tests are computed from by hand."""
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731

    # Waiting: 6 in A (Tigrinya; 3 with nobody within reach, 2 with no speaker at all, 1
    # with an offer out), 4 in B (Arabic; nobody within reach).
    for _ in range(3):
        make.support_request(make.person(A, "ti"), now=now, reason=("no_speaker_within", "ti"))
    for _ in range(2):
        make.support_request(make.person(A, "ti"), now=now, reason=("no_speaker", "ti"))
    make.support_request(make.person(A, "ti"), now=now, status=OFFERED)
    for _ in range(4):
        make.support_request(make.person(B, "ar"), now=now, reason=("no_speaker_within", "ar"))
    # Matched in the last 90 days: 5 in A after 2, 4, 6, 8, 10 days; 3 in B after 1, 2, 3.
    matched_a = [make.person(A, "ti") for _ in range(5)]
    requests_a = [
        make.support_request(user, now=now, status=MATCHED, waited_days=wait, matched_days_ago=10)
        for user, wait in zip(matched_a, (2, 4, 6, 8, 10), strict=True)
    ]
    for wait in (1, 2, 3):
        make.support_request(
            make.person(B, "ar"), now=now, status=MATCHED, waited_days=wait, matched_days_ago=20
        )
    # Outside the figures: matched 100 days ago, and a cancelled request.
    make.support_request(
        make.person(A, "ti"), now=now, status=MATCHED, waited_days=50, matched_days_ago=100
    )
    make.support_request(make.person(A, "ti"), now=now, status=CANCELLED)

    # Supporters: 5 of capacity 2 with one active pairing each, 2 of capacity 1 with none
    # (inactive: verified 60 days ago, no message, no offer answered); 1 paused (not counted).
    loaded = [make.active_supporter(capacity=2, name=f"Busy {k}") for k in range(5)]
    idle = [make.active_supporter(capacity=1, name=name) for name in ("Hanna", "Yonas")]
    paused = make.active_supporter(capacity=3)
    SupporterProfile.objects.filter(user=paused).update(status=SupporterProfile.Status.PAUSED)
    pairings = [make.pairing(n, s) for n, s in zip(matched_a, loaded, strict=True)]
    # Active lately: three answered an offer 10 days ago, two wrote 5 days ago.
    months = months_back(now=now)
    last_month = timezone.make_aware(dt.datetime.combine(months[-2], dt.time(12)))
    for request, supporter in zip(requests_a[:3], loaded[:3], strict=True):
        make.offer(request, supporter, status=Offer.Status.ACCEPTED, created=last_month,
                   decided=days(10))  # fmt: skip
    for pairing, supporter in zip(pairings[3:], loaded[3:], strict=True):
        make.message_from(supporter, at=days(5), pairing_row=pairing)
    # Offers last month: 5 accepted (3 above), 2 declined, 1 expired; this month: 5 expired
    # and 1 still waiting for an answer.
    for request in requests_a[3:]:
        make.offer(request, loaded[0], status=Offer.Status.ACCEPTED, created=last_month,
                   decided=days(40))  # fmt: skip
    for status, count, created in (
        (Offer.Status.DECLINED, 2, last_month),
        (Offer.Status.EXPIRED, 1, last_month),
        (Offer.Status.EXPIRED, 5, now),
        (Offer.Status.PENDING, 1, now),
    ):
        for _ in range(count):
            make.offer(requests_a[0], idle[0], status=status, created=created, decided=days(40))

    # Activities: sports in A (6 coming, 2 waiting; 5 people rated 5, 4, 4, 3, 4), a
    # women's group in B (3 coming, 2 ratings).
    football = ActivityFactory()
    women = ActivityFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.WOMEN, towns=[B]),
        place=make.place(B),
    )
    for k in range(8):
        joined = Participation.objects.create(
            activity=football, user=make.person(A), status="joined" if k < 6 else "waiting"
        )
        if k < 5:
            SessionRating.objects.create(
                participation=joined, session_date=days(3).date(), rating=(5, 4, 4, 3, 4)[k]
            )
    for k in range(3):
        joined = Participation.objects.create(activity=women, user=make.person(B), status="joined")
        if k < 2:
            SessionRating.objects.create(
                participation=joined, session_date=days(3).date(), rating=5
            )
    Participation.objects.create(activity=football, user=make.person(A), status="left")

    # Feedback scores in the last 90 days: 5 × 5, 3 × 4, 1 × 1 (and a 2 from 100 days ago).
    for score, count in ((5, 5), (4, 3), (1, 1)):
        for _ in range(count):
            make.feedback(score=score, created=days(3))
    make.feedback(score=2, created=days(100))

    # Complaints: 7 new (5 a day old, 2 ten days old), 1 acknowledged (5 days old), 5
    # answered in the period and 1 answered long ago.
    complaint = Feedback.Kind.COMPLAINT
    for age, count in ((1, 5), (10, 2)):
        for _ in range(count):
            make.feedback(kind=complaint, created=days(age))
    make.feedback(kind=complaint, status=Feedback.Status.ACKNOWLEDGED, created=days(5))
    for responded in (*[days(20)] * 5, days(200)):
        make.feedback(kind=complaint, status=Feedback.Status.RESOLVED, created=days(300),
                      responded=responded)  # fmt: skip
    # Cases: 5 safeguarding alerts 3 days old, a report acknowledged 10 days ago, 2 alerts
    # closed 20 days ago and 1 closed 200 days ago.
    for _ in range(5):
        make.case(kind=Case.Kind.SAFEGUARDING, status=Case.Status.NEW, created=days(3))
    make.case(kind=Case.Kind.REPORT, status=Case.Status.ACKNOWLEDGED, created=days(10))
    for closed in (days(20), days(20), days(200)):
        make.case(kind=Case.Kind.SAFEGUARDING, status=Case.Status.CLOSED, created=days(300),
                  closed=closed)  # fmt: skip

    # Arrivals: 5 moved to B 10 days ago, 1 to A 200 days ago.
    for _ in range(5):
        make.move(make.person(B, "ar"), to=B, on=days(10).date())
    make.move(make.person(A), to=A, on=days(200).date())
    return {"now": now, "idle": idle}


@pytest.fixture
def world(db):
    return build_world(timezone.now())
