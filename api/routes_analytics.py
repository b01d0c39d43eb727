"""GET endpoints of seed 003 / catalogue §7.4: read-only, scoped to the caller's organization.

Two dependencies carry the common parameters: :data:`Scoped` checks ``organization_id`` against
the key (403 for another organization) and :data:`Range` also resolves ``period``/``start``/``end``.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from api import export
from api.auth import caller_organization, check_organization
from api.db import SnapshotReader
from api.period import DateRange, PeriodName, resolve
from api.queries import chains, optimization, sessions, usage, workflows
from api.queries.attribution import Dimension, attribution

router = APIRouter(prefix="/v1/finops", tags=["analytics"])

Org = Annotated[str, Depends(caller_organization)]


def _reader(request: Request) -> SnapshotReader:
    return request.app.state.reader


def scoped(
    org: Org,
    organization_id: Annotated[
        str | None, Query(max_length=200, description="must be the API key's organization")
    ] = None,
) -> str:
    """The caller's organization; 403 when the request names another one."""
    check_organization(org, organization_id)
    return org


Scoped = Annotated[str, Depends(scoped)]


def period_range(
    request: Request,
    org: Scoped,
    period: Annotated[PeriodName | None, Query(description="7d, 30d, 90d or all (default 30d)")] = None,
    start: Annotated[str | None, Query(max_length=40, description="ISO date or timestamp (UTC)")] = None,
    end: Annotated[str | None, Query(max_length=40, description="ISO date or timestamp (UTC)")] = None,
) -> DateRange:
    """The period a request selects (§7.4): ``period`` or ``start``/``end``, ending at as_of."""
    return resolve(_reader(request), org, period, start, end)


Range = Annotated[DateRange, Depends(period_range)]


@router.get("/analytics/agents")
def get_agents(request: Request, org: Scoped, rng: Range) -> dict[str, Any]:
    """Calls, tokens, cost and models of each agent over the period (§7.4)."""
    return usage.agents(_reader(request), org, rng)


@router.get("/analytics/models")
def get_models(request: Request, org: Scoped, rng: Range) -> dict[str, Any]:
    """Calls, input/output tokens and cost of each model over all calls of the period (§7.4)."""
    return usage.models(_reader(request), org, rng)


def _json(doc: dict[str, Any]) -> Response:
    """The answer rendered straight to JSON by orjson: every value is already a JSON type, and
    FastAPI's generic encoder walks each one (on the export's 1,000 sessions it cost more than the
    queries; the standard json module another 5 ms)."""
    return Response(orjson.dumps(doc), media_type="application/json")


@router.get("/analytics/sessions", response_model=dict[str, Any])
def get_sessions(
    request: Request,
    org: Scoped,
    rng: Range,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Sessions started in the period, by cost descending (§7.4)."""
    return _json(sessions.sessions(_reader(request), org, rng, limit, offset))


@router.get("/analytics/workflows/{workflow_name}")
def get_workflow(
    request: Request, org: Scoped, rng: Range, workflow_name: Annotated[str, PathParam(max_length=500)]
) -> dict[str, Any]:
    """Executions, success rate, cost, tokens, calls and duration of one workflow (§7.4)."""
    return workflows.workflow(_reader(request), org, workflow_name, rng)


@router.get("/analytics/chains/{workflow_id}")
def get_chain(request: Request, org: Scoped, workflow_id: str) -> dict[str, Any]:
    """Call tree (own cost per node), critical path and its cost of one execution (§7.2)."""
    return chains.chain(_reader(request), org, workflow_id)


@router.get("/analytics/attribution")
def get_attribution(request: Request, org: Scoped, rng: Range, group_by: Dimension) -> dict[str, Any]:
    """Cost and tokens per value of one whitelisted dimension (§7.1 cost_attribution)."""
    return attribution(_reader(request), org, group_by, rng)


@router.get("/optimization/opportunities")
def get_opportunities(
    request: Request,
    org: Scoped,
    period: Annotated[PeriodName, Query(description="7d, 30d, 90d or all (default: all, §7.3)")] = "all",
) -> dict[str, Any]:
    """Optimization opportunities with potential savings over the period (§7.3)."""
    return optimization.opportunities(_reader(request), org, period)


@router.get("/dashboard/overview")
def get_overview(request: Request, org: Scoped, rng: Range) -> dict[str, Any]:
    """Summary, top 5 agents and models, and the optimization totals of the period (§7.4)."""
    return usage.overview(_reader(request), org, rng)


@router.get("/export/report", response_model=None)
def get_report(
    request: Request,
    org: Scoped,
    rng: Range,
    format: Annotated[export.Format, Query()] = export.Format.json,
) -> dict[str, Any] | Response:
    """Every analytics answer of the period in one document; ``format=csv`` gives a zip of CSV tables."""
    report = export.report(_reader(request), org, rng)
    if format is export.Format.csv:
        disposition = f'attachment; filename="finops_{org}_{rng.label}.zip"'
        return Response(
            export.to_zip(report),
            media_type="application/zip",
            headers={"content-disposition": disposition},
        )
    return _json(report)
