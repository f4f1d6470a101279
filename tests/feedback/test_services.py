"""Feedback services: references and secrets, the same form sent twice, the complaint's
lifecycle (new → acknowledged → resolved) with its notice and audit line, refusals, and
"You said, we did"."""

import datetime
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from feedback.models import Feedback, PublishedChange
from feedback.services import (
    FeedbackNotFound,
    feedback_acknowledge,
    feedback_follow,
    feedback_resolve,
    published_change_withdraw,
)
from feedback.services.feedback import (
    ALPHABET,
    reference_for,
    reference_normalise,
    secret_for,
    secret_normalise,
)
from peers.models import AuditEvent, Notification
from tests.feedback.factories import change_published, complaint_given, feedback_given
from tests.peers.factories import CoordinatorFactory, NewcomerFactory, SupporterFactory

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^CG-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$")
SECRET = re.compile(
    r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}( [23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}){3}$"
)


def test_alphabet_has_no_letters_people_confuse():
    assert not set("0O1I") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 32


def test_feedback_create_gives_a_short_reference_and_an_anonymous_one_a_secret():
    named = feedback_given(user=NewcomerFactory())
    anonymous = complaint_given(user=NewcomerFactory(), anonymous=True)

    assert REFERENCE.match(named.feedback.reference)
    assert named.secret == "" and named.feedback.secret_hash == ""
    assert REFERENCE.match(anonymous.feedback.reference)
    assert SECRET.match(anonymous.secret), anonymous.secret
    stored = Feedback.objects.get(pk=anonymous.feedback.pk)
    assert anonymous.secret.replace(" ", "") not in stored.secret_hash
    assert stored.secret_hash and "$" in stored.secret_hash


def test_references_differ_from_one_form_to_the_next():
    references = {feedback_given().feedback.reference for _ in range(20)}

    assert len(references) == 20


def test_feedback_create_takes_the_next_reference_when_one_is_taken():
    token = "a-form-token"
    taken = feedback_given(text="Someone else's", token="another").feedback
    Feedback.objects.filter(pk=taken.pk).update(reference=reference_for(token, 0))

    created = feedback_given(text="Mine", token=token, anonymous=True)

    assert created.feedback.reference == reference_for(token, 1)
    assert created.secret.replace(" ", "") == secret_for(token, 1)
    assert Feedback.objects.count() == 2


def test_the_same_form_sent_twice_is_stored_once_and_answered_alike():
    first = complaint_given(token="one-form", anonymous=True)
    again = complaint_given(token="one-form", anonymous=True)

    assert Feedback.objects.count() == 1
    assert again.repeated and not first.repeated
    assert (again.feedback.pk, again.feedback.reference, again.secret) == (
        first.feedback.pk,
        first.feedback.reference,
        first.secret,
    )


def test_a_new_text_from_an_old_form_is_new_feedback():
    first = complaint_given(token="one-form", anonymous=True)
    second = complaint_given(token="one-form", anonymous=True, text="Something else happened.")

    assert Feedback.objects.count() == 2
    assert second.feedback.reference != first.feedback.reference
    assert second.secret != first.secret


def test_named_feedback_sent_twice_by_the_same_person_is_stored_once():
    person = NewcomerFactory()
    feedback_given(user=person, token="form")
    feedback_given(user=person, token="form")

    assert Feedback.objects.filter(user=person).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": Feedback.Kind.COMPLAINT, "text": "   "}, "text"),
        ({"score": None, "text": ""}, None),
        ({"score": 7}, "score"),
        ({"text": "x" * 2001}, "text"),
        ({"kind": "praise"}, "kind"),
        ({"about": "the weather"}, "about"),
    ],
)
def test_feedback_create_refuses_bad_input_and_stores_nothing(changes, field):
    with pytest.raises(ValidationError) as refused:
        feedback_given(**changes)

    assert Feedback.objects.count() == 0
    if field:
        assert field in refused.value.message_dict


