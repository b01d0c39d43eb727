"""``finops import-csv`` and ``finops load`` through the real ``finops`` entry point (click)."""

from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner
from loading_kit import csv_text, good_row

from include.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_csv_then_load_prints_the_reconciliation(env):
    rows = [
        good_row(),
        good_row(customer_id="c2"),
        good_row(input_tokens="-1", total_tokens=""),
        good_row(timestamp="never"),
    ]
    path = env.write("calls.csv", csv_text(rows))
    landed = invoke("import-csv", "--landing-dir", str(env.landing), str(path))
    assert landed.exit_code == 0, landed.output
    match = re.search(r"as batch (csv_[0-9a-f]{16})", landed.output)
    assert match and "finops load" in landed.output
    batch_id = match.group(1)
    assert (env.landing / "csv_import" / "calls" / f"{batch_id}.csv").is_file()
    loaded = invoke("load", "--quiet", "--landing-dir", str(env.landing), "--warehouse", str(env.warehouse))
    assert loaded.exit_code == 0, loaded.output
    assert (
        f"{batch_id} (csv_import/calls): read 4 = accepted 2 + quarantined 2 "
        "[bad_timestamp 1, negative_tokens 1]"
    ) in loaded.output
    assert "total: 1 batch(es), read 4 = accepted 2 + quarantined 2" in loaded.output
    assert env.one("select count(*) from raw.calls") == 2
    again = invoke("load", "--quiet", "--landing-dir", str(env.landing), "--warehouse", str(env.warehouse))
    assert "total: 0 batch(es), read 0 = accepted 0 + quarantined 0" in again.output
    forced = invoke(
        "load", "--quiet", "--force", "--landing-dir", str(env.landing), "--warehouse", str(env.warehouse)
    )
    assert "read 4 = accepted 2 + quarantined 2" in forced.output
    assert env.one("select count(*) from raw.calls") == 2


def test_import_csv_with_load_uses_the_data_dir(env):
    path = env.write("calls.csv", csv_text([good_row()]))
    result = invoke("import-csv", "--load", "--quiet", str(path))
    assert result.exit_code == 0, result.output
    assert "read 1 = accepted 1 + quarantined 0" in result.output
    data = env.root / "data"  # the env fixture points FINOPS_DATA_DIR here
    assert (data / "warehouse.duckdb").is_file()
    assert any((data / "landing" / "csv_import" / "calls").glob("csv_*.csv"))


def test_file_level_error_exits_non_zero_and_lands_nothing(env):
    path = env.write(
        "bad.csv",
        csv_text(
            [good_row()], ["timestamp", "customer_id", "provider", "model", "input_tokens", "Input_Tokens"]
        ),
    )
    result = invoke("import-csv", "--landing-dir", str(env.landing), str(path))
    assert result.exit_code == 1
    assert "duplicate column name" in result.output and "nothing was landed" in result.output
    assert not (env.landing / "csv_import").exists()


def test_load_of_a_broken_landed_file_exits_non_zero(env):
    bad = env.landing / "simulator" / "calls" / "sim_broken_calls_0000.parquet"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"PAR1 this is not parquet")
    result = invoke("load", "--landing-dir", str(env.landing), "--warehouse", str(env.warehouse))
    assert result.exit_code == 1
    assert "sim_broken_calls_0000.parquet" in result.output and "not a readable Parquet file" in result.output


def test_help_texts():
    for command in ("import-csv", "load"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "raw" in result.output and "--warehouse" in result.output


def test_finops_executable_in_a_subprocess(env):
    path = env.write("calls.csv", csv_text([good_row(), good_row(status="?")]))
    finops = [sys.executable, "-m", "include.cli"]
    landed = subprocess.run(
        [*finops, "import-csv", "--load", "--quiet", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert landed.returncode == 0, landed.stderr
    assert "read 2 = accepted 1 + quarantined 1 [unknown_status 1]" in landed.stdout
    missing = subprocess.run(
        [*finops, "import-csv", str(env.root / "nope.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode != 0
    assert "nope.csv" in missing.stderr
