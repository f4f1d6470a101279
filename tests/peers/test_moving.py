""" "I have been moved": the pairing carries on (by chat when out of range, the supporter told
in their language), the place in the queue is kept, a local supporter can take over with the
person's consent, activities and local help follow the new town, and coordinators see
arrivals (names only with agreement)."""

import datetime
import json

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from chat.models import Conversation
from peers.models import (
    Move,
    Notification,
    Offer,
    Pairing,
    Profile,
    SupportRequest,
)
from peers.selectors.matching import matching_data_build, suggestions_for_request
from peers.selectors.moving import activities_recommended_for, arrivals_by_place
from peers.services import consent_grant, consent_withdraw
from peers.services.moving import person_move
from peers.services.pairing import (
    HANDED_OVER,
    offer_accept,
    offer_create,
    support_request_create,
)
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.concurrency import race
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    UserFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    place,
    supporter_ready,
    verified_email_for,
)
from tests.test_pages import check_page

pytestmark = pytest.mark.django_db


def moved(user, town: str = "Stoke-on-Trent", **choices) -> Move:
    """The person tells us they have moved, through the service (today, nothing ticked)."""
    return person_move(
        user=user,
        place=place(town),
        moved_on=choices.pop("moved_on", timezone.localdate()),
        wants_local_supporter=choices.pop("wants_local_supporter", False),
        share_name=choices.pop("share_name", False),
    )


@pytest.fixture
def selam():
    return newcomer_ready(display_name="Selam", max_km=10, interests=["cooking", "walking"])


@pytest.fixture
def hanna():
    return supporter_ready(display_name="Hanna", radius_km=10, capacity=2)


@pytest.fixture
def paired(selam, hanna) -> Pairing:
    return active_pairing(selam, hanna)


def _place_of(user) -> str:
    return Profile.objects.select_related("place").get(user=user).place.name


def _notices(user, kind=Notification.Kind.PERSON_MOVED) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


# --- The pairing carries on -----------------------------------------------------------------


def test_moving_out_of_range_keeps_the_pairing_and_makes_it_remote(selam, paired):
    move = moved(selam, "Stoke-on-Trent")

    paired.refresh_from_db()
    assert paired.status == Pairing.Status.ACTIVE
    assert paired.remote is True
    assert _place_of(selam) == "Stoke-on-Trent"
    assert (move.from_place.name, move.to_place.name) == ("Middlesbrough", "Stoke-on-Trent")
    assert (move.pairing, move.pairing_became_remote) == (paired, True)
    assert paired.conversation.status == Conversation.Status.OPEN


def test_moving_within_range_keeps_the_pairing_face_to_face(selam, paired):
    move = moved(selam, "Stockton-on-Tees")  # about 5 km from Middlesbrough

    paired.refresh_from_db()
    assert (paired.status, paired.remote) == (Pairing.Status.ACTIVE, False)
    assert move.pairing_became_remote is False
    (notice,) = _notices(paired.supporter)
    assert json.loads(notice.note)["remote"] is False


def test_moving_back_within_range_lets_them_meet_again(selam, paired):
    moved(selam, "Stoke-on-Trent")
    back = moved(selam, "Middlesbrough")

    paired.refresh_from_db()
    assert paired.remote is False
    assert back.pairing_became_remote is False


def test_the_supporter_is_told_with_a_link_to_their_chat_and_no_town_without_consent(
    selam, hanna, paired
):
    moved(selam, "Stoke-on-Trent")

    (notice,) = _notices(hanna)
    assert notice.link == f"/chat/{paired.conversation.pk}/"
    assert json.loads(notice.note) == {
        "newcomer": selam.pk,
        "remote": True,
        "km": 185,
        "town": "",
    }
    assert _notices(selam) == []  # the person who moved is not told about themselves


def test_the_supporter_reads_the_notice_in_their_own_language(client, selam, hanna, paired):
    moved(selam, "Stoke-on-Trent")
    client.force_login(hanna)
    client.cookies["django_language"] = "ar"

    html = client.get("/notifications/").content.decode()

    with translation.override("ar"):
        label = str(Notification.Kind.PERSON_MOVED.label)
        sentence = translation.gettext(
            "They now live about %(km)s km away: too far to meet, but you can carry on by chat."
        ) % {"km": 185}
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert f'<a href="/chat/{paired.conversation.pk}/">{label}</a>' in html
    assert sentence in html
    assert "Stoke" not in html
    assert "{" not in html.split("<main", 1)[1], "the note's data is never shown raw"