def test_anonymous_feedback_keeps_only_the_day():
    created = complaint_given(user=NewcomerFactory(), anonymous=True).feedback

    stored = Feedback.objects.get(pk=created.pk)
    assert stored.user_id is None and stored.anonymous
    assert (stored.created_at.hour, stored.created_at.minute, stored.created_at.second) == (0, 0, 0)
    assert stored.created_at.microsecond == 0
    assert stored.created_at.date() == timezone.now().astimezone(datetime.UTC).date()


def test_a_visitors_feedback_is_anonymous_whatever_it_asks():
    created = feedback_given(user=None, anonymous=False)

    assert created.feedback.anonymous and created.feedback.user_id is None and created.secret


def test_activity_is_kept_only_when_it_is_what_the_feedback_is_about():
    from tests.activities.factories import ActivityFactory

    activity = ActivityFactory()
    about_it = feedback_given(about=Feedback.About.ACTIVITY, activity=activity).feedback
    about_chat = feedback_given(about=Feedback.About.CHAT, activity=activity).feedback

    assert about_it.activity == activity
    assert about_chat.activity is None


# --- Following --------------------------------------------------------------------------------


def test_feedback_follow_finds_it_by_reference_and_secret_however_typed():
    created = complaint_given(anonymous=True)
    reference = created.feedback.reference

    for typed_reference, typed_secret in [
        (reference, created.secret),
        (reference.lower().replace("-", " "), created.secret.lower().replace(" ", "-")),
        (reference.removeprefix("CG-"), created.secret.replace(" ", "")),
    ]:
        assert feedback_follow(reference=typed_reference, secret=typed_secret) == created.feedback


def test_reference_and_secret_take_digits_typed_in_persian_or_arabic():
    assert reference_normalise("cg-۷k۳p۹q") == "CG-7K3P9Q"
    assert secret_normalise("ab٢d ef") == "AB2DEF"


@pytest.mark.parametrize("wrong", ["secret", "reference", "named"])
def test_feedback_follow_refuses_alike_whatever_was_wrong(wrong):
    created = complaint_given(anonymous=True)
    named = complaint_given(user=NewcomerFactory())
    reference, secret = created.feedback.reference, created.secret
    if wrong == "secret":
        secret = "AAAA BBBB CCCC DDDD"
    elif wrong == "reference":
        reference = "CG-222222"
    else:
        reference, secret = named.feedback.reference, ""

    with pytest.raises(FeedbackNotFound):
        feedback_follow(reference=reference, secret=secret)


# --- The complaint's lifecycle ----------------------------------------------------------------


def test_complaint_lifecycle_new_acknowledged_resolved_tells_the_named_person():
    person = NewcomerFactory(language="ar")
    coordinator = CoordinatorFactory()
    complaint = complaint_given(user=person, language="ar").feedback
    assert complaint.status == Feedback.Status.NEW

    acknowledged = feedback_acknowledge(feedback=complaint, coordinator=coordinator)
    assert acknowledged.status == Feedback.Status.ACKNOWLEDGED
    assert acknowledged.acknowledged_at is not None
    assert not Notification.objects.filter(user=person).exists()

    resolved = feedback_resolve(
        feedback=complaint, coordinator=coordinator, response="  We spoke to the group.  "
    )

    stored = Feedback.objects.get(pk=complaint.pk)
    assert (stored.status, stored.response, stored.responded_by) == (
        Feedback.Status.RESOLVED,
        "We spoke to the group.",
        coordinator,
    )
    assert stored.responded_at is not None and resolved.pk == stored.pk
    notice = Notification.objects.get(user=person)
    assert notice.kind == Notification.Kind.FEEDBACK_ANSWERED
    assert notice.link == f"/feedback/mine/{complaint.reference}/"
    assert "We spoke" not in notice.note
    audit = AuditEvent.objects.get(action=AuditEvent.Action.FEEDBACK_ANSWERED)
    assert (audit.actor, audit.subject, audit.target) == (
        coordinator,
        person,
        f"feedback {complaint.reference}",
    )
    assert "We spoke" not in audit.detail


