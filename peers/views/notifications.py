from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peers.selectors import notifications_for_user
from peers.services import notifications_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "peers/notification_list.html",
        {"notifications": notifications_for_user(user=request.user)},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("peers:notification-list")
