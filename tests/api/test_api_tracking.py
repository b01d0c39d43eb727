"""Tracking POSTs over real HTTP: validation, scoping, idempotency, and what the loader accepts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest
from api_server import client, new_key, serve, settings_for

from include.loading.api import load_landing

CALL = {
    "agent_name": "DataAnalyzer",
    "model": "gpt-4o",
    "input_tokens": 1000,
    "output_tokens": 500,
    "latency_ms": 2340,
}


@pytest.fixture()
def server(tmp_path: Path):
    settings = settings_for(tmp_path)
    with serve(settings) as base:
        yield settings, base


def _load(settings, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    warehouse = tmp_path / "loaded.duckdb"
    load_landing(warehouse, settings.landing_dir)
    return duckdb.connect(str(warehouse), read_only=True)


def test_seed_flow_lands_workflow_calls_and_end(server, tmp_path: Path) -> None:
    settings, base = server
    key = new_key(settings, "org_789")
    with client(base, key) as c:
        r = c.post(
            "/v1/finops/workflows/start",
            json={
                "workflow_name": "Generate Report",
                "user_id": "user_123",
                "session_id": "session_456",
                "organization_id": "org_789",
            },
        )
        assert r.status_code == 202, r.text
        wf = r.json()["workflow_id"]
        root = c.post("/v1/finops/calls/track", json={**CALL, "workflow_id": wf, "parent_call_id": None})
        assert root.status_code == 202, root.text
        child = c.post(
            "/v1/finops/calls/track",
            json={
                **CALL,
                "model": "gpt-4o-mini",
                "agent_name": "Summarizer",
                "workflow_id": wf,
                "parent_call_id": root.json()["call_id"],
            },
        )
        assert child.status_code == 202, child.text
        end = c.post("/v1/finops/workflows/end", json={"workflow_id": wf, "success": True})
        assert end.status_code == 202, end.text
        s = c.post("/v1/finops/sessions/start", json={"session_id": "session_456", "user_id": "user_123"})
        assert s.status_code == 202, s.text
        assert c.post("/v1/finops/sessions/session_456/end", json={}).status_code == 202
    time.sleep(0.5)  # one seal interval
    con = _load(settings, tmp_path)
    calls = con.execute(
        "select call_id, provider, workflow_name, user_id, session_id, organization_id, cost_usd,"
        " parent_call_id from raw.calls order by timestamp"
    ).fetchall()
    assert len(calls) == 2
    assert all(c[1] == "openai" and c[2] == "Generate Report" and c[3] == "user_123" for c in calls)
    assert all(c[5] == "org_789" and c[6] > 0 for c in calls)
    assert calls[1][7] == calls[0][0]
    wfs = con.execute(
        "select workflow_id, success, ended_at is not null from raw.workflows"
        " order by loaded_at desc, batch_id desc"
    ).fetchall()
    assert wfs[0] == (wf, True, True)  # the latest batch row of the execution is its end
    sessions = con.execute(
        "select session_id, ended_at is not null, session_source from raw.sessions"
        " order by loaded_at desc, batch_id desc"
    ).fetchall()
    assert sessions[0] == ("session_456", True, "explicit")
    assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 0


def test_sdk_batch_and_reposts_are_idempotent(server, tmp_path: Path) -> None:
    settings, base = server
    key = new_key(settings, "org_a")
    calls = [
        {
            **CALL,
            "call_id": f"c{i}",
            "timestamp": "2026-01-01T00:00:00Z",
            "customer_id": "cust_1",
            "provider": "openai",
            "metadata": json.dumps({"k": i}),
        }
        for i in range(5)
    ]
    body = {"batch_id": "b1", "source": "sdk", "calls": calls}
    with client(base, None) as c:
        headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "b1"}
        first = c.post("/v1/finops/calls/track", json=body, headers=headers)
        assert first.status_code == 202 and first.json()["accepted"] == 5, first.text
        again = c.post("/v1/finops/calls/track", json=body, headers=headers)
        assert again.json() == {**first.json(), "accepted": 0, "duplicates": 5}
        changed = c.post("/v1/finops/calls/track", json={**calls[0], "input_tokens": 9}, headers=headers)
        assert changed.status_code == 409 and "c0" in changed.json()["detail"]
    time.sleep(0.5)
    con = _load(settings, tmp_path)
    assert con.execute("select count(*), count(distinct call_id) from raw.calls").fetchone() == (5, 5)


def test_refusals_name_the_problem(server) -> None:
    settings, base = server
    key_a, key_b = new_key(settings, "org_a"), new_key(settings, "org_b")
    with client(base, key_a) as c:
        assert client(base, None).post("/v1/finops/calls/track", json=CALL).status_code == 401
        assert client(base, "fo_bad_key").post("/v1/finops/calls/track", json=CALL).status_code == 401
        bad = c.post("/v1/finops/calls/track", json={**CALL, "input_tokens": -3})
        assert bad.status_code == 422 and "input_tokens" in bad.json()["message"]
        extra = c.post("/v1/finops/calls/track", json={**CALL, "colour": "red"})
        assert extra.status_code == 422 and "colour" in extra.json()["message"]
        assert (
            c.post(
                "/v1/finops/calls/track", content=b"{not json", headers={"content-type": "application/json"}
            ).status_code
            == 422
        )
        other = c.post("/v1/finops/calls/track", json={**CALL, "organization_id": "org_b"})
        assert other.status_code == 403
        big = c.post(
            "/v1/finops/calls/track", json={**CALL, "metadata": {"x": "y" * settings.max_body_bytes}}
        )
        assert big.status_code == 413
        wf = c.post("/v1/finops/workflows/start", json={"workflow_name": "W", "workflow_id": "wf_a"})
        assert wf.status_code == 202
        assert c.post("/v1/finops/calls/track", json={**CALL, "call_id": "shared"}).status_code == 202
    with client(base, key_b) as c:
        assert (
            c.post("/v1/finops/workflows/end", json={"workflow_id": "wf_a", "success": False}).status_code
            == 404
        )
        # B cannot overwrite A's call by reusing its id
        assert c.post("/v1/finops/calls/track", json={**CALL, "call_id": "shared"}).status_code == 409
        assert c.post("/v1/finops/sessions/nope/end").status_code == 404


def test_the_sdk_http_sink_delivers_to_the_api(server, tmp_path: Path) -> None:
    """The SDK's own HttpSink (docs/architecture.md contract) posts a batch; a resend is idempotent."""
    from finops_sdk._sinks import HttpSink

    from include.reference import schema_columns

    settings, base = server
    key = new_key(settings, "org_sdk")
    columns = [c["column_name"] for c in schema_columns("call")]
    lines = []
    for i in range(1000):  # the SDK's default batch size
        record = dict.fromkeys(columns)
        record.update(
            call_id=f"sdk_{i:05d}",
            timestamp="2026-01-01T00:00:00.000000Z",
            organization_id="org_sdk",
            customer_id="cust_1",
            provider="anthropic",
            model="claude-sonnet-4-5",
            input_tokens=10 + i,
            output_tokens=5,
            total_tokens=15 + i,
            status="success",
            metadata=json.dumps({"n": i}),
        )
        lines.append(json.dumps(record).encode() + b"\n")
    sink = HttpSink(base, api_key=key)
    try:
        sink.send("sdk_seg_000000000000", lines)
        sink.send("sdk_seg_000000000000", lines)  # a replay after a crash
    finally:
        sink.close()
    time.sleep(0.5)
    con = _load(settings, tmp_path)
    assert con.execute("select count(*), count(distinct call_id) from raw.calls").fetchone() == (1000, 1000)
    assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 0


