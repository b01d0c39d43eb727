"""The one Jinja2 environment every page is rendered with.

Autoescaping is on for every template (customer, feature and model names come from imported
data and may hold markup), and ``StrictUndefined`` turns a misspelt variable into an error at
build time instead of a silently empty figure on the page. Chart data goes through Jinja's
``tojson`` filter, which escapes ``<``, ``>``, ``&`` and quotes, so a name such as
``</script>`` cannot leave the ``<script type="application/json">`` block it is written into.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from include.reference import threshold
from reports.formatting import FILTERS
from reports.serialize import dumps, json_default

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

__all__ = ["SCROLL_ROWS", "TEMPLATES_DIR", "make_environment"]

# tables with more rows than this scroll inside a fixed-height box (catalogue §10 / issue 4)
SCROLL_ROWS = 25


def _column(rows: list[dict], name: str) -> list:
    """The values of one column of mart rows, in row order (for chart series)."""
    return [row[name] for row in rows]


def _where(rows: list[dict], name: str, value: object) -> list[dict]:
    """The rows whose column ``name`` equals ``value`` (e.g. one dimension of a long table)."""
    return [row for row in rows if row[name] == value]


def _labels(rows: list[dict], *names: str, sep: str = "/") -> list[str]:
    """One label per row from several columns (``provider/model``), for chart categories."""
    return [sep.join("" if row[name] is None else str(row[name]) for name in names) for row in rows]


def _order_by(rows: list[dict], *columns: str) -> list[dict]:
    """Rows ordered by ``columns`` ("-name" for descending), NULLs last in either direction.

    Marts hold complete results in no display order (§1.1); a "top N" table picks its order
    here, ending with the entity key so ties are stable (§1.10).
    """
    ordered = list(rows)
    for spec in reversed(columns):
        name, descending = spec.lstrip("-"), spec.startswith("-")
        present = [r for r in ordered if r[name] is not None]
        missing = [r for r in ordered if r[name] is None]
        ordered = sorted(present, key=lambda r: r[name], reverse=descending) + missing
    return ordered


def _find(rows: list[dict], **criteria: object) -> dict | None:
    """The first row whose columns equal every ``criteria`` value, or None (a heat-map cell
    with no data, a pricing model that is absent)."""
    return next((row for row in rows if all(row[k] == v for k, v in criteria.items())), None)


def _realtime_anomaly(row: dict) -> object:
    """An hourly row's cost when the hour is a cost or volume anomaly, else None (chart marks)."""
    return row["cost_usd"] if row["is_cost_anomaly"] or row["is_volume_anomaly"] else None


def _index_by(rows: list[dict], name: str) -> dict:
    """Rows keyed by a unique column (e.g. quality checks by ``check_name``)."""
    keyed = {row[name]: row for row in rows}
    if len(keyed) != len(rows):
        raise ValueError(f"column {name} is not unique in these rows; cannot index by it")
    return keyed


def _fmt(value: Any, kind: str | None) -> Any:
    """``fmt(value, kind)``: a §1.9 display format by name, or the value itself / "—"."""
    return FILTERS[kind](value) if kind else FILTERS["dash"](value)


def _sort_key(value: Any) -> str:
    """The raw value a sortable column orders by (``data-sort``): numbers as plain numbers,
    dates and timestamps as ISO text, NULL as empty (sorted last by assets/tables.js)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    converted = json_default(value) if not isinstance(value, str) else value
    return str(converted)


def make_environment(templates_dir: Path | None = None) -> Environment:
    """A fresh environment over ``reports/templates`` (or another folder, for tests)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir or TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default=True),
        extensions=["jinja2.ext.do"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # tojson: DuckDB's Decimal/datetime values, strict JSON, keys in the order the code built them
    env.policies["json.dumps_function"] = dumps
    env.policies["json.dumps_kwargs"] = {}
    env.filters.update(FILTERS)
    env.filters["column"] = _column
    env.filters["where"] = _where
    env.filters["index_by"] = _index_by
    env.filters["labels"] = _labels
    env.filters["find"] = _find
    env.filters["order_by"] = _order_by
    env.filters["realtime_anomaly"] = _realtime_anomaly
    env.globals["fmt"] = _fmt
    env.globals["sort_key"] = _sort_key
    env.globals["threshold"] = threshold
    env.globals["SCROLL_ROWS"] = SCROLL_ROWS
    return env