def test_the_town_is_shown_to_the_supporter_only_while_the_newcomer_consents(
    client, selam, hanna, paired
):
    consent_grant(user=selam, purpose="share_profile")
    moved(selam, "Stoke-on-Trent")
    client.force_login(hanna)

    html = client.get("/notifications/").content.decode()
    assert "They now live in <bdi>Stoke-on-Trent</bdi>, about 185 km away" in html

    consent_withdraw(user=selam, purpose="share_profile")
    html = client.get("/notifications/").content.decode()
    assert "Stoke-on-Trent" not in html
    assert "They now live about 185 km away" in html


def test_the_notices_page_costs_the_same_however_many_people_moved(client):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    hanna = supporter_ready(capacity=5)
    people = [newcomer_ready(display_name=f"Person {n}") for n in range(4)]
    for person in people:
        active_pairing(person, hanna)
        consent_grant(user=person, purpose="share_profile")
    client.force_login(hanna)
    moved(people[0], "Stoke-on-Trent")
    with CaptureQueriesContext(db) as one:
        client.get("/notifications/")

    for person in people:
        moved(person, "Cardiff")
        moved(person, "Leeds")
    with CaptureQueriesContext(db) as many:
        html = client.get("/notifications/").content.decode()

    assert html.count("They now live in <bdi>Leeds</bdi>") == 4
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_supporter_is_told_the_pairing_carries_on_when_still_in_range(
    client, selam, hanna, paired
):
    moved(selam, "Stockton-on-Tees")
    client.force_login(hanna)

    html = client.get("/notifications/").content.decode()

    assert "They now live about 5 km away. Your pairing carries on as before." in html


def test_the_email_says_only_that_something_is_waiting(
    selam, hanna, paired, django_capture_on_commit_callbacks
):
    verified_email_for(hanna, "hanna@example.org")
    consent_grant(user=selam, purpose="share_profile")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moved(selam, "Stoke-on-Trent")

    (email,) = [m for m in mail.outbox if "hanna@example.org" in m.to]
    assert "The person you support has moved" in email.subject
    assert f"/chat/{paired.conversation.pk}/" in email.body
    assert "Stoke" not in email.body and "{" not in email.body


# --- The queue, offers and requests ---------------------------------------------------------


def test_a_waiting_person_keeps_their_place_in_the_queue(selam):
    request = support_request_create(newcomer=selam)
    SupportRequest.objects.filter(pk=request.pk).update(
        waiting_since=timezone.now() - datetime.timedelta(days=40)
    )
    request.refresh_from_db()

    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)

    (still,) = SupportRequest.objects.filter(newcomer=selam)
    assert (still.pk, still.status, still.waiting_since) == (
        request.pk,
        SupportRequest.Status.WAITING,
        request.waiting_since,
    )


def test_a_pending_offer_now_out_of_range_goes_back_and_the_request_keeps_its_place(selam, hanna):
    offer = pending_offer(selam, hanna)  # neither is happy to talk remotely
    since = offer.request.waiting_since

    moved(selam, "Stoke-on-Trent")

    offer.refresh_from_db()
    offer.request.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert (offer.request.status, offer.request.waiting_since) == ("waiting", since)


def test_a_pending_offer_both_can_do_remotely_stays_and_says_remote():
    selam = newcomer_ready(remote_ok=True)
    hanna = supporter_ready(remote_ok=True)
    offer = pending_offer(
        selam, hanna, reasons=[{"key": "language", "params": {"language": "ti"}},
                               {"key": "distance", "params": {"km": 2}}],
    )  # fmt: skip

    moved(selam, "Stoke-on-Trent")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert offer.remote is True
    assert [r["key"] for r in offer.reasons] == ["language", "remote"]


def test_a_pending_offer_within_range_stays_with_the_new_distance(selam, hanna):
    offer = pending_offer(selam, hanna, reasons=[{"key": "distance", "params": {"km": 1}}])

    moved(selam, "Stockton-on-Tees")

    offer.refresh_from_db()
    assert (offer.status, offer.remote) == (Offer.Status.PENDING, False)
    assert offer.reasons == [{"key": "distance", "params": {"km": 5}}]


def test_someone_not_waiting_who_wants_a_local_supporter_is_put_in_the_queue(selam):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)

    assert SupportRequest.objects.get(newcomer=selam).status == SupportRequest.Status.WAITING