def test_the_fast_path_answers_like_the_documented_route(tmp_path: Path) -> None:
    """calls/track is served by api.fasttrack ahead of FastAPI; without it the FastAPI route
    answers. Both must give the same status and body for acceptance, duplicates and refusals."""
    from api.app import create_app
    from api.fasttrack import FastTrack

    answers = []
    for name, fast in (("fast", True), ("route", False)):
        settings = settings_for(tmp_path / name)
        app = create_app(settings)
        if not fast:
            app.user_middleware = [m for m in app.user_middleware if m.cls is not FastTrack]
        with serve(settings, app) as base:
            key = new_key(settings, "org_a")
            seen = []
            with client(base, key) as c:
                call = {**CALL, "call_id": "same"}
                for body in (call, call, {**call, "input_tokens": 1}, {**CALL, "input_tokens": -1}):
                    r = c.post("/v1/finops/calls/track", json=body)
                    seen.append((r.status_code, r.json()))
                json_header = {"content-type": "application/json"}
                r = c.post("/v1/finops/calls/track", content=b"{", headers=json_header)
                seen.append((r.status_code, r.json()["detail"][0]["type"]))
                batch = {"batch_id": "b", "calls": [{**CALL, "call_id": "x"}, {**CALL, "call_id": "x"}]}
                r = c.post("/v1/finops/calls/track", json=batch)
                seen.append((r.status_code, r.json()))
            r = client(base, None).post("/v1/finops/calls/track", json=CALL)
            seen.append((r.status_code, r.json(), r.headers.get("www-authenticate")))
        answers.append(seen)
    fast, route = answers
    assert [a[0] for a in fast] == [202, 202, 409, 422, 422, 422, 401]
    assert fast[0][1] == {"call_id": "same", "status": "accepted"} and fast[1][1]["status"] == "duplicate"
    assert fast == route
