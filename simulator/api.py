"""Public API of the simulator: parameters, in-memory generation and landing-zone runs.

Other parts depend on exactly these names::

    from simulator.api import SimulationParams, SimulationResult, generate, run_simulation

``generate`` returns Arrow tables; ``run_simulation`` writes them as Parquet batches into the
landing zone (docs/architecture.md) with a run manifest, and optionally the seed-001 CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from simulator.generate import (
    ChunkBuilder,
    Drawn,
    SimulationResult,
    draw,
    generate,
    other_tables,
    result_of,
)
from simulator.parallel import workers
from simulator.params import SimulationParams
from simulator.records import SCENARIO_LABELS
from simulator.writers import (
    KINDS,
    PART_ROWS,
    row_groups,
    write_batches,
    write_csv,
    write_manifest,
    write_parts,
)

__all__ = ["SimulationParams", "SimulationResult", "generate", "run_simulation"]

GENERATION_STAGES = ("population", "workflows", "standalone calls", "time order and ids",
                     "cache and cost", "budgets", "sessions", "tables")


def _code_counts(codes: np.ndarray) -> dict[str, int]:
    """Rows per scenario label (by name, labels without rows left out) from the scenario codes
    the tables' ``scenario`` column and workflow metadata are built from (a negative code is
    NULL there and counted nowhere): a bincount instead of re-reading the built text."""
    counts = np.bincount(codes[codes >= 0], minlength=len(SCENARIO_LABELS)).tolist()
    return dict(sorted((SCENARIO_LABELS[i], c) for i, c in enumerate(counts) if c))


def _counts_by_scenario(drawn: Drawn) -> dict[str, dict[str, int]]:
    return {"calls": _code_counts(drawn.calls["code"]),
            "workflows": _code_counts(drawn.workflows["code"])}


def _land(drawn: Drawn, builder: ChunkBuilder, pool: Executor, landing_dir: Path, part_rows: int,
          report: Callable[[str], None]) -> tuple[SimulationResult, list[dict[str, object]]]:
    """Build and write every table of a drawn run; returns the (encoded) result and the files.

    The calls row groups are built on ``pool`` (their early columns were started while budgets
    and sessions were drawn), the parts' first groups first, while each part's writer stores its
    finished groups in order; the small tables are built and written on the pool meanwhile.
    """
    run_id = drawn.params.run_id
    groups = row_groups(drawn.rows, part_rows)
    parts: dict[int, list[tuple[int, int, int]]] = {}
    for group in groups:
        parts.setdefault(group[0], []).append(group)
    interleaved = sorted(groups, key=lambda g: (g[1] - parts[g[0]][0][1], g[0]))
    pending = dict(zip(interleaved, builder.finish(drawn, [(a, b) for _, a, b in interleaved]),
                       strict=True))

    def small_tables() -> tuple[dict[str, pa.Table], list[dict[str, object]]]:
        others = other_tables(drawn, True)
        return others, [f for kind in KINDS[1:]
                        for f in write_batches(others[kind], landing_dir, run_id, kind, part_rows)]

    small = pool.submit(small_tables)

    def built(part: list[tuple[int, int, int]]) -> Iterator[pa.Table]:
        return (pending[g].result() for g in part)

    report("write calls")
    schema = pending[groups[0]].result().schema
    files = write_parts([built(p) for p in parts.values()], schema, landing_dir, run_id, "calls")
    others, small_files = small.result()
    for kind in KINDS[1:]:
        report(f"write {kind}")
    chunks = [pending[g].result() for g in groups]
    return result_of(drawn, pa.concat_tables(chunks), others), files + small_files


def run_simulation(params: SimulationParams, landing_dir: Path, csv_path: Path | None = None,
                   progress: bool | Callable[[str], None] = False, *,
                   part_rows: int = PART_ROWS) -> dict[str, object]:
    """Generate a run and land it; returns the manifest also written to ``runs/<run_id>.json``.

    ``progress`` may be True (a tqdm bar on stderr) or a callback receiving stage names.
    """
    landing_dir = Path(landing_dir)
    bar = None
    if callable(progress):
        report = progress
    elif progress:
        from tqdm import tqdm

        bar = tqdm(total=len(GENERATION_STAGES) + len(KINDS) + (1 if csv_path else 0),
                   desc="simulate", unit="stage")

        def report(stage: str) -> None:
            bar.set_postfix_str(stage)
            bar.update(1)
    else:
        def report(stage: str) -> None:
            return None

    run_id = params.run_id
    bounds = [(a, b) for _, a, b in row_groups(params.target_rows, part_rows)]
    with ThreadPoolExecutor(workers(), thread_name_prefix="simulator-build") as pool:
        builder = ChunkBuilder(params, pool, bounds, encoded=True)
        drawn = draw(params, report, builder.start)
        report("tables")
        result, files = _land(drawn, builder, pool, landing_dir, part_rows, report)
        by_scenario = _counts_by_scenario(drawn)
    csv_info = None
    if csv_path is not None:
        report("write csv")
        size = write_csv(result.calls, Path(csv_path))
        csv_info = {"path": str(Path(csv_path)), "rows": result.calls.num_rows, "bytes": size}
    if bar is not None:
        bar.close()
    manifest: dict[str, object] = {
        "run_id": run_id,
        "source": "simulator",
        "parameters": params.canonical(),
        "window": {
            "start": params.window_start.isoformat().replace("+00:00", "Z"),
            "end": params.window_end.isoformat().replace("+00:00", "Z"),
            "days": float(params.window_days),
        },
        "customers": result.customers,
        "organizations": result.organizations,
        "rows": {kind: result.table(kind).num_rows for kind in KINDS},
        "rows_by_scenario": by_scenario,
        "files": files,
        "csv": csv_info,
    }
    write_manifest(landing_dir, run_id, manifest)
    return manifest
