"""Project policy read from dbt's manifest (docs/architecture.md, STYLE.md): every model has a
primary-key test, only staging reads sources, every mart under models/marts/ enforces a contract
and carries a tag, every model and column is described, exposures exist and read marts only,
every threshold named in SQL exists in the thresholds seed, and ``dbt parse`` is warning-free
(the Cosmos DAG renders from that manifest).

The policy covers every helper's models, not only the core: each failure lists the offending
models with their file, so the owner can fix them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dbt_harness import run_dbt

from include.reference import thresholds
from include.settings import DBT_PROJECT_DIR

pytestmark = pytest.mark.timeout(600)

GRAIN_TESTS = {"unique_combination", "one_row", "primary_key"}  # tests in tests/generic that test a whole key
NOT_NULL_CONSTRAINTS = {"not_null", "primary_key"}


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """A fresh ``dbt parse`` (no partial parse): the manifest and dbt's console output."""
    root = tmp_path_factory.mktemp("dbt_policy")
    result = run_dbt(["parse", "--no-partial-parse"], root / "unused.duckdb", root / "target")
    return json.loads((root / "target" / "manifest.json").read_text()), result.stdout + result.stderr


@pytest.fixture(scope="module")
def manifest(parsed: tuple[dict, str]) -> dict:
    return parsed[0]


def models(manifest: dict) -> dict[str, dict]:
    return {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}


def layer(node: dict) -> str:
    return node["fqn"][1]


def where(node: dict) -> str:
    return f"{node['name']} ({node['original_file_path']})"


def report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}; the owner of each file must fix it:\n  " + "\n  ".join(sorted(problems))


def _not_null_columns(manifest: dict, node_id: str) -> set[str]:
    """Columns of a model with a not_null test or a not_null / primary_key contract constraint."""
    node = manifest["nodes"][node_id]
    columns = {
        name
        for name, column in node["columns"].items()
        if any(c["type"] in NOT_NULL_CONSTRAINTS for c in column.get("constraints", []))
    }
    for test in manifest["nodes"].values():
        is_not_null = test.get("test_metadata", {}).get("name") == "not_null"
        if test["resource_type"] == "test" and test.get("attached_node") == node_id and is_not_null:
            columns.add(test["column_name"])
    return columns


def _primary_key_constrained(node: dict) -> bool:
    """An enforced contract with a primary_key constraint (on a column or over several): the
    database rejects a duplicate or NULL key when the model is built, which is the grain test."""
    if not node["config"].get("contract", {}).get("enforced"):
        return False
    on_columns = any(
        c["type"] == "primary_key"
        for column in node["columns"].values()
        for c in column.get("constraints", [])
    )
    return on_columns or any(c["type"] == "primary_key" for c in node.get("constraints", []))


def test_every_model_has_a_primary_key_test(manifest: dict) -> None:
    """unique + not_null on one column, a whole-key test (primary_key, unique_combination, one_row), or an
    enforced primary_key contract constraint."""
    unique_columns: dict[str, set[str]] = {}
    keyed = {key for key, node in models(manifest).items() if _primary_key_constrained(node)}
    for test in manifest["nodes"].values():
        if test["resource_type"] != "test" or not test.get("attached_node"):
            continue
        name = test.get("test_metadata", {}).get("name")
        if name in GRAIN_TESTS:
            keyed.add(test["attached_node"])
        elif name == "unique":
            unique_columns.setdefault(test["attached_node"], set()).add(test["column_name"])
    for node_id, columns in unique_columns.items():
        if columns & _not_null_columns(manifest, node_id):
            keyed.add(node_id)
    missing = [where(node) for key, node in models(manifest).items() if key not in keyed]
    assert not missing, report(
        missing,
        "models without a primary-key test (unique + not_null on a column, unique_combination / one_row,"
        " or an enforced primary_key constraint)",
    )


def test_only_staging_reads_sources(manifest: dict) -> None:
    offenders = [
        where(node)
        for node in models(manifest).values()
        if any(d.startswith("source.") for d in node["depends_on"]["nodes"]) and layer(node) != "staging"
    ]
    assert not offenders, report(offenders, "models outside models/staging/ that call source()")


