"""Every environment variable the SDK reads, in one place (and nowhere else).

The SDK never reads the environment at import time; :func:`load_settings` takes a snapshot
when a :class:`~finops_sdk.Tracker` (or another component) is built from the environment, so
tests and applications can set variables right before constructing one. Explicit constructor
arguments always win over these variables.

Variable — meaning (default):

- ``FINOPS_SDK_SINK`` — where events go: ``file`` (landing-zone JSONL) or ``http`` (the
  analytics API). Default ``file``.
- ``FINOPS_LANDING_DIR`` — the platform's landing zone; the file sink writes
  ``<landing>/sdk/calls/<batch_id>.jsonl``. Default ``$FINOPS_DATA_DIR/landing``.
- ``FINOPS_DATA_DIR`` — the platform's data folder. Default ``<repo>/data`` inside the repository.
- ``FINOPS_SDK_ENDPOINT`` — base URL of the analytics API; the http sink posts to
  ``<endpoint>/v1/finops/calls/track``. Required for ``http``.
- ``FINOPS_SDK_API_KEY`` — bearer token sent by the http sink. Default none.
- ``FINOPS_SDK_SPOOL_DIR`` — the write-ahead spool (events stay there until delivered).
  Default ``$XDG_STATE_HOME/finops-sdk/spool`` (``~/.local/state/...``).
- ``FINOPS_SDK_BATCH_SIZE`` — events per delivered batch. Default ``1000``.
- ``FINOPS_SDK_FLUSH_INTERVAL_S`` — longest wait before a partial batch is delivered. ``1.0``.
- ``FINOPS_SDK_QUEUE_SIZE`` — bound of the in-memory queue; overflow is read back from the
  spool, never dropped. Default ``10000``.
- ``FINOPS_SDK_TIMEOUT_S`` — timeout of every network call. Default ``5.0``.
- ``FINOPS_SDK_RETRY_ATTEMPTS`` — attempts per batch and delivery round. Default ``4``.
- ``FINOPS_SDK_BREAKER_THRESHOLD`` — consecutive failures that open the circuit. Default ``5``.
- ``FINOPS_SDK_BREAKER_RESET_S`` — seconds the circuit stays open before a trial. ``30``.
- ``FINOPS_SDK_MAX_SPOOL_BYTES`` — spool cap; past it ``track_call`` raises instead of filling
  the disk. Default 1 GiB.
- ``FINOPS_SDK_FSYNC`` — ``1``: fsync every event (survives power loss, slow); ``0``: one
  write(2) per event (survives a killed process). Default ``0``.
- ``FINOPS_SDK_ENVIRONMENT`` — default ``environment`` of tracked calls. Default none.
- ``FINOPS_SDK_CLIENT_ID`` — default ``client_id`` of tracked calls. Default ``sdk-python``.
- ``FINOPS_SDK_UNPRICED`` — model missing from the price book: ``flag`` (cost 0,
  ``price_status=unpriced`` in metadata, a warning) or ``error`` (raise UnknownModelError).
  Default ``flag``.
- ``FINOPS_SDK_SEEDS_DIR`` — folder holding the reference seeds; overrides the lookup
  (repository ``dbt_project/seeds``, else the copies inside the wheel).
- ``FINOPS_SDK_BUDGET_DB`` — SQLite file of the budget state, shared by threads, tasks and
  processes. Default ``<spool dir>/../budgets.sqlite3``.
- ``FINOPS_SDK_METRICS_PORT`` — port of the optional ``/metrics`` server. Default none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from finops_sdk._exceptions import ConfigurationError

REPO_ROOT_CANDIDATE = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SdkSettings:
    """A snapshot of the SDK's environment variables (see the module docstring)."""

    sink: str
    landing_dir: Path | None
    endpoint: str | None
    api_key: str | None
    spool_dir: Path
    batch_size: int
    flush_interval_s: float
    queue_size: int
    timeout_s: float
    retry_attempts: int
    breaker_threshold: int
    breaker_reset_s: float
    max_spool_bytes: int
    fsync: bool
    environment: str | None
    client_id: str | None
    unpriced: str
    seeds_dir: Path | None
    budget_db: Path
    metrics_port: int | None


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigurationError(
            f"{name}={raw!r} is not a valid {kind.__name__}; unset it or fix it"
        ) from None
    if value < 0:
        raise ConfigurationError(f"{name}={raw!r} must not be negative")
    return value


