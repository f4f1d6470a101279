"""The audit log: every coordinator action writes its line (never private content), the page
and its CSV filter by who, about whom, what and when (days in London time), only coordinators
with two-factor login can read it, reading and exporting it are lines too, and the migration
fills it from what was already on record."""

import csv
import importlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
from peers.models import AuditEvent, User
from peers.services import supporter_reject, supporter_verify
from peers.services.pairing import support_request_create
from peers.services.recovery import password_reset_link_create
from tests.activities.factories import OrganisationFactory, organiser_of
from tests.chat.factories import reported_case, team_case
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    UserFactory,
    applied_supporter,
    newcomer_ready,
)
from tests.test_pages import check_page

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


# --- The page and its filters ----------------------------------------------------------------


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def log(db):
    """A known log: two coordinators, two people, a coordinator and a person whose accounts
    are gone, and moments either side of midnight in London in summer (BST) and winter."""
    priya = CoordinatorFactory(username="priya")
    omar = CoordinatorFactory(username="omar")
    selam = NewcomerFactory(username="selam")
    hanna = SupporterFactory(username="hanna")
    rows = [
        # 00:30 BST on 1 July: the 1st in London, the 30th of June in UTC.
        (priya, "", selam, "", Action.CASE_CLOSED, "case 1", "2026-06-30T23:30:00"),
        # 23:59 BST on 1 July.
        (priya, "", hanna, "", Action.SUPPORTER_VERIFIED, "supporter 2", "2026-07-01T22:59:00"),
        # 00:00 BST on 2 July.
        (omar, "", selam, "", Action.CONVERSATION_READ, "case 3", "2026-07-01T23:00:00"),
        # Winter: London is on UTC. 00:00 on 15 January.
        (omar, "", None, "", Action.ORGANISATION_VERIFIED, "group 4", "2026-01-15T00:00:00"),
        (
            None,
            "gonecoord",
            None,
            "person 7f3a",
            Action.PRIVATE_READ,
            "case 5",
            "2026-07-03T12:00:00",
        ),
    ]
    for actor, actor_label, subject, subject_label, action, target, at in rows:
        AuditEvent.objects.create(
            actor=actor,
            actor_label=actor_label or actor.username,
            subject=subject,
            subject_label=subject_label,
            action=action,
            target=target,
            at=_at(at),
        )
    return {"priya": priya, "omar": omar, "selam": selam}


def _shown(response) -> list[str]:
    return [line.target for line in response.context["lines"]]


