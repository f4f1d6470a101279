import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app as celery_app
from peers.tasks import expired_sessions_clear


def make_session(*, expires_in: timedelta) -> str:
    store = SessionStore()
    store["note"] = "x"
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


@pytest.mark.django_db
def test_expired_sessions_clear_removes_only_expired_sessions():
    expired = make_session(expires_in=-timedelta(days=1))
    current = make_session(expires_in=timedelta(days=1))

    expired_sessions_clear.delay()

    assert set(Session.objects.values_list("pk", flat=True)) == {current}
    assert expired not in set(Session.objects.values_list("pk", flat=True))


def test_expired_sessions_clear_is_scheduled_by_beat():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}

    assert "peers.tasks.expired_sessions_clear" in tasks


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task():
    """Through the configured broker (in-memory here, Redis in CI), not in-process."""
    expired = make_session(expires_in=-timedelta(days=1))
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = expired_sessions_clear.delay()
            assert not isinstance(result, EagerResult)
            deadline = time.monotonic() + 20
            while Session.objects.filter(pk=expired).exists() and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        celery_app.conf.task_always_eager = True

    assert not Session.objects.filter(pk=expired).exists()