def test_nothing_they_had_is_lost(selam, paired):
    activity = ActivityFactory(languages=["ti"])
    from activities.services.participation import activity_join

    activity_join(user=selam, activity=activity)

    moved(selam, "Stoke-on-Trent")

    assert activity.participations.filter(user=selam, status="joined").exists()
    assert Conversation.objects.get(pairing=paired).status == Conversation.Status.OPEN


# --- A local supporter takes over, with consent -----------------------------------------------


def _happy_to_talk_remotely(user) -> None:
    from peers.services import newcomer_profile_update

    prefs = user.newcomer_profile
    newcomer_profile_update(
        user=user, max_km=prefs.max_km, remote_ok=True, wants_gender="", helps=[], about_me=""
    )


def test_a_local_supporter_takes_over_only_when_they_accept(client, selam, hanna, paired):
    _happy_to_talk_remotely(selam)
    first_asked = paired.request.waiting_since
    stoke = supporter_ready(town="Stoke-on-Trent", display_name="Amira", radius_km=10)
    far = supporter_ready(town="Cardiff", display_name="Far", remote_ok=True)

    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)

    request = SupportRequest.objects.get(newcomer=selam, status=SupportRequest.Status.WAITING)
    assert request.waiting_since == first_asked, "the first request's place in the queue"
    paired.refresh_from_db()
    assert paired.status == Pairing.Status.ACTIVE, "nothing changes until someone says yes"
    # Only someone near the new town is suggested, never another remote supporter.
    suggested = [s.supporter_id for s in suggestions_for_request(request=request)]
    assert suggested == [stoke.pk]
    assert far.pk not in suggested

    new = offer_accept(offer=offer_create(request=request, supporter=stoke), supporter=stoke)

    paired.refresh_from_db()
    assert (paired.status, paired.ended_by, paired.end_reason) == ("ended", selam, HANDED_OVER)
    assert (new.status, new.remote, new.supporter) == ("active", False, stoke)
    assert Pairing.objects.filter(newcomer=selam, status="active").count() == 1
    (ended,) = _notices(hanna, Notification.Kind.PAIRING_ENDED)
    old_chat = Conversation.objects.get(pairing=paired)
    assert ended.link == f"/chat/{old_chat.pk}/", "the notice leads to what it is about"
    assert old_chat.status == Conversation.Status.READ_ONLY
    client.force_login(hanna)
    assert client.get(f"/chat/{old_chat.pk}/").status_code == 200, "the chat stays readable"
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.MATCHED


HANDED_OVER_TEXT = (
    "The person you supported now has a supporter near the town they moved to, so your "
    "pairing has ended. Thank you for staying with them. You can still read your chat."
)


def _handed_over_to_someone_near(selam) -> Pairing:
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    stoke = supporter_ready(town="Stoke-on-Trent", display_name="Amira")
    request = SupportRequest.objects.get(newcomer=selam, status=SupportRequest.Status.WAITING)
    return offer_accept(offer=offer_create(request=request, supporter=stoke), supporter=stoke)


def test_the_old_supporter_is_told_why_in_their_language_and_can_read_the_chat(
    client, selam, hanna, paired
):
    _handed_over_to_someone_near(selam)
    client.force_login(hanna)

    html = client.get("/notifications/").content.decode()
    assert HANDED_OVER_TEXT in html
    assert "handed_over" not in html, "the note is data, never shown as it is stored"
    client.cookies["django_language"] = "ar"
    with translation.override("ar"):
        assert (
            translation.gettext(HANDED_OVER_TEXT) in client.get("/notifications/").content.decode()
        )
    assert client.get(f"/chat/{paired.conversation.pk}/").status_code == 200


def test_the_hand_over_email_says_only_that_something_is_waiting(
    selam, hanna, paired, django_capture_on_commit_callbacks
):
    verified_email_for(hanna, "hanna@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _handed_over_to_someone_near(selam)

    (email,) = [
        m for m in mail.outbox if "hanna@example.org" in m.to and "pairing has ended" in m.subject
    ]
    assert f"/chat/{paired.conversation.pk}/" in email.body
    assert "handed_over" not in email.body


def test_ending_a_pairing_otherwise_still_says_only_that_it_ended(client, selam, hanna, paired):
    from peers.services.pairing import pairing_end

    pairing_end(pairing=paired, by=selam)
    client.force_login(hanna)

    (ended,) = _notices(hanna, Notification.Kind.PAIRING_ENDED)
    assert (ended.note, ended.link) == ("", "/supporter/")
    assert HANDED_OVER_TEXT not in client.get("/notifications/").content.decode()


def test_a_hand_over_request_is_matched_locally_by_a_run(selam, paired):
    _happy_to_talk_remotely(selam)
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)

    data = matching_data_build()

    (newcomer,) = [n for n in data.input.newcomers if n.id == str(selam.pk)]
    assert newcomer.remote_ok is False
    assert (str(selam.pk), str(paired.supporter_id)) in data.input.exclude