FILTERS = [
    ({}, ["case 5", "case 3", "supporter 2", "case 1", "group 4"]),
    ({"date_from": "2026-07-01", "date_to": "2026-07-01"}, ["supporter 2", "case 1"]),
    ({"date_from": "2026-07-02", "date_to": "2026-07-02"}, ["case 3"]),
    ({"date_to": "2026-06-30"}, ["group 4"]),
    ({"date_from": "2026-01-15", "date_to": "2026-01-15"}, ["group 4"]),
    ({"date_to": "2026-01-14"}, []),
    ({"coordinator": "priya"}, ["supporter 2", "case 1"]),
    ({"coordinator": "PRIYA"}, ["supporter 2", "case 1"]),
    ({"person": "selam"}, ["case 3", "case 1"]),
    ({"coordinator": "omar", "person": "selam"}, ["case 3"]),
    ({"action": "case_closed"}, ["case 1"]),
    ({"coordinator": "gonecoord"}, ["case 5"]),
    ({"person": "person 7f3a"}, ["case 5"]),
    ({"person": "hanna", "action": "case_closed"}, []),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_the_filters_choose_the_lines(client, log, query, expected):
    client.force_login(log["priya"])

    response = client.get(PAGE, {"date_to": "2026-12-31", **query})

    assert response.status_code == 200
    assert _shown(response) == expected


BAD_FILTERS = [
    ({"coordinator": "nobody-here"}, "coordinator", "no account or audit line"),
    ({"person": "nobody-here"}, "person", "no account or audit line"),
    ({"date_from": "2026-07-02", "date_to": "2026-07-01"}, "date_to", "before the “From” date"),
    ({"date_from": "2026-13-01"}, "date_from", "valid date"),
    ({"action": "made_up"}, "action", "valid choice"),
]


@pytest.mark.parametrize(("query", "field", "message"), BAD_FILTERS)
def test_bad_filters_are_explained_and_show_no_lines(client, log, query, field, message):
    client.force_login(log["priya"])
    before = AuditEvent.objects.count()

    response = client.get(PAGE, query)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["lines"] == []
    html = response.content.decode()
    assert "no lines are shown" in html
    assert "case 1" not in html
    assert AuditEvent.objects.count() == before, "nothing was read, so nothing is recorded"


def test_each_line_says_when_who_what_about_whom_and_which(client, log):
    client.force_login(log["omar"])

    page = client.get(PAGE, {"date_from": "2026-07-01", "date_to": "2026-07-01"}).content.decode()
    html = page.split('<ol class="cases">')[1]

    # 00:30 in London, in the site's date format; the action's label, not its code.
    assert "1 Jul 2026, 00:30" in html
    assert "Closed a case" in html and "case_closed" not in html
    assert "<bdi>priya</bdi>" in html
    assert "about <bdi>selam</bdi>" in html
    assert "Verified a supporter" in html and "about <bdi>hanna</bdi>" in html


def test_a_deleted_persons_line_shows_their_pseudonym(client, log):
    client.force_login(log["omar"])

    html = client.get(PAGE, {"person": "person 7f3a"}).content.decode()

    assert "about <bdi>person 7f3a</bdi>" in html and "<bdi>gonecoord</bdi>" in html


def test_reading_the_log_is_itself_a_line(client, log):
    client.force_login(log["omar"])
    before = AuditEvent.objects.count()

    response = client.get(PAGE, {"person": "selam", "date_from": "2026-07-01"})

    assert "case 3" in _shown(response)
    (line,) = _new_lines(before)
    assert line.action == Action.AUDIT_READ
    assert (line.actor, line.subject, line.target) == (log["omar"], log["selam"], "audit log")
    assert line.detail == "person=selam; from=2026-07-01; page 1"
    # The next reader sees that read.
    again = client.get(PAGE, {"action": "audit_read"})
    assert [entry.pk for entry in again.context["lines"]] == [line.pk]


def _many(count: int, coordinator: User, person: User) -> None:
    start = timezone.now() - timedelta(days=30)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=coordinator,
            actor_label=coordinator.username,
            subject=person,
            action=Action.CASE_ACKNOWLEDGED,
            target=f"case {n}",
            detail=f"line {n}",
            at=start + timedelta(minutes=n),
        )
        for n in range(count)
    )


def test_the_log_is_paginated_newest_first(client, coordinator, newcomer):
    _many(120, coordinator, newcomer)
    client.force_login(coordinator)

    first = client.get(PAGE, {"action": "case_acknowledged"})
    third = client.get(PAGE, {"action": "case_acknowledged", "page": 3})

    assert _shown(first) == [f"case {n}" for n in range(119, 69, -1)]
    assert _shown(third) == [f"case {n}" for n in range(19, -1, -1)]
    html = first.content.decode()
    assert "Page 1 of 3" in html
    assert 'href="?action=case_acknowledged&amp;page=2#lines"' in html


def _queries(client, url: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, query).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", [{}, {"coordinator": "priya", "person": "selam"}])
def test_the_page_reads_a_fixed_number_of_queries(
    client, log, django_assert_max_num_queries, query
):
    client.force_login(log["priya"])
    few = _queries(client, PAGE, query)
    _many(200, log["priya"], log["selam"])

    with django_assert_max_num_queries(12):
        response = client.get(PAGE, query)

    assert len(response.context["lines"]) == 50
    assert _queries(client, PAGE, query) == few


def test_a_full_page_keeps_to_the_page_rules(client, coordinator):
    person = NewcomerFactory(username="a-rather-long-username-for-a-person-" + "x" * 100)
    _many(60, coordinator, person)
    AuditEvent.objects.update(detail="d" * 300, target="t" * 80)
    client.force_login(coordinator)

    check_page(client, PAGE, private=True)


