"""Common Ground settings: one module, read from the environment, with embedded defaults.

With no environment at all it runs on SQLite, the in-memory channel layer, a local-memory cache
and Celery tasks run in-process. Set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis: channel
layer, cache, Celery broker and results) and the same code runs on real services.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)
# Django's own technical "not found" page instead of ours while DEBUG is on (developers only).
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)

# Only good for a laptop: production must set its own, and refuses to start without one.
DEVELOPMENT_SECRET_KEY = "django-insecure-common-ground-development-only-do-not-deploy"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is not set (or is the development key). "
        "Set SECRET_KEY to a long random value for this deployment."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # first, so `runserver` serves websockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "peers",
    "activities",
    "chat",
    "feedback",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivatePagesNotStored",
    "config.middleware.OwnNotFoundPageInDebug",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peers.context_processors.roles",
                "peers.context_processors.service_times",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    # Named explicitly so a live server in another process finds the same test database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DATABASE_NAME") or f"test_{DATABASES['default']['NAME']}"
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # A file, not memory, so a browser test's server process sees the test data.
            "TEST": {
                "NAME": BASE_DIR / (os.environ.get("TEST_DATABASE_NAME") or "test_db.sqlite3")
            },
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "peers.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub: a group send is one PUBLISH and each process holds one subscriber
            # connection, where the list-based layer runs Lua scripts and a blocking pop per
            # message. Measured with `python -m chat.bench` (200 clients × 1 message/s, two
            # processes): half the server CPU, chat p99 36–48 ms against 105–315 ms. Delivery
            # is at most once, which the chat is built for: a message is stored before it is
            # sent, and a page that reconnects fetches what it missed since its last id.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # redis-py's asyncio pool refuses, rather than waits, past 100 connections;
                # a burst of sends takes one each.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30, "max_connections": 1000}],
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "config.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cg",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work (Celery) ---------------------------------------------------------------
# With Redis: broker and results on Redis. Without: tasks run in-process (eager), unless
# CELERY_FILESYSTEM_BROKER names a folder, when a real worker + beat use kombu's filesystem
# transport, which needs no broker server (that is what `make demo` does).

CELERY_FILESYSTEM_BROKER = os.environ.get("CELERY_FILESYSTEM_BROKER", "")
CELERY_TASK_ALWAYS_EAGER = False
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
elif CELERY_FILESYSTEM_BROKER:
    _broker_dir = Path(CELERY_FILESYSTEM_BROKER).resolve()
    for _folder in ("queue", "processed"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Accounts (django-allauth) --------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "peers:dashboard"
ACCOUNT_ADAPTER = "peers.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "peers.forms.SignupForm"
ACCOUNT_FORMS = {
    "add_email": "peers.account_forms.AddEmailForm",
    "change_password": "peers.account_forms.ChangePasswordForm",
    "login": "peers.account_forms.LoginForm",
    "reset_password": "peers.account_forms.ResetPasswordForm",
    "reset_password_from_key": "peers.account_forms.ResetPasswordKeyForm",
    "set_password": "peers.account_forms.SetPasswordForm",
    "signup": "peers.account_forms.SignupForm",
}
MFA_FORMS = {
    "authenticate": "peers.account_forms.AuthenticateForm",
    "reauthenticate": "peers.account_forms.ReauthenticateForm",
}
# Many newcomers have no email address: a username is enough; an email, when given, is verified.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"  # mandatory for everyone who gives one: adapters.py
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Common Ground] "
# Wrong passwords are limited per account and, separately and much more loosely, per address:
# a library computer or a hostel's Wi-Fi puts many people behind one address.
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_LOCK_MINUTES = 5
LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = 60
# Without an email address: one-time recovery codes the person keeps on paper, and one-time
# links a coordinator makes after checking who someone is (peers/services/recovery.py).
RECOVERY_CODE_COUNT = 8
RECOVERY_TRIES_PER_ACCOUNT = 5
RECOVERY_LOCK_MINUTES = 15
RECOVERY_TRIES_PER_ADDRESS_PER_HOUR = 30
PASSWORD_RESET_LINK_HOURS = env_int("PASSWORD_RESET_LINK_HOURS", 24)
# How a person who cannot log in reaches the team (a phone number and hours, a drop-in), shown
# on the recovery page; empty: only the routes inside Common Ground are offered.
TEAM_CONTACT = os.environ.get("TEAM_CONTACT", "")
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE}/m/ip,"
        f"{LOGIN_FAILURES_PER_ACCOUNT}/{LOGIN_LOCK_MINUTES * 60}s/key"
    ),
    "login": "120/m/ip",
    "signup": "60/m/ip",
    # Our own: tries with a recovery code (peers/services/recovery.py), per username and,
    # more loosely, per address. Eight codes of twelve digits cannot be guessed at this pace.
    "recover_with_code": (
        f"{RECOVERY_TRIES_PER_ADDRESS_PER_HOUR}/h/ip,"
        f"{RECOVERY_TRIES_PER_ACCOUNT}/{RECOVERY_LOCK_MINUTES * 60}s/key"
    ),
}
# allauth's rate limits stay on (its defaults), kept in the shared cache so every process agrees.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Common Ground"
# Demo only: allauth refuses this unless DEBUG is on. `make demo` sets it so the demo
# coordinator can log in without a phone; never set it anywhere else.
MFA_TOTP_INSECURE_BYPASS_CODE = os.environ.get("DEMO_MFA_BYPASS_CODE") or None

COORDINATORS_GROUP = "coordinators"

# --- Matching --------------------------------------------------------------------------------

OFFER_EXPIRY_HOURS = env_int("OFFER_EXPIRY_HOURS", 72)
# DESIGN.md's normative defaults; the objective is Σ(base + score).
MATCHING_WEIGHTS = {
    "lang": 0.40,
    "dist": 0.25,
    "interests": 0.15,
    "avail": 0.10,
    "wait": 0.10,
    "wait_cap_days": 90,
    "base": 1.0,
}
MATCHING_EVERY_MINUTES = env_int("MATCHING_EVERY_MINUTES", 15)
# Offers past their time are withdrawn this often.
OFFER_EXPIRY_CHECK_MINUTES = 15

# --- Chat ------------------------------------------------------------------------------------

# Where links in emails point: the site's public address, without a trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A person may send this many chat messages in this many seconds (all processes together).
CHAT_RATE_LIMIT_MESSAGES = env_int("CHAT_RATE_LIMIT_MESSAGES", 20)
CHAT_RATE_LIMIT_SECONDS = env_int("CHAT_RATE_LIMIT_SECONDS", 30)
# At most one "new message" email per conversation per this many minutes.
CHAT_EMAIL_EVERY_MINUTES = env_int("CHAT_EMAIL_EVERY_MINUTES", 60)
# "A message is waiting" is worked out this many seconds after a message, once for all the
# messages in between; someone who reads them live meanwhile gets no notice.
CHAT_NOTIFY_DELAY_SECONDS = env_int("CHAT_NOTIFY_DELAY_SECONDS", 30)
CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 365)
# Closed safeguarding cases and resolved complaints keep their personal content this long.
CASE_RETENTION_DAYS = env_int("CASE_RETENTION_DAYS", 730)

# --- What Celery beat starts (read by config/celery.py through the CELERY_ namespace) ---------
CELERY_BEAT_SCHEDULE = {
    "matching": {
        "task": "peers.tasks.matching_scheduled",
        "schedule": 60.0 * MATCHING_EVERY_MINUTES,
    },
    "expire-offers": {
        "task": "peers.tasks.offers_expire_task",
        "schedule": 60.0 * OFFER_EXPIRY_CHECK_MINUTES,
    },
    "clear-expired-sessions": {
        "task": "peers.tasks.expired_sessions_clear",
        "schedule": crontab(hour=3, minute=17),
    },
    "chat-retention": {
        "task": "chat.tasks.messages_retention_apply",
        "schedule": crontab(hour=3, minute=41),
    },
    # Closed cases and answered feedback lose their personal content after CASE_RETENTION_DAYS.
    "case-retention": {
        "task": "peers.tasks.personal_content_retention_apply",
        "schedule": crontab(hour=3, minute=53),
    },
    # Tomorrow's session reminders: hourly in the daytime, each sent once (a late join or a
    # worker that was down is caught up the next hour).
    "activity-reminders": {
        "task": "activities.tasks.activity_reminders_queue",
        "schedule": crontab(hour="9-20", minute=7),
    },
}

# --- Places ---------------------------------------------------------------------------------
# "offline" (default): the packaged UK gazetteer, no network. "nominatim": ask OpenStreetMap's
# Nominatim first (with this timeout, in seconds) and fall back to the gazetteer.
GEOCODER = os.environ.get("GEOCODER", "offline")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "common-ground")

# --- Email ----------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Common Ground <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not os.environ.get("EMAIL_HOST"):
    # Nothing leaves a developer's machine: messages are printed where the server runs.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }

# --- Languages ------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's own date patterns and punctuation; templates only name a format.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# With DEBUG off, pages name static files by content hash, from the manifest collectstatic
# writes. `make assets` always collects with the manifest (STATICFILES_MANIFEST=1), so a DEBUG=0
# start works after `make demo` or `make test` too; the plain names stay for DEBUG on.
STATICFILES_MANIFEST = env_bool("STATICFILES_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATICFILES_MANIFEST
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No CDN, no inline script: everything comes from this site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
