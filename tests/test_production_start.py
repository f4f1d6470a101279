"""DEBUG=0 works from a fresh clone after `make test` or `make demo`: `make assets` collects
static files with their manifest, so a production-like start serves pages, not 500s."""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.browser.conftest import (
    HOST,
    _free_port,
    _read_log,
    _stop,
    _wait_until_listening,
    server_database_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.no_reference_data]
BASE_DIR = Path(__file__).resolve().parents[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our test server
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture
def production_like_server():
    if not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        pytest.fail("run `make assets` first: it collects static files with their manifest")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": server_database_url(connection),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP here; a proxy terminates TLS in production
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("STATICFILES_MANIFEST", None)
    command = [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port)]
    command.append("config.asgi:application")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_listening(process, port, log)
            yield f"http://{HOST}:{port}"
        finally:
            _stop(process)
            print(f"--- daphne log ---\n{_read_log(log)}")


def test_debug_off_serves_pages_and_their_hashed_static_files(production_like_server):
    status, html = _get(production_like_server + "/")

    assert status == 200, html[:500]
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page names its stylesheet by content hash"
    assert _get(production_like_server + stylesheet.group(1))[0] == 200
    assert _get(production_like_server + "/help/")[0] == 200
    status, html = _get(production_like_server + "/no-such-page/")
    assert status == 404 and "Page not found" in html