# --- The CSV export --------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_has_the_filtered_lines_and_records_the_export(client, log):
    client.force_login(log["omar"])
    before = AuditEvent.objects.count()

    response = client.get(CSV_URL, {"person": "selam", "date_to": "2026-12-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert _csv_rows(response) == [
        ["when", "actor", "action", "subject", "target", "detail"],
        [
            "2026-07-02T00:00:00+01:00",
            "omar",
            "Read a conversation through a case",
            "selam",
            "case 3",
            "",
        ],
        ["2026-07-01T00:30:00+01:00", "priya", "Closed a case", "selam", "case 1", ""],
    ]
    (line,) = _new_lines(before)
    assert (line.action, line.actor, line.subject) == (
        Action.AUDIT_EXPORTED,
        log["omar"],
        log["selam"],
    )
    assert line.detail == "person=selam; to=2026-12-31; 2 lines"


def test_the_csv_leaves_out_its_own_export_line_but_shows_earlier_ones(client, log):
    client.force_login(log["omar"])
    client.get(CSV_URL, {"action": "audit_exported"})

    rows = _csv_rows(client.get(CSV_URL, {"action": "audit_exported"}))

    assert len(rows) == 2 and rows[1][2] == "Exported the audit log"


def test_the_csv_never_hands_a_spreadsheet_a_formula(client, coordinator):
    AuditEvent.objects.create(
        actor=None, actor_label="=cmd", action=Action.PRIVATE_READ, target="+1", detail="@SUM(A1)"
    )
    client.force_login(coordinator)

    rows = _csv_rows(client.get(CSV_URL, {"action": "private_read"}))

    assert rows[1][1:] == ["'=cmd", "Opened a person's private information", "", "'+1", "'@SUM(A1)"]


def test_the_csv_with_bad_filters_goes_back_to_the_form_and_records_nothing(client, log):
    client.force_login(log["priya"])
    before = AuditEvent.objects.count()

    response = client.get(CSV_URL, {"coordinator": "nobody-here"}, follow=True)

    assert response.redirect_chain == [(f"{PAGE}?coordinator=nobody-here", 302)]
    assert "No file was made" in response.content.decode()
    assert "no account or audit line" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.AUDIT_EXPORTED).count() == 0
    # Showing the form again with its errors reads no lines either.
    assert AuditEvent.objects.count() == before


def test_a_csv_too_long_for_one_file_asks_for_shorter_dates(client, coordinator, monkeypatch):
    from peers.views import audit

    monkeypatch.setattr(audit, "CSV_MAX_ROWS", 3)
    _many(5, coordinator, coordinator)
    client.force_login(coordinator)

    response = client.get(CSV_URL, follow=True)

    assert "more than 3 for one file" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.AUDIT_EXPORTED).exists()


def test_the_csv_reads_a_fixed_number_of_queries(client, log):
    client.force_login(log["priya"])
    few = _queries(client, CSV_URL, {})
    _many(300, log["priya"], log["selam"])

    with CaptureQueriesContext(connection) as context:
        response = client.get(CSV_URL)
        rows = _csv_rows(response)

    assert len(rows) == 1 + 5 + 300 + 1  # the header, the log, the many, the first export
    assert len(context.captured_queries) <= few + 1


# --- Who may read it -------------------------------------------------------------------------

LOGIN, MFA, FORBIDDEN, OK = "login", "mfa", 403, 200
WHO = {
    "visitor": (None, LOGIN),
    "newcomer": (lambda: NewcomerFactory(), FORBIDDEN),
    "supporter": (lambda: SupporterFactory(), FORBIDDEN),
    "organiser": (lambda: organiser_of(OrganisationFactory()), FORBIDDEN),
    "newcomer and supporter": (lambda: UserFactory(is_newcomer=True, is_supporter=True), FORBIDDEN),
    "coordinator without two-factor": (lambda: CoordinatorFactory(with_totp=False), MFA),
    "supporter and coordinator without two-factor": (
        lambda: CoordinatorFactory(with_totp=False, is_supporter=True, is_newcomer=True),
        MFA,
    ),
    "coordinator": (lambda: CoordinatorFactory(), OK),
    "supporter and coordinator": (lambda: CoordinatorFactory(is_supporter=True), OK),
}


@pytest.mark.parametrize("url", [PAGE, CSV_URL])
@pytest.mark.parametrize("who", WHO.keys())
def test_only_coordinators_with_two_factor_read_the_log(client, log, url, who):
    make, expected = WHO[who]
    if make is not None:
        client.force_login(make())
    before = AuditEvent.objects.count()

    response = client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == expected
    if expected != OK:
        assert AuditEvent.objects.count() == before, "a refused reader reads nothing"
        assert b"case 1" not in (
            b"".join(response.streaming_content) if response.streaming else response.content
        )