def test_asking_twice_for_a_local_supporter_keeps_one_request(selam, paired):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    moved(selam, "ST4", wants_local_supporter=True)

    assert SupportRequest.objects.filter(newcomer=selam, status="waiting").count() == 1


def test_moving_again_without_the_box_ticked_stops_looking_for_someone_near(selam, paired):
    """A mistake put right (or a move back within reach): left unticked, the search for a
    supporter near the wrong town stops, so nobody there takes over from Hanna."""
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    offer = offer_create(
        request=SupportRequest.objects.get(newcomer=selam, status="waiting"),
        supporter=supporter_ready(town="Stoke-on-Trent"),
    )

    moved(selam, "Middlesbrough")

    assert not SupportRequest.objects.filter(newcomer=selam, status__in=SupportRequest.OPEN)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN
    paired.refresh_from_db()
    assert (paired.status, paired.remote) == (Pairing.Status.ACTIVE, False)


def test_moving_again_keeps_the_search_when_the_box_stays_ticked(selam, paired):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    first = SupportRequest.objects.get(newcomer=selam, status="waiting")

    moved(selam, "ST4", wants_local_supporter=True)

    assert SupportRequest.objects.get(newcomer=selam, status="waiting") == first


def test_the_form_shows_a_search_under_way_as_ticked(client, selam, paired):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    client.force_login(selam)

    html = client.get("/moved/").content.decode()

    assert 'name="wants_local_supporter" id="id_wants_local_supporter" checked' in html
    assert "We are already looking for a supporter near your new town." in html


def test_an_ordinary_ask_while_paired_is_still_refused(selam, paired):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        support_request_create(newcomer=selam)


def _hand_over(*, first_asked_days_ago: int) -> None:
    """Someone paired long ago moves, asks for a supporter near the new town, and one there
    says yes today: their request kept the first one's place, from long ago."""
    newcomer = newcomer_ready()
    pairing = active_pairing(newcomer, supporter_ready())
    long_ago = timezone.now() - datetime.timedelta(days=first_asked_days_ago)
    SupportRequest.objects.filter(pk=pairing.request_id).update(
        waiting_since=long_ago, matched_at=long_ago + datetime.timedelta(days=5)
    )
    Pairing.objects.filter(pk=pairing.pk).update(started_at=long_ago + datetime.timedelta(days=5))
    moved(newcomer, "Stoke-on-Trent", wants_local_supporter=True)
    local = supporter_ready(town="Stoke-on-Trent")
    request = SupportRequest.objects.get(newcomer=newcomer, status="waiting")
    offer_accept(offer=offer_create(request=request, supporter=local), supporter=local)


def test_the_wait_estimate_leaves_out_hand_overs():
    """ "People waited about N days" is about people with nobody yet: a hand-over's request
    keeps a place from months ago while its person had a supporter all along."""
    from peers.selectors.pairing import wait_estimate_days

    for _ in range(5):
        pairing = active_pairing(newcomer_ready(), supporter_ready())
        SupportRequest.objects.filter(pk=pairing.request_id).update(
            waiting_since=timezone.now() - datetime.timedelta(days=2)
        )
    for _ in range(5):
        _hand_over(first_asked_days_ago=200)
    assert SupportRequest.objects.filter(status="matched").count() == 15  # 5 long ago

    assert wait_estimate_days() == 2


def test_only_a_request_made_beside_a_pairing_counts_as_a_hand_over(selam, paired):
    """Someone who asked for a different supporter was without one until the next said yes:
    their wait counts. A request made beside a pairing (after a move) does not."""
    from peers.selectors.pairing import asked_beside_a_pairing
    from peers.services.pairing import pairing_change_supporter

    def beside(request) -> bool:
        annotated = SupportRequest.objects.annotate(beside=asked_beside_a_pairing())
        return annotated.get(pk=request.pk).beside

    assert beside(paired.request) is False
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    hand_over = SupportRequest.objects.get(newcomer=selam, status="waiting")
    assert beside(hand_over) is True

    moved(selam, "Middlesbrough")  # back within reach: the search stops
    pairing_change_supporter(pairing=paired, newcomer=selam)
    again = SupportRequest.objects.get(newcomer=selam, status="waiting")
    assert beside(again) is False


