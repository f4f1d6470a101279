"""The dashboard's seven sections as tables of words, built from the selectors' figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext, pgettext

from activities.models import Organisation
from chat.models import Case as SafetyCase
from dashboard import selectors
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
    people,
    summary,
    town_name,
)
from feedback.models import Feedback


def _waiting_table(key: str, caption: str, first: str, items, total: int) -> Table:
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
                    people(row.waiting),
                    people(row.matched.people),
                    summary(row.matched.median_days, row.matched.people),
                ]
            )
            for name, row in items
        ],
        chart_columns=(1, 3),
    )


def waiting_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.waiting_figures(now=now)
    towns, town_count = first_rows(figures.by_town, limit)
    languages, language_count = first_rows(figures.by_language, limit)
    return Section(
        slug="waiting",
        title=gettext("Waiting list and time to match"),
        intro=gettext(
            "People waiting for a peer supporter now (an offer out included), and how long "
            "the people matched in the last 90 days had waited (median, in days), by the "
            "town in their profile and by their first language."
        ),
        figures=[
            (gettext("Waiting now"), people(figures.waiting)),
            (gettext("Matched in the last 90 days"), people(figures.matched.people)),
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
                [(town_name(town), row) for town, row in towns],
                town_count,
            ),
            _waiting_table(
                "waiting-language",
                gettext("By first language"),
                gettext("First language"),
                [(language_name(row.key), row) for row in languages],
                language_count,
            ),
        ],
    )


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
                rows=[
                    Row(
                        [
                            label(month_name(month.month)),
                            people(month.made),
                            people(month.accepted),
                            people(month.declined),
                            people(month.expired),
                            people(month.other),
                        ]
                    )
                    for month in months
                ],
                # "Made" is in the table: the chart shows how they ended.
                chart_columns=(2, 3, 4),
                grouped=True,
            )
        ],
    )


def supporters_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.supporter_figures(now=now)
    load, load_count = first_rows(figures.load, limit)
    return Section(
        slug="supporters",
        title=gettext("Supporters' load"),
        intro=gettext(
            "Active supporters by how many people they support now against how many they "
            "said they can; and those verified over 30 days ago who have sent no message "
            "and answered no offer in the last 30 days."
        ),
        figures=[
            (gettext("Active supporters"), people(figures.active)),
            (gettext("People they can support"), people(figures.places)),
            (gettext("People they support now"), people(figures.in_use)),
            (gettext("Inactive for 30 days"), people(figures.inactive)),
        ],
        tables=[
            Table(
                key="supporters-load",
                caption=gettext("Load"),
                columns=[gettext("Supporting now, of how many they can"), gettext("Supporters")],
                rows=[
                    Row(
                        [
                            label(
                                gettext("%(active)s of %(capacity)s")
                                % {"active": row.active, "capacity": row.capacity}
                            ),
                            people(row.supporters),
                        ]
                    )
                    for row in load
                ],
                total=load_count,
            )
        ],
        names=figures.inactive_names,
        names_more=max(0, figures.inactive - len(figures.inactive_names)),
    )


def coverage_section(*, now: dt.datetime, limit: int | None = None) -> Section:
    figures = selectors.coverage_figures(now=now)
    gaps, gap_count = first_rows(figures.gaps, limit)
    arrivals, arrival_count = first_rows(figures.arrivals, limit)
    return Section(
        slug="coverage",
        title=gettext("Coverage gaps"),
        intro=gettext(
            "Languages people are waiting for with no supporter who speaks them, and has "
            "room, within reach, per town, worst first, as the last matching run found them; "
            "and people who moved to each town in the last 90 days."
        ),
        figures=[],
        tables=[
            Table(
                key="coverage-gaps",
                caption=gettext("Languages with no supporter within reach"),
                columns=[
                    gettext("Town"),
                    gettext("Language"),
                    gettext("Waiting"),
                    gettext("Of whom: no supporter with room speaks it"),
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
    towns, town_count = first_rows(figures.by_town, limit)
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
                    for row in figures.by_kind
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
    scores = selectors.feedback_figures(now=now).scores
    given = sum(scores.values())
    average = sum(score * n for score, n in scores.items()) / given if given else None
    labels = dict(Feedback.Score.choices)
    return Section(
        slug="feedback",
        title=gettext("Feedback scores"),
        intro=gettext("Scores given with feedback and complaints in the last 90 days."),
        figures=[
            (gettext("Scores given"), people(given)),
            (gettext("Average score (1 to 5)"), summary(average, given)),
        ],
        tables=[
            Table(
                key="feedback-scores",
                caption=gettext("Scores"),
                columns=[gettext("Score"), gettext("How many gave it")],
                rows=[
                    Row([label(f"{score} · {labels[score]}"), people(n)])
                    for score, n in sorted(scores.items(), reverse=True)
                ],
            )
        ],
    )


def _age_cells(row: selectors.AgeRow, *, closed: str) -> list[Cell]:
    if row.status == closed:
        return [NOTHING, NOTHING, NOTHING]
    return [people(row.ages.get(bucket, 0)) for bucket in ("new", "week", "older")]


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
                            people(row.total),
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
                            people(row.total),
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
