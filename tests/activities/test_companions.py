""" "Come with me": a paired newcomer asks their supporter to go with them the first time; only
the pair's own members can ask, answer or take it back."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import CompanionRequest
from activities.services.participation import (
    activity_join,
    activity_leave,
    companion_answer,
    companion_ask,
    companion_withdraw,
)
from peers.models import Notification, Pairing
from tests.activities.factories import ActivityFactory
from tests.peers.factories import NewcomerFactory, SupporterFactory, profile_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Selam joined the cooking group and is paired with Hanna; another pair and a stranger."""
    activity = ActivityFactory(title="Women's cooking")
    selam, hanna = NewcomerFactory(), SupporterFactory()
    profile_for(hanna, display_name="Hanna")
    pairing = Pairing.objects.create(newcomer=selam, supporter=hanna)
    other_newcomer, other_supporter = NewcomerFactory(), SupporterFactory()
    Pairing.objects.create(newcomer=other_newcomer, supporter=other_supporter)
    activity_join(user=selam, activity=activity)
    activity_join(user=other_newcomer, activity=activity)
    return {
        "activity": activity,
        "selam": selam,
        "hanna": hanna,
        "pairing": pairing,
        "other_newcomer": other_newcomer,
        "other_supporter": other_supporter,
    }


def state(ask: CompanionRequest) -> str:
    ask.refresh_from_db()
    return ask.status


# --- The service ----------------------------------------------------------------------------