HAND_OVER_MARK = "still has a supporter and asks for one near the town they moved to."


def test_the_coordinators_waiting_list_marks_a_hand_over(client, selam, paired):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    other = newcomer_ready(display_name="Amanuel")
    support_request_create(newcomer=other)
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/matching/").content.decode()
    rows = {row["name"]: row for row in client.get("/coordinator/matching/").context["waiting"]}

    assert html.count(HAND_OVER_MARK) == 1
    assert rows["Selam"]["hand_over"] is True and rows["Amanuel"]["hand_over"] is False
    request = SupportRequest.objects.get(newcomer=selam, status="waiting")
    page = client.get(f"/coordinator/matching/requests/{request.pk}/").content.decode()
    assert HAND_OVER_MARK in page


def test_a_request_whose_pairing_ended_meanwhile_is_no_longer_marked(client, selam, paired):
    from peers.services.pairing import pairing_end

    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    pairing_end(pairing=paired, by=paired.supporter)
    client.force_login(CoordinatorFactory())

    assert HAND_OVER_MARK not in client.get("/coordinator/matching/").content.decode()


# --- Activities and local help follow the new town ---------------------------------------------


@pytest.fixture
def stoke_walk():
    organisation = OrganisationFactory(name="Stoke Walkers", towns=["Stoke-on-Trent"])
    return ActivityFactory(
        organisation=organisation,
        title="Walk in Hanley Park",
        place=place("Stoke-on-Trent"),
        languages=["ti"],
        interests=["walking"],
    )


def test_activities_recommended_change_with_the_move(selam, stoke_walk):
    before = [r.activity.pk for r in activities_recommended_for(user=selam, now=timezone.now())]

    moved(selam, "Stoke-on-Trent")

    after = [r.activity.pk for r in activities_recommended_for(user=selam, now=timezone.now())]
    assert stoke_walk.pk not in before
    assert after == [stoke_walk.pk]


def test_the_result_page_says_what_happened_and_what_is_near(
    client, selam, paired, stoke_walk, django_assert_max_num_queries
):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    for _ in range(3):  # more people and activities must not cost more queries
        ActivityFactory(organisation=stoke_walk.organisation, place=place("Stoke-on-Trent"),
                        languages=["ti"])  # fmt: skip
        support_request_create(newcomer=newcomer_ready())
    client.force_login(selam)

    with django_assert_max_num_queries(24):
        html = client.get("/moved/done/").content.decode()

    assert "Your move to <bdi>Stoke-on-Trent</bdi>" in html
    assert "<bdi>Hanna</bdi> is still your supporter." in html
    assert "You are now too far apart to meet, so you carry on by chat." in html
    assert "We are also looking for a supporter near your new town." in html
    assert "You are number 1 in the queue" in html
    assert "Walk in Hanley Park" in html
    assert f'href="/places/{place("Stoke-on-Trent").pk}/directory/"' in html
    assert f'href="/chat/{paired.conversation.pk}/"' in html


def test_the_directory_link_opens_the_new_towns_local_help(client, selam):
    moved(selam, "Stoke-on-Trent")
    client.force_login(selam)

    response = client.get(f"/places/{place('Stoke-on-Trent').pk}/directory/")

    assert response.status_code == 200


# --- The form: one page, plain HTML -------------------------------------------------------------


def _post(client, **fields):
    data = {"place": "Stoke-on-Trent", "moved_on": timezone.localdate().isoformat(), **fields}
    return client.post("/moved/", data)


def _state(user):
    return (
        _place_of(user),
        Move.objects.count(),
        Notification.objects.count(),
        list(SupportRequest.objects.values_list("pk", "status", "waiting_since")),
        list(Pairing.objects.values_list("pk", "status", "remote")),
    )


def test_the_form_moves_the_person_and_goes_to_the_result(client, selam, paired):
    client.force_login(selam)

    response = _post(client, wants_local_supporter="on", share_name="on")

    assert response.status_code == 302 and response["Location"] == "/moved/done/"
    move = Move.objects.get(user=selam)
    assert (move.to_place.name, move.wants_local_supporter, move.name_shared) == (
        "Stoke-on-Trent",
        True,
        True,
    )
    assert move.moved_on == timezone.localdate()


