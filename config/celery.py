"""The Celery app: configured from Django settings (CELERY_* names), tasks found in each app."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("commonground")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "matching": {
        "task": "peers.tasks.matching_scheduled",
        "schedule": 60.0 * int(os.environ.get("MATCHING_EVERY_MINUTES", "15")),
    },
    "expire-offers": {"task": "peers.tasks.offers_expire_task", "schedule": 15 * 60.0},
    "clear-expired-sessions": {
        "task": "peers.tasks.expired_sessions_clear",
        "schedule": crontab(hour=3, minute=17),
    },
    "chat-retention": {
        "task": "chat.tasks.messages_retention_apply",
        "schedule": crontab(hour=3, minute=41),
    },
}
