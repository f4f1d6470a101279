"""On an Arabic page, what people wrote in English reads as they wrote it: the full stop at
the end, "(Home Office)" inside its own brackets, and the list around it still right to left."""

from collections.abc import Callable

from django.conf import settings
from playwright.sync_api import Page

from tests.browser.journeys import run_in_thread, session_log_in
from tests.peers.factories import active_pairing, newcomer_ready, supporter_ready

BIO = "I came here a few years ago (Home Office)."
NAME = "Hanna J."

# Where each character of an element's text is drawn: [left, top] per character.
CHARACTER_BOXES = """element => {
  const text = element.firstChild;
  return Array.from(text.textContent, (_, i) => {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const box = range.getBoundingClientRect();
    return [box.left, box.top];
  });
}"""


def _reads_left_to_right(page: Page, selector: str, text: str) -> bool:
    """Whether `text`, the whole content of the element, is drawn in writing order left to
    right: on each line, every character is drawn right of the one written before it."""
    element = page.locator(selector, has_text=text).first
    assert element.inner_text() == text
    boxes = element.evaluate(CHARACTER_BOXES)
    return all(
        after[0] > before[0]
        for before, after in zip(boxes, boxes[1:], strict=False)
        if abs(after[1] - before[1]) < 1  # the same line
    )


def test_english_words_on_an_arabic_page_keep_their_order(
    open_page: Callable[..., Page], asgi_server: str
):
    def make():
        from peers.services import supporter_profile_update

        supporter = supporter_ready(display_name=NAME)
        supporter_profile_update(
            user=supporter, bio=BIO, capacity=1, radius_km=10, remote_ok=False, wants_gender=""
        )
        newcomer = newcomer_ready(languages=(("ar", "", True), ("uk", "", False)))
        active_pairing(newcomer, supporter)
        return newcomer

    newcomer = run_in_thread(make)
    page = open_page()
    session_log_in(page, user=newcomer, server=asgi_server)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": asgi_server}]
    )

    page.goto("/support/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _reads_left_to_right(page, "p[dir=auto]", BIO), "the bio's full stop moved"
    assert _reads_left_to_right(page, "h2 bdi", NAME), "the name's full stop moved"

    page.goto("/newcomer/")
    assert _reads_left_to_right(page, "#glance-support + p bdi", NAME)

    page.goto("/profile/")
    # The language list keeps the page's direction: each name starts at its item's right edge,
    # the Ukrainian one too, isolated in its own direction inside it.
    for code in ("uk", "ar"):
        item = page.locator(f"li:has(> bdi[lang={code}])").bounding_box()
        name = page.locator(f"bdi[lang={code}]").bounding_box()
        assert abs((item["x"] + item["width"]) - (name["x"] + name["width"])) < 2, code
