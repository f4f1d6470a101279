"""Finding activities: the list with its filters and "for you" order, and one activity's page.
Public pages: anyone may look, nothing personal is shown."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from activities.selectors.finding import activities_with_details, activity_sessions_shown


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


def activity_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    activities = list(activities_with_details(now=now)[:20])
    return render(request, "activities/activity_list.html", {"activities": activities})
