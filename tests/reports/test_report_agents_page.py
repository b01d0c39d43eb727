"""agents.html: the call tree of the costliest workflow shows the mart's costs and its critical path.

The tree is read back from the rendered page (nested ``li.call`` elements, by the standard HTML
parser) and compared with ``rpt_agents__call_tree`` and ``rpt_agents__critical_path`` in the
warehouse the site was built from: every call of the execution appears once, under the parent
the mart names, with the mart's own and inclusive cost formatted as on the rest of the site,
and exactly the critical-path calls are marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import duckdb
import pytest
from site_builder import BuiltSite

from reports.formatting import FILTERS

pytestmark = pytest.mark.slow


@dataclass
class _Node:
    call_id: str
    parent: str | None
    critical: bool
    own: str = ""
    inclusive: str = ""
    children: list[str] = field(default_factory=list)


class _TreeParser(HTMLParser):
    """Collect the call nodes of the first ``article.workflow-tree`` (the costliest execution)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.workflow_id: str | None = None
        self.nodes: dict[str, _Node] = {}
        self._in_first = False
        self._articles = 0
        self._open: list[str] = []  # call ids of the enclosing li.call elements
        self._depth: list[str] = []  # tag stack inside the first article
        self._capture: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        classes = set((attrs.get("class") or "").split())
        if tag == "article" and "workflow-tree" in classes:
            self._articles += 1
            self._in_first = self._articles == 1
            if self._in_first:
                self.workflow_id = attrs["data-workflow-id"]
            return
        if not self._in_first:
            return
        self._depth.append(tag)
        if tag == "li" and "call" in classes:
            call_id = attrs["data-call-id"] or ""
            parent = self._open[-1] if self._open else None
            self.nodes[call_id] = _Node(call_id, parent, attrs.get("data-critical") == "true")
            if parent is not None:
                self.nodes[parent].children.append(call_id)
            self._open.append(call_id)
        elif tag == "span" and classes & {"own-cost", "inclusive-cost"}:
            self._capture = "own" if "own-cost" in classes else "inclusive"

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_first = False
            return
        if not self._in_first or not self._depth:
            return
        self._depth.pop()
        if tag == "li" and self._open:
            self._open.pop()
        if tag == "span":
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture and self._open:
            node = self.nodes[self._open[-1]]
            setattr(node, self._capture, getattr(node, self._capture) + data.strip())


def _rows(site: BuiltSite, sql: str, params: list) -> list[dict]:
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_costliest_workflow_tree_matches_the_marts(hostile_site: BuiltSite) -> None:
    page = hostile_site.site / "agents.html"
    assert page.exists(), f"agents.html not built; dbt failures: {hostile_site.dbt_failures}"
    parser = _TreeParser()
    parser.feed(page.read_text(encoding="utf-8"))

    costliest = _rows(
        hostile_site,
        "select workflow_id from marts.rpt_agents__workflow_executions"
        " order by cost_usd desc, workflow_id limit 1",
        [],
    )
    assert costliest, "the test warehouse has no workflow execution; the simulator should plant some"
    workflow_id = costliest[0]["workflow_id"]
    assert parser.workflow_id == workflow_id

    calls = _rows(
        hostile_site,
        "select * from marts.rpt_agents__call_tree where workflow_id = ? and depth is not null",
        [workflow_id],
    )
    path_sql = "select call_id from marts.rpt_agents__critical_path where workflow_id = ?"
    path = {r["call_id"] for r in _rows(hostile_site, path_sql, [workflow_id])}
    assert calls and path
    assert set(parser.nodes) == {r["call_id"] for r in calls}
    for row in calls:
        node = parser.nodes[row["call_id"]]
        expected_parent = None if row["depth"] == 1 else row["parent_call_id"]
        assert node.parent == expected_parent, row["call_id"]
        assert node.own == FILTERS["usd"](row["own_cost_usd"]), row["call_id"]
        assert node.inclusive == FILTERS["usd"](row["inclusive_cost_usd"]), row["call_id"]
        assert node.critical == (row["call_id"] in path), row["call_id"]
    # siblings in sibling_order
    by_id = {r["call_id"]: r for r in calls}
    for node in parser.nodes.values():
        orders = [by_id[c]["sibling_order"] for c in node.children]
        assert orders == sorted(orders), node.call_id
