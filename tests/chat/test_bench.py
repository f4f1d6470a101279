"""The load benchmark is a command, not a test, but the command itself must keep working: a
tiny run (four clients, two server processes each for the chat and for the floor) on the test
database must deliver every message once and report it. No figure is checked: a run's speed
is the benchmark's business, not the test suite's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.browser.conftest import server_database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_reference_data,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: the benchmark needs Redis"
    ),
]
BASE_DIR = Path(__file__).resolve().parents[2]


def _row(output: str, label: str) -> list[str]:
    for line in output.splitlines():
        if line.startswith(label):
            return line[len(label) :].split()
    raise AssertionError(f"no {label!r} row in:\n{output}")


def test_a_tiny_benchmark_run_delivers_every_message_once():
    env = {**os.environ, "DATABASE_URL": server_database_url(connection)}
    command = [sys.executable, "-m", "chat.bench", "--clients", "4", "--seconds", "1"]
    command += ["--rate", "4", "--processes", "2", "--drain", "15"]

    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )

    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    assert _row(output, "connected") == ["4/4", "4/4"]
    sent = _row(output, "messages sent")
    assert sent[0] == sent[1] and int(sent[0]) > 0
    assert _row(output, "delivered to partner") == sent
    assert _row(output, "LOST") == ["0", "0"]
    assert _row(output, "DUPLICATED") == ["0", "0"]
    assert _row(output, "misrouted") == ["0", "0"]
    assert "2 daphne processes each" in output
