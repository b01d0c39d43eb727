"""The FastAPI app factory: analytics GETs on the serving snapshot, tracking POSTs into the ledger.

``create_app(settings)`` wires the parts; uvicorn serves it (``finops api``). OpenAPI at ``/docs``
and ``/openapi.json``. Errors: 401 no/unknown key, 403 another organization, 404 unknown entity,
409 id conflict, 413 body too large, 422 invalid input (the message names the field), 503 when the
snapshot has not been built yet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from api import routes_analytics, routes_tracking
from api.auth import KeyStore
from api.db import SnapshotReader
from api.errors import validation_content
from api.fasttrack import FastTrack
from api.limits import BodyLimit
from api.settings import ApiSettings, api_settings
from api.snapshot import SnapshotError
from api.tracking.ledger import Ledger


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or api_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ledger.start()
        try:
            yield
        finally:
            app.state.ledger.stop()

    app = FastAPI(
        title="AI FinOps analytics and tracking API",
        version="1.0.0",
        description="Agent, workflow and session visibility (catalogue §7). Authenticate with "
        "`X-API-Key` or `Authorization: Bearer`; every answer is scoped to the key's organization.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.keys = KeyStore(settings.keys_path)
    app.state.reader = SnapshotReader(settings.snapshot_path)
    app.state.ledger = Ledger(
        settings.ledger_path, settings.landing_dir, settings.seal_interval_seconds, settings.seal_max_events
    )
    app.include_router(routes_analytics.router)
    app.include_router(routes_tracking.router)
    app.add_middleware(FastTrack)  # POST calls/track ahead of FastAPI's routing (see api.fasttrack)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    def openapi() -> dict:
        """FastAPI's schema plus the two call-body models that calls/track parses itself."""
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (routes_tracking.CallIn, routes_tracking.CallBatch):
                found = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(found.pop("$defs", {}))
                components[model.__name__] = found
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(SnapshotError)
    async def no_snapshot(_: Request, exc: SnapshotError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(duckdb.CatalogException)
    async def stale_snapshot(_: Request, exc: duckdb.CatalogException) -> JSONResponse:
        first = str(exc).splitlines()[0]
        return JSONResponse(
            {"detail": f"the serving snapshot lacks a mart ({first}): run `finops api snapshot`"},
            status_code=503,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_content(exc.errors()), status_code=422)

    return app
