"""Every notice leads to the thing it is about: made through the services that send them,
each kind has a link its reader can open."""

import datetime

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from chat.services import case_close, person_suspend, person_warn
from chat.services.notify import conversation_notify
from feedback.services import feedback_resolve
from peers.models import Notification
from peers.services.moving import person_move
from peers.services.pairing import offers_expire, pairing_end
from tests.chat.factories import messages_posted, reported_case
from tests.feedback.factories import complaint_given
from tests.peers.factories import (
    CoordinatorFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    place,
    supporter_ready,
)

pytestmark = pytest.mark.django_db


def _every_kind_of_notice() -> None:
    """Walks the journeys that send notices, so that each kind is sent at least once."""
    coordinator = CoordinatorFactory()
    supporter_ready(status="rejected", coordinator=coordinator)  # refused
    supporter = supporter_ready(capacity=3, coordinator=coordinator)  # verified
    newcomer = newcomer_ready()
    pairing = active_pairing(newcomer, supporter)  # an offer, then matched
    conversation = pairing.conversation
    # The newcomer is moved to another town: the supporter is told.
    person_move(
        user=newcomer, place=place("Stoke-on-Trent"), moved_on=timezone.localdate(),
        wants_local_supporter=False, share_name=False,
    )  # fmt: skip
    # Their complaint is answered.
    feedback_resolve(
        feedback=complaint_given(user=newcomer).feedback, coordinator=coordinator, response="Done"
    )
    messages_posted(conversation, newcomer, 1, "Hello")
    conversation_notify(conversation_id=conversation.pk)  # a message waiting

    case = reported_case(conversation)  # the newcomer reports the supporter
    person_warn(case=case, coordinator=coordinator, user_id=supporter.pk, note="Please be kind")
    person_suspend(case=case, coordinator=coordinator, user_id=supporter.pk, days=2)
    case_close(case=case, coordinator=coordinator, note="Handled")
    pairing_end(pairing=pairing, by=newcomer)

    # Three suggestions left unanswered in a row pause the supporter.
    slow = supporter_ready(capacity=1, coordinator=coordinator)
    later = timezone.now()
    for _ in range(3):
        pending_offer(newcomer_ready(), slow)
        later += datetime.timedelta(days=30)
        offers_expire(now=later)


def _every_kind_of_activity_notice(coordinator) -> None:
    """Groups checked and refused, an organiser added, a place freed, a session called off,
    a reminder, and a supporter asked to come along (and answering)."""
    from activities.services.activities import activity_cancel_session, sessions_to_cancel
    from activities.services.organisations import (
        organisation_apply,
        organisation_refuse,
        organisation_verify,
        organiser_add,
    )
    from activities.services.participation import (
        activity_join,
        activity_leave,
        companion_answer,
        companion_ask,
    )
    from activities.services.reminders import reminder_send
    from tests.activities.factories import ActivityFactory
    from tests.peers.factories import UserFactory, place

    dave = UserFactory(username="dave")
    town = [place("Middlesbrough")]
    club = organisation_apply(
        user=dave, name="Welcome FC", kind="sports", description="Football",
        public_contact="Come along", towns=town,
    )  # fmt: skip
    organisation_verify(organisation=club, coordinator=coordinator)
    refused = organisation_apply(
        user=dave, name="Not yet", kind="sports", description="?", public_contact="?", towns=town
    )
    organisation_refuse(organisation=refused, coordinator=coordinator, note="Tell us more")
    organiser_add(organisation=club, added_by=dave, username=UserFactory().username)

    activity = ActivityFactory(organisation=club, capacity=1)
    newcomer, supporter = newcomer_ready(), supporter_ready(coordinator=coordinator)
    active_pairing(newcomer, supporter)
    first, waiting = newcomer_ready(), newcomer
    activity_join(user=first, activity=activity)
    activity_join(user=waiting, activity=activity)
    activity_leave(user=first, activity=activity)  # the place goes to the newcomer waiting
    ask = companion_ask(newcomer=newcomer, activity=activity)
    companion_answer(supporter=supporter, ask=ask, yes=True)
    session = sessions_to_cancel(activity=activity, now=timezone.now())[0]
    participation = activity.participations.get(user=newcomer, status="joined")
    reminder_send(participation_id=participation.pk, session_date=session.day)
    activity_cancel_session(activity=activity, by=dave, day=session.day, note="Snow")


def test_every_kind_of_notice_links_to_a_page_its_reader_can_open(client):
    _every_kind_of_notice()
    _every_kind_of_activity_notice(CoordinatorFactory())

    notices = list(Notification.objects.select_related("user"))
    assert {n.kind for n in notices} == set(Notification.Kind.values), "a kind was never sent"
    for notice in notices:
        assert notice.link, notice.kind
        try:
            resolve(notice.link)
        except Resolver404:
            pytest.fail(f"{notice.kind} links to {notice.link}, which is no page")
        client.force_login(notice.user)
        assert client.get(notice.link).status_code == 200, (notice.kind, notice.link)
        listed = client.get("/notifications/").content.decode()
        assert f'href="{notice.link}"' in listed, notice.kind


def test_a_suspension_notice_leads_to_the_conversation_that_says_until_when(client):
    coordinator = CoordinatorFactory()
    supporter = supporter_ready()
    conversation = active_pairing(newcomer_ready(), supporter).conversation
    case = reported_case(conversation)

    person_suspend(case=case, coordinator=coordinator, user_id=supporter.pk, days=2)

    notice = Notification.objects.get(user=supporter, kind=Notification.Kind.SUSPENDED)
    assert notice.link == f"/chat/{conversation.pk}/"
    client.force_login(supporter)
    assert "A coordinator has paused your chat until" in client.get(notice.link).content.decode()


def test_the_notice_list_names_each_notice_in_its_link(client):
    supporter = supporter_ready()
    pending_offer(newcomer_ready(), supporter)
    client.force_login(supporter)

    html = client.get("/notifications/").content.decode()

    assert '<a href="/supporter/offers/">Someone could use your support</a>' in html
