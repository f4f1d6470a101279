"""Response headers the whole site needs."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found


class PrivatePagesNotStored:
    """Pages for a logged-in person are never stored by the browser or a proxy: people share
    phones and use library computers, and the back button must not bring back someone's chat
    or profile after they logged out. Public pages stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class OwnNotFoundPageInDebug:
    """With DEBUG on (the demo), Django answers "not found" with its technical page: English
    whatever the person reads, every URL pattern listed, wider than a phone. Show our own page,
    as production does. DEBUG_TECHNICAL_404=1 brings Django's back for developers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.DEBUG_TECHNICAL_404
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, Http404())
        return response
