"""Read the platform's reference seeds: the price book, the call schema, thresholds, aliases.

The dbt seeds are the single source of truth (catalogue §4.1). Lookup order for a seed file:

1. ``$FINOPS_SDK_SEEDS_DIR/<name>.csv`` when the variable is set;
2. the repository's ``dbt_project/seeds/<name>.csv`` (editable install inside the repo);
3. ``finops_sdk/data/<name>.csv`` inside an installed wheel, where hatch ``force-include``
   copied exactly those files at build time (read with :mod:`importlib.resources`).

Nothing is read at import time; results are cached per folder.
"""

from __future__ import annotations

import csv
import io
import os
from functools import cache
from importlib import resources
from pathlib import Path

from finops_sdk._env import REPO_ROOT_CANDIDATE
from finops_sdk._exceptions import ReferenceDataError

SEED_FILES = ("price_book", "call_schema", "thresholds", "error_types", "model_aliases", "provider_aliases")


def seeds_location() -> str:
    """Where seeds are read from right now: a folder path, or ``package`` for the wheel copies."""
    override = os.environ.get("FINOPS_SDK_SEEDS_DIR")
    if override:
        return str(Path(override).expanduser())
    repo_seeds = REPO_ROOT_CANDIDATE / "dbt_project" / "seeds"
    if (repo_seeds / "price_book.csv").is_file():
        return str(repo_seeds)
    return "package"


def read_seed(name: str) -> list[dict[str, str]]:
    """Rows of ``<name>.csv`` as dictionaries of strings (empty cells are empty strings)."""
    return list(_read_seed_cached(name, seeds_location()))


@cache
def _read_seed_cached(name: str, location: str) -> tuple[dict[str, str], ...]:
    if location == "package":
        resource = resources.files("finops_sdk") / "data" / f"{name}.csv"
        if not resource.is_file():
            raise ReferenceDataError(
                f"seed {name}.csv is not packaged in finops_sdk/data; rebuild the wheel from the "
                "repository (hatch force-include copies dbt_project/seeds) or set FINOPS_SDK_SEEDS_DIR"
            )
        text = resource.read_text(encoding="utf-8")
    else:
        path = Path(location) / f"{name}.csv"
        if not path.is_file():
            raise ReferenceDataError(
                f"seed {path} is missing; set FINOPS_SDK_SEEDS_DIR to the dbt seeds folder"
            )
        text = path.read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


def call_columns() -> tuple[str, ...]:
    """The call record's column names, in contract order (``call_schema.csv``)."""
    return tuple(r["column_name"] for r in read_seed("call_schema"))


def thresholds() -> dict[str, str]:
    return {r["name"]: r["value"] for r in read_seed("thresholds")}


def threshold(name: str) -> float:
    """A numeric threshold from ``thresholds.csv``; a clear error for an unknown name."""
    table = thresholds()
    if name not in table:
        raise ReferenceDataError(f"threshold {name!r} is not in thresholds.csv")
    return float(table[name])


def error_types() -> dict[str, int]:
    """error_type → http_status (catalogue §2.2)."""
    return {r["error_type"]: int(r["http_status"]) for r in read_seed("error_types")}


def provider_aliases() -> dict[str, str]:
    return {r["alias"].lower(): r["provider"] for r in read_seed("provider_aliases")}


def model_aliases() -> dict[str, str]:
    return {r["alias"].lower(): r["model"] for r in read_seed("model_aliases")}


def clear_cache() -> None:
    """Forget cached seeds (tests that point FINOPS_SDK_SEEDS_DIR elsewhere call this)."""
    _read_seed_cached.cache_clear()
