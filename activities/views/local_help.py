"""Local help: coordinators keep each town's list of services up to date; anyone reads the
practical guides (public, no login, no JavaScript)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities.local_help import GUIDES, GUIDES_BY_SLUG
from activities.local_help_forms import LocalServiceForm, LocalServiceTownFilter
from activities.selectors.local_help import (
    local_service_get_for_coordinator,
    local_services_list_for_coordinator,
)
from activities.services.local_help import (
    local_service_create,
    local_service_delete,
    local_service_update,
)
from peers.models import Place
from peers.permissions import role_required
from peers.roles import Role

PER_PAGE = 50


@role_required(Role.COORDINATOR)
def local_service_list(request: HttpRequest) -> HttpResponse:
    form = LocalServiceTownFilter(request.GET or None)
    place = form.cleaned_data["town"] if form.is_bound and form.is_valid() else None
    page = Paginator(local_services_list_for_coordinator(place=place), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/local_service_list.html",
        {"form": form, "place": place, "page": page},
    )


@role_required(Role.COORDINATOR)
def local_service_create_view(request: HttpRequest) -> HttpResponse:
    form = LocalServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = local_service_create(coordinator=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added. It is on the town's directory now."))
            return redirect(_list_url(service.place))
    return render(request, "activities/local_service_form.html", {"form": form})


@role_required(Role.COORDINATOR)
def local_service_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    service = local_service_get_for_coordinator(pk=pk)
    form = LocalServiceForm(request.POST or None, initial=LocalServiceForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        try:
            service = local_service_update(service=service, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_list_url(service.place))
    return render(request, "activities/local_service_form.html", {"form": form, "service": service})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def local_service_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    service = local_service_get_for_coordinator(pk=pk)
    if request.method == "POST":
        local_service_delete(service=service)
        messages.success(request, _("Removed from the town's directory."))
        return redirect(_list_url())
    return render(request, "activities/local_service_delete.html", {"service": service})


def guide_list(request: HttpRequest) -> HttpResponse:
    return render(request, "activities/guide_list.html", {"guides": GUIDES})


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = GUIDES_BY_SLUG.get(slug)
    if guide is None:
        raise Http404("no such guide")
    return render(request, guide.template, {"guide": guide, "guides": GUIDES})


def _list_url(place: Place | None = None) -> str:
    url = reverse("activities:local-service-list")
    return f"{url}?{urlencode({'town': place.name})}" if place else url