def test_the_form_explains_the_hand_over_before_it_is_ticked(client, selam, paired):
    client.force_login(selam)

    html = client.get("/moved/").content.decode()

    assert "When a new supporter says yes, your pairing with <bdi>Hanna</bdi> ends" in html
    assert "your chat with them stays for you both to read" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html, "today by default"
    assert 'name="share_name"' in html and "checked" not in html, "both choices start off"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"place": "Atlantis"}, "We could not find “Atlantis”"),
        ({"place": ""}, "This field is required"),
        ({"place": "<b>Stoke</b>"}, "Please type just the name of your town."),
        ({"moved_on": ""}, "Please give the date you moved."),
        ({"moved_on": "31/02/2026"}, "Please give the date as day, month and year."),
        ({"moved_on": "in a week"}, "Please give the date as day, month and year."),
        ({"place": "Middlesbrough"}, "is already the town we have for you"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(client, selam, paired, fields, message):
    client.force_login(selam)
    before = _state(selam)

    response = _post(client, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state(selam) == before


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (61, "Please give a date at most 60 days from today."),
        (-366, "Please give a date within the last year."),
    ],
)
def test_a_date_out_of_range_is_refused(client, selam, paired, days, message):
    client.force_login(selam)
    before = _state(selam)
    when = timezone.localdate() + datetime.timedelta(days=days)

    response = _post(client, moved_on=when.isoformat())

    assert message in response.content.decode()
    assert _state(selam) == before


def test_a_date_within_range_is_accepted(client, selam):
    client.force_login(selam)

    for days, town in [(60, "Stoke-on-Trent"), (-365, "Cardiff")]:
        when = timezone.localdate() + datetime.timedelta(days=days)
        assert _post(client, place=town, moved_on=when.isoformat()).status_code == 302
    assert Move.objects.filter(user=selam).count() == 2


def test_a_misspelt_town_offers_one_tap_answers_that_keep_the_rest(client, selam):
    client.force_login(selam)

    html = _post(client, place="Stoke-on-Tremt", wants_local_supporter="on").content.decode()

    assert "Did you mean Stoke-on-Trent?" in html
    assert 'form="move-suggestion" name="place" value="Stoke-on-Trent"' in html
    suggestion_form = html.split('id="move-suggestion"', 1)[1]
    assert f'name="moved_on" value="{timezone.localdate().isoformat()}"' in suggestion_form
    assert 'name="wants_local_supporter" value="on"' in suggestion_form
    assert 'name="share_name"' not in suggestion_form
    assert not Move.objects.exists()


def test_the_newcomer_pages_link_to_i_have_been_moved(client, selam):
    client.force_login(selam)

    for url in ["/newcomer/", "/support/"]:
        assert 'href="/moved/"' in client.get(url).content.decode(), url


def test_the_result_page_without_a_move_goes_to_the_form(client, selam):
    client.force_login(selam)

    response = client.get("/moved/done/")

    assert response.status_code == 302 and response["Location"] == "/moved/"


@pytest.mark.parametrize("url", ["/moved/", "/moved/done/"])
def test_the_move_pages_meet_the_page_rules(client, selam, paired, stoke_walk, url):
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    client.force_login(selam)

    check_page(client, url, private=True)


# --- Who may open the pages ---------------------------------------------------------------------

LOGIN, OK, FORBIDDEN, FOUND = "login", 200, 403, 302


def _organiser():
    return organiser_of(OrganisationFactory(), UserFactory())


ACTORS = {
    "visitor": None,
    "newcomer": NewcomerFactory,
    "supporter": SupporterFactory,
    "organiser": _organiser,
    "coordinator": CoordinatorFactory,
    "coordinator without 2FA": lambda: CoordinatorFactory(with_totp=False),
}
ACCESS = [
    ("get", "/moved/", "visitor", LOGIN),
    ("post", "/moved/", "visitor", LOGIN),
    ("get", "/moved/", "newcomer", OK),
    ("post", "/moved/", "newcomer", OK),  # an empty form is shown again with its messages
    ("get", "/moved/done/", "visitor", LOGIN),
    ("get", "/moved/done/", "newcomer", FOUND),  # no move yet: to the form
    ("post", "/moved/done/", "newcomer", 405),
    *[
        (method, url, actor, FORBIDDEN)
        for method in ("get", "post")
        for url in ("/moved/", "/moved/done/")
        for actor in ["supporter", "organiser", "coordinator", "coordinator without 2FA"]
    ],
]


