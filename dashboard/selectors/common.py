"""What the dashboard's selectors share: the period, towns as coordinators know them, and
days between two instants as the database computes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import FloatField, Func

PERIOD_DAYS = 90


@dataclass(frozen=True)
class Town:
    """A place as coordinators know it ("TS1 (Middlesbrough)"); id None when not given."""

    id: int | None
    name: str

    @classmethod
    def from_row(cls, row: dict, prefix: str) -> Town:
        pk = row[prefix]
        if pk is None:
            return cls(None, "")
        name, near = row[f"{prefix}__name"], row[f"{prefix}__near"]
        district = row[f"{prefix}__kind"] == "district"
        return cls(pk, f"{name} ({near})" if district and near else name)


def town_fields(prefix: str) -> list[str]:
    return [prefix, f"{prefix}__name", f"{prefix}__near", f"{prefix}__kind"]


class DaysBetween(Func):
    """Days from `start` to `end`, as a float, computed by the database itself. (Django's
    datetime subtraction on SQLite calls back into Python for every row: 50,000 waits took a
    second; SQLite's julianday() and PostgreSQL's epoch take milliseconds.)"""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def period_start(*, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=PERIOD_DAYS)


PLACE = "newcomer__profile__place"