def test_resolving_anonymous_feedback_tells_nobody_and_names_nobody_on_the_audit_log():
    created = complaint_given(user=NewcomerFactory(), anonymous=True)
    coordinator = CoordinatorFactory()

    feedback_resolve(feedback=created.feedback, coordinator=coordinator, response="Thank you.")

    assert not Notification.objects.exists()
    audit = AuditEvent.objects.get(action=AuditEvent.Action.FEEDBACK_ANSWERED)
    assert audit.subject is None and audit.target == f"feedback {created.feedback.reference}"
    found = feedback_follow(reference=created.feedback.reference, secret=created.secret)
    assert (found.status, found.response) == (Feedback.Status.RESOLVED, "Thank you.")


def test_resolving_twice_is_refused_and_changes_nothing():
    complaint = complaint_given(user=NewcomerFactory()).feedback
    coordinator = CoordinatorFactory()
    feedback_resolve(feedback=complaint, coordinator=coordinator, response="First answer")

    with pytest.raises(ValidationError, match="already been answered"):
        feedback_resolve(feedback=complaint, coordinator=CoordinatorFactory(), response="Second")
    with pytest.raises(ValidationError, match="already been answered"):
        feedback_acknowledge(feedback=complaint, coordinator=coordinator)

    stored = Feedback.objects.get(pk=complaint.pk)
    assert (stored.response, stored.responded_by) == ("First answer", coordinator)
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.FEEDBACK_ANSWERED).count() == 1


@pytest.mark.parametrize("response", ["", "   ", "x" * 2001])
def test_resolving_needs_a_written_answer(response):
    complaint = complaint_given().feedback

    with pytest.raises(ValidationError):
        feedback_resolve(feedback=complaint, coordinator=CoordinatorFactory(), response=response)

    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.NEW


@pytest.mark.parametrize(
    "who", [NewcomerFactory, SupporterFactory, lambda: CoordinatorFactory(with_totp=False)]
)
def test_only_coordinators_with_two_factor_triage(who):
    complaint = complaint_given().feedback
    person = who()

    with pytest.raises(PermissionDenied):
        feedback_acknowledge(feedback=complaint, coordinator=person)
    with pytest.raises(PermissionDenied):
        feedback_resolve(feedback=complaint, coordinator=person, response="Hello")

    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.NEW


# --- You said, we did -------------------------------------------------------------------------


def test_published_change_withdraw_once():
    change = change_published()
    coordinator = CoordinatorFactory()

    published_change_withdraw(change=change, coordinator=coordinator)
    with pytest.raises(ValidationError):
        published_change_withdraw(change=change, coordinator=coordinator)

    assert PublishedChange.objects.get(pk=change.pk).withdrawn_at is not None


@pytest.mark.parametrize(
    ("you_said", "we_did"), [("", "We did"), ("You said", " "), ("x" * 601, "ok")]
)
def test_published_change_create_refuses_empty_or_too_long(you_said, we_did):
    with pytest.raises(ValidationError):
        change_published(you_said=you_said, we_did=we_did)

    assert not PublishedChange.objects.exists()


def test_published_change_needs_a_coordinator_with_two_factor():
    with pytest.raises(PermissionDenied):
        change_published(coordinator=NewcomerFactory())


# --- At the same moment (PostgreSQL: real row locks and a real race) --------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
)


def _at_once(calls) -> list:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_is_stored_once():
    outcomes = _at_once([lambda: complaint_given(token="t", anonymous=True)] * 2)

    assert Feedback.objects.count() == 1
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert outcomes[0].secret == outcomes[1].secret
    assert outcomes[0].feedback.reference == outcomes[1].feedback.reference


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_answering_at_once_answer_once():
    complaint = complaint_given(user=NewcomerFactory()).feedback
    first, second = CoordinatorFactory(), CoordinatorFactory()

    outcomes = _at_once(
        [
            lambda: feedback_resolve(feedback=complaint, coordinator=first, response="A"),
            lambda: feedback_resolve(feedback=complaint, coordinator=second, response="B"),
        ]
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.FEEDBACK_ANSWERED).count() == 1