def test_the_two_factor_check_stands_on_its_own(rf, monkeypatch):
    """Even if the role check let a coordinator without a second factor through (for a page
    open to several roles), the audit log's own check sends them to set one up."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from peers.views import audit

    person = CoordinatorFactory(with_totp=False, is_supporter=True)
    request = rf.get(PAGE)
    request.user = person
    request.session = {}
    request._messages = FallbackStorage(request)
    guarded = audit.two_factor_required(lambda request: pytest.fail("the log opened"))

    response = guarded(request)

    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_selector_refuses_anyone_without_two_factor():
    from django.core.exceptions import PermissionDenied

    from peers.selectors.audit import AuditFilters, audit_events_for_coordinator

    for person in (CoordinatorFactory(with_totp=False, is_supporter=True), SupporterFactory()):
        with pytest.raises(PermissionDenied):
            audit_events_for_coordinator(user=person, filters=AuditFilters())


def test_the_coordinator_home_links_to_the_log(client, coordinator):
    client.force_login(coordinator)

    assert f'href="{PAGE}"' in client.get("/coordinator/").content.decode()


# --- Filling the log from what was already on record -----------------------------------------


def _backfill() -> None:
    migration = importlib.import_module("peers.migrations.0013_audit_backfill")
    migration.audit_backfill(django_apps, None)


def _key(line: AuditEvent) -> tuple:
    return (line.action, line.actor_id, line.subject_id, line.target, line.detail)


def test_the_backfill_writes_the_lines_the_services_would_have(settings):
    settings.PASSWORD_RESET_LINK_HOURS = 72
    coordinator = CoordinatorFactory(username="priya")
    steps = [
        _acknowledge,
        _read,
        _hide,
        _warn,
        _suspend,
        _reply,
        _close,
        _verify_supporter,
        _reject_supporter,
        _verify_group,
        _refuse_group,
        _reset_link,
        _supporter_review_page,
    ]
    for setup in steps:
        act, _expected = setup(coordinator)
        act()
    written = sorted(_key(line) for line in AuditEvent.objects.all())
    assert {line[0] for line in written} >= {
        Action.CASE_ACKNOWLEDGED,
        Action.CONVERSATION_READ,
        Action.MESSAGE_HIDDEN,
        Action.PERSON_WARNED,
        Action.PERSON_SUSPENDED,
        Action.TEAM_REPLIED,
        Action.CASE_CLOSED,
        Action.SUPPORTER_VERIFIED,
        Action.SUPPORTER_REJECTED,
        Action.ORGANISATION_VERIFIED,
        Action.ORGANISATION_REFUSED,
        Action.RESET_LINK_MADE,
        Action.PRIVATE_READ,
    }
    AuditEvent.objects.all().delete()  # as before the audit log existed

    _backfill()

    filled = sorted(_key(line) for line in AuditEvent.objects.all())
    rejected = [line for line in filled if line[0] == Action.SUPPORTER_REJECTED]
    assert [line[4] for line in rejected] == ["time of the application's last change"]
    assert [line[:4] for line in filled] == [line[:4] for line in written]
    assert [line for line in filled if line[0] != Action.SUPPORTER_REJECTED] == [
        line for line in written if line[0] != Action.SUPPORTER_REJECTED
    ]
    assert all(line.actor_label == "priya" for line in AuditEvent.objects.all())
    everything = " ".join(f"{line.target} {line.detail}" for line in AuditEvent.objects.all())
    assert SECRET not in everything and "You again?" not in everything


def test_the_backfill_adds_nothing_twice():
    coordinator = CoordinatorFactory()
    for setup in (_read, _hide, _verify_supporter, _verify_group):
        act, _expected = setup(coordinator)
        act()
    written = AuditEvent.objects.count()

    _backfill()  # the services already wrote these lines
    _backfill()

    assert AuditEvent.objects.count() == written


def test_the_backfill_keeps_an_earlier_check_of_a_changed_training_record():
    import datetime as dt

    from peers.services import supporter_training_update

    coordinator = CoordinatorFactory()
    profile = applied_supporter()
    supporter_verify(profile=profile, coordinator=coordinator)
    supporter_training_update(
        user=profile.user,
        course="Peer support level 3",
        completed_on=dt.date(2025, 9, 1),
        dbs_checked_on=None,
        dbs_expires_on=None,
    )
    AuditEvent.objects.all().delete()

    _backfill()

    (line,) = AuditEvent.objects.all()
    assert (line.action, line.actor, line.subject) == (
        Action.SUPPORTER_VERIFIED,
        None,
        profile.user,
    )
