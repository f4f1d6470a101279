"""Consent per purpose: recorded with time, revocable, enforced where the data is read."""

import pytest
from django.utils import timezone

from peers.models import Consent, ConsentPurpose
from peers.selectors import consents_current, has_consent, newcomer_card_for_supporter
from peers.services import consent_grant, consent_withdraw, newcomer_profile_update
from tests.peers.factories import NewcomerFactory, SupporterFactory, profile_for

SHARE = ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER
ABOUT_ME = ConsentPurpose.SHARE_ABOUT_ME_WITH_SUPPORTER


@pytest.fixture
def pair(db):
    newcomer = NewcomerFactory()
    profile_for(newcomer, display_name="Selam", town="Middlesbrough", languages=(("ti", "", True),))
    newcomer_profile_update(
        user=newcomer, max_km=3, remote_ok=True, wants_gender="f", helps=["talk"],
        about_me="I came in 2025 and I like cooking.",
    )  # fmt: skip
    supporter = SupporterFactory()
    profile_for(supporter, display_name="Hanna", town="TS5")
    return newcomer, supporter


def test_consent_grant_records_time_and_is_idempotent(pair):
    newcomer, _supporter = pair
    before = timezone.now()

    first = consent_grant(user=newcomer, purpose=SHARE)
    again = consent_grant(user=newcomer, purpose=SHARE)

    assert first.pk == again.pk
    assert first.granted_at >= before
    assert has_consent(user=newcomer, purpose=SHARE)
    assert consents_current(user=newcomer) == {SHARE}


def test_consent_withdraw_takes_effect_at_once_and_keeps_history(pair):
    newcomer, _supporter = pair
    consent_grant(user=newcomer, purpose=SHARE)

    assert consent_withdraw(user=newcomer, purpose=SHARE) is True
    assert consent_withdraw(user=newcomer, purpose=SHARE) is False

    assert not has_consent(user=newcomer, purpose=SHARE)
    row = Consent.objects.get(user=newcomer, purpose=SHARE)
    assert row.withdrawn_at is not None and row.withdrawn_at >= row.granted_at

    consent_grant(user=newcomer, purpose=SHARE)
    assert Consent.objects.filter(user=newcomer, purpose=SHARE).count() == 2


def test_newcomer_card_without_consent_shows_only_a_rounded_distance(pair):
    newcomer, supporter = pair

    card = newcomer_card_for_supporter(newcomer=newcomer, supporter=supporter)

    assert card.display_name is None
    assert card.town is None
    assert card.languages == []
    assert card.about_me is None
    assert card.distance.startswith("about ") or card.distance == "less than 1 km away"


def test_newcomer_card_follows_each_consent_separately(pair):
    newcomer, supporter = pair

    consent_grant(user=newcomer, purpose=SHARE)
    card = newcomer_card_for_supporter(newcomer=newcomer, supporter=supporter)
    assert (card.display_name, card.town) == ("Selam", "Middlesbrough")
    assert [item.language_id for item in card.languages] == ["ti"]
    assert card.about_me is None

    consent_grant(user=newcomer, purpose=ABOUT_ME)
    card = newcomer_card_for_supporter(newcomer=newcomer, supporter=supporter)
    assert card.about_me == "I came in 2025 and I like cooking."

    consent_withdraw(user=newcomer, purpose=SHARE)
    consent_withdraw(user=newcomer, purpose=ABOUT_ME)
    card = newcomer_card_for_supporter(newcomer=newcomer, supporter=supporter)
    assert (card.display_name, card.town, card.about_me, card.languages) == (None, None, None, [])


def test_one_persons_consent_does_not_open_anothers_data(pair):
    newcomer, supporter = pair
    other = NewcomerFactory()
    profile_for(other, display_name="Amina", town="Cardiff")
    consent_grant(user=newcomer, purpose=SHARE)

    card = newcomer_card_for_supporter(newcomer=other, supporter=supporter)

    assert card.display_name is None


@pytest.mark.parametrize(("action", "expected"), [("grant", True), ("withdraw", False)])
def test_consent_view_changes_only_the_logged_in_persons_consent(client, pair, action, expected):
    newcomer, _supporter = pair
    other = NewcomerFactory()
    consent_grant(user=newcomer, purpose=SHARE)
    client.force_login(newcomer)

    response = client.post("/profile/consent/", {"purpose": SHARE.value, "action": action})

    assert response.status_code == 302
    assert has_consent(user=newcomer, purpose=SHARE) is expected
    assert not has_consent(user=other, purpose=SHARE)


@pytest.mark.parametrize(
    "data",
    [
        {"purpose": "sell_my_data", "action": "grant"},
        {"purpose": "share_profile", "action": "maybe"},
        {},
    ],
)
def test_consent_view_refuses_unknown_choices_and_changes_nothing(client, pair, data):
    newcomer, _supporter = pair
    client.force_login(newcomer)

    response = client.post("/profile/consent/", data, follow=True)

    assert "Nothing changed" in response.content.decode()
    assert not Consent.objects.filter(user=newcomer).exists()


def test_consent_view_needs_login_and_post(client, pair):
    newcomer, _supporter = pair
    response = client.post("/profile/consent/", {"purpose": SHARE.value, "action": "grant"})
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(newcomer)
    assert client.get("/profile/consent/").status_code == 405