@pytest.mark.parametrize(("method", "url", "actor", "expected"), ACCESS)
def test_move_page_access(client, method, url, actor, expected):
    if ACTORS[actor] is not None:
        client.force_login(ACTORS[actor]())
    moves_before = Move.objects.count()

    response = getattr(client, method)(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    assert Move.objects.count() == moves_before


def test_a_person_sees_only_their_own_move(client, selam):
    moved(selam, "Stoke-on-Trent")
    other = newcomer_ready(display_name="Other")
    moved(other, "Cardiff")
    client.force_login(other)

    html = client.get("/moved/done/").content.decode()

    assert "Cardiff" in html and "Stoke-on-Trent" not in html


# --- Arrivals for coordinators ------------------------------------------------------------------


def test_arrivals_count_people_per_place_and_name_only_those_who_agreed(
    django_assert_num_queries,
):
    since = timezone.localdate() - datetime.timedelta(days=30)
    amina, bereket, chidi, dawit, old = (
        newcomer_ready(display_name=name) for name in ["Amina", "Bereket", "Chidi", "Dawit", "Old"]
    )
    moved(amina, "Stoke-on-Trent", share_name=True)
    moved(bereket, "Stoke-on-Trent")
    moved(chidi, "ST4", share_name=True)  # a postcode district is its own place
    moved(dawit, "Stoke-on-Trent", share_name=True)
    moved(dawit, "Cardiff")
    moved(dawit, "Stoke-on-Trent", share_name=True)  # back again: still one person
    moved(old, "Stoke-on-Trent", share_name=True, moved_on=since - datetime.timedelta(days=1))

    with django_assert_num_queries(2):
        rows = arrivals_by_place(since=since)

    assert rows == [
        {
            "place_id": place("Stoke-on-Trent").pk,
            "place_name": "Stoke-on-Trent",
            "region": place("Stoke-on-Trent").region,
            "count": 3,
            "names": ["Amina", "Dawit"],
        },
        {
            "place_id": place("Cardiff").pk,
            "place_name": "Cardiff",
            "region": place("Cardiff").region,
            "count": 1,
            "names": [],
        },
        {
            "place_id": place("ST4").pk,
            "place_name": "ST4 (Stoke-on-Trent)",
            "region": place("ST4").region,
            "count": 1,
            "names": ["Chidi"],
        },
    ]


def test_arrivals_queries_do_not_grow_with_moves(django_assert_num_queries):
    since = timezone.localdate() - datetime.timedelta(days=30)
    for town in ["Stoke-on-Trent", "Cardiff", "Leeds", "ST4"] * 2:
        moved(newcomer_ready(), town, share_name=True)

    with django_assert_num_queries(2):
        assert sum(row["count"] for row in arrivals_by_place(since=since)) == 8


# --- At the same moment (PostgreSQL only: SQLite serialises writers) ----------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
)


def _race(first, second) -> dict[str, object]:
    """`race`, counting deadlocks: the lock order keeps them at none, so nobody waits."""
    return race(first, second, count_deadlocks=True)


