"""The settings module read from the environment: production checks and service switches.

Settings are read once at import, so each case runs Django in a fresh subprocess.
"""

import json
import os
import subprocess  # noqa: S404 - runs this project's own manage.py
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Tq9!vZ2@pL5$wX8^rB3&nM6*cF1(hJ4)dG0_sY9+eU2=aQ7-iO5~tR8" * 2,
    "ALLOWED_HOSTS": "commonground.example.org",
}


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "SECRET_KEY", "REDIS_URL", "TEST_DATABASE_NAME"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_value(expression: str, **env: str) -> object:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = run_django(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret", ["", "django-insecure-common-ground-development-only-do-not-deploy"]
)
def test_production_refuses_to_start_with_the_development_secret(secret):
    env = {**PRODUCTION_ENV, "SECRET_KEY": secret}

    result = run_django(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_embedded_defaults_need_no_services():
    values = settings_value(
        "[settings.DATABASES['default']['ENGINE'], settings.CHANNEL_LAYERS['default']['BACKEND'],"
        " settings.CACHES['default']['BACKEND'], settings.CELERY_TASK_ALWAYS_EAGER]"
    )

    assert values == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "django.core.cache.backends.locmem.LocMemCache",
        True,
    ]


def test_service_urls_switch_to_postgresql_and_redis():
    values = settings_value(
        "[settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " settings.DATABASES['default']['TEST']['NAME'],"
        " settings.CHANNEL_LAYERS['default']['BACKEND'], settings.CACHES['default']['BACKEND'],"
        " settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND,"
        " settings.CELERY_TASK_ALWAYS_EAGER]",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/commonground",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert values == [
        "django.db.backends.postgresql",
        "commonground",
        "test_commonground",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
        "config.cache.SharedClientRedisCache",
        "redis://127.0.0.1:6379/3",
        "redis://127.0.0.1:6379/3",
        False,
    ]


def test_filesystem_broker_runs_celery_without_a_broker_server(tmp_path):
    values = settings_value(
        "[settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']]",
        CELERY_FILESYSTEM_BROKER=str(tmp_path / "broker"),
    )

    assert values == ["filesystem://", False, str(tmp_path / "broker" / "queue")]
    assert (tmp_path / "broker" / "processed").is_dir()


def test_production_cookies_and_hsts_are_secure():
    values = settings_value(
        "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS >= 31536000]",
        **PRODUCTION_ENV,
    )

    assert values == [True, True, True, True]


def test_demo_mfa_bypass_is_refused_outside_debug():
    code = (
        "import django; django.setup(); from allauth.mfa import app_settings; "
        "print(app_settings.TOTP_INSECURE_BYPASS_CODE)"
    )

    result = run_django(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="config.settings",
        DEMO_MFA_BYPASS_CODE="123456",
        **PRODUCTION_ENV,
    )

    assert result.returncode != 0
    assert "for testing purposes only" in result.stderr
