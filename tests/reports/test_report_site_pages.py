"""The rendered pages of a real site hold the marts' figures, escaped, within the size budget.

Pages are read back with the standard HTML parser (report_html) and compared with the marts
they were rendered from, so a template that shows the wrong column or forgets a "showing N of
M" note fails here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from report_html import Page, parse_page
from site_builder import ATTRIBUTE_PAYLOAD, SCRIPT_PAYLOAD, BuiltSite

from reports.formatting import FILTERS
from reports.registry import PAGES

pytestmark = pytest.mark.slow

PAGE_BUDGET_BYTES = 300 * 1024


def _page(site: BuiltSite, name: str) -> Page:
    return parse_page((site.site / name).read_text(encoding="utf-8"))


def _one(site: BuiltSite, mart: str) -> dict:
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        cursor = con.execute(f"select * from marts.{mart}")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1, mart
    return dict(zip(names, rows[0], strict=True))


def test_pages_are_small_and_listed_in_the_manifest(hostile_site: BuiltSite) -> None:
    manifest = json.loads((hostile_site.site / "manifest.json").read_text(encoding="utf-8"))
    listed = {r["file"]: r for r in manifest["reports"]}
    built = {p.name for p in hostile_site.site.glob("*.html")} - {"index.html"}
    assert set(listed) == built
    for name, report in listed.items():
        size = (hostile_site.site / name).stat().st_size
        assert size == report["bytes"] and size < PAGE_BUDGET_BYTES, (name, size)
    assert manifest["report_count"] == len(built)


def test_hostile_names_are_escaped_in_the_source(hostile_site: BuiltSite) -> None:
    for path in hostile_site.site.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert SCRIPT_PAYLOAD not in html and ATTRIBUTE_PAYLOAD not in html, path.name
        assert "<img" not in html, path.name
    html = (hostile_site.site / "understanding.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_page_has_the_common_parts(hostile_site: BuiltSite) -> None:
    """Title, data window and generation time, cards, recommendations or their absence, nav."""
    built = [spec for spec in PAGES if (hostile_site.site / spec.file).exists()]
    nav = {spec.file for spec in built}
    for spec in built:
        html = (hostile_site.site / spec.file).read_text(encoding="utf-8")
        page = parse_page(html)
        assert f"<h1>{spec.title.replace('&', '&amp;')}</h1>" in html, spec.id
        assert "Data window:" in page.text and "generated" in page.text, spec.id
        assert page.cards and all(value for value in page.cards.values()), spec.id
        assert page.recommendations or "No recommendations." in page.no_data, spec.id
        assert nav <= set(page.links), (spec.id, nav - set(page.links))
        for table in page.tables:
            assert table.caption, f"{spec.id}: a table without a caption"
        for figure in page.charts:
            assert page.chart_table(figure).rows, f"{spec.id}: chart {figure} has no text alternative"


def test_long_tables_scroll_and_truncated_tables_say_so(hostile_site: BuiltSite) -> None:
    html = (hostile_site.site / "alignment.html").read_text(encoding="utf-8")
    with duckdb.connect(str(hostile_site.warehouse), read_only=True) as con:
        lines = con.execute("select count(*) from marts.rpt_alignment__chargeback").fetchall()[0][0]
    assert lines > 25, "the simulated data should give a long chargeback table"
    wrapper = 'class="table-wrap scroll" tabindex="0" role="region" '
    wrapper += 'aria-label="Chargeback lines (scrollable)"'
    assert wrapper in html
    page = parse_page((hostile_site.site / "token_economics.html").read_text(encoding="utf-8"))
    assert any(note.startswith("Showing 15 of") and note.endswith("flagged calls.") for note in page.showing)


def test_understanding_cards_and_tables_match_the_marts(hostile_site: BuiltSite) -> None:
    page = _page(hostile_site, "understanding.html")
    summary = _one(hostile_site, "rpt_understanding__summary")
    assert page.cards["Calls"] == FILTERS["count"](summary["calls"])
    assert page.cards["Cost"] == FILTERS["usd"](summary["cost_usd"])
    assert page.cards["Customers"] == FILTERS["count"](summary["customers"])
    top = page.table("Top 10 customers by cost")
    assert len(top.rows) == 10 and top.rows[0][1] == SCRIPT_PAYLOAD
    assert f"Showing 10 of {summary['customers']} customers." in page.showing
    models = page.table("Models by cost (top 15)")
    assert len(models.rows) == min(15, summary["models"])
    chart = page.charts["chart-provider-cost"]
    assert chart["type"] == "doughnut" and abs(sum(chart["datasets"][0]["data"]) - summary["cost_usd"]) < 1e-6


def test_every_table_behind_a_page_downloads_as_csv_and_json(hostile_site: BuiltSite) -> None:
    for spec in PAGES:
        path = hostile_site.site / spec.file
        if not path.exists():
            continue
        page = parse_page(path.read_text(encoding="utf-8"))
        csv_links = [link for link in page.links if link.endswith(".csv")]
        assert {Path(link).stem for link in csv_links} == {*spec.marts, "rpt_recommendations"}, spec.id
        for link in csv_links:
            with (hostile_site.site / link).open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            json_path = hostile_site.site / link.replace(".csv", ".json")
            document = json.loads(json_path.read_text(encoding="utf-8"))
            assert document["row_count"] == len(rows) == len(document["rows"]), link


def test_index_shows_headlines_insights_and_top_recommendations(hostile_site: BuiltSite) -> None:
    page = _page(hostile_site, "index.html")
    margin = _one(hostile_site, "rpt_profitability__summary")["margin_pct"]
    assert page.cards["Margin"] == FILTERS["pct"](margin)
    assert "Least profitable tier" in page.cards and "Spend trend" in page.cards
    with duckdb.connect(str(hostile_site.warehouse), read_only=True) as con:
        largest = con.execute(
            "select max(s) from ("
            " select monthly_savings_usd as s from marts.rpt_optimization__model_switching"
            " union all select monthly_savings_usd from marts.rpt_optimization__reserved_capacity"
            "  where is_candidate"
            " union all select monthly_savings_usd from marts.rpt_optimization__volume_discounts"
            " union all select monthly_savings_usd from marts.rpt_token_economics__downgrade_opportunities"
            ") where s > 0"
        ).fetchall()[0][0]
    if largest is None:
        assert "Largest single saving" not in page.cards
    else:
        assert page.cards["Largest single saving"] == f"{FILTERS['usd'](largest)} / month"
    with duckdb.connect(str(hostile_site.warehouse), read_only=True) as con:
        sql = "select message from marts.rpt_recommendations order by rank limit 5"
        messages = [r[0] for r in con.execute(sql).fetchall()]
    assert page.recommendations == messages
    assert "understanding.html" in page.links and "profitability.html" in page.links


def test_dbt_docs_are_in_the_site_and_linked_from_the_index(hostile_site: BuiltSite) -> None:
    assert hostile_site.docs_error is None, hostile_site.docs_error
    docs = hostile_site.site / "docs" / "index.html"
    text = docs.read_text(encoding="utf-8")
    assert "rpt_understanding__summary" in text and "rpt_recommendations" in text
    assert "docs/index.html" in _page(hostile_site, "index.html").links
