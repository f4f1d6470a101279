"""Anonymous feedback stores no link to the account that sent it, checked in the database:
every column of the stored row, every table that points at the person, and the session."""

import datetime
import hashlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from feedback.models import Feedback
from peers.models import User
from tests.peers.factories import newcomer_ready

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
BROWSER = "Mozilla/5.0 (Linux; Android 10) CommonGroundFeedbackTest/1.0"
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _rows_pointing_at(user: User) -> dict[str, int]:
    """For every foreign key to the user model in every table: rows pointing at this person."""
    counts = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                label = f"{model._meta.label}.{field.name}"
                counts[label] = model._default_manager.filter(**{field.attname: user.pk}).count()
    return counts


def _rows_per_table() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _stored_row(reference: str) -> dict[str, object]:
    """The row as the database holds it, column by column (no model in between)."""
    columns = [field.column for field in Feedback._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(Feedback._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {table} WHERE reference = %s", [reference])  # noqa: S608
        rows = cursor.fetchall()
    assert len(rows) == 1
    return dict(zip(columns, rows[0], strict=True))


def _send(client, **data):
    token = TOKEN.search(client.get("/feedback/").content.decode()).group(1)
    return client.post(
        "/feedback/", {"token": token, **data}, REMOTE_ADDR=IP, HTTP_USER_AGENT=BROWSER
    )


def test_anonymous_feedback_from_a_logged_in_person_stores_no_link_to_the_account(client):
    person = newcomer_ready(display_name="Hiwet Tesfamariam")
    person.username = "hiwet_from_asmara"
    person.save(update_fields=["username"])
    client.force_login(person)
    session_key = client.session.session_key
    session_before = Session.objects.get(pk=session_key)
    pointing_before, tables_before = _rows_pointing_at(person), _rows_per_table()
    client.get("/feedback/")
    csrf_before = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = _send(
        client,
        kind="complaint",
        about="activity",
        score="1",
        text="The cooking group leader was unkind to me.",
        anonymous="on",
    )

    assert response.status_code == 200
    html = response.content.decode()
    stored = Feedback.objects.get()
    assert stored.reference in html
    # Every column, as the database holds it.
    row = _stored_row(stored.reference)
    user_columns = {
        field.column
        for field in Feedback._meta.concrete_fields
        if field.is_relation and field.related_model is User
    }
    assert user_columns == {"user_id", "responded_by_id"}
    forbidden = [person.username, "Hiwet", "Tesfamariam", IP, session_key, BROWSER, "Android"]
    for column, value in row.items():
        if column in user_columns:
            assert value is None, column
        if column.endswith("_id"):
            assert value != person.pk, column
        for word in forbidden:
            assert word not in str(value), (column, word)
    # Only the day it was sent: midnight UTC.
    assert stored.created_at == datetime.datetime.combine(
        timezone.now().astimezone(datetime.UTC).date(), datetime.time(0), tzinfo=datetime.UTC
    )
    assert stored.anonymous and stored.user_id is None
    # No other table gained a row, and none points at the person more than before.
    tables_after = _rows_per_table()
    assert {t: n - tables_before[t] for t, n in tables_after.items() if n != tables_before[t]} == {
        "feedback.Feedback": 1
    }
    assert _rows_pointing_at(person) == pointing_before
    # The session was not even saved again: its row is byte for byte what it was (the same
    # expiry too), and no cookie changed: no new session, no flash message holding the
    # reference (the thanks page is the POST's own answer, not a message after a redirect);
    # only Django's CSRF cookie is sent again, as on every form page, with the same value.
    session_after = Session.objects.get(pk=session_key)
    assert session_after.session_data == session_before.session_data
    assert session_after.expire_date == session_before.expire_date
    assert "_messages" not in session_after.get_decoded()
    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    for name, morsel in response.cookies.items():
        assert morsel.value == csrf_before, name
    assert not list(response.wsgi_request._messages)


def test_a_visitors_feedback_is_anonymous_and_keeps_no_address(client):
    response = _send(client, kind="feedback", about="website", score="5", text="Easy to use")

    assert response.status_code == 200
    stored = Feedback.objects.get()
    assert stored.anonymous and stored.user_id is None
    assert all(IP not in str(value) for value in _stored_row(stored.reference).values())
    assert not Session.objects.exists()


def test_named_feedback_keeps_the_person_and_their_language(client):
    person = newcomer_ready()
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = _send(client, kind="feedback", about="support", score="4", text="شكراً")

    assert response.status_code == 200
    stored = Feedback.objects.get()
    assert (stored.user, stored.anonymous, stored.language) == (person, False, "ar")
    assert abs((timezone.now() - stored.created_at).total_seconds()) < 60
    assert stored.secret_hash == ""


def test_following_anonymous_feedback_keeps_no_trace_of_which_one_in_the_cache(client, monkeypatch):
    """The rate limit on following counts tries per address only: nothing written to the
    shared cache names the reference, so no cache entry ties an address to a complaint."""
    from django.core.cache import cache

    from tests.feedback.factories import complaint_given

    created = complaint_given(anonymous=True)
    reference = created.feedback.reference
    written = []
    for method in ("set", "add"):
        original = getattr(cache, method)

        def recording(key, value, *args, _original=original, **kwargs):
            written.append((key, value))
            return _original(key, value, *args, **kwargs)

        monkeypatch.setattr(cache, method, recording)

    for secret in ("WRONG", created.secret):
        client.post("/feedback/follow/", {"reference": reference, "secret": secret}, REMOTE_ADDR=IP)

    tries = [(key, value) for key, value in written if not key.endswith(":lock")]
    assert tries, "the tries were counted"
    forms = {reference, reference.lower(), reference[3:], created.secret}
    forms |= {hashlib.sha256(form.encode()).hexdigest() for form in set(forms)}
    for key, value in written:
        for form in forms:
            assert form not in key and form not in str(value), key
    assert all(key.endswith(f":ip:{IP}") for key, _value in tries), tries
