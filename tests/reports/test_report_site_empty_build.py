"""Catalogue §1.4: on an empty warehouse every mart builds and every report renders "no data".

The raw tables are created by the platform's DDL and left empty; dbt builds every model; the
site must then hold a page for every analysis whose marts exist, each with its cards, "No
recommendations." and a text note instead of every chart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_html import parse_page
from site_builder import dbt_build_models

from include.warehouse import connect_write, ensure_raw_schema
from reports.marts import open_marts
from reports.registry import available_pages
from reports.site import build_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("empty-site")
    warehouse = root / "warehouse.duckdb"
    with connect_write(warehouse) as con:
        ensure_raw_schema(con)
    dbt_build_models(warehouse, root / "target")
    build_site(warehouse, root / "site")
    return warehouse, root / "site"


def test_every_available_page_renders_with_no_data(empty_site: tuple[Path, Path]) -> None:
    warehouse, site = empty_site
    with open_marts(warehouse) as reader:
        pages = available_pages(reader.tables())
    assert {"dataset_overview", "understanding", "profitability"} <= {p.id for p in pages}
    for spec in pages:
        page = parse_page((site / spec.file).read_text(encoding="utf-8"))
        assert page.cards, spec.id
        assert "No recommendations." in page.no_data, spec.id
        assert not page.recommendations, spec.id
    overview = parse_page((site / "dataset_overview.html").read_text(encoding="utf-8"))
    assert overview.cards["Rows (calls)"] == "0"
    assert "No data for this chart." in overview.no_data and not overview.charts


def test_index_has_no_recommendations_and_links_every_page(empty_site: tuple[Path, Path]) -> None:
    _, site = empty_site
    index = parse_page((site / "index.html").read_text(encoding="utf-8"))
    assert not index.recommendations
    built = {p.name for p in site.glob("*.html")} - {"index.html"}
    assert built <= set(index.links)
