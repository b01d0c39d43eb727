"""How the API words a refused request, shared by FastAPI's handlers and the ASGI fast path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def validation_content(errors: Sequence[Any]) -> dict[str, Any]:
    """The 422 body: FastAPI's ``detail`` list plus one ``message`` line naming every field."""
    fields = [".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body" for e in errors]
    message = "; ".join(f"{f}: {e.get('msg')}" for f, e in zip(fields, errors, strict=True))
    detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in errors]
    return {"detail": detail, "message": f"invalid request: {message}"[:2000]}
