"""Every mart column a page template names exists in that page's mart contracts.

Analyses rename columns while the reports are written (``subscription_tier`` → ``tier``); with
StrictUndefined a renamed column fails the build, and this test names it without a warehouse,
by reading the marts' YAML contracts (the ``columns`` dbt enforces).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from include.settings import DBT_PROJECT_DIR
from reports.environment import TEMPLATES_DIR
from reports.formatting import FILTERS
from reports.registry import PAGES, RECOMMENDATIONS_MART

# a table column spec [key, label, kind] (kind: none or a display format) and a chart series
# `rows | column("key")`
KINDS = "|".join(f'"{kind}"' for kind in FILTERS)
TABLE_COLUMN = re.compile(rf'\["([a-z0-9_]+)", "[^"]*", (?:none|{KINDS})')
SERIES_COLUMN = re.compile(r'column\("([a-z0-9_]+)"\)')


def _contracts() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for path in (DBT_PROJECT_DIR / "models" / "marts").glob("*/_*.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or []:
            columns[model["name"]] = {c["name"] for c in model.get("columns") or []}
    return columns


def test_template_columns_exist_in_the_mart_contracts() -> None:
    contracts = _contracts()
    assert RECOMMENDATIONS_MART in contracts
    problems = {}
    for page in PAGES:
        if not all(mart in contracts for mart in page.marts):
            continue  # that analysis is not in the project yet; its page is not built
        text = Path(TEMPLATES_DIR, page.template).read_text(encoding="utf-8")
        named = set(TABLE_COLUMN.findall(text)) | set(SERIES_COLUMN.findall(text))
        known = set().union(*(contracts[m] for m in page.marts), contracts[RECOMMENDATIONS_MART])
        missing = sorted(named - known)
        if missing:
            problems[page.id] = missing
    assert not problems, f"columns named by templates but absent from the marts: {problems}"


def test_the_check_sees_the_columns() -> None:
    text = Path(TEMPLATES_DIR, "pages/understanding.html").read_text(encoding="utf-8")
    assert {"customer_id", "cost_usd", "cost_share_pct"} <= set(TABLE_COLUMN.findall(text))
