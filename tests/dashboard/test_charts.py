"""The SVG bar charts: well-formed XML, an image with a title and a text alternative, values
written as words beside each bar, hidden values marked, labels escaped, mirrored right to
left; and no Django or database inside."""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dashboard import charts
from dashboard.charts import Bar, Group, bar_chart

pytestmark = pytest.mark.no_reference_data
SVG = "{http://www.w3.org/2000/svg}"


def chart(*bars: Bar, rtl: bool = False, title: str = "Waiting by town") -> ET.Element:
    markup = bar_chart(chart_id="c1", title=title, groups=[Group("", bars)], rtl=rtl)
    return ET.fromstring(markup)  # noqa: S314 - our own markup, parsed to prove it is XML


def texts(svg: ET.Element) -> list[str]:
    return [element.text for element in svg.iter(f"{SVG}text")]


def rects(svg: ET.Element) -> list[dict]:
    """The bars, each a rectangle "M x y h width v height h -width z" in a path of its colour,
    in the order they are drawn within each colour."""
    found = []
    for path in svg.iter(f"{SVG}path"):
        for x, y, width, height, back in re.findall(
            r"M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z", path.get("d")
        ):
            assert back == width, "each bar closes on itself"
            found.append(
                {"x": x, "y": y, "width": width, "height": height, "fill": path.get("fill")}
            )
    assert "".join(
        re.findall(
            r"M\d+ \d+h\d+v\d+h-\d+z", "".join(path.get("d") for path in svg.iter(f"{SVG}path"))
        )
    ) == "".join(path.get("d") for path in svg.iter(f"{SVG}path")), "nothing but bars"
    return sorted(found, key=lambda bar: int(bar["y"]))


def test_chart_is_an_image_named_by_its_title_and_text_alternative():
    svg = chart(Bar("Middlesbrough", 12, "12"), Bar("Stockton", None, "fewer than 5"))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Waiting by town"
    assert desc.text == "Middlesbrough: 12; Stockton: fewer than 5"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_each_value_is_written_beside_its_bar():
    svg = chart(Bar("Middlesbrough", 12, "12"), Bar("Hartlepool", 6, "6"))

    assert texts(svg) == ["Middlesbrough", "12", "Hartlepool", "6"]
    widths = [int(rect["width"]) for rect in rects(svg)]
    assert widths[0] > widths[1] > 0
    assert widths[0] == charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH - 2 * charts.PAD


def test_a_hidden_value_is_a_small_grey_marker_labelled_fewer_than_5():
    svg = chart(Bar("Middlesbrough", 40, "40"), Bar("Stockton", None, "fewer than 5"))

    marker = rects(svg)[1]
    assert int(marker["width"]) == charts.MARKER
    assert marker["fill"] == charts.HIDDEN_FILL
    assert "fewer than 5" in texts(svg)


def test_a_zero_draws_no_bar_but_says_0():
    svg = chart(Bar("Middlesbrough", 0, "0"))

    assert rects(svg) == []
    assert texts(svg) == ["Middlesbrough", "0"]


def test_labels_are_escaped_and_characters_xml_cannot_hold_removed():
    nasty = 'Bad <script>alert("x")</script> & \x00\x1f town'

    svg = chart(Bar(nasty, 5, "5"), title=nasty)

    assert svg.find(f"{SVG}title").text == 'Bad <script>alert("x")</script> &  town'
    assert svg.find(f"{SVG}script") is None
    assert texts(svg)[0].endswith("…")  # long labels are shortened in the picture only
    assert nasty.replace("\x00\x1f", "") in svg.find(f"{SVG}desc").text


def test_right_to_left_mirrors_the_bars_and_keeps_the_numbers():
    ltr = chart(Bar("الأول", 10, "10"))
    rtl = chart(Bar("الأول", 10, "10"), rtl=True)

    assert rtl.get("direction") == "rtl" and ltr.get("direction") is None
    bar_ltr, bar_rtl = rects(ltr)[0], rects(rtl)[0]
    assert bar_ltr["width"] == bar_rtl["width"]
    start_ltr = int(bar_ltr["x"])
    end_rtl = int(bar_rtl["x"]) + int(bar_rtl["width"])
    assert end_rtl == charts.WIDTH - start_ltr, "the bar grows from the right edge inwards"
    label_rtl = next(rtl.iter(f"{SVG}text"))
    assert int(label_rtl.get("x")) > charts.WIDTH / 2, "labels sit on the right"
    assert texts(rtl) == ["الأول", "10"]


def test_groups_have_headings_and_a_bar_per_series():
    groups = [
        Group("March", (Bar("Made", 8, "8", 0), Bar("Accepted", 5, "5", 1))),
        Group("April", (Bar("Made", 6, "6", 0), Bar("Accepted", 0, "0", 1))),
    ]

    svg = ET.fromstring(bar_chart(chart_id="g", title="Offers", groups=groups))  # noqa: S314

    assert texts(svg)[:5] == ["March", "Made", "8", "Accepted", "5"]
    assert (
        svg.find(f"{SVG}desc").text == "March — Made: 8; Accepted: 5. April — Made: 6; Accepted: 0"
    )
    fills = {rect["fill"] for rect in rects(svg)}
    assert len(fills) == 2, "series differ in colour, and are named in words as well"


def test_an_empty_chart_says_so():
    svg = ET.fromstring(  # noqa: S314
        bar_chart(chart_id="e", title="Nothing", groups=[], empty="Nothing to show yet.")
    )

    assert texts(svg) == ["Nothing to show yet."]
    assert svg.find(f"{SVG}desc").text == "Nothing to show yet."


@pytest.mark.parametrize("module", ["charts.py", "privacy.py"])
def test_pure_modules_import_no_django(module):
    path = Path(charts.__file__).with_name(module)
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"django", "peers", "dashboard"}, imported
