"""The sections as the page shows them (with their charts) and as CSV downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dashboard.charts import Bar, Group, bar_chart
from dashboard.report import cells
from dashboard.report.cells import CHART_BARS, Cell, Row, Section, Table
from dashboard.report.sections import SECTIONS


def _row_label(table: Table, row: Row) -> str:
    return " · ".join(cell.text for cell in row.cells[: table.label_columns])


def _bar(name: str, cell: Cell, series: int = 0) -> Bar:
    return Bar(name, None if cell.hidden else (cell.value or 0.0), cell.text, series)


def table_charts(table: Table, *, rtl: bool) -> list[tuple[str, SafeString]]:
    """The table's charts (its first CHART_BARS charted rows) with their captions: one per
    drawn column, or one with a group of bars per row."""
    rows = [row for row in table.rows if row.charted][:CHART_BARS]
    empty = gettext("Nothing to show yet.")
    if table.grouped:
        groups = [
            Group(
                _row_label(table, row),
                tuple(
                    _bar(table.columns[column], row.cells[column], series)
                    for series, column in enumerate(table.chart_columns)
                ),
            )
            for row in rows
        ]
        # " · " and not ", ": a comma is a different letter in Arabic and Persian.
        caption = " · ".join(table.columns[column] for column in table.chart_columns)
        markup = bar_chart(
            chart_id=f"chart-{table.key}",
            title=f"{table.caption}: {caption}",
            groups=groups,
            rtl=rtl,
            empty=empty,
        )
        return [(caption, mark_safe(markup))]  # noqa: S308 - dashboard.charts escapes every text
    charts = []
    for column in table.chart_columns:
        bars = tuple(_bar(_row_label(table, row), row.cells[column]) for row in rows)
        markup = bar_chart(
            chart_id=f"chart-{table.key}-{column}",
            title=f"{table.caption}: {table.columns[column]}",
            groups=[Group("", bars)] if bars else [],
            rtl=rtl,
            empty=empty,
        )
        charts.append((table.columns[column], mark_safe(markup)))  # noqa: S308 - all escaped
    return charts


def dashboard_page(*, now: dt.datetime, rtl: bool) -> list[Section]:
    """Every section, with its charts, for the page (the first rows of each table only: the
    rest are in the exports)."""
    sections = [build(now=now, limit=cells.PAGE_ROWS) for build in SECTIONS.values()]
    for section in sections:
        for table in section.tables:
            table.charts = table_charts(table, rtl=rtl)
    return sections


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def section_csv(section: Section) -> str:
    """The section's figures and tables as CSV blocks (a title line, a header line, rows, a
    blank line), with the same words the page shows; never the names on the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([section.title])
    if section.figures:
        for name, cell in section.figures:
            writer.writerow([name, cell.text])
        writer.writerow([])
    for table in section.tables:
        writer.writerow([table.caption])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_spreadsheet_safe(cell.text) for cell in row.cells])
        writer.writerow([])
    # What the words in place of numbers mean, for whoever the file is sent to.
    writer.writerow([gettext("Figures under 5 people are shown as “fewer than 5”.")])
    writer.writerow(
        [
            gettext(
                "A figure shown as “withheld” is not small itself, but with the total and "
                "the figures beside it, it would let a hidden one be worked out."
            )
        ]
    )
    return out.getvalue()
