"""Each person's own page shows where they stand at a glance, with a way to the detail."""

import pytest

from peers.services import consent_grant
from peers.services.pairing import support_request_create
from tests.peers.factories import (
    UserFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

pytestmark = pytest.mark.django_db

# However long the queue, the newcomer's page asks the same few questions (one more since
# it shows the groups a person organises).
NEWCOMER_HOME_QUERY_BOUND = 17


def _page(client, user, url: str) -> str:
    client.force_login(user)
    return _get(client, url)


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _not_asked(newcomer):
    return None


def _waiting(newcomer):
    for _ in range(2):  # two people asked earlier
        support_request_create(newcomer=newcomer_ready())
    return support_request_create(newcomer=newcomer)


def _asked_someone(newcomer):
    return pending_offer(newcomer, supporter_ready(display_name="Hanna"))


def _matched(newcomer):
    return active_pairing(newcomer, supporter_ready(display_name="Hanna"))


GLANCES = [
    (_not_asked, ['action="/support/ask/"', "Ask for someone to talk to"]),
    (_waiting, ["You are number 3 in the queue", "We cannot say yet how long"]),
    (_asked_someone, ["We have found someone who might be right for you and asked them"]),
    (_matched, ["Your peer supporter is <bdi>Hanna</bdi>", "Open your chat"]),
]


@pytest.mark.parametrize(("state", "expected"), GLANCES, ids=lambda v: getattr(v, "__name__", ""))
def test_newcomer_home_shows_the_support_state_at_a_glance(
    client, django_assert_max_num_queries, state, expected
):
    newcomer = newcomer_ready()
    made = state(newcomer)
    for _ in range(3):  # more people waiting must not cost more queries
        support_request_create(newcomer=newcomer_ready())

    client.force_login(newcomer)
    with django_assert_max_num_queries(NEWCOMER_HOME_QUERY_BOUND):
        html = _get(client, "/newcomer/")

    for text in expected:
        assert text in html
    if state is _matched:
        assert f'href="/chat/{made.conversation.pk}/"' in html
    if state is not _not_asked:
        assert 'action="/support/ask/"' not in html
        assert 'href="/support/"' in html, "the detail is one tap away"


def test_newcomer_home_waiting_gives_an_estimate_when_there_is_one(client, monkeypatch):
    monkeypatch.setattr("peers.selectors.pairing.wait_estimate_days", lambda: 4)
    newcomer = newcomer_ready()
    support_request_create(newcomer=newcomer)

    html = _page(client, newcomer, "/newcomer/")

    assert "Recently, people waited about 4 days." in html


def test_supporter_home_counts_places_and_waiting_suggestions(client):
    supporter = supporter_ready(capacity=2)
    matched = newcomer_ready(display_name="Selam")
    consent_grant(user=matched, purpose="share_profile")
    pairing = active_pairing(matched, supporter)
    pending_offer(newcomer_ready(), supporter)

    html = _page(client, supporter, "/supporter/")

    assert "1 of 2 places used" in html
    assert '<a href="/supporter/offers/">1 suggestion waiting for your answer</a>' in html
    assert "You are supporting <bdi>Selam</bdi>" in html
    assert f'href="/chat/{pairing.conversation.pk}/"' in html


def test_supporter_home_without_suggestions_says_nothing_is_waiting(client):
    supporter = supporter_ready(capacity=1)

    html = _page(client, supporter, "/supporter/")

    assert "0 of 1 place used" in html
    assert "waiting for your answer" not in html


def test_dashboard_for_both_roles_shows_each_state(client):
    person = supporter_ready(capacity=3, display_name="Amal")
    person.is_newcomer = True
    person.save(update_fields=["is_newcomer"])
    from peers.services import newcomer_profile_update

    newcomer_profile_update(
        user=person, max_km=10, remote_ok=False, wants_gender="", helps=[], about_me=""
    )
    support_request_create(newcomer=person)

    html = _page(client, person, "/me/")

    assert "<bdi>Amal</bdi>" in html
    assert "You are number 1 in the queue" in html
    assert "0 of 3 places used" in html


def test_dashboard_for_a_person_without_a_supporter_profile_still_works(client):
    person = UserFactory(is_newcomer=True, is_supporter=True)

    html = _page(client, person, "/me/")

    assert 'action="/support/ask/"' in html
    assert "places used" not in html


@pytest.mark.parametrize("status", ["applied", "rejected", "withdrawn"])
def test_supporter_home_counts_no_places_before_verification_or_after_leaving(client, status):
    supporter = supporter_ready(capacity=2, status=status)

    html = _page(client, supporter, "/supporter/")

    assert "places used" not in html


def test_my_page_offers_everyone_their_data_and_account_deletion(client):
    """An organiser or a person without a role has no role page of their own: "My page" is
    where they find how to download their data and delete their account."""
    person = UserFactory()

    html = _page(client, person, "/me/")

    assert 'href="/me/data/"' in html
    assert 'href="/me/delete/"' in html
