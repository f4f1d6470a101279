"""Transactions that try again when the database gives up on them.

PostgreSQL ends one of two transactions that wait for each other (a deadlock) or that would
break serialisability, with an error that means "try again", not "this is wrong". A person
must never see a 500 for that: the whole transaction runs again, a few times, after a short
random pause. Only the outermost transaction can be retried (an inner one's work is part of
its caller's), so inside another transaction the error goes up to the one that can.
"""

import functools
import random
import time

from django.db import OperationalError, connection, transaction

RETRY_ATTEMPTS = 3


def _worth_retrying(error: OperationalError) -> bool:
    try:
        from psycopg import errors
    except ImportError:  # pragma: no cover - SQLite only: nothing of the kind to retry
        return False
    return isinstance(error.__cause__, errors.DeadlockDetected | errors.SerializationFailure)


def atomic_with_retry(function):
    """Like @transaction.atomic, and runs the function again on a deadlock or a
    serialization failure (at most RETRY_ATTEMPTS times in all)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            outermost = not connection.in_atomic_block
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as error:
                if not (outermost and _worth_retrying(error)) or attempt == RETRY_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - not secret
        raise AssertionError("unreachable")  # pragma: no cover

    return run
