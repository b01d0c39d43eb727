"""GET endpoints of seed 003 / catalogue §7.4: read-only, scoped to the caller's organization."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from api import export
from api.auth import caller_organization, check_organization
from api.db import SnapshotReader
from api.period import DateRange, PeriodName, resolve
from api.queries import chains, optimization, sessions, usage, workflows
from api.queries.attribution import Dimension, attribution

router = APIRouter(prefix="/v1/finops")

Org = Annotated[str, Depends(caller_organization)]
OrgParam = Annotated[str | None, Query(max_length=200, description="must be the API key's organization")]
Period = Annotated[PeriodName | None, Query(description="7d, 30d, 90d or all (default 30d)")]
Start = Annotated[str | None, Query(max_length=40, description="ISO date or timestamp (UTC)")]
End = Annotated[str | None, Query(max_length=40, description="ISO date or timestamp (UTC)")]


def _reader(request: Request) -> SnapshotReader:
    return request.app.state.reader


def _period(
    request: Request,
    org: str,
    organization_id: str | None,
    period: str | None,
    start: str | None,
    end: str | None,
) -> DateRange:
    check_organization(org, organization_id)
    return resolve(_reader(request), org, period, start, end)


@router.get("/analytics/agents", tags=["analytics"])
def get_agents(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Calls, tokens, cost and models of each agent over the period (§7.4)."""
    return usage.agents(_reader(request), org, _period(request, org, organization_id, period, start, end))


@router.get("/analytics/models", tags=["analytics"])
def get_models(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Calls, input/output tokens and cost of each model over all calls of the period (§7.4)."""
    return usage.models(_reader(request), org, _period(request, org, organization_id, period, start, end))


@router.get("/analytics/sessions", tags=["analytics"])
def get_sessions(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Sessions started in the period, by cost descending (§7.4)."""
    rng = _period(request, org, organization_id, period, start, end)
    return sessions.sessions(_reader(request), org, rng, limit, offset)


@router.get("/analytics/workflows/{workflow_name}", tags=["analytics"])
def get_workflow(
    request: Request,
    org: Org,
    workflow_name: Annotated[str, PathParam(max_length=500)],
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Executions, success rate, cost, tokens, calls and duration of one workflow (§7.4)."""
    rng = _period(request, org, organization_id, period, start, end)
    return workflows.workflow(_reader(request), org, workflow_name, rng)


@router.get("/analytics/chains/{workflow_id}", tags=["analytics"])
def get_chain(
    request: Request, org: Org, workflow_id: str, organization_id: OrgParam = None
) -> dict[str, Any]:
    """Call tree (own cost per node), critical path and its cost of one execution (§7.2)."""
    check_organization(org, organization_id)
    return chains.chain(_reader(request), org, workflow_id)


@router.get("/analytics/attribution", tags=["analytics"])
def get_attribution(
    request: Request,
    org: Org,
    group_by: Dimension,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Cost and tokens per value of one whitelisted dimension (§7.1 cost_attribution)."""
    rng = _period(request, org, organization_id, period, start, end)
    return attribution(_reader(request), org, group_by, rng)


@router.get("/optimization/opportunities", tags=["analytics"])
def get_opportunities(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Annotated[PeriodName, Query(description="7d, 30d, 90d or all (default: all, §7.3)")] = "all",
) -> dict[str, Any]:
    """Optimization opportunities with potential savings over the period (§7.3)."""
    check_organization(org, organization_id)
    return optimization.opportunities(_reader(request), org, period)


@router.get("/dashboard/overview", tags=["analytics"])
def get_overview(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Summary, top 5 agents and models, and the optimization totals of the period (§7.4)."""
    rng = _period(request, org, organization_id, period, start, end)
    return usage.overview(_reader(request), org, rng)


@router.get("/export/report", tags=["analytics"], response_model=None)
def get_report(
    request: Request,
    org: Org,
    organization_id: OrgParam = None,
    period: Period = None,
    start: Start = None,
    end: End = None,
    format: Annotated[export.Format, Query()] = export.Format.json,
) -> dict[str, Any] | Response:
    """Every analytics answer of the period in one document; ``format=csv`` gives a zip of CSV tables."""
    rng = _period(request, org, organization_id, period, start, end)
    report = export.report(_reader(request), org, rng)
    if format is export.Format.csv:
        return Response(
            export.to_zip(report),
            media_type="application/zip",
            headers={"content-disposition": f'attachment; filename="finops_{org}_{rng.label}.zip"'},
        )
    return report
