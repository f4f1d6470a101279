"""The audit log for coordinators: who opened, moderated, verified or exported what, and when.
Reading it, and exporting it, are lines in it too."""

import csv
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from peers.models import AuditEvent
from peers.permissions import role_required
from peers.roles import Role
from peers.selectors.audit import (
    LONDON,
    AuditFilters,
    audit_events_for_coordinator,
    audit_log_readable,
    audit_party_find,
    audit_subject_name,
)
from peers.services import audit_record

PER_PAGE = 50
# One file stays a size a spreadsheet opens; a longer stretch is exported in parts.
CSV_MAX_ROWS = 100_000
# The header in the reader's language, as the action labels are (English: these words).
CSV_HEADER = (
    pgettext_lazy("audit log column", "when"),
    pgettext_lazy("audit log column", "actor"),
    pgettext_lazy("audit log column", "action"),
    pgettext_lazy("audit log column", "subject"),
    pgettext_lazy("audit log column", "target"),
    pgettext_lazy("audit log column", "detail"),
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

View = Callable[..., HttpResponse]


def two_factor_required(view: View) -> View:
    """The audit log asks for the second factor itself, so holding another role too (a
    supporter who also coordinates) never lets a coordinator without one in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not audit_log_readable(user=request.user):
            messages.warning(
                request,
                _(
                    "Coordinators must use two-factor login. Set up an authenticator app "
                    "to open coordinator pages."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


class AuditFilterForm(forms.Form):
    coordinator = forms.CharField(
        label=gettext_lazy("Done by (username)"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("The coordinator, or a person for their own data."),
    )
    person = forms.CharField(
        label=gettext_lazy("About (username)"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("A deleted account is found by the pseudonym the log shows."),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[("", gettext_lazy("Anything")), *AuditEvent.Action.choices],
    )
    date_from = forms.DateField(
        label=gettext_lazy("From (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To (date, included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _party(self, field: str, side: str):
        name = self.cleaned_data[field].strip()
        if not name:
            return None
        party = audit_party_find(name=name, side=side)
        if party is None:
            raise ValidationError(
                _("There is no account or audit line with the username “%(name)s”."),
                params={"name": name},
            )
        return party

    def clean_coordinator(self):
        return self._party("coordinator", "actor")

    def clean_person(self):
        return self._party("person", "subject")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("The “To” date is before the “From” date. Please change one.")
            )
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data["coordinator"],
            subject=data["person"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def _record_read(
    request: HttpRequest, action: AuditEvent.Action, filters: AuditFilters, more: str
) -> AuditEvent:
    return audit_record(
        actor=request.user,
        action=action,
        subject=filters.subject.user if filters.subject else None,
        target="audit log",
        detail=f"{filters.describe()}; {more}",
    )


@role_required(Role.COORDINATOR)
@two_factor_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "peers/audit_log.html", {"form": form, "page": None, "lines": []})
    filters = form.filters()
    events = audit_events_for_coordinator(user=request.user, filters=filters)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    lines = list(page.object_list)
    _record_read(request, AuditEvent.Action.AUDIT_READ, filters, f"page {page.number}")
    return render(request, "peers/audit_log.html", {"form": form, "page": page, "lines": lines})


class _Echo:
    """A file-like object that hands back what the csv writer writes (Django's streaming CSV
    recipe): rows leave as they are read, never the whole log in memory at once."""

    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_lines(
    events: Iterable[AuditEvent], header: list[str], labels: dict[str, str]
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so a spreadsheet reads Arabic, Persian and Tigrinya names as UTF-8
    yield writer.writerow(header)
    for event in events:
        yield writer.writerow(
            [
                timezone.localtime(event.at, LONDON).isoformat(timespec="seconds"),
                _cell(event.actor_label),
                labels.get(event.action, event.action),
                _cell(audit_subject_name(event)),
                _cell(event.target),
                _cell(event.detail),
            ]
        )


@role_required(Role.COORDINATOR)
@two_factor_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    back = f"{reverse('peers:audit-log')}?{request.GET.urlencode()}"
    if not form.is_valid():
        messages.error(request, _("No file was made: please correct the filters first."))
        return redirect(back)
    filters = form.filters()
    events = audit_events_for_coordinator(user=request.user, filters=filters)
    total = events.count()
    if total > CSV_MAX_ROWS:
        messages.error(
            request,
            _(
                "That is %(total)s lines, more than %(limit)s for one file. Please choose a "
                "shorter stretch of dates and export it in parts."
            )
            % {"total": total, "limit": CSV_MAX_ROWS},
        )
        return redirect(back)
    line = _record_read(request, AuditEvent.Action.AUDIT_EXPORTED, filters, f"{total} lines")
    # Words in the reader's language now: the rows are written after this view returns.
    header = [str(column) for column in CSV_HEADER]
    labels = {value: str(label) for value, label in AuditEvent.Action.choices}
    rows = events.exclude(pk=line.pk)[:CSV_MAX_ROWS].iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        _csv_lines(rows, header, labels), content_type="text/csv; charset=utf-8"
    )
    today = timezone.localdate(timezone=LONDON).isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{today}.csv"'
    return response
