"""A deadlock or serialization failure runs the whole transaction again; anything else, or
an inner transaction, passes the error on."""

import pytest
from django.db import OperationalError, transaction
from psycopg import errors

from config.transactions import RETRY_ATTEMPTS, atomic_with_retry

# Transactional: the test itself must not run inside a transaction, or nothing is outermost.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.no_reference_data]


def _failure(cause: Exception) -> OperationalError:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def _flaky(failures: list[Exception]):
    calls = []

    @atomic_with_retry
    def work():
        calls.append(transaction.get_connection().in_atomic_block)
        if failures:
            raise _failure(failures.pop(0))
        return "done"

    return work, calls


@pytest.mark.parametrize("cause", [errors.DeadlockDetected, errors.SerializationFailure])
def test_a_deadlock_or_serialization_failure_is_tried_again(cause):
    work, calls = _flaky([cause("try again")])

    assert work() == "done"
    assert calls == [True, True]  # each attempt in a transaction of its own


def test_it_gives_up_after_the_last_attempt():
    work, calls = _flaky([errors.DeadlockDetected("again")] * RETRY_ATTEMPTS)

    with pytest.raises(OperationalError):
        work()
    assert len(calls) == RETRY_ATTEMPTS


def test_other_database_errors_are_not_retried():
    work, calls = _flaky([errors.DiskFull("no")])

    with pytest.raises(OperationalError):
        work()
    assert len(calls) == 1


def test_inside_another_transaction_the_outer_one_decides():
    work, calls = _flaky([errors.DeadlockDetected("again")])

    with pytest.raises(OperationalError), transaction.atomic():
        work()
    assert len(calls) == 1
