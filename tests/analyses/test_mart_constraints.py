"""The marts' row-level invariants live in their enforced contracts (primary_key, not_null and
check constraints), so DuckDB rejects a violating row while the mart is built instead of a
separate test node reading it afterwards. These tests show the constraints really are in the
built warehouse, one for one with the YAML, and that DuckDB really rejects violations.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

CONSTRAINT_KINDS = {
    "primary_key": "PRIMARY KEY", "check": "CHECK", "not_null": "NOT NULL", "unique": "UNIQUE"
}


def declared_constraints(target_dir: Path) -> dict[str, dict[str, int]]:
    """Per mart: how many constraints of each DuckDB kind its YAML declares."""
    manifest = json.loads((target_dir / "manifest.json").read_text())
    declared: dict[str, dict[str, int]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["fqn"][1] != "marts":
            continue
        kinds: dict[str, int] = {}
        listed = [*node.get("constraints", [])]
        listed += [c for column in node["columns"].values() for c in column.get("constraints", [])]
        for constraint in listed:
            kind = CONSTRAINT_KINDS[constraint["type"]]
            kinds[kind] = kinds.get(kind, 0) + 1
        declared[node["name"]] = kinds
    return declared


def test_every_declared_constraint_is_in_the_built_warehouse(analysis_warehouse) -> None:
    declared = declared_constraints(analysis_warehouse.target_dir)
    assert sum(sum(k.values()) for k in declared.values()) > 300, "the marts declare their invariants"
    built = analysis_warehouse.query(
        "select table_name, constraint_type, count(*) as n from duckdb_constraints()"
        " where schema_name = 'marts' group by all"
    )
    found: dict[str, dict[str, int]] = {}
    for row in built.itertuples():
        found.setdefault(row.table_name, {})[row.constraint_type] = int(row.n)
    missing = []
    for mart, kinds in declared.items():
        for kind, wanted in kinds.items():
            # A primary key also shows as NOT NULL on its columns in DuckDB, so count at least.
            if found.get(mart, {}).get(kind, 0) < wanted:
                missing.append(f"{mart}: {kind} declared {wanted}, built {found.get(mart, {}).get(kind, 0)}")
    assert not missing, "constraints declared but not built:\n  " + "\n  ".join(missing)


@pytest.fixture
def writable_copy(analysis_warehouse, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A private copy of the built warehouse to break rules in."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(analysis_warehouse.path, copy)
    con = duckdb.connect(str(copy))
    yield con
    con.close()


def test_a_duplicate_key_is_rejected(writable_copy: duckdb.DuckDBPyConnection) -> None:
    mart = "marts.rpt_profitability__by_tier"
    before = writable_copy.execute(f"select count(*) from {mart}").fetchone()[0]
    assert before > 0
    with pytest.raises(duckdb.ConstraintException, match=r"(?i)duplicate key"):
        writable_copy.execute(f"insert into {mart} select * from {mart} limit 1")
    assert writable_copy.execute(f"select count(*) from {mart}").fetchone()[0] == before


def test_a_row_breaking_a_check_is_rejected(writable_copy: duckdb.DuckDBPyConnection) -> None:
    """rpt_profitability__margin_distribution checks that shares are percentages (0–100)."""
    with pytest.raises(duckdb.ConstraintException, match=r"(?i)check constraint"):
        writable_copy.execute(
            "update marts.rpt_profitability__margin_distribution set pct_of_customers = 140"
            " where band = 'high_margin'"
        )


def test_a_null_key_is_rejected(writable_copy: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.ConstraintException, match=r"(?i)not null"):
        writable_copy.execute("update marts.rpt_profitability__by_customer set customer_id = null")