def test_every_mart_enforces_a_contract_and_has_a_tag(manifest: dict) -> None:
    problems = []
    for node in models(manifest).values():
        if layer(node) != "marts":
            continue
        if not node["config"]["contract"]["enforced"]:
            problems.append(f"{where(node)}: contract not enforced")
        if not node["tags"]:
            problems.append(f"{where(node)}: no tag (tag marts with their analysis id)")
    assert not problems, report(problems, "mart problems")


def test_every_model_and_column_is_described(manifest: dict) -> None:
    """Every model has a description; every column a yml lists has one; marts list every column
    (their contract makes the yml list complete), other models document at least their key."""
    problems = []
    for node in models(manifest).values():
        if not node["description"].strip():
            problems.append(f"{where(node)}: no model description")
        if not node["columns"]:
            problems.append(f"{where(node)}: no documented column")
        for column in node["columns"].values():
            if not column["description"].strip():
                problems.append(f"{where(node)}: column {column['name']} has no description")
    assert not problems, report(problems, "documentation gaps")


# raw.quarantine is empty after a clean load, so "no recent rows" is not staleness there.
FRESHNESS_EXEMPT = {"source.finops.raw.quarantine"}


def test_sources_declare_freshness(manifest: dict) -> None:
    assert manifest["sources"], "no source declared"
    stale = [
        source_id
        for source_id, source in manifest["sources"].items()
        if source_id not in FRESHNESS_EXEMPT
        and not (
            source.get("loaded_at_field")
            and ((source.get("freshness") or {}).get("warn_after") or {}).get("count")
        )
    ]
    assert not stale, report(stale, "sources without loaded_at_field and a freshness warn_after")
    assert "source.finops.raw.calls" in manifest["sources"]


def test_exposures_exist_read_marts_only_and_cover_every_analysis(manifest: dict) -> None:
    nodes = manifest["nodes"]
    assert manifest["exposures"], "no exposure declared"
    problems = []
    covered = set()
    for exposure in manifest["exposures"].values():
        for parent in exposure["depends_on"]["nodes"]:
            if layer(nodes[parent]) != "marts":
                problems.append(f"exposure {exposure['name']} reads {parent}, which is not a mart")
            covered.add(nodes[parent]["fqn"][2])
    folders = {n["fqn"][2] for n in models(manifest).values() if layer(n) == "marts"} - {"core"}
    problems += [f"models/marts/{f}/: no exposure reads its marts" for f in folders - covered]
    assert not problems, report(problems, "exposure problems")


def test_dbt_parse_is_warning_free(parsed: tuple[dict, str]) -> None:
    """Cosmos renders the DAG from this manifest; warnings (unused configs, missing docs,
    deprecations) must not accumulate."""
    warnings = [line for line in parsed[1].splitlines() if re.search(r"\[WARN(ING)?\]", line)]
    assert not warnings, report(warnings, "dbt parse warnings")


def test_every_threshold_named_in_sql_exists_in_the_seed() -> None:
    pattern = re.compile(r"threshold(?:_text)?\(\s*['\"]([a-z0-9_]+)['\"]\s*\)")
    known = set(thresholds())
    used: dict[str, set[str]] = {}
    for path in [*DBT_PROJECT_DIR.glob("models/**/*.sql"), *DBT_PROJECT_DIR.glob("macros/**/*.sql")]:
        code = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.DOTALL)  # Jinja comments
        for name in pattern.findall(code):
            used.setdefault(name, set()).add(str(path.relative_to(DBT_PROJECT_DIR)))
    assert used, "no threshold() call found: the pattern is wrong"
    unknown = [f"{name}: {', '.join(sorted(paths))}" for name, paths in used.items() if name not in known]
    assert not unknown, report(unknown, "thresholds missing from seeds/thresholds.csv")


def test_the_policy_checks_can_fail(manifest: dict) -> None:
    """Guard against a vacuous policy: the manifest really holds staging models, marts and tests."""
    assert any(layer(n) == "marts" for n in models(manifest).values())
    assert any(layer(n) == "staging" for n in models(manifest).values())
    assert any(n["resource_type"] == "test" for n in manifest["nodes"].values())
    assert Path(DBT_PROJECT_DIR / "profiles.yml").exists()
