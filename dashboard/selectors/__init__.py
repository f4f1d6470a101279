"""The coordinators' dashboard figures, read with aggregate queries (GROUP BY in the
database): a fixed number of queries however many people there are, a row per group back
(the one exception: a row per request matched in the period, for the medians). Plain
dataclasses out, with raw counts: the small-number rule is applied where they are shown
(dashboard.report), so the page and the exports agree.

The same queries run on SQLite and PostgreSQL. Whatever Django would compute by calling back
into Python for every row on SQLite (datetime differences, month truncation) is written so
the database does it natively.
"""

from dashboard.selectors.common import PERIOD_DAYS, DaysBetween, Town, period_start
from dashboard.selectors.community import (
    ActivityFigures,
    AgeRow,
    CaseFigures,
    FeedbackFigures,
    ParticipationRow,
    activity_figures,
    case_figures,
    feedback_figures,
)
from dashboard.selectors.support import (
    INACTIVE_DAYS,
    MONTHS,
    LoadRow,
    MonthOffers,
    SupporterFigures,
    inactive_supporters,
    months_back,
    offer_figures,
    supporter_figures,
)
from dashboard.selectors.waiting import (
    COVERAGE_GAP_KEYS,
    CoverageFigures,
    GapRow,
    MatchTime,
    WaitingFigures,
    WaitingRow,
    arrivals_by_town,
    coverage_figures,
    matched_waits,
    waiting_figures,
)

__all__ = [
    "COVERAGE_GAP_KEYS",
    "INACTIVE_DAYS",
    "MONTHS",
    "PERIOD_DAYS",
    "ActivityFigures",
    "AgeRow",
    "CaseFigures",
    "CoverageFigures",
    "DaysBetween",
    "FeedbackFigures",
    "GapRow",
    "LoadRow",
    "MatchTime",
    "MonthOffers",
    "ParticipationRow",
    "SupporterFigures",
    "Town",
    "WaitingFigures",
    "WaitingRow",
    "activity_figures",
    "arrivals_by_town",
    "case_figures",
    "coverage_figures",
    "feedback_figures",
    "inactive_supporters",
    "matched_waits",
    "months_back",
    "offer_figures",
    "period_start",
    "supporter_figures",
    "waiting_figures",
]
