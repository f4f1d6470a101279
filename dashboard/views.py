"""The coordinators' dashboard: one page of figures with charts, and a CSV per section."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET

from dashboard.report import SECTIONS, dashboard_page
from dashboard.services import dashboard_export
from peers.permissions import role_required
from peers.roles import Role


@role_required(Role.COORDINATOR)
@require_GET
def dashboard_home(request: HttpRequest) -> HttpResponse:
    sections = dashboard_page(now=timezone.now(), rtl=get_language_bidi())
    return render(request, "dashboard/home.html", {"sections": sections})


@role_required(Role.COORDINATOR)
@require_GET
def dashboard_export_csv(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    text = dashboard_export(coordinator=request.user, section=section, now=timezone.now())
    day = timezone.localdate().isoformat()
    # A byte-order mark, so that spreadsheets read the words (Arabic, Tigrinya…) as UTF-8.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="common-ground-{section}-{day}.csv"'
    return response
