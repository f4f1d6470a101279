"""When an activity happens: its sessions in Europe/London time, and the matcher's free-time
slots they fall in. Pure functions over an activity's fields (no queries of their own: pass
the dated sessions and cancellations, prefetched)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order


@dataclass(frozen=True, order=True)
class Session:
    starts: datetime  # aware, Europe/London
    ends: datetime

    @property
    def day(self) -> date:
        return self.starts.date()


def part_of_day(moment: time) -> str:
    """The matcher's part of the day: am before noon, pm until 5 pm, eve after."""
    if moment.hour < 12:
        return "am"
    if moment.hour < 17:
        return "pm"
    return "eve"


def slot_of(starts: datetime) -> str:
    """A session's free-time slot, e.g. "sat-pm" (DESIGN.md's 21 slots)."""
    local = starts.astimezone(LONDON)
    return f"{DAY_CODES[local.weekday()]}-{part_of_day(local.time())}"


def weekly_sessions(
    weekdays: Iterable[int], starts_at: time, ends_at: time, *, first_day: date, days: int
) -> list[Session]:
    """Every session of a weekly activity from `first_day` for `days` days, in London time
    (a session keeps its wall-clock time across the clock change)."""
    wanted = set(weekdays)
    sessions = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() in wanted:
            start = datetime.combine(day, starts_at, LONDON)
            end = datetime.combine(day, ends_at, LONDON)
            if end <= start:  # runs past midnight
                end += timedelta(days=1)
            sessions.append(Session(start, end))
    return sessions


def upcoming_sessions(
    activity, *, now: datetime, days: int = 28, dated=None, cancelled: Iterable[date] = ()
) -> list[Session]:
    """The activity's sessions that have not ended, from now for `days` days, without the
    cancelled ones. `dated`: its ActivityDate rows (for a dated activity), prefetched."""
    skip = set(cancelled)
    if activity.schedule == "weekly":
        if not (activity.weekdays and activity.starts_at and activity.ends_at):
            return []
        first_day = now.astimezone(LONDON).date()
        found = weekly_sessions(
            activity.weekdays, activity.starts_at, activity.ends_at, first_day=first_day, days=days
        )
    else:
        until = now + timedelta(days=days)
        found = [
            Session(row.starts_at.astimezone(LONDON), row.ends_at.astimezone(LONDON))
            for row in (dated or ())
            if row.starts_at < until
        ]
    return sorted(s for s in found if s.ends > now and s.day not in skip)


def activity_slots(activity, *, dated=()) -> frozenset[str]:
    """The free-time slots an activity's sessions fall in, for matching with a person's
    availability ("Saturday afternoons — you're free then")."""
    if activity.schedule == "weekly":
        if not (activity.weekdays and activity.starts_at):
            return frozenset()
        part = part_of_day(activity.starts_at)
        return frozenset(f"{DAY_CODES[day]}-{part}" for day in activity.weekdays)
    return frozenset(slot_of(row.starts_at) for row in dated)
