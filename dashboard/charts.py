"""Small horizontal bar charts as inline SVG markup, drawn on the server from plain numbers.

Pure Python (no Django, no database, no JavaScript): the caller passes every word already
translated and every value already through the small-number rule. Each chart is an image
with a title and a text alternative listing every value; each bar carries its value as text
(colour is never the only carrier); a hidden value ("fewer than 5") is drawn as a short grey
marker with its words. Right-to-left pages get a mirrored chart: labels on the right, bars
growing leftwards, numbers still read as numbers.

Why not a library: pygal and matplotlib write SVG with inline <style> (pygal also links
scripts) that our Content-Security-Policy (style-src 'self') refuses, and weigh more than
the page budget allows; the few bars needed here take less code than configuring them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 300
LABEL_WIDTH = 120
VALUE_WIDTH = 74
ROW = 20
BAR = 14
GROUP_ROW = 16
GROUP_BAR = 11
PAD = 4
FONT = 12
MAX_LABEL = 17
MAX_HEADING = 42
MARKER = 3
FILLS = ("#1f6f5c", "#8a3b00", "#3d5a99", "#5b4b7a", "#6b6b6b")
HIDDEN_FILL = "#9a9a9a"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None when hidden by the small-number rule) and the
    words that show the value ("12", "fewer than 5", "3.5 days")."""

    label: str
    value: float | None
    text: str
    series: int = 0


@dataclass(frozen=True)
class Group:
    """Bars under one heading (a month, say); a chart of one group may have no heading."""

    label: str
    bars: tuple[Bar, ...]


def text(value: object) -> str:
    """Text safe inside XML: characters XML cannot hold removed, markup characters escaped."""
    cleaned = _NOT_XML.sub("", str(value))
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _short(label: str, most: int = MAX_LABEL) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def text_alternative(groups: Sequence[Group]) -> str:
    """Every value in words, in order ("Middlesbrough: 12; Stockton: fewer than 5")."""
    parts = []
    for group in groups:
        values = "; ".join(f"{bar.label}: {bar.text}" for bar in group.bars)
        parts.append(f"{group.label} — {values}" if group.label else values)
    return ". ".join(parts)


def bar_chart(
    *, chart_id: str, title: str, groups: Sequence[Group], rtl: bool = False, empty: str = ""
) -> str:
    """An inline SVG bar chart (role="img", a <title> and a <desc> with every value, named by
    aria-labelledby). Bars are scaled to the largest shown value; mirrored when `rtl`."""
    chart_id = _SAFE_ID.sub("-", chart_id)
    bars = [bar for group in groups for bar in group.bars]
    top = max((bar.value for bar in bars if bar.value is not None), default=0) or 0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PAD
    origin = LABEL_WIDTH + PAD

    def x(position: float) -> int:
        """A horizontal position measured from the reading start (mirrored right-to-left)."""
        return round(WIDTH - position if rtl else position)

    shapes: list[str] = []
    # The bars of one colour are one path (a rectangle each): a tenth of the bytes of a
    # <rect> per bar, which a page of charts in Arabic or Ukrainian needs to stay small.
    bars_by_fill: dict[str, list[str]] = {}
    y = PAD
    for group in groups:
        # Bars under a heading are a series (a month's accepted, declined…): tighter rows.
        row, bar_height = (GROUP_ROW, GROUP_BAR) if group.label else (ROW, BAR)
        if group.label:
            shapes.append(
                f'<text x="{x(PAD)}" y="{y + BAR - 2}" font-weight="bold">'
                f"{text(_short(group.label, MAX_HEADING))}</text>"
            )
            y += ROW
        for bar in group.bars:
            baseline = y + bar_height - 2
            shapes.append(f'<text x="{x(PAD)}" y="{baseline}">{text(_short(bar.label))}</text>')
            if bar.value is None:
                length, fill = MARKER, HIDDEN_FILL
            else:
                length = round(span * bar.value / top) if top > 0 else 0
                fill = FILLS[bar.series % len(FILLS)]
            if length > 0:
                left = WIDTH - origin - length if rtl else origin
                bars_by_fill.setdefault(fill, []).append(
                    f"M{left} {y}h{length}v{bar_height}h-{length}z"
                )
            shapes.append(
                f'<text x="{x(origin + length + PAD)}" y="{baseline}">{text(bar.text)}</text>'
            )
            y += row
        if group.label:
            y += PAD
    shapes.extend(f'<path fill="{fill}" d="{"".join(d)}"/>' for fill, d in bars_by_fill.items())
    if not bars:
        shapes.append(f'<text x="{x(PAD)}" y="{y + BAR - 2}">{text(empty)}</text>')
        y += ROW
    height = y + PAD
    direction = ' direction="rtl"' if rtl else ""
    alternative = text_alternative(groups) if bars else empty
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" font-size="{FONT}"{direction} '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{text(title)}</title>'
        f'<desc id="{chart_id}-d">{text(alternative)}</desc>'
        f"{''.join(shapes)}</svg>"
    )
