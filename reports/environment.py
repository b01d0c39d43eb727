"""The one Jinja2 environment every page is rendered with.

Autoescaping is on for every template (customer, feature and model names come from imported
data and may hold markup), and ``StrictUndefined`` turns a misspelt variable into an error at
build time instead of a silently empty figure on the page. Chart data goes through Jinja's
``tojson`` filter, which escapes ``<``, ``>``, ``&`` and quotes, so a name such as
``</script>`` cannot leave the ``<script type="application/json">`` block it is written into.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports.formatting import FILTERS
from reports.serialize import dumps

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

__all__ = ["TEMPLATES_DIR", "make_environment"]


def _column(rows: list[dict], name: str) -> list:
    """The values of one column of mart rows, in row order (for chart series)."""
    return [row[name] for row in rows]


def _where(rows: list[dict], name: str, value: object) -> list[dict]:
    """The rows whose column ``name`` equals ``value`` (e.g. one dimension of a long table)."""
    return [row for row in rows if row[name] == value]


def _index_by(rows: list[dict], name: str) -> dict:
    """Rows keyed by a unique column (e.g. quality checks by ``check_name``)."""
    keyed = {row[name]: row for row in rows}
    if len(keyed) != len(rows):
        raise ValueError(f"column {name} is not unique in these rows; cannot index by it")
    return keyed


def make_environment(templates_dir: Path | None = None) -> Environment:
    """A fresh environment over ``reports/templates`` (or another folder, for tests)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir or TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default=True),
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
    return env
