"""Two transactions at once on PostgreSQL: the one race runner the concurrency tests share."""

import contextlib
import threading
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connection

from config import transactions


def race(first, second, *, count_deadlocks: bool = False) -> dict[str, object]:
    """Runs `first` in a thread until it signals (sets the event it is given) that it holds its
    locks, then `second` in another; returns what each did ("ok", "refused" for a
    ValidationError, or the error). With `count_deadlocks`, also "deadlocks": how many times the
    database had to end one to let the other through (the lock order keeps it at none)."""
    outcomes: dict[str, object] = {"deadlocks": 0} if count_deadlocks else {}
    worth_retrying = transactions._worth_retrying

    def counted(error):
        outcomes["deadlocks"] += 1
        return worth_retrying(error)

    holding = threading.Event()

    def run(name, action):
        try:
            action(holding)
            outcomes[name] = "ok"
        except ValidationError:
            outcomes[name] = "refused"
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
            outcomes[name] = error
        finally:
            connection.close()

    def second_after_first(_holding):
        assert holding.wait(timeout=10)
        second(holding)

    threads = [
        threading.Thread(target=run, args=("first", first)),
        threading.Thread(target=run, args=("second", second_after_first)),
    ]
    counting = (
        mock.patch.object(transactions, "_worth_retrying", counted)
        if count_deadlocks
        else contextlib.nullcontext()
    )
    with counting:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    return outcomes
