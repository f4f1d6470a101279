"""Browser journeys: Debian's Chromium, driven by Playwright, against a real daphne process.

The server is a subprocess rather than a fork (`DaphneProcess`, `ChannelsLiveServerTestCase`):
a forked server hangs websockets once other async tests have run in the same pytest process.
It reads the *test* database through DATABASE_URL and inherits REDIS_URL, so the same journey
runs on SQLite + in-memory layers locally and on PostgreSQL + Redis in CI.
"""

import importlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import global_settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django import Settings

HOST = "127.0.0.1"
SERVER_START_TIMEOUT = 20.0
# A small phone: every page must work, without sideways scrolling, at this width.
VIEWPORT = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = (
    "Debian's chromium is missing: run make test (it installs it) or apt-get install chromium"
)
BROWSER_TESTS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Conftest hooks see the whole session's items, so mark only the ones in this folder.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _allow_async_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's sync API keeps an event loop running in the test thread, which Django
    otherwise takes for async code and refuses ORM calls (test data, the database flush)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def server_database_url(db: BaseDatabaseWrapper) -> str:
    """The DATABASE_URL that makes the settings open the database this test run uses (during
    tests, `settings_dict["NAME"]` is already the test database's name)."""
    settings_dict = db.settings_dict
    if db.vendor == "sqlite":
        if db.is_in_memory_db():
            pytest.fail(
                "The SQLite test database is in memory, so the server process cannot see it: "
                'give DATABASES["default"]["TEST"]["NAME"] a file name.',
                pytrace=False,
            )
        # dj_database_url reads sqlite:////absolute/path as that file.
        return "sqlite:///" + quote(str(Path(settings_dict["NAME"]).resolve()))
    if db.vendor == "postgresql":
        credentials = quote(settings_dict["USER"] or "", safe="")
        if settings_dict["PASSWORD"]:
            credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
        location = quote(settings_dict["HOST"] or "", safe="")
        if settings_dict["PORT"]:
            location += f":{settings_dict['PORT']}"
        url = f"postgres://{credentials}@{location}/{quote(settings_dict['NAME'], safe='')}"
        options = {key: value for key, value in settings_dict["OPTIONS"].items() if value}
        return f"{url}?{urlencode(options)}" if options else url
    pytest.fail(f"Browser tests cannot hand a {db.vendor} database to a server.", pytrace=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _read_log(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")


def _wait_until_listening(process: subprocess.Popen, port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"daphne exited with code {process.returncode} before listening:\n{_read_log(log)}",
                pytrace=False,
            )
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(
        f"daphne did not listen on {HOST}:{port} within {SERVER_START_TIMEOUT:.0f} s:\n"
        f"{_read_log(log)}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def asgi_server(transactional_db: None, settings: Settings) -> Iterator[str]:
    """Base URL of a daphne subprocess serving config.asgi on the test database.

    Depends on `transactional_db` so the data a test creates is committed where the server can
    read it; it stops before that fixture empties the database.
    """
    # The server checks the passwords this process stores, so hash them its way: undo the fast
    # test-only hasher that tests/conftest.py switches on (autouse, so it has already run).
    # (DJANGO_SETTINGS_MODULE, not settings.SETTINGS_MODULE: overridden settings report None.)
    settings_module = os.environ["DJANGO_SETTINGS_MODULE"]
    server_settings = importlib.import_module(settings_module)
    settings.PASSWORD_HASHERS = getattr(
        server_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS
    )
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": server_database_url(connection),
        # Static files straight from the finders (no collectstatic) and cookies without `Secure`,
        # as the browser talks plain HTTP.
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    application = ":".join(settings.ASGI_APPLICATION.rsplit(".", 1))  # daphne's module:attr
    command = [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), application]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_listening(process, port, log)
            yield f"http://{HOST}:{port}"
        finally:
            _stop(process)
            # pytest shows this only when the test failed: the server's side of the story.
            print(f"--- daphne log ---\n{_read_log(log)}")


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """One Chromium for the whole folder, stopped when the folder is done so Playwright's event
    loop does not outlive it into other packages' async tests."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Browser, asgi_server: str) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh browser context (no cookies) on the live server.

    Keyword arguments go to `Browser.new_context`, e.g. `java_script_enabled=False`.
    """
    contexts = []

    def open_(**context_options: Any) -> Page:
        options = {"base_url": asgi_server, "viewport": VIEWPORT, "locale": "en-GB"}
        context = chromium.new_context(**(options | context_options))
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    return open_page()
