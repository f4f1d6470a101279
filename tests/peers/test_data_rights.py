"""Data rights: a person downloads everything held about them (and nothing about anybody
else), and deletes their account, leaving no personal data of theirs in any model while other
people's conversations stay whole."""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import CompanionRequest, Participation, SessionRating
from activities.services.participation import activity_join
from chat.models import Case, CaseEvent, Conversation, ConversationAccess, Member, Message
from chat.services import (
    case_close,
    case_messages_open,
    report_create,
    team_conversation_open,
)
from feedback.models import Feedback
from peers.models import (
    AccessRecord,
    AuditEvent,
    ConsentPurpose,
    Move,
    Notification,
    Offer,
    Pairing,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.services import (
    access_record,
    consent_grant,
    consent_withdraw,
    newcomer_profile_update,
)
from peers.services.data_rights import account_delete, personal_content_retention_apply
from peers.services.moving import person_move
from peers.services.pairing import person_block
from peers.services.recovery import recovery_codes_create
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.chat.factories import messages_posted
from tests.pagecheck import page_facts
from tests.peers.factories import (
    PASSWORD,
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

EXPORT_URLS = ["/me/data/", "/me/data/export.json", "/me/data/export.html"]
DELETE_URL = "/me/delete/"

# Distinctive words for each person, so a search for them finds nothing else.
SELAM = {
    "username": "selam_zq7",
    "display_name": "Selamawit Qorvex",
    "email": "selam.qorvex@example.org",
    "about_me": "I bake injera with my aunt Zufrealem every Friday",
    "message": "Qorvex hello from Selam about the market",
    "team": "Qorvex private words to the team",
    "report": "Qorvex reporter words about it",
    "feedback": "Qorvex feedback words",
    "rating": "Qorvex loved the cooking",
}
HANNA = {
    "username": "hanna_wv3",
    "display_name": "Hannelore Wyvernsby",
    "email": "hanna.wyvernsby@example.org",
    "bio": "Wyvernsby supporter bio text",
    "message": "Wyvernsby reply from Hanna",
}


@dataclass
class World:
    selam: User
    hanna: User
    pairing: Pairing
    conversation: Conversation
    activity: object
    activity_conversation: Conversation


def _named(user: User, words: dict) -> User:
    user.username = words["username"]
    user.save(update_fields=["username"])
    verified_email_for(user, words["email"])
    return user


@pytest.fixture
def world() -> World:
    """Selam (newcomer) and Hanna (her supporter) talk to each other and both joined the same
    activity, whose group chat is on; each has written there."""
    selam = _named(newcomer_ready(display_name=SELAM["display_name"]), SELAM)
    newcomer_profile_update(
        user=selam,
        max_km=10,
        remote_ok=True,
        wants_gender="f",
        helps=["talk"],
        about_me=SELAM["about_me"],
    )
    hanna = _named(supporter_ready(display_name=HANNA["display_name"]), HANNA)
    SupporterProfile.objects.filter(user=hanna).update(bio=HANNA["bio"])
    pairing = active_pairing(selam, hanna)
    conversation = pairing.conversation
    messages_posted(conversation, selam, 2, SELAM["message"] + " {n}")
    messages_posted(conversation, hanna, 2, HANNA["message"] + " {n}")
    activity = ActivityFactory(chat_enabled=True, capacity=10)
    activity_join(user=selam, activity=activity)
    activity_join(user=hanna, activity=activity)
    activity_conversation = Conversation.objects.get(activity=activity)
    messages_posted(activity_conversation, selam, 1, SELAM["message"] + " in the group")
    messages_posted(activity_conversation, hanna, 1, HANNA["message"] + " in the group")
    return World(selam, hanna, pairing, conversation, activity, activity_conversation)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _export(user: User, kind: str = "json", language: str = "en") -> str:
    client = _client(user)
    client.cookies["django_language"] = language
    response = client.get(f"/me/data/export.{kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode()


# --- Download ------------------------------------------------------------------------------


def test_export_json_holds_the_persons_own_data(world):
    Notification.objects.create(user=world.selam, kind=Notification.Kind.NEW_MESSAGE, link="/x/")
    consent_grant(user=world.selam, purpose=ConsentPurpose.EMAIL_REMINDERS)
    recovery_codes_create(user=world.selam)
    Move.objects.create(
        user=world.selam,
        from_place=place("Middlesbrough"),
        to_place=place("Stoke-on-Trent"),
        moved_on=date(2026, 3, 1),
    )
    Feedback.objects.create(
        kind="feedback", about="general", text=SELAM["feedback"], user=world.selam, reference="R1"
    )
    Feedback.objects.create(
        kind="feedback", about="general", text="someone anonymous", anonymous=True, reference="R2"
    )

    data = json.loads(_export(world.selam))

    assert data["account"]["username"] == SELAM["username"]
    assert data["account"]["email_addresses"][0]["email"] == SELAM["email"]
    assert data["profile"]["display_name"] == SELAM["display_name"]
    assert data["profile"]["place"] == "Middlesbrough"
    assert data["profile"]["languages"][0]["code"] == "ti"
    assert data["newcomer_profile"]["about_me"] == SELAM["about_me"]
    assert data["supporter_profile"] is None
    assert [c["code"] for c in data["consents"]] == ["email_reminders"]
    assert data["consents"][0]["granted_at"] and data["consents"][0]["withdrawn_at"] is None
    assert data["support_requests"][0]["status"] == "Matched"
    assert data["pairings"][0]["you_were"] == "the person supported"
    assert {m["text"] for m in data["messages_sent"]} == {
        f"{SELAM['message']} 0",
        f"{SELAM['message']} 1",
        f"{SELAM['message']} in the group",
    }
    assert data["notifications"]
    assert data["activities"][0]["activity"] == world.activity.title
    assert data["moves"][0]["to"] == "Stoke-on-Trent"
    assert [f["reference"] for f in data["feedback"]] == ["R1"]  # never the anonymous one
    assert data["recovery_codes_unused"] == 8
    assert "code_hash" not in json.dumps(data)


def test_export_holds_nobody_elses_data(world):
    """The other person's username, name, words and messages are in neither download, and
    the newcomer is not named to her supporter without her consent."""
    hanna_json = _export(world.hanna)
    hanna_html = _export(world.hanna, "html")
    selam_json = _export(world.selam)
    selam_html = _export(world.selam, "html")

    for text in (hanna_json, hanna_html):
        for secret in SELAM.values():
            assert secret not in text, secret
        assert "The person you support" in text
    for text in (selam_json, selam_html):
        for key in ("username", "email", "bio", "message"):
            assert HANNA[key] not in text, key
    # Hanna's messages are hers: they appear in her own export, never Selam's.
    assert HANNA["message"] in hanna_json and HANNA["message"] in hanna_html


def test_export_names_the_other_side_only_as_the_app_does(world):
    """A newcomer is named to her supporter only while she shares her profile; a supporter's
    name is given to the person they support (the chat already shows it to them)."""
    assert HANNA["display_name"] in _export(world.selam)
    assert SELAM["display_name"] not in _export(world.hanna)

    consent_grant(user=world.selam, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    shared = _export(world.hanna)

    assert SELAM["display_name"] in shared
    for key in ("username", "email", "about_me", "message"):
        assert SELAM[key] not in shared


def test_export_tells_a_move_notice_in_words_without_the_other_persons_data(world):
    """The supporter's "has moved" notice is stored as data (the newcomer's id, the town): the
    export says it as the notices page does, the town only while she still shares it."""
    consent_grant(user=world.selam, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    person_move(
        user=world.selam,
        place=place("Stoke-on-Trent"),
        moved_on=timezone.localdate(),
        wants_local_supporter=False,
        share_name=False,
    )

    def notes() -> list[str]:
        data = json.loads(_export(world.hanna))
        return [
            notice["note"]
            for notice in data["notifications"]
            if notice["notice"] == "The person you support has moved"
        ]

    (shared,) = notes()
    assert shared.startswith("They now live in Stoke-on-Trent")
    consent_withdraw(user=world.selam, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    (withdrawn,) = notes()
    page = _export(world.hanna, "html")

    assert withdrawn.startswith("They now live about") and "Stoke" not in withdrawn
    assert "Stoke" not in page and '"newcomer"' not in page
    assert withdrawn in page


def test_export_says_a_handed_over_pairing_in_words(world):
    from peers.services.notifications import notification_create
    from peers.services.pairing import HANDED_OVER_NOTE

    notification_create(
        user=world.hanna,
        kind=Notification.Kind.PAIRING_ENDED,
        link="/chat/",
        note=HANDED_OVER_NOTE,
    )

    (note,) = [n["note"] for n in json.loads(_export(world.hanna))["notifications"] if n["note"]]

    assert note.startswith("The person you supported now has a supporter near the town")


def test_export_names_the_language_the_person_reads_in(world):
    world.selam.language = "ar"
    world.selam.save(update_fields=["language"])

    data = json.loads(_export(world.selam))

    assert data["account"]["language"] == "Arabic"
    assert "<dd>Arabic</dd>" in _export(world.selam, "html")


def test_export_leaves_out_blocked_people_and_coordinators_names(world):
    coordinator = CoordinatorFactory(username="coordinator_priya_q")
    third = UserFactory(username="blocked_one_q")
    person_block(blocker=world.selam, blocked=third)
    access_record(
        coordinator=coordinator,
        subject=world.selam,
        reason=AccessRecord.Reason.SUPPORTER_VERIFICATION,
    )

    data = json.loads(_export(world.selam))
    text = json.dumps(data) + _export(world.selam, "html")

    assert data["blocks_made"] == [{"person": "A person you blocked", "blocked_at": ANY}]
    assert data["coordinator_reads"][0]["because"] == "Checking a supporter's training"
    assert "coordinator_priya_q" not in text and "blocked_one_q" not in text


class _Any:
    def __eq__(self, other) -> bool:
        return True


ANY = _Any()


def test_export_records_the_download_in_the_audit_log(world):
    _export(world.selam)
    _export(world.selam, "html")

    lines = AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED)
    assert [(e.actor_id, e.subject_id, e.target) for e in lines.order_by("pk")] == [
        (world.selam.pk, world.selam.pk, "json"),
        (world.selam.pk, world.selam.pk, "html"),
    ]


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ar", "rtl"), ("en", "ltr")])
def test_export_page_is_in_the_persons_language(world, language, direction):
    html = _export(world.selam, "html", language)
    facts = page_facts(html)

    assert facts.html_attrs == {"lang": language, "dir": direction}
    assert SELAM["about_me"] in html
    assert facts.scripts == []  # a page to read offline: no script, no outside asset
    assert facts.stylesheets == []


def test_export_page_carries_its_own_style_under_a_nonce(world):
    response = _client(world.selam).get("/me/data/export.html")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"style-src 'nonce-([^']+)'", policy).group(1)

    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "no-store" in response["Cache-Control"]


def test_export_page_keeps_peoples_words_in_their_own_direction(world):
    html = _export(world.selam, "html", "ar")
    assert f'dir="auto">{SELAM["about_me"]}</dd>' in html
    assert f"<bdi>{SELAM['display_name']}</bdi>" in html


def _queries(user: User, kind: str) -> int:
    client = _client(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/me/data/export.{kind}").status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["json", "html"])
def test_export_query_count_does_not_grow_with_the_data(world, kind):
    few = _queries(world.selam, kind)
    messages_posted(world.conversation, world.selam, 40)
    for _n in range(15):
        Notification.objects.create(user=world.selam, kind=Notification.Kind.NEW_MESSAGE)
    for n in range(5):
        other = ActivityFactory()
        participation = Participation.objects.create(
            activity=other, user=world.selam, status="joined"
        )
        SessionRating.objects.create(
            participation=participation, session_date=date(2026, 1, n + 1), rating=4
        )
        CompanionRequest.objects.create(activity=other, newcomer=world.selam, supporter=world.hanna)
        Feedback.objects.create(
            kind="feedback", about="general", text="x", user=world.selam, reference=f"Q{n}"
        )
    many = _queries(world.selam, kind)

    assert many == few
    assert many <= 35


# --- Who may download ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [*EXPORT_URLS, DELETE_URL])
def test_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


ROLE_MAKERS = {
    "newcomer": NewcomerFactory,
    "supporter": SupporterFactory,
    "organiser": lambda: organiser_of(OrganisationFactory()),
    # Their own data is not a coordinator page: no second factor needed to see it.
    "coordinator without two-factor": lambda: CoordinatorFactory(with_totp=False),
    "coordinator": CoordinatorFactory,
}


@pytest.mark.parametrize("role", ROLE_MAKERS)
@pytest.mark.parametrize("url", [*EXPORT_URLS, DELETE_URL])
def test_every_person_reaches_their_own_data_pages(role, url):
    person = ROLE_MAKERS[role]()
    response = _client(person).get(url)

    assert response.status_code == 200
    if url.startswith("/me/data/export"):
        body = response.content.decode()
        assert person.username in body


def test_a_coordinator_downloads_only_their_own_data(world):
    coordinator = CoordinatorFactory(username="coordinator_cv9")
    client = _client(coordinator)
    for url in EXPORT_URLS[1:]:
        body = client.get(url, {"user": world.selam.pk, "pk": world.selam.pk}).content.decode()
        assert "coordinator_cv9" in body
        for secret in SELAM.values():
            assert secret not in body


@pytest.mark.parametrize("url", ["/me/data/", DELETE_URL])
def test_data_pages_meet_the_page_rules(url):
    client = _client(NewcomerFactory())
    check_page(client, url, private=True)


def test_goodbye_page_meets_the_page_rules(client):
    check_page(client, reverse("peers:account-delete-done"))


def test_account_links_offer_both(world):
    page = _client(world.selam).get("/newcomer/").content.decode()
    assert 'href="/me/data/"' in page and 'href="/me/delete/"' in page


# --- Deleting an account -------------------------------------------------------------------


def test_delete_page_asks_first_and_get_changes_nothing(world):
    response = _client(world.selam).get(DELETE_URL)

    assert response.status_code == 200
    assert "Type your password to confirm" in response.content.decode()
    assert User.objects.filter(pk=world.selam.pk).exists()


@pytest.mark.parametrize("typed", [None, "", "wrong password", SELAM["username"]])
def test_delete_without_the_password_changes_nothing(world, typed):
    client = _client(world.selam)
    data = {} if typed is None else {"confirm": typed}

    response = client.post(DELETE_URL, data)

    assert response.status_code == 400
    assert User.objects.filter(pk=world.selam.pk).exists()
    assert Pairing.objects.get(pk=world.pairing.pk).status == Pairing.Status.ACTIVE
    assert client.get("/me/data/").status_code == 200  # still logged in


def test_guessing_the_password_on_the_delete_form_is_limited(world):
    client = _client(world.selam)
    for _try in range(5):
        assert client.post(DELETE_URL, {"confirm": "guess"}).status_code == 400

    # Even the right password is refused while the limit holds; nothing is deleted.
    response = client.post(DELETE_URL, {"confirm": PASSWORD})

    assert response.status_code == 400
    assert "Too many tries" in response.content.decode()
    assert User.objects.filter(pk=world.selam.pk).exists()
    # Another person's tries are their own.
    assert _client(world.hanna).post(DELETE_URL, {"confirm": PASSWORD}).status_code == 302


def test_delete_page_promises_only_what_deletion_does(world):
    """Anonymous feedback is linked to nobody, so deletion cannot reach it: the page says
    "with your name"; a group's only organiser is offered a way to hand it on."""
    organisation = OrganisationFactory()
    organiser_of(organisation, world.selam)

    page = _client(world.selam).get(DELETE_URL).content.decode()

    assert "The words of feedback you sent with your name" in page
    assert reverse("activities:organiser-add", args=[organisation.pk]) in page
    assert "coordinators will look for a new organiser" not in page


def test_the_delete_form_sent_twice_says_goodbye_both_times(world, monkeypatch):
    """Two tabs, or a double tap: the second request finds the account already gone (it
    waited on the row lock) and says the same goodbye, never a server error."""
    from peers.views import data_rights as views

    def other_request_first(*, user):
        account_delete(user=User.objects.get(pk=user.pk))
        return account_delete(user=user)

    monkeypatch.setattr(views, "account_delete", other_request_first)
    client = _client(world.selam)

    response = client.post(DELETE_URL, {"confirm": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("peers:account-delete-done")
    assert not User.objects.filter(pk=world.selam.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DELETED).count() == 1


def test_an_account_without_a_password_confirms_with_its_username(world):
    world.selam.set_unusable_password()
    world.selam.save(update_fields=["password"])
    client = _client(world.selam)

    assert "Type your username to confirm" in client.get(DELETE_URL).content.decode()
    assert client.post(DELETE_URL, {"confirm": "someone_else"}).status_code == 400
    response = client.post(DELETE_URL, {"confirm": SELAM["username"]})

    assert response.status_code == 302
    assert not User.objects.filter(pk=world.selam.pk).exists()


def test_delete_logs_out_removes_every_session_and_says_goodbye(
    world, django_capture_on_commit_callbacks
):
    client = _client(world.selam)
    other_device = _client(world.selam)
    other_key = other_device.session.session_key
    someone_else = _client(world.hanna)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"confirm": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("peers:account-delete-done")
    goodbye = client.get(response["Location"])
    assert goodbye.status_code == 200
    assert "Your account has been deleted" in goodbye.content.decode()
    assert client.get("/me/data/").status_code == 302  # logged out
    assert not Session.objects.filter(session_key=other_key).exists()
    assert other_device.get("/me/data/").status_code == 302
    assert someone_else.get("/me/data/").status_code == 200


def _texts_in_every_model() -> list[tuple[str, str, str]]:
    """Every text-like value in every model's table: (model, field, value)."""
    found = []
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value not in (None, ""):
                    text = value if isinstance(value, str) else json.dumps(value)
                    found.append((model._meta.label, name, text))
    return found


def _full_life(world: World) -> None:
    """Selam uses everything that keeps something about her."""
    selam, hanna = world.selam, world.hanna
    coordinator = CoordinatorFactory()
    consent_grant(user=selam, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
    recovery_codes_create(user=selam)
    team = team_conversation_open(person=selam)
    messages_posted(team, selam, 1, SELAM["team"])
    # A message suggesting crisis: a safeguarding case about her, read by a coordinator.
    (risky,) = messages_posted(world.conversation, selam, 1, "I want to end my life")
    safeguarding = risky.cases.get()
    case_messages_open(case=safeguarding, coordinator=coordinator)
    # Coordinators write people's names in what they write about them.
    case_close(
        case=safeguarding,
        coordinator=coordinator,
        note=f"Spoke with {SELAM['display_name']} ({SELAM['username']}); safe.",
    )
    # She reports one of Hanna's messages, in her own words.
    hanna_message = Message.objects.filter(sender=hanna).first()
    report = report_create(
        reporter=selam,
        message_id=hanna_message.pk,
        reason="unkind",
        detail=f"{SELAM['report']} {SELAM['display_name']}",
    )
    Feedback.objects.create(
        kind="complaint",
        about="support",
        text=f"{SELAM['feedback']} from {SELAM['display_name']}",
        user=selam,
        reference="CG-TEST01",
        status="resolved",
        response=f"Dear {SELAM['display_name'].upper()}, we are sorry and spoke to the group.",
        responded_by=coordinator,
        responded_at=timezone.now(),
    )
    participation = Participation.objects.get(user=selam, activity=world.activity)
    SessionRating.objects.create(
        participation=participation,
        session_date=date(2026, 1, 3),
        rating=5,
        comment=SELAM["rating"],
    )
    CompanionRequest.objects.create(activity=world.activity, newcomer=selam, supporter=hanna)
    Move.objects.create(user=selam, to_place=place("Stoke-on-Trent"), moved_on=date(2026, 3, 1))
    person_block(blocker=selam, blocked=UserFactory())
    access_record(
        coordinator=coordinator, subject=selam, reason=AccessRecord.Reason.SUPPORTER_VERIFICATION
    )
    Client().force_login(selam)  # a session on another device
    return report


def test_deletion_leaves_no_personal_data_of_the_person_in_any_model(
    world, django_capture_on_commit_callbacks
):
    _full_life(world)
    _export(world.selam)  # her own audit line names her as its actor
    tokens = [
        SELAM["display_name"],
        SELAM["username"],
        SELAM["email"],
        SELAM["about_me"],
        "Qorvex",  # in every text she wrote
    ]
    before = _texts_in_every_model()
    assert all(any(token in value for _m, _f, value in before) for token in tokens)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=world.selam)

    left = [
        (model, field, value)
        for model, field, value in _texts_in_every_model()
        for token in tokens
        if token.casefold() in value.casefold()
    ]
    assert left == []


def test_every_link_to_a_person_goes_or_empties_with_their_account():
    """Deleting the account row never fails and never leaves a row pointing at it: each
    foreign key to a person either goes with it (CASCADE) or lets go (SET_NULL)."""
    allowed = {models.CASCADE, models.SET_NULL}
    links = [
        (model._meta.label, field.name, field.remote_field.on_delete.__name__)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]
    assert links  # the walk found them
    assert [link for link in links if getattr(models, link[2]) not in allowed] == []


def test_deletion_keeps_other_peoples_conversations_whole(world):
    hanna = world.hanna
    her_messages = list(
        Message.objects.filter(sender=hanna).order_by("pk").values_list("pk", "body")
    )
    selam_message_ids = list(
        Message.objects.filter(sender=world.selam).values_list("pk", flat=True)
    )

    account_delete(user=world.selam)

    conversation = Conversation.objects.get(pk=world.conversation.pk)
    assert list(conversation.members.values_list("user_id", flat=True)) == [hanna.pk]
    assert Member.objects.filter(conversation=world.activity_conversation, user=hanna).exists()
    assert (
        list(Message.objects.filter(sender=hanna).order_by("pk").values_list("pk", "body"))
        == her_messages
    )
    anonymised = Message.objects.filter(pk__in=selam_message_ids)
    assert anonymised.count() == len(selam_message_ids)  # each keeps its place
    assert set(anonymised.values_list("sender_id", "body", "sender_deleted")) == {(None, "", True)}

    client = _client(hanna)
    page = client.get(reverse("chat:conversation", args=[conversation.pk])).content.decode()
    assert page.count("Message from a deleted account") == 2
    assert HANNA["message"] + " 0" in page
    assert "Chat with a deleted account" in page
    group = client.get(reverse("chat:conversation", args=[world.activity_conversation.pk]))
    assert "Message from a deleted account" in group.content.decode()
    since = client.get(reverse("chat:messages-since", args=[conversation.pk]), {"after": 0})
    payloads = [m for m in since.json()["messages"] if m.get("deleted")]
    assert [(m["sender"], m["sender_name"], m["body"]) for m in payloads] == [
        (None, "A deleted account", "Message from a deleted account")
    ] * 2
    listing = client.get(reverse("chat:conversation-list")).content.decode()
    assert "Chat with a deleted account" in listing


def test_deleted_accounts_messages_read_in_the_readers_language(world):
    account_delete(user=world.selam)
    client = _client(world.hanna)
    client.cookies["django_language"] = "ar"
    since = client.get(reverse("chat:messages-since", args=[world.conversation.pk]))
    from django.utils import translation

    with translation.override("ar"):
        expected = translation.gettext("Message from a deleted account")
    assert {m["body"] for m in since.json()["messages"] if m.get("deleted")} == {expected}


def test_a_deleted_accounts_message_cannot_be_reported(world):
    message = Message.objects.filter(sender=world.selam).first()
    account_delete(user=world.selam)

    url = reverse("chat:message-report", args=[world.conversation.pk, message.pk])
    assert _client(world.hanna).get(url).status_code == 404


def test_the_other_side_of_a_pairing_is_told(world):
    account_delete(user=world.selam)

    notice = Notification.objects.get(user=world.hanna, kind=Notification.Kind.PAIRING_ENDED)
    assert notice.link == reverse("peers:supporter-home")
    assert not Pairing.objects.filter(pk=world.pairing.pk).exists()
    conversation = Conversation.objects.get(pk=world.conversation.pk)
    assert conversation.status == Conversation.Status.READ_ONLY


def test_a_newcomer_is_told_when_her_supporter_deletes(world):
    account_delete(user=world.hanna)

    notice = Notification.objects.get(user=world.selam, kind=Notification.Kind.PAIRING_ENDED)
    assert notice.link == reverse("peers:support")


def test_a_newcomer_keeps_her_place_in_the_queue_when_her_supporter_deletes(world):
    first_asked = SupportRequest.objects.get(pk=world.pairing.request_id).waiting_since
    page = _client(world.hanna).get(DELETE_URL).content.decode()
    assert "goes back to the waiting list" in page

    account_delete(user=world.hanna)

    request = SupportRequest.objects.get(newcomer=world.selam, status__in=SupportRequest.OPEN)
    assert request.status == SupportRequest.Status.WAITING
    assert request.waiting_since == first_asked
    status = _client(world.selam).get(reverse("peers:support")).content.decode()
    assert "We are looking for someone for you" in status


def test_a_newcomer_deleting_does_not_put_her_supporter_anywhere(world):
    account_delete(user=world.selam)

    assert not SupportRequest.objects.filter(status__in=SupportRequest.OPEN).exists()


def test_a_waiting_newcomer_keeps_her_place_when_the_offered_supporter_deletes():
    newcomer = newcomer_ready()
    supporter = supporter_ready()
    offer = pending_offer(newcomer, supporter)
    request = offer.request
    waiting_since = SupportRequest.objects.get(pk=request.pk).waiting_since

    account_delete(user=supporter)

    request.refresh_from_db()
    assert request.status == SupportRequest.Status.WAITING
    assert request.waiting_since == waiting_since
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_a_newcomers_own_request_and_offer_close_when_she_deletes():
    newcomer = newcomer_ready()
    supporter = supporter_ready()
    offer = pending_offer(newcomer, supporter)

    account_delete(user=newcomer)

    assert not SupportRequest.objects.filter(pk=offer.request_id).exists()
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert SupporterProfile.objects.get(user=supporter).status == SupporterProfile.Status.ACTIVE


def test_a_place_in_an_activity_goes_to_the_person_waiting():
    activity = ActivityFactory(capacity=1)
    leaving, waiting = NewcomerFactory(), NewcomerFactory()
    activity_join(user=leaving, activity=activity)
    assert activity_join(user=waiting, activity=activity).status == "waiting"

    account_delete(user=leaving)

    assert Participation.objects.get(user=waiting).status == Participation.Status.JOINED
    assert Notification.objects.filter(user=waiting, kind=Notification.Kind.ACTIVITY_PLACE).exists()


def test_a_group_left_without_an_organiser_stays_and_is_noted():
    alone = OrganisationFactory()
    shared = OrganisationFactory()
    person = organiser_of(alone)
    organiser_of(shared, person)
    organiser_of(shared)

    page = _client(person).get(DELETE_URL).content.decode()
    assert alone.name in page and shared.name not in page

    account_delete(user=person)

    alone.refresh_from_db()
    assert alone.status == "verified"
    assert not alone.organisers.exists()
    line = AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_DELETED)
    assert line.detail == f"Groups left without an organiser: group {alone.pk}"


def test_cases_and_the_audit_log_keep_a_pseudonym_instead_of_the_person(world):
    report = _full_life(world)
    safeguarding = Case.objects.get(kind=Case.Kind.SAFEGUARDING)
    team_case = Case.objects.get(kind=Case.Kind.TEAM)
    notes = list(CaseEvent.objects.exclude(note="").values_list("case_id", "note"))
    accesses = ConversationAccess.objects.count()

    pseudonym = account_delete(user=world.selam)

    assert re.fullmatch(r"person [0-9a-f]{6}", pseudonym)
    safeguarding.refresh_from_db()
    assert (safeguarding.subject_id, safeguarding.subject_label) == (None, pseudonym)
    # What the coordinator wrote stays, with her names replaced by the pseudonym.
    assert safeguarding.closing_note == f"Spoke with {pseudonym} ({pseudonym}); safe."
    report.refresh_from_db()
    assert (report.reporter_id, report.reporter_label, report.detail) == (None, pseudonym, "")
    assert report.subject_id == world.hanna.pk  # about someone else: untouched
    team_case.refresh_from_db()
    assert team_case.conversation_id is None and team_case.subject_label == pseudonym
    named = SELAM["display_name"]
    assert list(CaseEvent.objects.exclude(note="").values_list("case_id", "note")) == [
        (case_id, note.replace(named, pseudonym).replace(SELAM["username"], pseudonym))
        for case_id, note in notes
    ]
    assert any(pseudonym in note for _case, note in CaseEvent.objects.values_list("case", "note"))
    assert ConversationAccess.objects.count() == accesses
    assert (
        not Conversation.objects.filter(kind=Conversation.Kind.TEAM)
        .exclude(person=world.hanna)
        .exists()
    )

    about_her = AuditEvent.objects.filter(subject_label=pseudonym)
    assert about_her.exists() and not about_her.exclude(subject=None).exists()
    deleted = AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_DELETED)
    # She did it herself: the log says so by the same pseudonym, never "not recorded".
    assert (deleted.actor_id, deleted.actor_label, deleted.subject_label) == (
        None,
        pseudonym,
        pseudonym,
    )
    feedback = Feedback.objects.get(reference="CG-TEST01")
    assert (feedback.user_id, feedback.text) == (None, "")
    assert feedback.response == f"Dear {pseudonym}, we are sorry and spoke to the group."


def test_a_coordinator_reads_a_case_whose_conversation_went_with_an_account(world):
    coordinator = CoordinatorFactory()
    team = team_conversation_open(person=world.selam)
    messages_posted(team, world.selam, 1, SELAM["team"])
    case = Case.objects.get(kind=Case.Kind.TEAM)
    pseudonym = account_delete(user=world.selam)

    client = _client(coordinator)
    page = client.get(reverse("chat:case", args=[case.pk]))
    assert page.status_code == 200
    assert pseudonym in page.content.decode()
    reply = client.post(
        reverse("chat:case-action", args=[case.pk, "reply"]), {"body": "Hello?"}, follow=True
    )
    assert reply.status_code == 200
    assert "deleted their account" in reply.content.decode()


def test_delete_through_the_page_ends_the_pairing_and_deletes_everything(world):
    client = _client(world.selam)

    response = client.post(DELETE_URL, {"confirm": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(username=SELAM["username"]).exists()
    assert Notification.objects.filter(
        user=world.hanna, kind=Notification.Kind.PAIRING_ENDED
    ).exists()


def test_retention_service_runs_both_parts():
    assert personal_content_retention_apply(now=timezone.now() + timedelta(days=1)) == {
        "cases": 0,
        "feedback": 0,
    }
