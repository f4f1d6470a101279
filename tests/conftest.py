from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.utils import translation

from config.celery import app as celery_app
from tests.peers.factories import CoordinatorFactory, NewcomerFactory, SupporterFactory


def clear_cache() -> None:
    """Empties our cache; on Redis only our own keys, not the whole database it shares."""
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache; each test starts with none used."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request with an Arabic cookie leaves Arabic
    active in this thread (LocaleMiddleware never switches back), and a later test that
    builds a message outside any request would read it in Arabic."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process():
    """Tasks run in the test process unless a test starts a real worker itself."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def newcomer(db):
    return NewcomerFactory()


@pytest.fixture
def supporter(db):
    return SupporterFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def coordinator_without_totp(db):
    return CoordinatorFactory(with_totp=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests in this process don't need it to be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, the reference data the migrations load included
    (languages, interests, places); put it back before a transactional test that follows."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if not transactional or request.node.get_closest_marker("no_reference_data"):
        return
    request.getfixturevalue("transactional_db")
    # In a thread of its own: browser tests keep an event loop running in this one, where
    # Django refuses ORM calls.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_reload_reference_data).result()


def _reload_reference_data() -> None:
    from django.apps import apps
    from django.db import connection

    from peers.models import Place
    from peers.reference.sync import sync_reference_data

    try:
        if not Place.objects.exists():
            sync_reference_data(apps)
    finally:
        connection.close()
