"""The feedback form is offered where people finish something: on the page they land on after
ending a pairing, and with the rating of a session they attended (about that activity)."""

import pytest

from tests.activities.factories import ActivityFactory
from tests.peers.factories import newcomer_ready

pytestmark = pytest.mark.django_db


def test_ending_a_pairing_lands_on_a_page_that_offers_the_feedback_form(client):
    from tests.peers.factories import active_pairing, supporter_ready

    newcomer, supporter = newcomer_ready(), supporter_ready()
    pairing = active_pairing(newcomer, supporter)
    client.force_login(newcomer)

    response = client.post(f"/pairings/{pairing.pk}/end/", {"reason": ""})

    assert response["Location"] == "/support/?after=pairing-ended"
    html = client.get(response["Location"]).content.decode()
    assert 'href="/feedback/?about=support"' in html
    assert 'href="/feedback/?about=support"' not in client.get("/support/").content.decode()


def test_supporter_who_ends_a_pairing_is_offered_the_form_too(client):
    from tests.peers.factories import active_pairing, supporter_ready

    pairing = active_pairing(newcomer_ready(), supporter := supporter_ready())
    client.force_login(supporter)

    response = client.post(f"/pairings/{pairing.pk}/end/", {"reason": ""})

    assert response["Location"] == "/supporter/?after=pairing-ended"
    assert 'href="/feedback/?about=support"' in client.get(response["Location"]).content.decode()


def test_a_session_someone_attended_offers_the_form_about_that_activity(client, monkeypatch):
    from django.utils import timezone

    from tests.activities.test_ratings import LAST_SATURDAY, NOW, joiner, rate_url

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    activity = ActivityFactory()
    client.force_login(joiner(activity))
    offer = f'href="/feedback/?about=activity&amp;activity={activity.pk}"'

    assert offer in client.get(rate_url(activity, LAST_SATURDAY)).content.decode()
    assert offer in client.get("/activities/mine/").content.decode()
