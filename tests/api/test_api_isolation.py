"""Tenant isolation: organization A can never read B's data (403 naming B, 404 for B's entities)."""

from __future__ import annotations

from api_server import client
from conftest import Served

GETS = [
    "/v1/finops/analytics/agents",
    "/v1/finops/analytics/models",
    "/v1/finops/analytics/sessions",
    "/v1/finops/optimization/opportunities",
    "/v1/finops/dashboard/overview",
    "/v1/finops/export/report",
]


def test_naming_another_organization_is_403(served: Served) -> None:
    with client(served.base, served.key_a) as c:
        for path in GETS:
            assert c.get(path, params={"organization_id": served.org_b}).status_code == 403, path
            assert c.get(path, params={"organization_id": served.org_a}).status_code == 200, path


def test_no_key_or_a_wrong_key_is_401(served: Served) -> None:
    for key in (None, "fo_000000000000_not-a-key", served.key_a[:-1]):
        with client(served.base, key) as c:
            assert c.get("/v1/finops/analytics/agents").status_code == 401


def test_answers_only_hold_the_callers_data(served: Served) -> None:
    with client(served.base, served.key_a) as a, client(served.base, served.key_b) as b:
        ta = a.get("/v1/finops/analytics/models", params={"period": "all"}).json()["total_cost"]
        tb = b.get("/v1/finops/analytics/models", params={"period": "all"}).json()["total_cost"]
        sa = {
            s["session_id"]
            for s in a.get("/v1/finops/analytics/sessions", params={"period": "all", "limit": 1000}).json()[
                "sessions"
            ]
        }
    totals = served.query(
        "select organization_id o, sum(cost_usd) c from marts.rpt_agents__model_daily group by 1"
    ).set_index("o")["c"]
    assert abs(ta - totals[served.org_a]) < 1e-5 and abs(tb - totals[served.org_b]) < 1e-5
    b_sessions = set(
        served.query(
            "select session_id from marts.rpt_agents__sessions where organization_id = ?", [served.org_b]
        )["session_id"]
    )
    assert sa and not sa & b_sessions


def test_other_organizations_entities_are_404(served: Served) -> None:
    wf = served.query(
        "select workflow_id, workflow_name from marts.rpt_agents__workflow_executions"
        " where organization_id = ? limit 1",
        [served.org_b],
    ).iloc[0]
    only_b = served.query(
        "select workflow_name from marts.rpt_agents__workflow_performance where organization_id = ?"
        " except select workflow_name from marts.rpt_agents__workflow_performance where organization_id = ?",
        [served.org_b, served.org_a],
    )
    with client(served.base, served.key_a) as c:
        assert c.get(f"/v1/finops/analytics/chains/{wf['workflow_id']}").status_code == 404
        for name in only_b["workflow_name"]:
            assert c.get(f"/v1/finops/analytics/workflows/{name}").status_code == 404
    with client(served.base, served.key_b) as c:
        assert c.get(f"/v1/finops/analytics/chains/{wf['workflow_id']}").status_code == 200
