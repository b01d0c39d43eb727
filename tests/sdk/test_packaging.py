"""The SDK installs on its own: a built wheel carries the seeds it needs and works outside the repo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = ("price_book", "call_schema", "thresholds", "error_types", "model_aliases", "provider_aliases")

SCRIPT = """
import json, sys
from pathlib import Path
import finops_sdk
from finops_sdk import CostCalculator, MetadataBuilder, Tracker
from finops_sdk._reference import seeds_location
root = Path(sys.argv[1])
tracker = Tracker("file", landing_dir=root / "landing", spool_dir=root / "spool", register_atexit=False)
md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
call_id = tracker.track_call(
    provider="openai", model="gpt-4o", input_tokens=1000, output_tokens=100, metadata=md
)
tracker.close()
heavy = sorted(m for m in ("airflow", "include", "dbt", "duckdb", "openai") if m in sys.modules)
print(json.dumps({"seeds": seeds_location(), "file": finops_sdk.__file__, "call_id": call_id,
                  "cost": CostCalculator().calculate("gpt-4o", 1000, 100).usd, "heavy": heavy}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    uv = shutil.which("uv")
    assert uv, "uv is needed to build the wheel (it installs this project's virtualenv)"
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(out), str(REPO / "sdk")],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (built,) = out.glob("finops_sdk-*.whl")
    return built


def test_wheel_carries_exact_copies_of_the_seeds_and_no_airflow(wheel):
    with zipfile.ZipFile(wheel) as archive:
        for name in SEEDS:
            packaged = archive.read(f"finops_sdk/data/{name}.csv")
            assert packaged == (REPO / "dbt_project" / "seeds" / f"{name}.csv").read_bytes()
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
    requires = [
        line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra" not in line
    ]
    assert requires and not any(x in r.lower() for r in requires for x in ("airflow", "dbt", "duckdb"))


def test_installed_wheel_works_outside_the_repository(wheel, tmp_path):
    uv = shutil.which("uv")
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "-q", "--python", str(python), str(wheel)], check=True, timeout=300)
    work = tmp_path / "app"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    out = subprocess.run(
        [str(python), "-c", SCRIPT, str(work)], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["seeds"] == "package" and str(venv) in result["file"]  # not the repository's copy
    assert result["cost"] == pytest.approx((1000 * 2.5 + 100 * 10) / 1e6)
    assert result["heavy"] == []
    (landed,) = (work / "landing" / "sdk" / "calls").glob("*.jsonl")
    assert json.loads(landed.read_text())["call_id"] == result["call_id"]
