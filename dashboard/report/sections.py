"""The dashboard's seven sections as tables of words, built from the selectors' figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext, pgettext

from activities.models import Organisation
from chat.models import Case as SafetyCase
from dashboard import selectors
from dashboard.privacy import WITHHELD, protect, summary_shown, suppress
from dashboard.report.cells import (
    NOTHING,
    Cell,
    Row,
    Section,
    Table,
    first_rows,
    label,
    language_name,
    month_name,
    numeric,
    parts_of,
    people,
    rank,
    shown,
    summary,
    town_name,
)
from feedback.models import Feedback


def _waiting_table(key: str, caption: str, first: str, items, total: int) -> Table:
    """Rows of (name, waiting now, matched, match time), the counts already protected."""
    return Table(
        total=total,
        key=key,
        caption=caption,
        columns=[
            first,
            gettext("Waiting now"),
            gettext("Matched in the last 90 days"),
            gettext("Median days to match"),
        ],
        rows=[
            Row(
                [
                    label(name),
                    shown(waiting),
                    shown(matched),
                    summary(times.median_days, times.people),
                ]
            )
            for name, waiting, matched, times in items
        ],
        chart_columns=(1, 3),
    )


def _waiting_rows(rows: list, figures: selectors.WaitingFigures, name) -> tuple[list, bool, bool]:
    """Every row (town or language) with its counts protected against the headline totals,
    most waiting first by what is shown; and whether each total must be withheld."""
    waiting, waiting_withheld = protect([row.waiting for _key, row in rows], total=figures.waiting)
    matched, matched_withheld = protect(
        [row.matched.people for _key, row in rows], total=figures.matched.people
    )
    items = [
        (key, row, shown_waiting, shown_matched)
        for (key, row), shown_waiting, shown_matched in zip(rows, waiting, matched, strict=True)
    ]
    items.sort(key=lambda item: (rank(item[2]), rank(item[3]), name(item[0])))
    return items, waiting_withheld, matched_withheld


def waiting_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.waiting_figures(now=now)
    towns, town_waiting_withheld, town_matched_withheld = _waiting_rows(
        figures.by_town, figures, town_name
    )
    languages, language_waiting_withheld, language_matched_withheld = _waiting_rows(
        [(row.key, row) for row in figures.by_language], figures, language_name
    )
    towns, town_count = first_rows(towns, limit)
    languages, language_count = first_rows(languages, limit)
    withheld_total = {
        "waiting": town_waiting_withheld or language_waiting_withheld,
        "matched": town_matched_withheld or language_matched_withheld,
    }
    return Section(
        slug="waiting",
        title=gettext("Waiting list and time to match"),
        intro=gettext(
            "People waiting for a peer supporter now (an offer out included), and how long "
            "the people matched in the last 90 days had waited (median, in days), by the "
            "town in their profile and by their first language. A local supporter found "
            "for someone who moved while still supported is not counted as a match here: "
            "they were never without a supporter."
        ),
        figures=[
            (
                gettext("Waiting now"),
                shown(WITHHELD) if withheld_total["waiting"] else people(figures.waiting),
            ),
            (
                gettext("Matched in the last 90 days"),
                shown(WITHHELD) if withheld_total["matched"] else people(figures.matched.people),
            ),
            (
                gettext("Median days to match"),
                summary(figures.matched.median_days, figures.matched.people),
            ),
        ],
        tables=[
            _waiting_table(
                "waiting-town",
                gettext("By town"),
                gettext("Town"),
                [(town_name(town), w, m, row.matched) for town, row, w, m in towns],
                town_count,
            ),
            _waiting_table(
                "waiting-language",
                gettext("By first language"),
                gettext("First language"),
                [(language_name(code), w, m, row.matched) for code, row, w, m in languages],
                language_count,
            ),
        ],
    )


def _offers_row(month: selectors.MonthOffers) -> Row:
    """A month: offers made, and how they ended (none of which "made" less the others
    gives away)."""
    ended, made = parts_of(
        [month.accepted, month.declined, month.expired, month.other], total=month.made
    )
    return Row([label(month_name(month.month)), shown(made), *map(shown, ended)])


def offers_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    months = selectors.offer_figures(now=now)
    return Section(
        slug="offers",
        title=gettext("Offers to supporters"),
        intro=gettext("Offers made to supporters in each of the last 6 months, by how they ended."),
        figures=[],
        tables=[
            Table(
                key="offers-month",
                caption=gettext("By month"),
                columns=[
                    gettext("Month"),
                    gettext("Made"),
                    pgettext("offers", "Accepted"),
                    pgettext("offers", "Declined"),
                    pgettext("offers", "Expired"),
                    gettext("Still open or withdrawn"),
                ],
                rows=[_offers_row(month) for month in months],
                # "Made" is in the table: the chart shows how they ended.
                chart_columns=(2, 3, 4),
                grouped=True,
            )
        ],
    )


def _load(figures: selectors.SupporterFigures) -> list[tuple[str, int]]:
    """Active supporters as full, with room while supporting someone, or supporting nobody
    now. (One row per "n of m" made many rows under 5, and with the places and people
    supported added up beside them, those could be solved for.)"""
    full = sum(row.supporters for row in figures.load if row.active >= row.capacity)
    idle = sum(
        row.supporters for row in figures.load if row.active == 0 and row.active < row.capacity
    )
    return [
        (gettext("Full: supporting as many people as they can"), full),
        (gettext("Supporting someone, with room for more"), figures.active - full - idle),
        (gettext("Supporting nobody now"), idle),
    ]


def supporters_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.supporter_figures(now=now)
    load = _load(figures)
    counts, active = parts_of([n for _name, n in load], total=figures.active)
    # Places and people supported add up over the supporters' loads: shown only while no
    # load is hidden, or they would help work a hidden one out.
    exact = all(numeric(value) for value in counts)
    return Section(
        slug="supporters",
        title=gettext("Supporters' load"),
        intro=gettext(
            "Active supporters: full, with room, or supporting nobody now; how many people "
            "they said they can support, and how many they support now; and those verified "
            "over 30 days ago who have sent no message and answered no offer in the last 30 "
            "days."
        ),
        figures=[
            (gettext("Active supporters"), shown(active)),
            (
                gettext("People they can support"),
                people(figures.places) if exact else shown(WITHHELD),
            ),
            (
                gettext("People they support now"),
                people(figures.in_use) if exact else shown(WITHHELD),
            ),
            (gettext("Inactive for 30 days"), people(figures.inactive)),
        ],
        tables=[
            Table(
                key="supporters-load",
                caption=gettext("Load"),
                columns=[gettext("Load"), gettext("Supporters")],
                rows=[
                    Row([label(name), shown(value)])
                    for (name, _n), value in zip(load, counts, strict=True)
                ],
            )
        ],
        names=figures.inactive_names,
        names_more=max(0, figures.inactive - len(figures.inactive_names)),
    )


def coverage_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.coverage_figures(now=now)
    gaps = sorted(
        figures.gaps,
        key=lambda row: (
            rank(suppress(row.waiting)),
            rank(suppress(row.no_speaker)),
            row.town.name,
            row.language,
        ),
    )
    arrivals = sorted(figures.arrivals, key=lambda item: (rank(suppress(item[1])), item[0].name))
    gaps, gap_count = first_rows(gaps, limit)
    arrivals, arrival_count = first_rows(arrivals, limit)
    return Section(
        slug="coverage",
        title=gettext("Coverage gaps"),
        intro=gettext(
            "People waiting with no supporter within their reach who speaks their language, "
            "by town and first language, worst first, as the last matching run found them "
            "(where a speaker within reach is only full, that is not a gap: they are "
            "waiting for a place), and of them, those whose languages no active supporter "
            "speaks anywhere; and people who moved to each town in the last 90 days."
        ),
        figures=[],
        tables=[
            Table(
                key="coverage-gaps",
                caption=gettext("Languages with no supporter within reach"),
                columns=[
                    gettext("Town"),
                    gettext("Language"),
                    pgettext("number of people", "Waiting"),
                    # Short: a long heading stands tall over a phone's narrow column.
                    gettext("Of whom: no speaker anywhere"),
                ],
                rows=[
                    Row(
                        [
                            label(town_name(row.town)),
                            label(language_name(row.language)),
                            people(row.waiting),
                            people(row.no_speaker),
                        ]
                    )
                    for row in gaps
                ],
                total=gap_count,
                label_columns=2,
                chart_columns=(2,),
            ),
            Table(
                key="coverage-arrivals",
                caption=gettext("Arrivals in the last 90 days"),
                columns=[gettext("Town"), gettext("People who moved there")],
                rows=[Row([label(town_name(town)), people(n)]) for town, n in arrivals],
                total=arrival_count,
            ),
        ],
    )


def activities_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.activity_figures(now=now)
    by_kind = sorted(
        figures.by_kind,
        key=lambda row: (rank(suppress(row.coming)), rank(suppress(row.waiting)), row.key),
    )
    towns = sorted(
        figures.by_town,
        key=lambda item: (
            rank(suppress(item[1].coming)),
            rank(suppress(item[1].waiting)),
            item[0].name,
        ),
    )
    towns, town_count = first_rows(towns, limit)
    kinds = dict(Organisation.Kind.choices)
    return Section(
        slug="activities",
        title=gettext("Activity participation"),
        intro=gettext(
            "People coming to running activities or on their waiting lists, by kind of group "
            "and by town; and session ratings (1 to 5) in the last 90 days."
        ),
        figures=[],
        tables=[
            Table(
                key="activities-kind",
                caption=gettext("By kind of group"),
                columns=[
                    gettext("Kind of group"),
                    gettext("Coming"),
                    gettext("On a waiting list"),
                    gettext("People who rated sessions"),
                    gettext("Average rating"),
                ],
                rows=[
                    Row(
                        [
                            label(str(kinds.get(row.key, row.key))),
                            people(row.coming),
                            people(row.waiting),
                            people(row.rated_by),
                            summary(
                                row.rating_total / row.ratings if row.ratings else None,
                                row.rated_by,
                            ),
                        ]
                    )
                    for row in by_kind
                ],
                chart_columns=(1, 2),
                grouped=True,
            ),
            Table(
                key="activities-town",
                caption=gettext("By town"),
                columns=[gettext("Town"), gettext("Coming"), gettext("On a waiting list")],
                rows=[
                    Row(
                        [
                            label(town_name(town, none=gettext("Online"))),
                            people(row.coming),
                            people(row.waiting),
                        ]
                    )
                    for town, row in towns
                ],
                total=town_count,
            ),
        ],
    )


def feedback_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    scores = sorted(selectors.feedback_figures(now=now).scores.items(), reverse=True)
    given = sum(n for _score, n in scores)
    counts, given_shown = parts_of([n for _score, n in scores], total=given)
    average = sum(score * n for score, n in scores) / given if given else None
    # The average with the count of each score gives a hidden count away: shown only when
    # every count is.
    if summary_shown(given) and not all(numeric(value) for value in counts):
        average_cell = shown(WITHHELD)
    else:
        average_cell = summary(average, given)
    labels = dict(Feedback.Score.choices)
    return Section(
        slug="feedback",
        title=gettext("Feedback scores"),
        intro=gettext("Scores given with feedback and complaints in the last 90 days."),
        figures=[
            (gettext("Scores given"), shown(given_shown)),
            (gettext("Average score (1 to 5)"), average_cell),
        ],
        tables=[
            Table(
                key="feedback-scores",
                caption=gettext("Scores"),
                columns=[gettext("Score"), gettext("How many gave it")],
                rows=[
                    Row([label(f"{score} · {labels[score]}"), shown(value)])
                    for (score, _n), value in zip(scores, counts, strict=True)
                ],
            )
        ],
    )


def _age_cells(row: selectors.AgeRow, *, closed: str) -> list[Cell]:
    """All of them, and the open ones by age (none of which "all" less the others gives
    away); closed ones have no age."""
    if row.status == closed:
        return [people(row.total), NOTHING, NOTHING, NOTHING]
    ages, total = parts_of(
        [row.ages.get(bucket, 0) for bucket in ("new", "week", "older")], total=row.total
    )
    return [shown(total), *map(shown, ages)]


AGE_COLUMNS = (
    lambda: gettext("Open under 2 days"),
    lambda: gettext("Open 2 to 7 days"),
    lambda: gettext("Open over 7 days"),
)


def cases_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.case_figures(now=now)
    feedback_status = {
        **dict(Feedback.Status.choices),
        Feedback.Status.RESOLVED: gettext("Answered in the last 90 days"),
    }
    case_status = {
        **dict(SafetyCase.Status.choices),
        SafetyCase.Status.CLOSED: gettext("Closed in the last 90 days"),
    }
    case_kind = dict(SafetyCase.Kind.choices)
    order = {status: k for k, status in enumerate(Feedback.Status.values)}
    case_order = {status: k for k, status in enumerate(SafetyCase.Status.values)}
    ages = [column() for column in AGE_COLUMNS]
    return Section(
        slug="cases",
        title=gettext("Complaints and safeguarding cases"),
        intro=gettext(
            "Complaints and cases (safeguarding alerts, reports and messages to the team) "
            "open now by how long they have been open, and those closed in the last 90 days."
        ),
        figures=[],
        tables=[
            Table(
                key="cases-complaints",
                caption=gettext("Complaints"),
                columns=[gettext("Status"), gettext("All"), *ages],
                rows=[
                    Row(
                        [
                            label(str(feedback_status.get(row.status, row.status))),
                            *_age_cells(row, closed=Feedback.Status.RESOLVED),
                        ],
                        charted=row.status != Feedback.Status.RESOLVED,
                    )
                    for row in sorted(figures.complaints, key=lambda r: order.get(r.status, 9))
                ],
                chart_columns=(2, 3, 4),
                grouped=True,
            ),
            Table(
                key="cases-cases",
                caption=gettext("Safeguarding alerts, reports and messages to the team"),
                columns=[gettext("Kind"), gettext("Status"), gettext("All"), *ages],
                rows=[
                    Row(
                        [
                            label(str(case_kind.get(row.kind, row.kind))),
                            label(str(case_status.get(row.status, row.status))),
                            *_age_cells(row, closed=SafetyCase.Status.CLOSED),
                        ],
                        charted=row.status != SafetyCase.Status.CLOSED,
                    )
                    for row in sorted(
                        figures.cases, key=lambda r: (r.kind, case_order.get(r.status, 9))
                    )
                ],
                label_columns=2,
                chart_columns=(3, 4, 5),
                grouped=True,
            ),
        ],
    )


SECTIONS: dict[str, Callable[..., Section]] = {
    "waiting": waiting_section,
    "offers": offers_section,
    "supporters": supporters_section,
    "coverage": coverage_section,
    "activities": activities_section,
    "feedback": feedback_section,
    "cases": cases_section,
}
