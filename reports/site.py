"""Build the static report site from the marts: pages, downloads, manifest, index, assets.

Order matters (catalogue §10.2–§10.3): every page is rendered in memory first (so the manifest
can state each page's size), then ``manifest.json`` is written, then the pages, then
``index.html``, whose dataset box reads the manifest. The warehouse is opened read-only once and
closed before any file is written, so a build never holds DuckDB's lock longer than the reads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reports.assets import copy_assets, find_chartjs
from reports.docs import DOCS_INDEX, generate_dbt_docs
from reports.environment import make_environment
from reports.headlines import read_headlines
from reports.insights import read_index_charts, read_insights
from reports.manifest import build_manifest, platform_version, price_book_version, read_dataset
from reports.marts import MartReader, Row, open_marts
from reports.pagedata import PageData, read_page, write_downloads
from reports.registry import GROUPS, PAGES, RECOMMENDATIONS_MART, available_pages
from reports.serialize import write_json

__all__ = ["INDEX_FILE", "MANIFEST_FILE", "build_site"]

INDEX_FILE = "index.html"
MANIFEST_FILE = "manifest.json"
TOP_RECOMMENDATIONS = 5
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
# optional companions other parts of the platform may place in the site; linked when present
EXTRA_LINKS = (
    ("metrics.prom", "Prometheus metrics"),
    ("exports/", "Exports"),
    (DOCS_INDEX, "dbt docs (lineage and definitions of every mart)"),
)


def _top_recommendations(reader: MartReader) -> list[Row]:
    """The 5 highest-ranked recommendations across analyses, in §1.11 order."""
    if not reader.has(RECOMMENDATIONS_MART):
        return []

    def key(row: Row) -> tuple[Any, ...]:
        impact = row.get("impact_usd")
        return (
            SEVERITY_ORDER.get(row["severity"], 3),
            impact is None,
            -float(impact) if impact is not None else 0.0,
            row["rec_code"],
            row["entity_id"],
            row["analysis"],
        )

    return sorted(reader.rows(RECOMMENDATIONS_MART), key=key)[:TOP_RECOMMENDATIONS]


def _site_info(manifest: dict[str, Any]) -> dict[str, Any]:
    """What the shared layout shows (window, generation time, versions, dataset size)."""
    keys = (
        "generated_at",
        "platform_version",
        "price_book_version",
        "chartjs_version",
        "window_start",
        "window_end",
        "window_days",
        "rows_read",
        "rows_accepted",
        "rows_quarantined",
        "dataset_bytes",
        "dataset_mb",
    )
    return {key: manifest.get(key) for key in keys}


def _remove_stale_pages(site_dir: Path, built: set[str]) -> None:
    """Delete pages of the registry left by an earlier build whose marts are now missing."""
    for page in PAGES:
        if page.id not in built:
            (site_dir / page.file).unlink(missing_ok=True)


def build_site(
    warehouse_path: Path,
    site_dir: Path,
    *,
    run_info: dict | None = None,
    dbt_results_path: Path | None = None,
    dbt_docs: bool = False,
) -> Path:
    """Render the whole site into ``site_dir`` and return the path of its ``index.html``.

    ``run_info``: the simulator parameters of the run that produced the data (seed, window_end,
    window_days, target_rows or target_mb, scenarios), recorded in the manifest; when omitted
    the manifest uses the parameters the loader stored with the simulator batches.
    ``dbt_results_path``: dbt's ``run_results.json`` of the build, summarised in the manifest.
    ``dbt_docs``: first run ``dbt docs generate --static`` into ``<site>/docs/`` (about a minute);
    without it, docs an earlier call of :func:`reports.docs.generate_dbt_docs` left there are
    linked as they are.
    """
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    if dbt_docs:
        generate_dbt_docs(site_dir, Path(warehouse_path))
    chartjs = find_chartjs()
    generated_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    env = make_environment()

    with open_marts(Path(warehouse_path)) as reader:
        reader_tables = reader.tables()
        pages = available_pages(reader_tables)
        page_ids = {page.id for page in pages}
        page_data: list[PageData] = [read_page(reader, page) for page in pages]
        dataset = read_dataset(reader, run_info)
        headlines = read_headlines(reader, pages=page_ids)
        top_recommendations = _top_recommendations(reader)
        insights = read_insights(reader, page_ids)
        index_charts = read_index_charts(reader)
    # the warehouse is closed from here on: everything below renders what was read

    site = _site_info(
        {
            **dataset,
            "generated_at": generated_at,
            "platform_version": platform_version(),
            "price_book_version": price_book_version(),
            "chartjs_version": chartjs.version,
        }
    )
    for data in page_data:
        write_downloads(site_dir, data, generated_at)
    encoded = {
        data.page.id: env.get_template(data.page.template)
        .render(
            title=data.page.title,
            current=data.page.id,
            nav=pages,
            site=site,
            page=data.page,
            marts=data.marts,
            recommendations=data.recommendations,
            downloads=data.downloads,
        )
        .encode("utf-8")
        for data in page_data
    }
    manifest = build_manifest(
        dataset,
        [(data, len(encoded[data.page.id])) for data in page_data],
        generated_at=generated_at,
        chartjs_version=chartjs.version,
        dbt_results_path=dbt_results_path,
    )

    write_json(site_dir / MANIFEST_FILE, manifest)
    for data in page_data:
        (site_dir / data.page.file).write_bytes(encoded[data.page.id])
    _remove_stale_pages(site_dir, page_ids)
    copy_assets(site_dir, chartjs)

    groups = [(group, [p for p in pages if p.group == group]) for group in GROUPS]
    links = [(href, label) for href, label in EXTRA_LINKS if (site_dir / href).exists()]
    index_html = env.get_template("index.html").render(
        title="AI FinOps Reports",
        current="index",
        nav=pages,
        site=site,
        manifest=manifest,
        groups=[(g, ps) for g, ps in groups if ps],
        headlines=headlines,
        insights=insights,
        charts=index_charts,
        top_recommendations=top_recommendations,
        tables=reader_tables,
        links=links,
        page_ids=page_ids,
    )
    index = site_dir / INDEX_FILE
    index.write_text(index_html, encoding="utf-8")
    return index
