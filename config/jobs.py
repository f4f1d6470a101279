"""Queuing background work by task name.

Tasks call services; if services imported the task modules to queue work, the two would import
each other. So a service only names the task ("peers.tasks.matching_run_task"), and Celery's
registry (which has found every app's tasks) hands it over. Eager in tests and without a broker,
exactly as `.delay()` would be.
"""

from importlib import import_module

from celery import current_app
from django.db import transaction


def task_named(name: str):
    """The registered task of that name. Celery only registers an app's tasks when their
    module is imported (a worker imports them all at start; a web process may not have), so
    the module is imported here, by name, first."""
    import_module(name.rsplit(".", 1)[0])
    return current_app.tasks[name]


def enqueue(name: str, *args, countdown: float | None = None) -> None:
    """Queues the named task now."""
    task_named(name).apply_async(args, countdown=countdown)


def enqueue_after_commit(name: str, *args, countdown: float | None = None) -> None:
    """Queues the named task once the surrounding transaction has committed (never for work
    that was rolled back)."""
    transaction.on_commit(lambda: enqueue(name, *args, countdown=countdown))
