"""Finding activities: the list with its filters and "for you" order, and one activity's page.
Public pages: anyone may look, nothing personal is shown."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from activities import recommend
from activities.filters import TOWN_DEFAULT_KM, ActivityFilterForm, Order
from activities.selectors.finding import (
    PER_PAGE,
    Search,
    activities_in_order,
    activities_with_details,
    activity_next_session,
    activity_search,
    activity_sessions_shown,
    person_for_recommendations,
)
from peers.geo import distance_label
from peers.models import Place
from peers.selectors.pairing import reason_translator


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    activity = get_object_or_404(activities_with_details(now=now), pk=pk)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "sessions": activity_sessions_shown(activity=activity, now=now),
        },
    )


def _search_from(form: ActivityFilterForm, person: recommend.Person | None) -> Search:
    """The valid part of the filters (a bad value is reported on the form and left out)."""
    data = form.cleaned_data if form.is_bound else {}
    km = data.get("km")
    if form.place is not None and km is None:
        km = TOWN_DEFAULT_KM
    centre = form.place
    if centre is None and person is not None:
        centre = Place(latitude=person.lat, longitude=person.lon)
    return Search(
        centre=centre,
        km=float(km) if km is not None and centre is not None else None,
        interest=data.get("interest") or "",
        language=data.get("language") or "",
        day=data.get("day") or "",
        part=data.get("part") or "",
        free=bool(data.get("free")),
        women_only=bool(data.get("women_only")),
        family_friendly=bool(data.get("family_friendly")),
        step_free=bool(data.get("step_free")),
        online=bool(data.get("online")),
    )


def activity_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    person = person_for_recommendations(user=request.user)
    form = ActivityFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown with the form; the valid filters still apply
    search = _search_from(form, person)
    asked = form.cleaned_data.get("order") if form.is_bound else ""
    order = asked or (Order.FOR_YOU if person else Order.NEAREST if search.centre else Order.NAME)
    if order == Order.FOR_YOU and person is None:
        order = Order.NEAREST if search.centre else Order.NAME
    km_without_town = form.is_bound and form.cleaned_data.get("km") and search.centre is None
    result = activity_search(search=search, now=now, person=person, order=order)
    page = Paginator(result.items, PER_PAGE).get_page(request.GET.get("page"))
    activities = activities_in_order(ids=[found.id for found in page], now=now)
    translator = reason_translator() if result.person is not None else None
    shown = []
    for found, activity in zip(page, activities, strict=False):
        reasons = result.reasons(found)
        shown.append(
            {
                "activity": activity,
                "next": activity_next_session(activity=activity, now=now),
                "distance": distance_label(found.distance_km)
                if found.distance_km is not None
                else "",
                "reasons": recommend.reasons_render(reasons, translator) if reasons else [],
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "form": form,
            "page": page,
            "shown": shown,
            "order": order,
            "person": person,
            "km_without_town": km_without_town,
            "query": query.urlencode(),
            "asked_for_you_without_profile": asked == Order.FOR_YOU and person is None,
        },
    )
