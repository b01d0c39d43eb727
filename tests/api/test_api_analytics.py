"""Analytics GETs over real HTTP compared with the §7 marts they read (catalogue §7.4)."""

from __future__ import annotations

import io
import zipfile

import pytest
from api_server import client
from conftest import Served

REL = 1e-6  # responses round money to 6 decimals


def approx(value: float) -> object:
    return pytest.approx(value, rel=REL, abs=1e-6)


def test_agents_match_usage_daily(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        body = c.get("/v1/finops/analytics/agents", params={"period": "all"}).json()
    mart = served.query(
        "select agent_name, sum(calls) calls, sum(total_tokens) tokens, sum(cost_usd) cost,"
        " list(distinct model order by model) models from marts.rpt_agents__usage_daily"
        " where organization_id = ? group by 1",
        [served.org_a],
    ).set_index("agent_name")
    assert set(body["agents"]) == set(mart.index) and len(mart) > 0
    for name, figures in body["agents"].items():
        assert figures["calls"] == mart.loc[name, "calls"]
        assert figures["tokens"] == mart.loc[name, "tokens"]
        assert figures["cost"] == approx(mart.loc[name, "cost"])
        assert figures["models_used"] == list(mart.loc[name, "models"])
    assert body["total_cost"] == approx(mart["cost"].sum())


def test_models_and_periods_nest(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        by_period = {
            p: c.get("/v1/finops/analytics/models", params={"period": p}).json()
            for p in ("7d", "30d", "90d", "all")
        }
        default = c.get("/v1/finops/analytics/models").json()
    mart = served.query(
        "select model, sum(calls) calls, sum(input_tokens) i, sum(output_tokens) o, sum(cost_usd) cost"
        " from marts.rpt_agents__model_daily where organization_id = ? group by 1",
        [served.org_a],
    ).set_index("model")
    every = by_period["all"]["models"]
    assert set(every) == set(mart.index)
    for model, f in every.items():
        assert (f["calls"], f["input_tokens"], f["output_tokens"]) == (
            mart.loc[model, "calls"],
            mart.loc[model, "i"],
            mart.loc[model, "o"],
        )
        assert f["cost"] == approx(mart.loc[model, "cost"])
    assert default == by_period["30d"] and default["period"] == "30d"
    totals = [by_period[p]["total_cost"] for p in ("7d", "30d", "90d", "all")]
    assert totals == sorted(totals) and totals[0] > 0
    as_of = served.query(
        "select max(date) d from marts.rpt_agents__model_daily where organization_id = ?", [served.org_a]
    )["d"][0]
    assert by_period["7d"]["as_of"] == str(as_of)[:10]
    week = served.query(
        "select sum(cost_usd) c from marts.rpt_agents__model_daily where organization_id = ?"
        " and date > ?::date - 7 and date <= ?::date",
        [served.org_a, as_of, as_of],
    )["c"][0]
    assert by_period["7d"]["total_cost"] == approx(week)


def test_sessions_by_cost_with_paging(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        first = c.get("/v1/finops/analytics/sessions", params={"period": "all", "limit": 5}).json()
        second = c.get(
            "/v1/finops/analytics/sessions", params={"period": "all", "limit": 5, "offset": 5}
        ).json()
        assert c.get("/v1/finops/analytics/sessions", params={"limit": 1001}).status_code == 422
    mart = served.query(
        "select session_id, user_id, total_cost_usd, total_tokens, workflow_count"
        " from marts.rpt_agents__sessions"
        " where organization_id = ? order by total_cost_usd desc, session_id limit 10",
        [served.org_a],
    )
    got = first["sessions"] + second["sessions"]
    assert [s["session_id"] for s in got] == list(mart["session_id"])
    for s, (_, m) in zip(got, mart.iterrows(), strict=True):
        assert s["total_cost_usd"] == approx(m["total_cost_usd"]) and s["total_tokens"] == m["total_tokens"]
        assert s["workflow_count"] == m["workflow_count"]
        assert set(s) >= {
            "session_id",
            "user_id",
            "total_cost_usd",
            "total_tokens",
            "workflow_count",
            "duration_seconds",
        }
    assert (
        first["total_sessions"]
        == served.query(
            "select count(*) n from marts.rpt_agents__sessions where organization_id = ?", [served.org_a]
        )["n"][0]
    )


def test_workflow_matches_workflow_performance(served: Served) -> None:
    perf = served.query(
        "select * from marts.rpt_agents__workflow_performance where organization_id = ?"
        " order by total_executions desc, workflow_name",
        [served.org_a],
    )
    assert len(perf) > 0
    row = perf.iloc[0]
    with client(served.base, served.key_a) as c:
        body = c.get(
            f"/v1/finops/analytics/workflows/{row['workflow_name']}", params={"period": "all"}
        ).json()
        assert c.get("/v1/finops/analytics/workflows/no such workflow").status_code == 404
    for col in ("total_executions", "successful", "failed", "total_tokens", "total_calls"):
        assert body[col] == row[col], col
    assert body["success_rate"] == pytest.approx(row["success_rate"], abs=5e-5)
    assert body["total_cost_usd"] == approx(row["total_cost_usd"])
    assert body["avg_cost_per_execution"] == approx(row["avg_cost_per_execution"])
    assert body["avg_duration_seconds"] == pytest.approx(row["avg_duration_seconds"], abs=0.05)


def test_chain_tree_and_critical_path(served: Served) -> None:
    ex = served.query(
        "select workflow_id, calls, max_depth, critical_path_cost_usd, cost_usd from"
        " marts.rpt_agents__workflow_executions where organization_id = ? and chain_issue_count = 0"
        " order by max_depth desc, calls desc, workflow_id limit 1",
        [served.org_a],
    ).iloc[0]
    with client(served.base, served.key_a) as c:
        body = c.get(f"/v1/finops/analytics/chains/{ex['workflow_id']}").json()
    assert body["total_calls"] == ex["calls"] and body["max_chain_depth"] == ex["max_depth"]
    assert body["critical_path_cost"] == approx(ex["critical_path_cost_usd"])

    def walk(nodes: list[dict], depth: int) -> tuple[int, float, int]:
        n, cost, deepest = 0, 0.0, depth - 1
        for node in nodes:
            assert set(node) >= {"agent_name", "model", "tokens", "cost", "children"}
            sub = walk(node["children"], depth + 1)
            n, cost, deepest = n + 1 + sub[0], cost + node["cost"] + sub[1], max(deepest, depth, sub[2])
        return n, cost, deepest

    count, cost, deepest = walk(body["call_tree"], 1)
    assert count == ex["calls"] and deepest == ex["max_depth"]
    assert cost == pytest.approx(
        ex["cost_usd"], rel=1e-5
    )  # own costs sum to the workflow's, never inclusive
    path = body["critical_path"]
    assert len(path) == ex["max_depth"] or sum(p["cost"] for p in path) == pytest.approx(
        body["critical_path_cost"], rel=1e-5
    )
    assert all(set(p) >= {"agent", "cost", "tokens"} for p in path)


@pytest.mark.parametrize(
    "group_by", ["user", "workflow", "organization", "product", "feature", "model", "agent"]
)
def test_attribution_sums_to_the_organization(served: Served, group_by: str) -> None:
    with client(served.base, served.key_a) as c:
        body = c.get(
            "/v1/finops/analytics/attribution", params={"group_by": group_by, "period": "all"}
        ).json()
    mart = served.query(
        "select dimension_value v, sum(cost_usd) cost, sum(tokens) tokens, sum(executions) ex"
        " from marts.rpt_agents__cost_attribution where organization_id = ? and dimension = ?"
        " and period_type = 'day' group by 1",
        [served.org_a, group_by],
    ).set_index("v")
    assert set(body["attribution"]) == set(mart.index)
    for value, f in body["attribution"].items():
        assert f["cost"] == approx(mart.loc[value, "cost"]) and f["tokens"] == mart.loc[value, "tokens"]
        assert ("executions" in f) == (group_by == "workflow")
    org_total = served.query(
        "select sum(cost_usd) c from marts.rpt_agents__model_daily where organization_id = ?",
        [served.org_a],
    )["c"][0]
    assert body["total_cost"] == pytest.approx(org_total, rel=1e-6)


def test_attribution_dimension_whitelist(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        for bad in ("customer_id; drop table x", "prompt_hash", ""):
            r = c.get("/v1/finops/analytics/attribution", params={"group_by": bad})
            assert r.status_code == 422 and "group_by" in r.json()["message"]


def test_opportunities_and_overview_match_marts(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        opp = c.get("/v1/finops/optimization/opportunities").json()
        over = c.get("/v1/finops/dashboard/overview", params={"period": "all"}).json()
    mart = served.query(
        "select * from marts.rpt_agents__optimization_opportunities where organization_id = ?",
        [served.org_a],
    )
    if "period" in mart.columns:
        mart = mart[mart["period"] == "all"]
    assert len(opp["opportunities"]) == len(mart)
    assert opp["total_potential_savings"] == approx(mart["potential_savings_usd"].sum())
    for item in opp["opportunities"]:
        assert {"type", "priority", "recommendation", "potential_savings"} <= set(item)
        assert ("wasted_cost" in item) == (item["type"] == "failed_workflows")
    totals = served.query(
        "select sum(calls) n, sum(cost_usd) c, sum(total_tokens) t from"
        " marts.rpt_agents__model_daily where organization_id = ?",
        [served.org_a],
    ).iloc[0]
    s = over["summary"]
    assert (s["total_calls"], s["total_tokens"]) == (totals["n"], totals["t"])
    assert s["total_cost_usd"] == approx(totals["c"])
    assert s["avg_cost_per_call"] == approx(totals["c"] / totals["n"])
    assert len(over["top_agents"]) <= 5 and len(over["top_models"]) <= 5
    costs = [v["cost"] for v in over["top_models"].values()]
    assert costs == sorted(costs, reverse=True)


@pytest.mark.parametrize("period", ["7d", "30d", "90d", "all"])
def test_overview_is_the_dashboard_mart(served: Served, period: str) -> None:
    with client(served.base, served.key_a) as c:
        over = c.get("/v1/finops/dashboard/overview", params={"period": period}).json()
    row = served.query(
        "select * from marts.rpt_agents__dashboard where organization_id = ? and period = ?",
        [served.org_a, period],
    ).iloc[0]
    s = over["summary"]
    assert (s["total_calls"], s["total_tokens"]) == (row["total_calls"], row["total_tokens"])
    assert s["total_cost_usd"] == approx(row["total_cost_usd"])
    assert over["optimization"]["opportunities_count"] == row["opportunities_count"]
    assert over["optimization"]["potential_savings_usd"] == approx(row["potential_savings_usd"])
    ranks = served.query(
        "select kind, name, calls, cost_usd from marts.rpt_agents__dashboard_rankings"
        " where organization_id = ?"
        " and period = ? and rank <= 5 order by kind, rank",
        [served.org_a, period],
    )
    for kind, key in (("agent", "top_agents"), ("model", "top_models")):
        expected = ranks[ranks["kind"] == kind]
        assert list(over[key]) == list(expected["name"])
        for (_, r), figures in zip(expected.iterrows(), over[key].values(), strict=True):
            assert figures["calls"] == r["calls"] and figures["cost"] == approx(r["cost_usd"])


def test_export_json_and_csv_zip(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        doc = c.get("/v1/finops/export/report", params={"period": "90d"}).json()
        z = c.get("/v1/finops/export/report", params={"period": "90d", "format": "csv"})
        models = c.get("/v1/finops/analytics/models", params={"period": "90d"}).json()
    assert doc["models"] == models
    assert {"overview", "agents", "models", "sessions", "attribution", "optimization"} <= set(doc)
    assert z.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert {
            "summary.csv",
            "agents.csv",
            "models.csv",
            "sessions.csv",
            "attribution.csv",
            "opportunities.csv",
        } <= set(zf.namelist())
        lines = zf.read("models.csv").decode().strip().split("\n")
    assert len(lines) == 1 + len(models["models"])


def test_money_is_rounded_to_six_decimals(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        body = c.get("/v1/finops/analytics/agents", params={"period": "all"}).json()
    for f in body["agents"].values():
        assert round(f["cost"], 6) == f["cost"]
