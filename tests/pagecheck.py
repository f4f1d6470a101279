"""Checks every page must pass: weight budget, accessibility basics, no third-party assets."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import Client

PAGE_BUDGET_BYTES = 60 * 1024
UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class PageFacts(HTMLParser):
    html_attrs: dict = field(default_factory=dict)
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)
    fields: list[dict] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    label_depth: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "html":
            self.html_attrs = attributes
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href", ""))
        elif tag == "script" and attributes.get("type") != "application/json":
            # JSON data blocks are never executed; anything else must be our own file, since
            # the Content-Security-Policy forbids inline script.
            self.scripts.append(attributes.get("src") or "<inline>")
        elif tag == "label":
            self.label_depth += 1
            if attributes.get("for"):
                self.label_targets.add(attributes["for"])
        elif tag in {"input", "select", "textarea"}:
            if attributes.get("type", "text") not in UNLABELLED_OK:
                self.fields.append({**attributes, "_wrapped": self.label_depth > 0})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled_fields(self) -> list[str]:
        return [
            f.get("name", "?")
            for f in self.fields
            if not f["_wrapped"]
            and f.get("id") not in self.label_targets
            and not f.get("aria-label")
            and not f.get("aria-labelledby")
        ]


def page_facts(html: str) -> PageFacts:
    facts = PageFacts()
    facts.feed(html)
    return facts


def asset_bytes(url: str) -> int:
    """Size of one of our own static files, as it would be transferred uncompressed."""
    assert url.startswith("/static/"), f"third-party or unexpected asset: {url}"
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"missing static file {url}"
    with open(path, "rb") as handle:
        return len(handle.read())


def page_weight(client: Client, html: str) -> int:
    facts = page_facts(html)
    assets = [*facts.stylesheets, *[src for src in facts.scripts if src != "<inline>"]]
    return len(html.encode()) + sum(asset_bytes(url) for url in assets)
