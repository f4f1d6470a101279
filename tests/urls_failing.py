"""The site's URLs plus one view that fails, for testing the 500 page."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug, for the test of the 500 page")


urlpatterns = [*site_urlpatterns, path("failing/", failing_view)]
