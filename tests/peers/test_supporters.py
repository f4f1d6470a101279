"""Supporter status flow: applied → verified by a coordinator → active / paused / withdrawn."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from peers.models import AccessRecord, Notification, SupporterProfile
from peers.selectors import supporter_applications_for_coordinator
from peers.services import (
    supporter_pause,
    supporter_reject,
    supporter_resume,
    supporter_training_update,
    supporter_verify,
    supporter_withdraw,
)
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    applied_supporter,
    profile_for,
    verified_email_for,
)

Status = SupporterProfile.Status


@pytest.mark.django_db
def test_recording_training_applies_for_a_check():
    application = applied_supporter()

    assert application.status == Status.APPLIED
    assert application.applied_at is not None
    assert not application.is_matchable
    assert list(supporter_applications_for_coordinator()) == [application]


@pytest.mark.django_db
def test_verifying_records_who_and_when_and_tells_the_person(django_capture_on_commit_callbacks):
    application = applied_supporter()
    verified_email_for(application.user, "hanna@example.org")
    coordinator = CoordinatorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        verified = supporter_verify(profile=application, coordinator=coordinator)

    assert verified.status == Status.ACTIVE
    assert verified.verified_by == coordinator
    assert verified.verified_at is not None
    assert verified.is_matchable
    notification = Notification.objects.get(user=application.user)
    assert notification.kind == Notification.Kind.SUPPORTER_VERIFIED
    assert [message.to for message in mail.outbox] == [["hanna@example.org"]]


@pytest.mark.django_db
def test_rejecting_needs_a_reason_which_the_person_sees(client):
    application = applied_supporter()
    coordinator = CoordinatorFactory()

    with pytest.raises(ValidationError):
        supporter_reject(profile=application, coordinator=coordinator, note="  ")
    application.refresh_from_db()
    assert application.status == Status.APPLIED

    supporter_reject(
        profile=application, coordinator=coordinator, note="Please send your certificate."
    )

    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert Notification.objects.get(user=application.user).note == "Please send your certificate."
    assert mail.outbox == []  # no verified email address: told in the app only
    client.force_login(application.user)
    assert "Please send your certificate." in client.get("/supporter/").content.decode()


@pytest.mark.django_db
def test_only_applications_can_be_decided():
    application = applied_supporter()
    coordinator = CoordinatorFactory()
    supporter_verify(profile=application, coordinator=coordinator)

    with pytest.raises(ValidationError):
        supporter_verify(profile=application, coordinator=coordinator)
    with pytest.raises(ValidationError):
        supporter_reject(profile=application, coordinator=coordinator, note="no")


@pytest.mark.django_db
def test_pause_resume_withdraw_and_apply_again():
    application = applied_supporter()
    user = application.user
    with pytest.raises(ValidationError):
        supporter_pause(user=user)  # not verified yet
    supporter_verify(profile=application, coordinator=CoordinatorFactory())

    assert supporter_pause(user=user).status == Status.PAUSED
    assert not SupporterProfile.objects.get(user=user).is_matchable
    assert supporter_resume(user=user).status == Status.ACTIVE
    assert supporter_withdraw(user=user).status == Status.WITHDRAWN
    with pytest.raises(ValidationError):
        supporter_resume(user=user)

    again = supporter_training_update(
        user=user, course="Refresher", completed_on=datetime.date(2026, 1, 5),
        dbs_checked_on=None, dbs_expires_on=None,
    )  # fmt: skip
    assert again.status == Status.APPLIED
    assert again.verified_at is None


@pytest.mark.django_db
def test_coordinator_verifies_through_the_page(client):
    application = applied_supporter()
    profile_for(application.user, display_name="Hanna")
    client.force_login(CoordinatorFactory())

    queue = client.get("/coordinator/supporters/").content.decode()
    assert "Hanna" in queue and "Peer support level 2" in queue

    response = client.post(
        f"/coordinator/supporters/{application.pk}/", {"decision": "verify", "note": ""}
    )

    assert response["Location"] == "/coordinator/supporters/"
    application.refresh_from_db()
    assert application.status == Status.ACTIVE


@pytest.mark.django_db
def test_refusing_without_a_reason_through_the_page_changes_nothing(client):
    application = applied_supporter()
    client.force_login(CoordinatorFactory())

    response = client.post(
        f"/coordinator/supporters/{application.pk}/", {"decision": "reject", "note": ""}
    )

    assert response.status_code == 200
    assert "Please give a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["newcomer", "applicant", "coordinator-without-2fa"])
def test_only_coordinators_with_two_factor_can_decide(client, actor):
    application = applied_supporter()
    user = {
        "newcomer": NewcomerFactory,
        "applicant": lambda: application.user,
        "coordinator-without-2fa": lambda: CoordinatorFactory(with_totp=False),
    }[actor]()
    client.force_login(user)

    response = client.post(
        f"/coordinator/supporters/{application.pk}/", {"decision": "verify", "note": ""}
    )

    assert response.status_code in {302, 403}
    assert response.status_code == 403 or "/accounts/2fa/" in response["Location"]
    application.refresh_from_db()
    assert application.status == Status.APPLIED


@pytest.mark.django_db
def test_supporter_status_buttons(client):
    application = applied_supporter()
    supporter_verify(profile=application, coordinator=CoordinatorFactory())
    client.force_login(application.user)

    client.post("/supporter/status/", {"action": "pause"})
    assert SupporterProfile.objects.get(pk=application.pk).status == Status.PAUSED

    response = client.post("/supporter/status/", {"action": "explode"}, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert SupporterProfile.objects.get(pk=application.pk).status == Status.PAUSED

    response = client.post("/supporter/status/", {"action": "pause"}, follow=True)
    assert "not possible right now" in response.content.decode()


@pytest.mark.django_db
def test_notifications_list_and_unread_count(client):
    application = applied_supporter()
    supporter_verify(profile=application, coordinator=CoordinatorFactory())
    client.force_login(application.user)

    page = client.get("/supporter/")
    assert page.context["unread_notifications"] == 1

    assert "Your training has been checked" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert client.get("/supporter/").context["unread_notifications"] == 0


@pytest.mark.django_db
def test_opening_an_application_is_recorded(client):
    application = applied_supporter()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    client.get(f"/coordinator/supporters/{application.pk}/")

    record = AccessRecord.objects.get()
    assert (record.coordinator, record.subject, record.reason) == (
        coordinator,
        application.user,
        AccessRecord.Reason.SUPPORTER_VERIFICATION,
    )


@pytest.mark.django_db
def test_refused_access_leaves_no_record(client):
    application = applied_supporter()
    client.force_login(NewcomerFactory())

    assert client.get(f"/coordinator/supporters/{application.pk}/").status_code == 403
    assert not AccessRecord.objects.exists()


def _training(user, course: str, completed_on: datetime.date):
    from peers.services import supporter_training_update

    return supporter_training_update(
        user=user,
        course=course,
        completed_on=completed_on,
        dbs_checked_on=None,
        dbs_expires_on=None,
    )


@pytest.mark.django_db
def test_a_verified_supporter_who_changes_the_training_record_is_checked_again():
    from tests.peers.factories import newcomer_ready, pending_offer, supporter_ready

    supporter = supporter_ready()
    before = SupporterProfile.objects.get(user=supporter)
    offer = pending_offer(newcomer_ready(), supporter)

    profile = _training(supporter, "A different course", before.training_completed_on)

    assert profile.status == SupporterProfile.Status.APPLIED
    assert profile.verified_at is None
    assert profile.recheck_history[-1]["course"] == before.training_course
    assert profile.recheck_history[-1]["verified_at"] == before.verified_at.isoformat()
    offer.refresh_from_db()
    assert offer.status == offer.Status.WITHDRAWN  # no suggestions until checked again
    assert profile in supporter_applications_for_coordinator()


@pytest.mark.django_db
def test_the_same_record_saved_again_keeps_the_supporter_verified():
    from tests.peers.factories import supporter_ready

    supporter = supporter_ready()
    before = SupporterProfile.objects.get(user=supporter)

    profile = _training(
        supporter, f"  {before.training_course.upper()}  ", before.training_completed_on
    )

    assert profile.status == SupporterProfile.Status.ACTIVE
    assert profile.verified_at == before.verified_at
    assert profile.recheck_history == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "completed_on", [datetime.date(1, 1, 1), datetime.date(1949, 12, 31), "tomorrow"]
)
def test_an_implausible_training_date_is_refused_and_changes_nothing(completed_on):
    from django.utils import timezone

    from tests.peers.factories import supporter_ready

    if completed_on == "tomorrow":
        completed_on = timezone.localdate() + datetime.timedelta(days=1)
    supporter = supporter_ready()
    before = SupporterProfile.objects.get(user=supporter)

    with pytest.raises(ValidationError):
        _training(supporter, "Another course", completed_on)

    after = SupporterProfile.objects.get(user=supporter)
    assert (after.training_course, after.status) == (before.training_course, before.status)


@pytest.mark.django_db
def test_the_training_form_refuses_year_one():
    from peers.forms import TrainingForm

    form = TrainingForm(data={"course": "Peer support", "completed_on": "0001-01-01"})

    assert not form.is_valid()
    assert "before 1950" in str(form.errors["completed_on"])


@pytest.mark.django_db
def test_supporter_review_page_shows_their_languages_and_dialects(client):
    application = applied_supporter()
    profile_for(application.user, languages=(("ar", "sudanese", True), ("ti", "", False)))
    client.force_login(CoordinatorFactory())

    html = client.get(f"/coordinator/supporters/{application.pk}/").content.decode()

    assert "Arabic (Sudanese)" in html
    assert "Tigrinya" in html


@pytest.mark.django_db
def test_stopping_as_a_supporter_asks_first_and_says_what_happens(client):
    application = applied_supporter()
    supporter_verify(profile=application, coordinator=CoordinatorFactory())
    client.force_login(application.user)

    asked = client.post("/supporter/status/", {"action": "withdraw"})

    assert asked.status_code == 200
    assert "a coordinator checks your training again" in asked.content.decode()
    assert SupporterProfile.objects.get(pk=application.pk).status == Status.ACTIVE

    client.post("/supporter/status/", {"action": "withdraw", "confirmed": "yes"})

    assert SupporterProfile.objects.get(pk=application.pk).status == Status.WITHDRAWN
