"""Fluent builder of call metadata (seed 000) that validates the core fields.

The catalogue's best practices (§2.1, seed 000) make ``customer_id``, ``feature_id`` and
``environment`` the minimum for cost allocation, so :meth:`MetadataBuilder.build` refuses a
record without them. Ids with an unexpected shape only *warn* (:class:`MetadataWarning`):
an application may legitimately use other id formats, but mixing ``cust_0001`` and ``0001``
silently splits one customer into two in every report.

Keys that are call-record columns (``customer_id``, ``organization_id``, ``session_id``, ...)
become columns; everything else ends up in the record's ``metadata`` JSON object.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

from finops_sdk._exceptions import ValidationError

REQUIRED = ("customer_id", "feature_id", "environment")
ENVIRONMENTS = ("production", "staging", "development")
# Conventional shapes (catalogue §2.1 examples); a mismatch warns, never fails.
ID_PATTERNS = {
    "customer_id": re.compile(r"^cust_[A-Za-z0-9][A-Za-z0-9_.-]*$"),
    "organization_id": re.compile(r"^org_[A-Za-z0-9][A-Za-z0-9_.-]*$"),
    "trace_id": re.compile(r"^[0-9a-f]{32}$"),
}
ID_FIELDS = (
    "customer_id",
    "organization_id",
    "product_id",
    "feature_id",
    "session_id",
    "request_id",
    "user_id",
    "workflow_id",
    "trace_id",
    "client_id",
)


class MetadataWarning(UserWarning):
    """An id looks inconsistent with the usual format; the record is still accepted."""


_seen_prefixes: dict[str, str] = {}
_warned: set[tuple[str, str]] = set()
_seen_lock = threading.Lock()
_MAX_WARNED = 4096


# Opaque ids whose type prefix (``cust_``, ``org_``, ``usr_``, ``sess_``) should be the same on every
# call. Names such as product and feature ids (``saas-platform``, ``code-generation``) have no
# such prefix, so they are only checked for whitespace.
PREFIXED_FIELDS = ("customer_id", "organization_id", "user_id", "session_id", "request_id", "workflow_id")


def _prefix(value: str) -> str:
    match = re.match(r"^([A-Za-z]+)_", value)
    return match.group(1) if match else ""


def check_id_format(field: str, value: str) -> str | None:
    """Why ``value`` looks inconsistent for ``field`` (None when it looks fine)."""
    if value != value.strip() or not value or any(c.isspace() for c in value):
        return f"{field}={value!r} contains whitespace or is empty"
    if value == "unknown":  # the platform's own placeholder (catalogue §2.1), e.g. from OTel spans
        return None
    pattern = ID_PATTERNS.get(field)
    if pattern and not pattern.match(value):
        return f"{field}={value!r} does not match the usual format {pattern.pattern}"
    if field not in PREFIXED_FIELDS:
        return None
    prefix = _prefix(value)
    with _seen_lock:
        first = _seen_prefixes.setdefault(field, prefix)
    if first != prefix:
        return f"{field}={value!r} uses prefix {prefix!r} but earlier ids used {first!r}"
    return None


class Metadata(Mapping[str, Any]):
    """Immutable, validated metadata of a call; a read-only mapping (``dict(md)`` works)."""

    __slots__ = ("_data", "_fragments")

    def __init__(self, data: Mapping[str, Any]):
        self._data = dict(data)
        self._fragments: dict[Any, str] = {}

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Metadata({self._data!r})"

    def merged(self, other: Mapping[str, Any] | None) -> Metadata:
        """A new Metadata with ``other``'s keys on top (None values are ignored)."""
        if not other:
            return self
        data = dict(self._data)
        data.update({k: v for k, v in other.items() if v is not None})
        return Metadata(data)


class MetadataBuilder:
    """Fluent API (seed 000).

    ``MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()``
    """

    def __init__(self, base: Mapping[str, Any] | None = None):
        self._data: dict[str, Any] = dict(base or {})

    def _set(self, key: str, value: Any) -> MetadataBuilder:
        self._data[key] = value
        return self

    def customer(self, customer_id: str) -> MetadataBuilder:
        return self._set("customer_id", customer_id)

    def organization(self, organization_id: str) -> MetadataBuilder:
        return self._set("organization_id", organization_id)

    def product(self, product_id: str) -> MetadataBuilder:
        return self._set("product_id", product_id)

    def feature(self, feature_id: str) -> MetadataBuilder:
        return self._set("feature_id", feature_id)

    def tier(self, subscription_tier: str, monthly_price_usd: float | None = None) -> MetadataBuilder:
        if monthly_price_usd is not None:
            self._data["tier_price_usd"] = float(monthly_price_usd)
        return self._set("subscription_tier", subscription_tier)

    def environment(self, environment: str) -> MetadataBuilder:
        return self._set("environment", environment)

    def task_type(self, task_type: str) -> MetadataBuilder:
        return self._set("task_type", task_type)

    def session(self, session_id: str) -> MetadataBuilder:
        return self._set("session_id", session_id)

    def trace(self, trace_id: str) -> MetadataBuilder:
        return self._set("trace_id", trace_id)

    def request(self, request_id: str) -> MetadataBuilder:
        return self._set("request_id", request_id)

    def user(self, user_id: str) -> MetadataBuilder:
        return self._set("user_id", user_id)

    def region(self, region: str) -> MetadataBuilder:
        return self._set("region", region)

    def client(self, client_id: str) -> MetadataBuilder:
        return self._set("client_id", client_id)

    def agent(self, agent_name: str) -> MetadataBuilder:
        return self._set("agent_name", agent_name)

    def workflow(self, workflow_id: str, workflow_name: str | None = None) -> MetadataBuilder:
        if workflow_name is not None:
            self._data["workflow_name"] = workflow_name
        return self._set("workflow_id", workflow_id)

    def custom(self, key: str, value: Any) -> MetadataBuilder:
        """Any extra tag; must be JSON-serialisable (it lands in the ``metadata`` JSON)."""
        try:
            json.dumps(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"custom metadata {key!r} is not JSON-serialisable: {exc}") from None
        return self._set(key, value)

    def build(self, *, require: tuple[str, ...] = REQUIRED) -> Metadata:
        """Validate and freeze. Raises :class:`ValidationError` when a required field is missing."""
        return validate_metadata(self._data, require=require)


def validate_metadata(data: Mapping[str, Any], *, require: tuple[str, ...] = REQUIRED) -> Metadata:
    """Check required fields, the environment domain and id formats; return frozen Metadata."""
    missing = [k for k in require if not data.get(k)]
    if missing:
        raise ValidationError(
            f"metadata is missing {', '.join(missing)}: every call needs customer_id, feature_id and "
            "environment for cost allocation (MetadataBuilder().customer(...).feature(...).environment(...))"
        )
    env = data.get("environment")
    if env is not None and env not in ENVIRONMENTS:
        raise ValidationError(f"environment={env!r}: use one of {', '.join(ENVIRONMENTS)}")
    for field in ID_FIELDS:
        value = data.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError(f"{field} must be a string, got {type(value).__name__}")
        problem = check_id_format(field, value)
        if problem and (field, problem) not in _warned:
            if len(_warned) >= _MAX_WARNED:  # many distinct bad ids must not grow memory forever
                _warned.clear()
            _warned.add((field, problem))
            warnings.warn(problem, MetadataWarning, stacklevel=3)
    return data if isinstance(data, Metadata) else Metadata(data)
