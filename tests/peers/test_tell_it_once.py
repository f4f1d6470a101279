"""Tell it once: the private "about me" reaches the matched supporter only while its consent
holds, never a coordinator's case pages; the topics a newcomer would rather not talk about
reach their matched supporter only, with the line asking never to probe."""

import html as html_lib

import pytest

from chat.services import message_post
from peers.models import NewcomerProfile
from peers.services import consent_grant, newcomer_profile_update
from tests.chat.factories import reported_case
from tests.peers.factories import (
    CoordinatorFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

pytestmark = pytest.mark.django_db

ABOUT_ME = "I miss my sister in Kassala and I love to cook injera."
OTHER_TOPIC = "My brother's name"
THE_LINE = "Please don't ask about the journey or the asylum case unless they bring it up."


def _tells(newcomer, *, about_me=ABOUT_ME, topics=(), other=""):
    newcomer_profile_update(
        user=newcomer,
        max_km=10,
        remote_ok=False,
        wants_gender="",
        helps=["talk"],
        about_me=about_me,
        avoid_topics=list(topics),
        avoid_topics_other=other,
    )


@pytest.fixture
def selam():
    newcomer = newcomer_ready(display_name="Selam")
    _tells(newcomer, topics=["journey", "family"], other=OTHER_TOPIC)
    return newcomer


@pytest.fixture
def hanna(selam):
    supporter = supporter_ready(display_name="Hanna")
    active_pairing(selam, supporter)
    return supporter


def _page(client, user, url="/supporter/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


# --- About me -----------------------------------------------------------------------------------


def test_about_me_is_seen_while_consented_and_hidden_at_the_next_page_load(client, selam, hanna):
    assert ABOUT_ME not in _page(client, hanna)

    consent_grant(user=selam, purpose="share_about_me")
    assert ABOUT_ME in _page(client, hanna)

    client.force_login(selam)
    response = client.post("/profile/consent/", {"purpose": "share_about_me", "action": "withdraw"})
    assert response.status_code == 302

    assert ABOUT_ME not in _page(client, hanna)


def test_about_me_never_reaches_an_unmatched_supporter(client, selam, hanna):
    consent_grant(user=selam, purpose="share_about_me")
    other = supporter_ready(display_name="Other")
    active_pairing(newcomer_ready(), other)

    assert ABOUT_ME not in _page(client, other)


@pytest.mark.parametrize("kind", ["report", "safeguarding"])
def test_case_pages_never_show_about_me_or_topics_to_coordinators(client, selam, hanna, kind):
    consent_grant(user=selam, purpose="share_about_me")
    conversation = hanna.pairings_as_supporter.get().conversation
    if kind == "report":
        case = reported_case(conversation)
    else:
        message_post(user=selam, conversation_id=conversation.pk, body="I want to kill myself")
        case = conversation.cases.get()
    coordinator = CoordinatorFactory()

    for url in ["/chat/cases/", f"/chat/cases/{case.pk}/"]:
        page = _page(client, coordinator, url)
        assert ABOUT_ME not in page, url
        assert OTHER_TOPIC not in page, url
        assert "My journey to the UK" not in page, url
        assert "Their journey to the UK" not in page, url


# --- Topics they would rather not talk about --------------------------------------------------


def test_the_supporter_sees_the_topics_privately_with_the_line(client, selam, hanna):
    page = _page(client, hanna)

    assert "They would rather not talk about:" in page
    assert "Their journey to the UK" in page and "Their family" in page
    # The newcomer's own labels ("My family") would read as the supporter's on this card.
    assert "My journey to the UK" not in page and "My family" not in page
    assert OTHER_TOPIC in page
    assert "Their asylum case" not in page, "only the topics they chose"
    assert THE_LINE in page


def test_the_line_is_shown_on_every_newcomers_card_even_without_topics(client):
    newcomer = newcomer_ready()
    supporter = supporter_ready()
    active_pairing(newcomer, supporter)

    page = _page(client, supporter)

    assert THE_LINE in page
    assert "They would rather not talk about:" not in page


def test_the_topics_never_reach_another_supporter(client, selam, hanna):
    other = supporter_ready(display_name="Other")
    active_pairing(newcomer_ready(), other)
    offered = supporter_ready(display_name="Offered")
    waiting = newcomer_ready()
    _tells(waiting, topics=["asylum"], other="Not my uncle")
    pending_offer(waiting, offered)

    for person, url in [(other, "/supporter/"), (offered, "/supporter/"),
                        (offered, "/supporter/offers/")]:  # fmt: skip
        page = _page(client, person, url)
        assert OTHER_TOPIC not in page and "Not my uncle" not in page, url
        assert "Their journey to the UK" not in page and "Their asylum case" not in page, url


def test_the_topics_are_shown_in_the_supporters_language(client, selam, hanna):
    from django.utils import translation

    client.cookies["django_language"] = "ar"
    page = _page(client, hanna)

    with translation.override("ar"):
        assert str(translation.gettext("Their journey to the UK")) in page
        assert translation.gettext(THE_LINE) in page


def test_the_newcomer_chooses_topics_on_their_profile(client):
    newcomer = newcomer_ready()
    client.force_login(newcomer)

    page = html_lib.unescape(client.get("/profile/newcomer/").content.decode())
    assert "Topics you would rather not talk about" in page
    assert "Only your matched supporter sees this." in page

    response = client.post(
        "/profile/newcomer/",
        {
            "max_km": "10",
            "helps": ["talk"],
            "avoid_topics": ["asylum", "journey"],
            "avoid_topics_other": "  My brother  ",
        },
    )

    assert response.status_code == 302
    needs = NewcomerProfile.objects.get(user=newcomer)
    assert needs.avoid_topics == ["journey", "asylum"]
    assert needs.avoid_topics_other == "My brother"
    page = html_lib.unescape(client.get("/profile/newcomer/").content.decode())
    assert 'value="journey" checked' in page.replace('id="id_avoid_topics_0" ', "")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"avoid_topics": ["journey", "weather"]}, "Please choose from the topics shown."),
        ({"avoid_topics_other": "x" * 301}, "Please use at most 300 letters."),
        ({"avoid_topics_other": "hello\x00"}, "hidden character"),
    ],
)
def test_bad_topics_say_what_is_wrong_and_change_nothing(client, selam, fields, message):
    client.force_login(selam)
    before = list(NewcomerProfile.objects.values_list("avoid_topics", "avoid_topics_other"))

    response = client.post("/profile/newcomer/", {"max_km": "10", **fields})

    assert response.status_code == 200
    assert message in html_lib.unescape(response.content.decode())
    assert list(NewcomerProfile.objects.values_list("avoid_topics", "avoid_topics_other")) == (
        before
    )


def test_the_service_refuses_an_unknown_topic():
    from django.core.exceptions import ValidationError

    newcomer = newcomer_ready()
    with pytest.raises(ValidationError):
        _tells(newcomer, topics=["weather"])
    assert NewcomerProfile.objects.get(user=newcomer).avoid_topics == []


def test_other_profile_changes_keep_the_topics(selam):
    newcomer_profile_update(
        user=selam, max_km=5, remote_ok=True, wants_gender="", helps=[], about_me=""
    )

    needs = NewcomerProfile.objects.get(user=selam)
    assert (needs.avoid_topics, needs.avoid_topics_other) == (["journey", "family"], OTHER_TOPIC)
