"""The audit log: every coordinator action writes its line, never private content."""

import pytest

from activities.models import Organisation
from activities.services.organisations import organisation_refuse, organisation_verify
from chat.services import (
    case_acknowledge,
    case_close,
    case_messages_open,
    message_hide,
    person_suspend,
    person_warn,
    team_reply,
)
from peers.models import AuditEvent
from peers.services import supporter_reject, supporter_verify
from peers.services.pairing import support_request_create
from peers.services.recovery import password_reset_link_create
from tests.activities.factories import OrganisationFactory, organiser_of
from tests.chat.factories import reported_case, team_case
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    applied_supporter,
    newcomer_ready,
)

pytestmark = pytest.mark.django_db

PAGE, CSV_URL = "/coordinator/audit/", "/coordinator/audit.csv"
Action = AuditEvent.Action
SECRET = "Selam's secret words 7Q"  # private text no audit line may carry


def _new_lines(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk")[before:])


# --- Every coordinator action writes its line ------------------------------------------------


def _acknowledge(coordinator):
    case = reported_case()
    return lambda: case_acknowledge(case=case, coordinator=coordinator), {
        "action": Action.CASE_ACKNOWLEDGED,
        "subject": case.subject,
        "target": f"case {case.pk}",
    }


def _read(coordinator):
    case = reported_case()
    return lambda: case_messages_open(case=case, coordinator=coordinator), {
        "action": Action.CONVERSATION_READ,
        "subject": case.subject,
        "target": f"case {case.pk}",
        "detail": "1 messages",
        "secret": case.message.body,
    }


def _hide(coordinator):
    case = reported_case()
    message = case.message
    return lambda: message_hide(case=case, coordinator=coordinator, message_id=message.pk), {
        "action": Action.MESSAGE_HIDDEN,
        "subject": message.sender,
        "target": f"case {case.pk}",
        "detail": f"message {message.pk}",
        "secret": message.body,
    }


def _warn(coordinator):
    case = reported_case()
    person = case.subject
    return lambda: person_warn(
        case=case, coordinator=coordinator, user_id=person.pk, note=SECRET
    ), {
        "action": Action.PERSON_WARNED,
        "subject": person,
        "target": f"case {case.pk}",
    }


def _suspend(coordinator):
    case = reported_case()
    person = case.subject
    return lambda: person_suspend(
        case=case, coordinator=coordinator, user_id=person.pk, days=3, reason=SECRET
    ), {
        "action": Action.PERSON_SUSPENDED,
        "subject": person,
        "target": f"case {case.pk}",
        "detail": "3 days",
    }


def _reply(coordinator):
    case = team_case(text="I cannot sleep since the letter came")
    return lambda: team_reply(case=case, coordinator=coordinator, body=SECRET), {
        "action": Action.TEAM_REPLIED,
        "subject": case.conversation.person,
        "target": f"case {case.pk}",
        "secret": "I cannot sleep",
    }


def _close(coordinator):
    case = reported_case()
    return lambda: case_close(case=case, coordinator=coordinator, note=SECRET), {
        "action": Action.CASE_CLOSED,
        "subject": case.subject,
        "target": f"case {case.pk}",
    }


def _verify_supporter(coordinator):
    profile = applied_supporter()
    return lambda: supporter_verify(profile=profile, coordinator=coordinator, note=SECRET), {
        "action": Action.SUPPORTER_VERIFIED,
        "subject": profile.user,
        "target": f"supporter application {profile.pk}",
    }


def _reject_supporter(coordinator):
    profile = applied_supporter()
    return lambda: supporter_reject(profile=profile, coordinator=coordinator, note=SECRET), {
        "action": Action.SUPPORTER_REJECTED,
        "subject": profile.user,
        "target": f"supporter application {profile.pk}",
    }


def _verify_group(coordinator):
    group = OrganisationFactory(status=Organisation.Status.PENDING)
    organiser_of(group)
    return lambda: organisation_verify(organisation=group, coordinator=coordinator), {
        "action": Action.ORGANISATION_VERIFIED,
        "subject": None,
        "target": f"group {group.pk}",
    }


def _refuse_group(coordinator):
    group = OrganisationFactory(status=Organisation.Status.PENDING)
    organiser_of(group)
    return lambda: organisation_refuse(organisation=group, coordinator=coordinator, note=SECRET), {
        "action": Action.ORGANISATION_REFUSED,
        "subject": None,
        "target": f"group {group.pk}",
    }


def _reset_link(coordinator):
    person = NewcomerFactory(username="selam")
    made = {}

    def make():
        made["link"] = password_reset_link_create(
            coordinator=coordinator, username="selam", note=SECRET
        ).link

    return make, {
        "action": Action.RESET_LINK_MADE,
        "subject": person,
        "target": lambda: f"reset link {made['link'].pk}",
        "detail": "valid 72 hours",
    }


def _client_for(coordinator):
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    return client


def _matching_request_page(coordinator):
    newcomer = newcomer_ready()
    request = support_request_create(newcomer=newcomer)
    client = _client_for(coordinator)
    return lambda: client.get(f"/coordinator/matching/requests/{request.pk}/"), {
        "action": Action.PRIVATE_READ,
        "subject": newcomer,
        "target": f"matching request {request.pk}",
    }


def _supporter_review_page(coordinator):
    profile = applied_supporter()
    client = _client_for(coordinator)
    return lambda: client.get(f"/coordinator/supporters/{profile.pk}/"), {
        "action": Action.PRIVATE_READ,
        "subject": profile.user,
        "target": "supporter_verification",
    }


WIRED = {
    "case acknowledged": _acknowledge,
    "conversation read through a case": _read,
    "message hidden": _hide,
    "person warned": _warn,
    "person suspended": _suspend,
    "team replied": _reply,
    "case closed": _close,
    "supporter verified": _verify_supporter,
    "supporter rejected": _reject_supporter,
    "group verified": _verify_group,
    "group refused": _refuse_group,
    "reset link made": _reset_link,
    "matching request opened": _matching_request_page,
    "supporter application opened": _supporter_review_page,
}


@pytest.mark.parametrize("setup", WIRED.values(), ids=WIRED.keys())
def test_each_coordinator_action_writes_one_audit_line(setup, settings):
    settings.PASSWORD_RESET_LINK_HOURS = 72
    coordinator = CoordinatorFactory(username="priya")
    act, expected = setup(coordinator)
    before = AuditEvent.objects.count()

    response = act()

    if hasattr(response, "status_code"):
        assert response.status_code == 200
    (line,) = _new_lines(before)
    target = expected["target"]
    assert line.action == expected["action"]
    assert (line.actor, line.actor_label) == (coordinator, "priya")
    assert line.subject == expected["subject"]
    assert line.target == (target() if callable(target) else target)
    assert line.detail == expected.get("detail", "")
    for private in (SECRET, expected.get("secret", SECRET)):
        assert private not in f"{line.target} {line.detail} {line.subject_label}"


def test_a_step_that_changes_nothing_writes_no_line(coordinator):
    case = reported_case()
    case_acknowledge(case=case, coordinator=coordinator)
    message_hide(case=case, coordinator=coordinator, message_id=case.message.pk)
    before = AuditEvent.objects.count()

    case_acknowledge(case=case, coordinator=coordinator)  # already acknowledged
    message_hide(case=case, coordinator=coordinator, message_id=case.message.pk)  # already hidden

    assert AuditEvent.objects.count() == before


def test_a_refused_action_writes_no_line(coordinator):
    profile = applied_supporter()
    before = AuditEvent.objects.count()

    with pytest.raises(Exception, match="reason"):
        supporter_reject(profile=profile, coordinator=coordinator, note="  ")

    assert AuditEvent.objects.count() == before
