"""The analytics and tracking API (catalogue §7.4): FastAPI app, served by uvicorn (`finops api`).

Modules: :mod:`api.settings` (paths and limits), :mod:`api.snapshot` (the read-only serving copy
of the §7 marts), :mod:`api.auth` (hashed per-organization keys), :mod:`api.period` (period
selection), :mod:`api.queries` (one module per resource), :mod:`api.tracking` (POST endpoints →
durable ledger → JSONL batches in the landing zone), :mod:`api.app` (the app factory).
"""