def default_landing_dir(env: Mapping[str, str]) -> Path | None:
    """The platform's landing zone: same rule as the platform's own settings module."""
    if env.get("FINOPS_LANDING_DIR"):
        return Path(env["FINOPS_LANDING_DIR"]).expanduser()
    if env.get("FINOPS_DATA_DIR"):
        return Path(env["FINOPS_DATA_DIR"]).expanduser() / "landing"
    if (REPO_ROOT_CANDIDATE / "dbt_project" / "seeds").is_dir():
        return REPO_ROOT_CANDIDATE / "data" / "landing"
    return None


def load_settings(environ: Mapping[str, str] | None = None) -> SdkSettings:
    """Read every SDK variable now; raise :class:`ConfigurationError` on a malformed value."""
    env = os.environ if environ is None else environ
    sink = env.get("FINOPS_SDK_SINK", "file").strip().lower() or "file"
    if sink not in ("file", "http"):
        raise ConfigurationError(f"FINOPS_SDK_SINK={sink!r}: use 'file' or 'http'")
    unpriced = env.get("FINOPS_SDK_UNPRICED", "flag").strip().lower() or "flag"
    if unpriced not in ("flag", "error"):
        raise ConfigurationError(f"FINOPS_SDK_UNPRICED={unpriced!r}: use 'flag' or 'error'")
    state_home = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    spool_dir = Path(env.get("FINOPS_SDK_SPOOL_DIR") or state_home / "finops-sdk" / "spool").expanduser()
    port = env.get("FINOPS_SDK_METRICS_PORT")
    return SdkSettings(
        sink=sink,
        landing_dir=default_landing_dir(env),
        endpoint=env.get("FINOPS_SDK_ENDPOINT") or None,
        api_key=env.get("FINOPS_SDK_API_KEY") or None,
        spool_dir=spool_dir,
        batch_size=max(1, int(_number(env, "FINOPS_SDK_BATCH_SIZE", 1000, int))),
        flush_interval_s=_number(env, "FINOPS_SDK_FLUSH_INTERVAL_S", 1.0, float),
        queue_size=max(1, int(_number(env, "FINOPS_SDK_QUEUE_SIZE", 10000, int))),
        timeout_s=_number(env, "FINOPS_SDK_TIMEOUT_S", 5.0, float),
        retry_attempts=max(1, int(_number(env, "FINOPS_SDK_RETRY_ATTEMPTS", 4, int))),
        breaker_threshold=max(1, int(_number(env, "FINOPS_SDK_BREAKER_THRESHOLD", 5, int))),
        breaker_reset_s=_number(env, "FINOPS_SDK_BREAKER_RESET_S", 30.0, float),
        max_spool_bytes=int(_number(env, "FINOPS_SDK_MAX_SPOOL_BYTES", 1 << 30, int)),
        fsync=env.get("FINOPS_SDK_FSYNC", "0").strip() in ("1", "true", "yes"),
        environment=env.get("FINOPS_SDK_ENVIRONMENT") or None,
        client_id=env.get("FINOPS_SDK_CLIENT_ID", "sdk-python") or None,
        unpriced=unpriced,
        seeds_dir=Path(env["FINOPS_SDK_SEEDS_DIR"]).expanduser() if env.get("FINOPS_SDK_SEEDS_DIR") else None,
        budget_db=Path(env.get("FINOPS_SDK_BUDGET_DB") or spool_dir.parent / "budgets.sqlite3").expanduser(),
        metrics_port=int(port) if port else None,
    )
