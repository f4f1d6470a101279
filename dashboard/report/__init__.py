"""The dashboard's sections as tables of words, the small-number rule already applied to
every cell, so that the page, its charts and the CSV downloads show exactly the same thing:
cells (the rule, the words), sections (the seven tables), output (charts, page, CSV)."""

from dashboard.report import cells
from dashboard.report.cells import (
    CHART_BARS,
    PAGE_ROWS,
    Cell,
    Row,
    Section,
    Table,
    label,
    people,
    summary,
)
from dashboard.report.output import dashboard_page, section_csv, table_charts
from dashboard.report.sections import (
    SECTIONS,
    activities_section,
    cases_section,
    coverage_section,
    feedback_section,
    offers_section,
    supporters_section,
    waiting_section,
)

__all__ = [
    "CHART_BARS",
    "PAGE_ROWS",
    "SECTIONS",
    "Cell",
    "Row",
    "Section",
    "Table",
    "activities_section",
    "cases_section",
    "cells",
    "coverage_section",
    "dashboard_page",
    "feedback_section",
    "label",
    "offers_section",
    "people",
    "section_csv",
    "summary",
    "supporters_section",
    "table_charts",
    "waiting_section",
]
