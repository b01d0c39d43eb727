"""The Jinja environment: autoescaping, JSON blocks that markup cannot leave, StrictUndefined."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from jinja2 import UndefinedError

from reports.environment import make_environment

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
]


class _Collector(HTMLParser):
    """Collects the text of <script type="application/json"> blocks and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.json_blocks: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_json = tag == "script" and attributes.get("type") == "application/json"
        if self._in_json:
            self.json_blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks[-1] += data


def _env():
    env = make_environment()
    return env


def test_user_strings_are_escaped_in_html() -> None:
    html = _env().from_string('<p>{{ name }}</p><a title="{{ name }}">x</a>').render(name=HOSTILE[1])
    assert "<img" not in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    html = _env().from_string("<td>{{ name }}</td>").render(name=HOSTILE[0])
    assert html == "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"


def test_chart_json_block_cannot_be_broken_out_of() -> None:
    template = _env().from_string(
        '{% import "macros.html" as ui %}'
        '{{ ui.chart("c1", "bar", "Calls by customer", labels, [{"label": "Calls", "data": values}]) }}'
        '{{ ui.table(rows, [["customer_id", "Customer", none], ["calls", "Calls", "count"]]) }}'
    )
    rows = [{"customer_id": name, "calls": i + 1} for i, name in enumerate(HOSTILE)]
    html = template.render(labels=HOSTILE, values=[1, 2, 3], rows=rows)
    parser = _Collector()
    parser.feed(html)
    # exactly one JSON block, and no script element other than it: nothing broke out
    assert len(parser.json_blocks) == 1
    assert [t for t, a in parser.tags if t == "script"] == ["script"]
    assert not [t for t, a in parser.tags if t == "img"]
    assert "</script><script>" not in html.replace("</script>", "", 1)
    spec = json.loads(parser.json_blocks[0])
    assert spec["labels"] == HOSTILE  # the JSON carries the exact strings back to the chart
    assert spec["datasets"][0]["data"] == [1, 2, 3]
    # table cells (the chart's text alternative and the table) hold escaped text
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2


def test_strict_undefined_raises_on_a_missing_variable() -> None:
    with pytest.raises(UndefinedError):
        _env().from_string("{{ summary.calls | count }}").render(summary={})
    with pytest.raises(UndefinedError):
        _env().from_string("{{ not_given }}").render()


def test_real_page_template_fails_loudly_without_its_marts() -> None:
    env = _env()
    with pytest.raises(UndefinedError):
        env.get_template("pages/dataset_overview.html").render(
            title="t", current="dataset_overview", nav=[], site={}, marts={}, recommendations=[], downloads=[]
        )


def test_empty_chart_shows_a_note_and_truncated_table_says_showing_n_of_m() -> None:
    html = (
        _env()
        .from_string(
            '{% import "macros.html" as ui %}{{ ui.chart("c", "pie", "Calls by tier", [], []) }}'
            '{{ ui.table(rows, [["v", "V", "count"]], limit=2) }}'
        )
        .render(rows=[{"v": 1000}, {"v": 2}, {"v": 3}])
    )
    assert "No data for this chart." in html
    assert "<canvas" not in html
    assert "Showing 2 of 3 rows." in html
    assert "1,000" in html
