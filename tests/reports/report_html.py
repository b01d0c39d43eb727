"""Read a rendered report page back into data (cards, tables, chart JSON) for assertions.

Tests compare what a reader sees with the marts, so they parse the HTML the way a browser
would, with the standard library's parser, instead of searching for substrings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    figure: str | None  # id of the chart figure the table belongs to (text alternative)


@dataclass
class Page:
    cards: dict[str, str] = field(default_factory=dict)
    card_notes: dict[str, str] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)  # figure id → chart spec
    no_data: list[str] = field(default_factory=list)
    showing: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    text: str = ""

    def table(self, caption: str) -> Table:
        found = [t for t in self.tables if t.caption == caption]
        if len(found) != 1:
            have = [t.caption for t in self.tables]
            raise AssertionError(f"{len(found)} tables captioned {caption!r}; have {have}")
        return found[0]

    def chart_table(self, figure: str) -> Table:
        return next(t for t in self.tables if t.figure == figure)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._buffer: list[str] | None = None
        self._capture: str | None = None
        self._figure: str | None = None
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._label: str | None = None
        self._text: list[str] = []

    def _classes(self, attrs: dict[str, str | None]) -> set[str]:
        return set((attrs.get("class") or "").split())

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        classes = self._classes(attrs)
        self._stack.append((tag, attrs))
        if tag == "figure":
            self._figure = attrs.get("id")
        if tag == "a" and attrs.get("href"):
            self.page.links.append(attrs["href"] or "")
        if tag == "script":
            self.page.scripts.append(attrs)
            if "chart-data" in classes:
                self._start("chart")
        elif tag == "table":
            self._table = Table(caption="", header=[], rows=[], figure=self._figure)
        elif tag == "caption":
            self._start("caption")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._start("cell")
        elif tag == "p" and classes & {"card-label", "card-value", "card-note", "no-data", "showing"}:
            self._start(next(iter(classes & {"card-label", "card-value", "card-note", "no-data", "showing"})))
        elif tag == "span" and "rec-message" in classes:
            self._start("rec")

    def _start(self, what: str) -> None:
        self._capture, self._buffer = what, []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._buffer or []).split())
        what = self._capture
        if tag == "figure":
            self._figure = None
        if what == "chart" and tag == "script":
            key = self._figure or f"chart{len(self.page.charts)}"
            self.page.charts[key] = json.loads("".join(self._buffer or []))
        elif what == "caption" and tag == "caption" and self._table is not None:
            self._table.caption = text
        elif what == "cell" and tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif what == "card-label" and tag == "p":
            self._label = text
        elif what == "card-value" and tag == "p" and self._label is not None:
            self.page.cards[self._label] = text
        elif what == "card-note" and tag == "p" and self._label is not None:
            self.page.card_notes[self._label] = text
        elif what == "no-data" and tag == "p":
            self.page.no_data.append(text)
        elif what == "showing" and tag == "p":
            self.page.showing.append(text)
        elif what == "rec" and tag == "span":
            self.page.recommendations.append(text)
        if tag in ("script", "caption", "td", "th", "p", "span") and what is not None:
            self._capture, self._buffer = None, None
        if tag == "tr" and self._row is not None and self._table is not None:
            in_head = any(t == "thead" for t, _ in self._stack)
            if in_head:
                self._table.header = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        if tag == "table" and self._table is not None:
            self.page.tables.append(self._table)
            self._table = None
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._buffer is not None:
            self._buffer.append(data)


def parse_page(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.text = " ".join("".join(parser._text).split())
    return parser.page
