"""Our own error pages — 404, 403, 500 — in the person's language and direction, with DEBUG
off and (404) on; and the favicon every browser asks for."""

import pytest
from django.conf import settings as django_settings

from tests.pagecheck import page_facts
from tests.peers.factories import NewcomerFactory

pytestmark = pytest.mark.django_db

HEADINGS = {
    404: {"en": "Page not found", "ar": "الصفحة غير موجودة"},
    403: {"en": "This page is not available to you", "ar": None},
    500: {"en": "Something went wrong", "ar": None},
}


def _in(client, language: str):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _assert_ours(response, status: int, language: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    facts = page_facts(html)
    assert facts.html_attrs.get("lang") == language
    assert facts.html_attrs.get("dir") == ("rtl" if language == "ar" else "ltr")
    assert 'href="#main"' in html
    english = HEADINGS[status]["en"]
    if language == "en":
        assert english in html
    else:
        assert english not in html, "the heading is still in English"
        expected = HEADINGS[status]["ar"]
        if expected:
            assert expected in html
    assert "Traceback" not in html and "URLconf" not in html


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("debug", [False, True])
def test_not_found_is_our_page_in_the_persons_language(client, settings, language, debug):
    settings.DEBUG = debug

    _assert_ours(_in(client, language).get("/no-such-page/"), 404, language)


def test_developers_can_still_have_djangos_technical_404(client, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_404 = True

    assert "URLconf" in client.get("/no-such-page/").content.decode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_forbidden_is_our_page_in_the_persons_language(client, settings, language):
    settings.DEBUG = False
    client.force_login(NewcomerFactory())

    _assert_ours(_in(client, language).get("/coordinator/"), 403, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_server_error_is_our_page_in_the_persons_language(client, settings, language):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False

    response = _in(client, language).get("/failing/")

    _assert_ours(response, 500, language)
    assert 'href="/help/"' in response.content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an .ico header
    assert "max-age" in response["Cache-Control"]
