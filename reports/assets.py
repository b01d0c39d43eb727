"""Copy the site's static files (stylesheet, chart script, Chart.js) into ``site/assets/``.

Chart.js comes from the npm registry (``reports/package.json`` and its lock file, installed by
``scripts/install.d/30-chartjs.sh``); its UMD bundle is copied into the site so the pages draw
their charts offline, over ``file://`` and on GitHub Pages, with no CDN.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ASSETS_DIRNAME", "CHARTJS_BUNDLE", "ChartJs", "copy_assets", "find_chartjs"]

REPORTS_DIR = Path(__file__).resolve().parent
STATIC_DIR = REPORTS_DIR / "static"
NODE_MODULES = REPORTS_DIR / "node_modules"
ASSETS_DIRNAME = "assets"
CHARTJS_BUNDLE = "chart.umd.min.js"


@dataclass(frozen=True)
class ChartJs:
    version: str
    bundle: Path


def find_chartjs(node_modules: Path = NODE_MODULES) -> ChartJs:
    """The installed Chart.js package; a clear error when the npm install step has not run."""
    package_json = node_modules / "chart.js" / "package.json"
    bundle = node_modules / "chart.js" / "dist" / CHARTJS_BUNDLE
    if not package_json.exists() or not bundle.exists():
        raise FileNotFoundError(
            f"Chart.js is not installed under {node_modules}: run `bash scripts/install.d/30-chartjs.sh` "
            "(npm ci --prefix reports) and build the site again"
        )
    version = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    return ChartJs(version=version, bundle=bundle)


def copy_assets(site_dir: Path, chartjs: ChartJs) -> Path:
    """Copy Chart.js and every file of ``reports/static`` into ``<site>/assets``; returns that folder."""
    assets = site_dir / ASSETS_DIRNAME
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(chartjs.bundle, assets / CHARTJS_BUNDLE)
    for source in sorted(STATIC_DIR.iterdir()):
        if source.is_file():
            shutil.copyfile(source, assets / source.name)
    return assets