def test_ask_tells_the_supporter_with_a_link_to_answer(world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    assert ask.supporter == world["hanna"] and ask.status == CompanionRequest.Status.ASKED
    notice = Notification.objects.get(user=world["hanna"])
    assert notice.kind == Notification.Kind.COMPANION_ASKED
    assert notice.link == reverse("activities:companion-answer", args=[ask.pk])


def test_asking_twice_gives_the_same_ask_and_one_notice(world):
    first = companion_ask(newcomer=world["selam"], activity=world["activity"])
    again = companion_ask(newcomer=world["selam"], activity=world["activity"])

    assert again.pk == first.pk
    assert Notification.objects.filter(user=world["hanna"]).count() == 1


@pytest.mark.parametrize("yes, status", [(True, "yes"), (False, "no")])
def test_answer_tells_the_newcomer_with_a_link_to_the_activity(world, yes, status):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    companion_answer(supporter=world["hanna"], ask=ask, yes=yes)

    assert state(ask) == status
    notice = Notification.objects.get(user=world["selam"])
    assert notice.kind == Notification.Kind.COMPANION_ANSWERED
    assert notice.link == reverse("activities:activity-detail", args=[world["activity"].pk])


def test_ask_needs_a_joined_activity():
    activity = ActivityFactory()
    newcomer = NewcomerFactory()
    Pairing.objects.create(newcomer=newcomer, supporter=SupporterFactory())

    with pytest.raises(ValidationError) as refused:
        companion_ask(newcomer=newcomer, activity=activity)

    assert refused.value.code == "not_joined"
    assert not CompanionRequest.objects.exists()


def test_ask_needs_an_active_pairing(world):
    Pairing.objects.filter(pk=world["pairing"].pk).update(status=Pairing.Status.ENDED)

    with pytest.raises(ValidationError) as refused:
        companion_ask(newcomer=world["selam"], activity=world["activity"])

    assert refused.value.code == "no_pairing"
    assert not CompanionRequest.objects.exists()


def test_ask_for_a_women_only_group_needs_a_woman_supporter():
    activity = ActivityFactory(women_only=True)
    selam, supporter = NewcomerFactory(), SupporterFactory()
    profile_for(selam)
    profile_for(supporter)
    from peers.services import profile_about_update

    profile_about_update(user=supporter, display_name="Dawit", gender="m")
    Pairing.objects.create(newcomer=selam, supporter=supporter)
    activity_join(user=selam, activity=activity)

    with pytest.raises(ValidationError) as refused:
        companion_ask(newcomer=selam, activity=activity)

    assert refused.value.code == "women_only"
    assert not CompanionRequest.objects.exists()


def test_only_the_asked_supporter_can_answer_and_only_once(world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    with pytest.raises(ValidationError):
        companion_answer(supporter=world["other_supporter"], ask=ask, yes=True)
    assert state(ask) == "asked"

    companion_answer(supporter=world["hanna"], ask=ask, yes=True)
    with pytest.raises(ValidationError):
        companion_answer(supporter=world["hanna"], ask=ask, yes=False)
    assert state(ask) == "yes"


def test_answer_after_the_pairing_ended_is_refused(world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    Pairing.objects.filter(pk=world["pairing"].pk).update(status=Pairing.Status.ENDED)

    with pytest.raises(ValidationError) as refused:
        companion_answer(supporter=world["hanna"], ask=ask, yes=True)

    assert refused.value.code == "not_paired"
    assert state(ask) == "asked"


def test_leaving_the_activity_withdraws_the_ask(world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    activity_leave(user=world["selam"], activity=world["activity"])

    assert state(ask) == "withdrawn"


def test_withdraw_only_by_the_newcomer_who_asked(world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    with pytest.raises(ValidationError):
        companion_withdraw(newcomer=world["other_newcomer"], ask=ask)
    assert state(ask) == "asked"

    companion_withdraw(newcomer=world["selam"], ask=ask)
    assert state(ask) == "withdrawn"


def test_a_new_supporter_gets_a_new_ask(world):
    old = companion_ask(newcomer=world["selam"], activity=world["activity"])
    Pairing.objects.filter(pk=world["pairing"].pk).update(status=Pairing.Status.ENDED)
    new_supporter = SupporterFactory()
    Pairing.objects.create(newcomer=world["selam"], supporter=new_supporter)

    new = companion_ask(newcomer=world["selam"], activity=world["activity"])

    assert new.supporter == new_supporter
    assert state(old) == "withdrawn"


# --- The pages: who may act -----------------------------------------------------------------


def ask_url(world) -> str:
    return reverse("activities:companion-ask", args=[world["activity"].pk])


def answer_url(ask) -> str:
    return reverse("activities:companion-answer", args=[ask.pk])


def withdraw_url(ask) -> str:
    return reverse("activities:companion-withdraw", args=[ask.pk])


def detail_url(world) -> str:
    return reverse("activities:activity-detail", args=[world["activity"].pk])


def test_newcomer_asks_from_the_activity_page_and_both_see_the_state(client, world):
    client.force_login(world["selam"])
    html = client.get(detail_url(world)).content.decode()
    assert "Ask my supporter to come with me" in html

    html = client.post(ask_url(world), follow=True).content.decode()
    assert "We have asked your supporter" in html
    assert "You asked <bdi>Hanna</bdi> to come with you the first time." in html
    ask = CompanionRequest.objects.get()

    client.force_login(world["hanna"])
    html = client.get(detail_url(world)).content.decode()
    assert "asked you to come with them" in html and answer_url(ask) in html
    page = client.get(answer_url(ask))
    assert page.status_code == 200
    response = client.post(answer_url(ask), {"answer": "yes"}, follow=True)
    assert "You said yes." in response.content.decode()
    assert state(ask) == "yes"

    client.force_login(world["selam"])
    html = client.get(detail_url(world)).content.decode()
    assert "<bdi>Hanna</bdi> will come with you the first time." in html


@pytest.mark.parametrize("actor", ["other_supporter", "other_newcomer", "selam"])
def test_answer_page_refuses_anyone_but_the_asked_supporter(client, world, actor):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    client.force_login(world[actor])

    assert client.get(answer_url(ask)).status_code == 404
    assert client.post(answer_url(ask), {"answer": "yes"}).status_code == 404
    assert state(ask) == "asked"


@pytest.mark.parametrize("answered", [False, True])
def test_a_supporter_no_longer_paired_no_longer_sees_where_the_newcomer_goes(
    client, world, answered
):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    if answered:
        companion_answer(supporter=world["hanna"], ask=ask, yes=True)
    Pairing.objects.filter(pk=world["pairing"].pk).update(status=Pairing.Status.ENDED)
    client.force_login(world["hanna"])

    assert client.get(answer_url(ask)).status_code == 404
    html = client.get(detail_url(world)).content.decode()
    assert "the person you support" not in html.lower() and answer_url(ask) not in html


def test_answer_page_sends_the_anonymous_to_log_in(client, world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])

    for response in (client.get(answer_url(ask)), client.post(answer_url(ask), {"answer": "no"})):
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert state(ask) == "asked"


def test_answer_page_without_an_answer_changes_nothing(client, world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    client.force_login(world["hanna"])

    assert client.post(answer_url(ask), {"answer": "maybe"}).status_code == 400
    assert state(ask) == "asked"


@pytest.mark.parametrize("actor", ["other_supporter", "other_newcomer", "hanna"])
def test_withdraw_page_refuses_anyone_but_the_newcomer_who_asked(client, world, actor):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    client.force_login(world[actor])

    assert client.post(withdraw_url(ask)).status_code == 404
    assert state(ask) == "asked"


def test_withdraw_page_for_the_newcomer(client, world):
    ask = companion_ask(newcomer=world["selam"], activity=world["activity"])
    client.force_login(world["selam"])

    client.post(withdraw_url(ask))

    assert state(ask) == "withdrawn"


@pytest.mark.parametrize("actor", ["other_supporter", "hanna", None])
def test_ask_page_refuses_anyone_but_a_paired_newcomer_who_joined(client, world, actor):
    if actor:
        client.force_login(world[actor])

    response = client.post(ask_url(world))

    assert response.status_code == 302
    if actor is None:
        assert "/login/" in response["Location"]
    assert not CompanionRequest.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.COMPANION_ASKED).exists()


def test_other_newcomer_asks_only_their_own_supporter(client, world):
    client.force_login(world["other_newcomer"])

    client.post(ask_url(world))

    ask = CompanionRequest.objects.get()
    assert ask.newcomer == world["other_newcomer"]
    assert ask.supporter == world["other_supporter"]
    assert not Notification.objects.filter(user=world["hanna"]).exists()
