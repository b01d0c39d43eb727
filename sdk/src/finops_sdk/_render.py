"""Validate and render one call record into its JSONL line (shared by the tracker and loaders).

This is the hot path of ``track_call``: it avoids per-call allocations where it can (quoted
provider/model strings, prices and metadata fragments are cached) and formats the line with
one printf-style template (see :mod:`finops_sdk._record`).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from json.encoder import encode_basestring_ascii as _quote
from typing import Any

from finops_sdk._exceptions import UnknownModelError, ValidationError
from finops_sdk._metadata import REQUIRED, Metadata, validate_metadata
from finops_sdk._pricing import CostCalculator, Price, canonical_provider
from finops_sdk._record import RecordEncoder, format_timestamp, new_call_id
from finops_sdk._reference import error_types

_MISSING: Any = object()
_EPOCH_DAY = date(1970, 1, 1)


def _finite(name: str, value: float | None) -> str:
    if value is None:
        return "null"
    value = float(value)
    if not (0.0 <= value < float("inf")):
        raise ValidationError(f"{name}={value!r} must be a finite number >= 0")
    return repr(value)


def to_epoch(ts: datetime | float | int) -> float:
    """Seconds since the epoch; a datetime without a zone is UTC (catalogue §1.3)."""
    if isinstance(ts, datetime):
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=UTC)
        return ts.timestamp()
    return float(ts)


class CallRenderer:
    """Turns ``track_call`` arguments into ``(call_id, line)``; raises ValidationError."""

    def __init__(
        self,
        default_metadata: Mapping[str, Any],
        calculator: CostCalculator,
        unpriced: str,
        require: tuple[str, ...] = REQUIRED,
    ):
        self.default_metadata = dict(default_metadata)
        self.calculator = calculator
        self.unpriced = unpriced
        self.require = require
        self._encoder = RecordEncoder()
        self._http_status = error_types()
        self._md_cache: dict[int, tuple[Any, Metadata]] = {}
        self._content_cache: dict[tuple, Metadata] = {}
        self._prices: dict[tuple[str, str, int], Price | None] = {}
        self._quoted: dict[str | None, str] = {None: "null"}
        self._canon: dict[str, str] = {}

    def render(
        self,
        provider: str,
        model: str,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int,
        cache_creation_tokens: int,
        latency_ms: float | None,
        ttft_ms: float | None,
        cost_usd: float | None,
        status: str,
        error_type: str | None,
        http_status: int | None,
        metadata: Mapping[str, Any] | None,
        timestamp: datetime | float | None,
        call_id: str | None,
        source_call_id: str | None,
        requested_model: str | None,
        usage_source: str,
        fields: Mapping[str, Any],
    ) -> tuple[str, bytes]:
        md = self._metadata_for(metadata, fields)
        if (
            cache_read_tokens + cache_creation_tokens > input_tokens
            or min(input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens) < 0
        ):
            raise ValidationError(
                f"tokens must be >= 0 and cache_read ({cache_read_tokens}) + cache_creation "
                f"({cache_creation_tokens}) <= input_tokens ({input_tokens}); input counts all prompt tokens"
            )
        if status == "success":
            if error_type is not None:
                raise ValidationError("error_type must be None when status='success'")
            http = 200 if http_status is None else int(http_status)
        elif status == "error":
            error_type = error_type or "other"
            http = int(http_status) if http_status is not None else self._http_status.get(error_type, 500)
        else:
            raise ValidationError(f"status={status!r}: use 'success' or 'error'")
        if usage_source not in ("reported", "estimated"):
            raise ValidationError(f"usage_source={usage_source!r}: use 'reported' or 'estimated'")
        # validated before use: a NaN latency must not reach the timestamp arithmetic below
        latency_json = "null" if latency_ms is None else _finite("latency_ms", latency_ms)
        ttft_json = "null" if ttft_ms is None else _finite("ttft_ms", ttft_ms)
        if ttft_ms is not None and latency_ms is not None and ttft_ms > latency_ms:
            raise ValidationError(f"ttft_ms={ttft_ms!r} must not exceed latency_ms={latency_ms!r}")
        now = time.time()
        if timestamp is not None:
            ts = to_epoch(timestamp)
        elif latency_ms:
            ts = now - latency_ms / 1000.0  # the request was sent latency_ms ago
        else:
            ts = now
        quoted = self._quoted
        prov = self._canon.get(provider)
        if prov is None:
            prov = self._canon.setdefault(provider, canonical_provider(provider) or "unknown")
        if cost_usd is None:
            price = self._prices.get((prov, model, int(ts // 86400)), _MISSING)
            if price is _MISSING:
                price = self._price(prov, model, int(ts // 86400))
            if price is None:
                md = md.merged({"price_status": "unpriced"})
                cost = "0.0"
            else:
                cost = repr(price.cost(input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens))
            cost_source = '"computed"'
        else:
            cost, cost_source = _finite("cost_usd", cost_usd), '"reported"'
        if call_id is None:
            call_id = new_call_id()
            cid_json = '"%s"' % call_id
        else:
            cid_json = _quote(call_id)
        values = (
            cid_json,
            "null" if source_call_id is None else _quote(source_call_id),
            '"%s"' % format_timestamp(ts),
            quoted.get(prov) or quoted.setdefault(prov, _quote(prov)),
            quoted.get(model) or quoted.setdefault(model, _quote(model)),
            "null" if requested_model is None else _quote(requested_model),
            input_tokens,
            output_tokens,
            input_tokens + output_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            latency_json,
            ttft_json,
            cost,
            cost_source,
            '"%s"' % usage_source,
            '"%s"' % status,
            "null" if error_type is None else _quote(error_type),
            http,
        )
        line = self._encoder.encode(values, md)
        return call_id, line

    def _metadata_for(self, metadata: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> Metadata:
        if metadata is None and not fields:
            metadata = _MISSING  # type: ignore[assignment]
        content_key: tuple | None = None
        if not fields:
            hit = self._md_cache.get(id(metadata))
            if hit is not None and hit[0] is metadata:
                return hit[1]
            if type(metadata) is dict:  # a fresh dict per call: cache by content instead of identity
                try:
                    content_key = tuple(metadata.items())
                    cached = self._content_cache.get(content_key)
                except TypeError:  # an unhashable custom value: validate every time
                    content_key = cached = None
                if cached is not None:
                    return cached
        merged = dict(self.default_metadata)
        if metadata is not _MISSING and metadata is not None:
            merged.update({k: v for k, v in metadata.items() if v is not None})
        merged.update({k: v for k, v in fields.items() if v is not None})
        md = validate_metadata(merged, require=self.require)
        if content_key is not None:
            if len(self._content_cache) > 1024:
                self._content_cache.clear()
            self._content_cache[content_key] = md
        if not fields and (metadata is _MISSING or isinstance(metadata, Metadata)):
            if len(self._md_cache) > 1024:
                self._md_cache.clear()
            self._md_cache[id(metadata)] = (metadata, md)
        return md

    def _price(self, provider: str, model: str, day: int) -> Price | None:
        key = (provider, model, day)
        if key in self._prices:
            return self._prices[key]
        try:
            price = self.calculator.price_for(
                model, None if provider == "unknown" else provider, _EPOCH_DAY + timedelta(days=day)
            )
        except UnknownModelError as exc:
            if self.unpriced == "error":
                raise
            warnings.warn(
                f"{exc} The call is recorded with cost 0 and metadata price_status=unpriced.", stacklevel=3
            )
            price = None
        self._prices[key] = price
        return price
