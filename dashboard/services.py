"""Exports of dashboard figures: each one is a line in the audit log."""

import datetime as dt

from django.db import transaction

from dashboard.report import SECTIONS, section_csv
from peers.models import AuditEvent, User
from peers.services import audit_record


@transaction.atomic
def dashboard_export(*, coordinator: User, section: str, now: dt.datetime) -> str:
    """One section's figures as CSV (small numbers suppressed, no names), recorded in the
    audit log as exported by this coordinator. An unknown section raises KeyError."""
    build = SECTIONS[section]
    text = section_csv(build(now=now))
    audit_record(
        actor=coordinator,
        action=AuditEvent.Action.DASHBOARD_EXPORTED,
        target=f"dashboard {section}",
    )
    return text
