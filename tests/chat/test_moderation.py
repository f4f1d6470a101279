"""Cases: the queue, reports, what coordinators do, and the one audited way they read a
conversation."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from chat.models import (
    Case,
    CaseEvent,
    Conversation,
    ConversationAccess,
    Member,
    Message,
    Suspension,
)
from chat.selectors import cases_for_coordinator, person_is_suspended, unread_message_count
from chat.services import (
    case_close,
    message_post,
    report_create,
    team_conversation_open,
)
from peers.models import Notification
from tests.chat.factories import (
    messages_posted,
    pairing_conversation,
    reported_case,
    team_case,
)
from tests.peers.factories import NewcomerFactory

pytestmark = pytest.mark.django_db

CRISIS_TEXT = "I want to kill myself"


def _case_url(case, action: str = "") -> str:
    return f"/chat/cases/{case.pk}/{action + '/' if action else ''}"


def _events(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))


# --- Reading a conversation through a case ----------------------------------------------------


def test_case_detail_shows_a_bounded_window_and_records_the_read(client, coordinator):
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    before = messages_posted(conversation, newcomer, 30, "Early {n}.")
    case = reported_case(conversation)
    after = messages_posted(conversation, newcomer, 10, "Later {n}.")
    client.force_login(coordinator)

    response = client.get(_case_url(case))

    assert response.status_code == 200
    expected = [*[m.pk for m in before[-20:]], case.message_id, *[m.pk for m in after[:5]]]
    access = ConversationAccess.objects.get()
    assert (access.coordinator, access.case, access.conversation) == (
        coordinator,
        case,
        conversation,
    )
    assert access.message_ids == expected
    read = CaseEvent.objects.get(case=case, action=CaseEvent.Action.READ)
    assert read.actor == coordinator
    html = response.content.decode()
    assert [int(pk) for pk in re.findall(r'id="m(\d+)"', html)] == expected
    assert "Early 9." not in html and "Early 10." in html
    assert "Later 4." in html and "Later 5." not in html
    assert supporter.pk in Member.objects.filter(conversation=conversation).values_list(
        "user_id", flat=True
    )


def test_each_opening_is_recorded_again(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    client.get(_case_url(case))
    client.get(_case_url(case))

    assert ConversationAccess.objects.filter(case=case, coordinator=coordinator).count() == 2
    assert _events(case).count(CaseEvent.Action.READ) == 2


def test_closed_case_shows_no_messages_and_records_no_read(client, coordinator):
    case = reported_case()
    case_close(case=case, coordinator=coordinator, note="Spoke to both")
    client.force_login(coordinator)

    response = client.get(_case_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You again?" not in html
    assert not re.search(r'id="m\d+"', html)
    assert not ConversationAccess.objects.exists()
    assert CaseEvent.Action.READ not in _events(case)


def test_coordinator_cannot_open_a_conversation_page(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    assert client.get(f"/chat/{case.conversation_id}/").status_code == 404
    assert client.get(f"/chat/{case.conversation_id}/since/").status_code == 404
    assert not ConversationAccess.objects.exists()


def test_team_case_shows_the_latest_messages_to_the_team(client, coordinator):
    case = team_case()
    messages_posted(case.conversation, case.subject, 12, "More {n}.")
    client.force_login(coordinator)

    html = client.get(_case_url(case)).content.decode()

    assert "More 11." in html


# --- The queue ------------------------------------------------------------------------------


def test_queue_is_most_serious_first_then_oldest(client, coordinator):
    low = reported_case(reason="other")
    high_old = reported_case(reason="threat")
    medium = reported_case(reason="unkind")
    high_new = reported_case(reason="safety")
    closed = reported_case(reason="sexual")
    case_close(case=closed, coordinator=coordinator, note="")
    Case.objects.filter(pk=high_new.pk).update(created_at=timezone.now() + timedelta(minutes=1))
    client.force_login(coordinator)

    html = client.get("/chat/cases/").content.decode()

    expected = [high_old.pk, high_new.pk, medium.pk, low.pk]
    assert [case.pk for case in cases_for_coordinator()] == expected
    assert [int(pk) for pk in re.findall(r'href="/chat/cases/(\d+)/"', html)] == expected


def test_queue_queries_do_not_grow_with_cases(
    client, coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    reported_case()
    team_case()
    client.force_login(coordinator)
    with django_assert_max_num_queries(10) as few:
        client.get("/chat/cases/")

    for reason in ["other", "threat", "unkind", "money", "safety"]:
        reported_case(reason=reason)
        team_case()
    with django_assert_num_queries(len(few)):
        client.get("/chat/cases/")


# --- Reports --------------------------------------------------------------------------------


def test_report_create_opens_a_case_with_the_reasons_severity():
    case = reported_case(reason="money")

    assert (case.kind, case.status, case.severity) == (
        Case.Kind.REPORT,
        Case.Status.NEW,
        Case.Severity.MEDIUM,
    )
    assert case.reporter == case.conversation.pairing.newcomer
    assert case.subject == case.conversation.pairing.supporter
    assert _events(case) == [CaseEvent.Action.OPENED]


def test_report_create_refuses_own_message():
    conversation = pairing_conversation()
    newcomer = conversation.pairing.newcomer
    (own,) = messages_posted(conversation, newcomer, 1)

    with pytest.raises(ValidationError):
        report_create(reporter=newcomer, message_id=own.pk, reason="unkind")

    assert not Case.objects.exists()


def test_report_create_refuses_a_non_member():
    conversation = pairing_conversation()
    (message,) = messages_posted(conversation, conversation.pairing.supporter, 1)

    with pytest.raises(PermissionDenied):
        report_create(reporter=NewcomerFactory(), message_id=message.pk, reason="threat")

    assert not Case.objects.exists()


def test_report_create_refuses_an_unknown_reason():
    conversation = pairing_conversation()
    (message,) = messages_posted(conversation, conversation.pairing.supporter, 1)

    with pytest.raises(ValidationError):
        report_create(reporter=conversation.pairing.newcomer, message_id=message.pk, reason="meh")

    assert not Case.objects.exists()


def test_closing_a_report_tells_the_reporter_in_the_app(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    response = client.post(
        _case_url(case, "close"), {"confirmed": "yes", "note": "Spoke to the supporter"}
    )

    assert response.status_code == 302 and response["Location"] == "/chat/cases/"
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_at is not None
    assert case.closing_note == "Spoke to the supporter"
    notice = Notification.objects.get(kind=Notification.Kind.REPORT_HANDLED)
    assert (notice.user, notice.link, notice.read_at) == (
        case.reporter,
        f"/chat/{case.conversation_id}/",
        None,
    )
    # Closing twice changes nothing more.
    client.post(_case_url(case, "close"), {"confirmed": "yes", "note": "again"})
    assert Notification.objects.filter(kind=Notification.Kind.REPORT_HANDLED).count() == 1
    assert _events(case).count(CaseEvent.Action.CLOSED) == 1


# --- What coordinators do -------------------------------------------------------------------


def test_acknowledge_moves_the_case_on(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    client.post(_case_url(case, "acknowledge"))

    case.refresh_from_db()
    assert case.status == Case.Status.ACKNOWLEDGED
    assert CaseEvent.objects.get(case=case, action=CaseEvent.Action.ACKNOWLEDGED).actor == (
        coordinator
    )


def test_hide_removes_the_message_for_everyone(client, coordinator):
    case = reported_case()
    member = case.reporter
    client.force_login(coordinator)

    response = client.post(
        _case_url(case, "hide"), {"confirmed": "yes", "message": case.message_id}
    )

    assert response["Location"] == _case_url(case)
    message = Message.objects.get(pk=case.message_id)
    assert message.hidden_at is not None and message.hidden_by == coordinator
    assert CaseEvent.Action.HIDDEN in _events(case)
    client.force_login(member)
    page = client.get(f"/chat/{case.conversation_id}/").content.decode()
    assert "You again?" not in page
    assert "This message was removed by a moderator." in page
    since = client.get(f"/chat/{case.conversation_id}/since/").json()["messages"]
    assert [item["body"] for item in since if item["id"] == message.pk] == [""]


def test_hide_refuses_a_message_from_another_conversation(client, coordinator):
    case = reported_case()
    elsewhere = pairing_conversation()
    (foreign,) = messages_posted(elsewhere, elsewhere.pairing.supporter, 1)
    client.force_login(coordinator)

    response = client.post(
        _case_url(case, "hide"), {"confirmed": "yes", "message": foreign.pk}, follow=True
    )

    foreign.refresh_from_db()
    assert foreign.hidden_at is None
    assert not Message.objects.filter(hidden_at__isnull=False).exists()
    assert CaseEvent.Action.HIDDEN not in _events(case)
    assert "That message is not part of this case." in response.content.decode()


def test_hide_with_a_bad_message_id_is_refused_not_a_crash(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)
    client.raise_request_exception = False

    response = client.post(_case_url(case, "hide"), {"confirmed": "yes", "message": "twelve"})

    assert response.status_code in (302, 400)
    assert not Message.objects.filter(hidden_at__isnull=False).exists()


def test_warn_tells_the_person_in_the_app_with_the_note(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    client.post(_case_url(case, "warn"), {"person": case.subject_id, "note": " Be kind, please. "})

    notice = Notification.objects.get(kind=Notification.Kind.MODERATION_WARNING)
    assert (notice.user_id, notice.note, notice.link) == (
        case.subject_id,
        "Be kind, please.",
        f"/chat/{case.conversation_id}/",
    )
    assert CaseEvent.objects.get(case=case, action=CaseEvent.Action.WARNED).note == (
        "Be kind, please."
    )


def test_warn_refuses_someone_outside_the_conversation(client, coordinator):
    case = reported_case()
    stranger = NewcomerFactory()
    client.force_login(coordinator)

    client.post(_case_url(case, "warn"), {"person": stranger.pk, "note": "Hello"})
    client.post(_case_url(case, "warn"), {"person": case.subject_id, "note": ""})

    assert not Notification.objects.filter(kind=Notification.Kind.MODERATION_WARNING).exists()
    assert CaseEvent.Action.WARNED not in _events(case)


def test_suspend_pauses_the_persons_chat(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    client.post(
        _case_url(case, "suspend"),
        {"confirmed": "yes", "person": case.subject_id, "days": 7, "reason": "x"},
    )

    suspension = Suspension.objects.get()
    assert (suspension.user_id, suspension.case, suspension.by) == (
        case.subject_id,
        case,
        coordinator,
    )
    assert suspension.ends_at - suspension.starts_at == timedelta(days=7)
    assert person_is_suspended(user=case.subject)
    notice = Notification.objects.get(kind=Notification.Kind.SUSPENDED)
    assert (notice.user_id, notice.note) == (case.subject_id, "x")
    assert CaseEvent.Action.SUSPENDED in _events(case)


@pytest.mark.parametrize("days", [0, 91, "seven"])
def test_suspend_refuses_a_bad_length(client, coordinator, days):
    case = reported_case()
    client.force_login(coordinator)

    client.post(
        _case_url(case, "suspend"), {"confirmed": "yes", "person": case.subject_id, "days": days}
    )

    assert not Suspension.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.SUSPENDED).exists()


def test_team_reply_posts_as_the_team(client, coordinator):
    case = team_case()
    client.force_login(coordinator)

    client.post(_case_url(case, "reply"), {"body": "  We are here for you.  "})

    reply = Message.objects.get(from_team=True)
    assert (reply.conversation, reply.sender, reply.body) == (
        case.conversation,
        coordinator,
        "We are here for you.",
    )
    assert CaseEvent.Action.REPLIED in _events(case)
    # The person sees it from "the Common Ground team", never the coordinator's name.
    client.force_login(case.subject)
    page = client.get(f"/chat/{case.conversation_id}/").content.decode()
    assert "We are here for you." in page
    assert coordinator.username not in page


def test_team_reply_is_refused_on_a_pairing_case(client, coordinator):
    case = reported_case()
    client.force_login(coordinator)

    client.post(_case_url(case, "reply"), {"body": "Hello"})

    assert not Message.objects.filter(from_team=True).exists()
    assert CaseEvent.Action.REPLIED not in _events(case)


def test_actions_on_a_closed_case_change_nothing(client, coordinator):
    case = reported_case()
    case_close(case=case, coordinator=coordinator, note="")
    client.force_login(coordinator)

    client.post(_case_url(case, "hide"), {"confirmed": "yes", "message": case.message_id})
    client.post(_case_url(case, "warn"), {"person": case.subject_id, "note": "late"})
    client.post(
        _case_url(case, "suspend"), {"confirmed": "yes", "person": case.subject_id, "days": 2}
    )

    assert not Message.objects.filter(hidden_at__isnull=False).exists()
    assert not Suspension.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.MODERATION_WARNING).exists()


# --- The team conversation and its case -------------------------------------------------------


def test_one_open_team_conversation_per_person(client):
    person = NewcomerFactory()
    client.force_login(person)

    first = client.get("/chat/team/")["Location"]
    second = client.get("/chat/team/")["Location"]

    assert first == second
    assert Conversation.objects.filter(kind=Conversation.Kind.TEAM, person=person).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(kind=Conversation.Kind.TEAM, person=person)


def test_a_closed_team_conversation_makes_way_for_a_new_one():
    person = NewcomerFactory()
    old = team_conversation_open(person=person)
    Conversation.objects.filter(pk=old.pk).update(status=Conversation.Status.CLOSED)

    new = team_conversation_open(person=person)

    assert new.pk != old.pk and new.is_open
    assert Member.objects.filter(conversation=new, user=person).exists()


def test_writing_to_the_team_opens_one_team_case():
    case = team_case()
    messages_posted(case.conversation, case.subject, 2)

    cases = Case.objects.filter(conversation=case.conversation)
    assert list(cases.values_list("kind", "status", "subject_id")) == [
        (Case.Kind.TEAM, Case.Status.NEW, case.subject_id)
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(kind=Case.Kind.TEAM, conversation=case.conversation)


def test_after_a_team_case_closes_the_next_message_opens_a_new_one(coordinator):
    case = team_case()
    case_close(case=case, coordinator=coordinator, note="Answered")

    messages_posted(case.conversation, case.subject, 1, "One more thing")

    fresh = Case.objects.get(conversation=case.conversation, status=Case.Status.NEW)
    assert fresh.pk != case.pk and fresh.kind == Case.Kind.TEAM


# --- Safeguarding -----------------------------------------------------------------------------


def _team_messages_of(person) -> list[Message]:
    return list(
        Message.objects.filter(
            conversation__kind=Conversation.Kind.TEAM, conversation__person=person, from_team=True
        )
    )


def test_crisis_message_opens_one_safeguarding_case_and_raises_it_again():
    conversation = pairing_conversation()
    newcomer = conversation.pairing.newcomer

    first = message_post(user=newcomer, conversation_id=conversation.pk, body=CRISIS_TEXT)
    message_post(user=newcomer, conversation_id=conversation.pk, body=CRISIS_TEXT)

    case = Case.objects.get(kind=Case.Kind.SAFEGUARDING)
    assert (case.message, case.subject, case.severity) == (
        first.message,
        newcomer,
        Case.Severity.HIGH,
    )
    assert _events(case) == [
        CaseEvent.Action.OPENED,
        CaseEvent.Action.CHECK_IN,
        CaseEvent.Action.RAISED_AGAIN,
    ]


def test_safeguarding_case_gives_the_supporter_a_check_in(client):
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter

    message_post(user=newcomer, conversation_id=conversation.pk, body=CRISIS_TEXT)

    (check_in,) = _team_messages_of(supporter)
    assert check_in.sender is None
    assert "Hello from the Common Ground team" in check_in.body
    assert CRISIS_TEXT not in check_in.body  # never the newcomer's words
    assert not _team_messages_of(newcomer)
    client.force_login(supporter)
    html = client.get("/chat/").content.decode()
    assert f'href="/chat/{check_in.conversation_id}/"' in html
    assert unread_message_count(user=supporter) == 2  # the newcomer's message and the check-in


def test_supporter_check_in_is_in_the_supporters_stored_language(monkeypatch):
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    supporter.language = "ar"
    supporter.save(update_fields=["language"])
    # Shows which language the text was looked up in, whether or not the catalog has it yet.
    monkeypatch.setattr(
        "chat.services.moderation._", lambda text: f"[{translation.get_language()}] {text}"
    )

    with translation.override("en"):
        message_post(user=newcomer, conversation_id=conversation.pk, body=CRISIS_TEXT)

    (check_in,) = _team_messages_of(supporter)
    assert check_in.body.startswith("[ar] ")


def test_supporter_check_in_text_is_the_arabic_catalogs():
    from django.utils.translation import gettext

    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    supporter.language = "ar"
    supporter.save(update_fields=["language"])

    message_post(user=newcomer, conversation_id=conversation.pk, body=CRISIS_TEXT)

    (check_in,) = _team_messages_of(supporter)
    english = (
        "Hello from the Common Ground team. Someone you support may be going through a "
        "very hard time, and we are looking after it. How are you? If you would like to "
        "talk it through (a debrief), just reply here. You are not alone with this."
    )
    with translation.override("ar"):
        assert check_in.body == gettext(english)


def test_supporter_in_crisis_is_not_told_someone_they_support_is():
    conversation = pairing_conversation()
    supporter = conversation.pairing.supporter

    message_post(user=supporter, conversation_id=conversation.pk, body=CRISIS_TEXT)

    assert Case.objects.get(kind=Case.Kind.SAFEGUARDING).subject == supporter
    assert not [m for m in _team_messages_of(supporter) if "Someone you support" in m.body]


def test_crisis_in_the_team_conversation_opens_a_safeguarding_case_without_check_in():
    person = NewcomerFactory()
    team = team_conversation_open(person=person)

    message_post(user=person, conversation_id=team.pk, body=CRISIS_TEXT)

    kinds = sorted(Case.objects.filter(conversation=team).values_list("kind", flat=True))
    assert kinds == [Case.Kind.SAFEGUARDING, Case.Kind.TEAM]
    assert not _team_messages_of(person)


@pytest.mark.parametrize(
    ("action", "data"),
    [("hide", {"message": 0}), ("suspend", {"days": 3}), ("close", {"note": "done"})],
)
def test_destructive_case_actions_ask_first_and_change_nothing(client, coordinator, action, data):
    case = reported_case(pairing_conversation())
    client.force_login(coordinator)
    data = {**data, "person": case.subject_id} if action == "suspend" else data
    if action == "hide":
        data = {"message": case.message_id}
    before = (
        list(Message.objects.values_list("pk", "hidden_at")),
        Suspension.objects.count(),
        Case.objects.get(pk=case.pk).status,
    )

    response = client.post(_case_url(case, action), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Are you sure?" in html
    assert 'name="confirmed" value="yes"' in html
    assert (
        list(Message.objects.values_list("pk", "hidden_at")),
        Suspension.objects.count(),
        Case.objects.get(pk=case.pk).status,
    ) == before