def _pausing(module, name: str):
    """Patches `module.name` to run, then signal and hold its transaction open a moment."""
    import time
    from unittest import mock

    original = getattr(module, name)

    def paused(*args, **kwargs):
        result = original(*args, **kwargs)
        paused.holding.set()
        time.sleep(0.5)
        return result

    return paused, mock.patch.object(module, name, paused)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_move_while_the_supporter_accepts_keeps_the_new_pairing_and_makes_it_remote():
    from peers.services import pairing as pairing_service

    selam, hanna = newcomer_ready(), supporter_ready()
    offer = pending_offer(selam, hanna)
    paused, patch = _pausing(pairing_service, "_pending_offer_for")

    def accept(holding):
        paused.holding = holding
        offer_accept(offer=offer, supporter=hanna)

    with patch:
        outcomes = _race(accept, lambda _holding: moved(selam, "Stoke-on-Trent"))

    assert outcomes == {"first": "ok", "second": "ok", "deadlocks": 0}, outcomes
    pairing = Pairing.objects.get(newcomer=selam, status=Pairing.Status.ACTIVE)
    assert pairing.remote is True
    assert Move.objects.get(user=selam).pairing == pairing
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_accept_during_a_move_that_withdrew_the_offer_is_refused():
    from peers.services import moving as moving_service

    selam, hanna = newcomer_ready(), supporter_ready()
    offer = pending_offer(selam, hanna)
    paused, patch = _pausing(moving_service, "offer_withdraw")

    def move(holding):
        paused.holding = holding
        moved(selam, "Stoke-on-Trent")

    with patch:
        outcomes = _race(move, lambda _holding: offer_accept(offer=offer, supporter=hanna))

    assert outcomes == {"first": "ok", "second": "refused", "deadlocks": 0}, outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN
    assert not Pairing.objects.exists()
    request = SupportRequest.objects.get(newcomer=selam)
    assert (request.status, request.waiting_since) == ("waiting", offer.request.waiting_since)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_hand_over_accept_during_a_second_move_never_deadlocks():
    from peers.services import pairing as pairing_service

    selam, hanna = newcomer_ready(), supporter_ready(capacity=2)
    active_pairing(selam, hanna)
    moved(selam, "Stoke-on-Trent", wants_local_supporter=True)
    stoke = supporter_ready(town="Stoke-on-Trent")
    request = SupportRequest.objects.get(newcomer=selam, status="waiting")
    offer = offer_create(request=request, supporter=stoke)
    paused, patch = _pausing(pairing_service, "_pending_offer_for")

    def accept(holding):
        paused.holding = holding
        offer_accept(offer=offer, supporter=stoke)

    with patch:
        outcomes = _race(accept, lambda _holding: moved(selam, "ST4"))

    assert outcomes == {"first": "ok", "second": "ok", "deadlocks": 0}, outcomes
    (active,) = Pairing.objects.filter(newcomer=selam, status=Pairing.Status.ACTIVE)
    assert active.supporter == stoke
    assert active.remote is False  # ST4 is in Stoke-on-Trent


def _holding_before(module, name: str):
    """Patches `module.name` to signal, hold its caller's transaction open a moment, then run:
    whatever the caller locked before calling it is held while the other side starts."""
    import time
    from unittest import mock

    original = getattr(module, name)

    def paused(*args, **kwargs):
        paused.holding.set()
        time.sleep(0.5)
        return original(*args, **kwargs)

    return paused, mock.patch.object(module, name, paused)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_move_that_has_locked_the_request_never_deadlocks_with_an_accept():
    """The lock order: the pending offer's supporter before the request. A move holding the
    request while the supporter accepts (supporter, then request) must not wait in a circle."""
    from peers.services import moving as moving_service

    selam, hanna = newcomer_ready(), supporter_ready(remote_ok=True)
    offer = pending_offer(selam, hanna)
    paused, patch = _holding_before(moving_service, "_pending_offer_after_move")

    def move(holding):
        paused.holding = holding
        moved(selam, "Stoke-on-Trent")

    with patch:
        outcomes = _race(move, lambda _holding: offer_accept(offer=offer, supporter=hanna))

    assert outcomes["first"] == "ok", outcomes
    assert outcomes["deadlocks"] == 0, outcomes
    # Out of reach and Selam does not talk remotely: the offer went back before Hanna's yes.
    assert outcomes["second"] == "refused", outcomes
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN


def test_coordinators_see_arrivals_by_town_with_names_only_of_those_who_agreed(client):
    """Stoke gets five arrivals (one agreed to be named), Leeds one: Leeds says "fewer than
    5", and only the person who agreed is named."""
    named = newcomer_ready(display_name="Meseret")
    moved(named, share_name=True)
    quiet = [newcomer_ready(display_name=f"Quiet{i}") for i in range(4)]
    for person in quiet:
        moved(person)
    moved(newcomer_ready(display_name="Alone"), town="Leeds")
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/arrivals/").content.decode()

    stoke = html[html.index("Stoke-on-Trent") :].split("</tr>")[0]
    leeds = html[html.index("Leeds") :].split("</tr>")[0]
    assert "<td>5</td>" in stoke and "Meseret" in stoke
    assert "fewer than 5" in leeds
    assert not any(name in html for name in ["Quiet0", "Quiet3", "Alone"])


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 302), ("newcomer", 403), ("supporter", 403), ("coordinator", 200)],
)
def test_only_coordinators_open_the_arrivals_page(client, who, status):
    people = {
        "newcomer": newcomer_ready,
        "supporter": supporter_ready,
        "coordinator": CoordinatorFactory,
    }
    if who != "visitor":
        client.force_login(people[who]())

    assert client.get("/coordinator/arrivals/").status_code == status


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up(client, coordinator_without_totp):
    client.force_login(coordinator_without_totp)

    response = client.get("/coordinator/arrivals/")

    assert response.status_code == 302
    assert "two-factor" in response["Location"] or "totp" in response["Location"]
