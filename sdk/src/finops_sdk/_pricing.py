"""Price a call from the platform's price book (catalogue §4.3), cache-aware.

cost = (uncached_input × input + cache_read × cached_input + cache_creation × cache_write
        + output × output) ÷ 1,000,000, with uncached_input = input − cache_read − cache_creation,
so no token is priced twice. The row used is the one valid at the call's timestamp
(half-open [valid_from, valid_to)).

Model names are resolved the way providers spell them in responses: exact catalogue name, the
``model_aliases`` seed, then without a dated snapshot suffix (``gpt-4o-2024-08-06`` → ``gpt-4o``,
``claude-sonnet-4-5-20250929`` → ``claude-sonnet-4-5``). Per-deployment overrides (an Azure
deployment name, a fine-tune, a negotiated rate) map a name either to explicit prices or to a
catalogue model. An unknown model raises :class:`UnknownModelError`, never prices as $0.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from finops_sdk._exceptions import ReferenceDataError, UnknownModelError, ValidationError
from finops_sdk._reference import model_aliases, provider_aliases, read_seed

_SNAPSHOT = re.compile(r"(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest|-v\d+:\d+)$")


@dataclass(frozen=True)
class Price:
    """USD per 1M tokens of each bucket. ``cached_input``/``cache_write`` default to ``input``."""

    input: float
    output: float
    cached_input: float | None = None
    cache_write: float | None = None
    price_version_id: str = "override"
    provider: str = ""
    model: str = ""
    capability_class: str = ""
    status: str = "current"
    valid_from: date = date(2000, 1, 1)
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if self.cached_input is None:
            object.__setattr__(self, "cached_input", self.input)
        if self.cache_write is None:
            object.__setattr__(self, "cache_write", self.input)
        if min(self.input, self.output, self.cached_input, self.cache_write) < 0:
            raise ValidationError(f"price {self.price_version_id}: prices must be >= 0")

    def cost(
        self, input_tokens: int, output_tokens: int, cache_read: int = 0, cache_creation: int = 0
    ) -> float:
        uncached = input_tokens - cache_read - cache_creation
        if uncached < 0 or min(input_tokens, output_tokens, cache_read, cache_creation) < 0:
            raise ValidationError(
                f"tokens must be >= 0 and cache_read ({cache_read}) + cache_creation ({cache_creation}) "
                f"<= input_tokens ({input_tokens}); input_tokens counts all prompt tokens"
            )
        return (
            uncached * self.input
            + cache_read * self.cached_input
            + cache_creation * self.cache_write
            + output_tokens * self.output
        ) / 1_000_000

    def valid_at(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Cost:
    """A priced (or unpriced) call: ``usd`` is None exactly when ``priced`` is False."""

    usd: float | None
    priced: bool
    price_version_id: str | None
    model: str | None


def load_price_book() -> tuple[Price, ...]:
    """Every row of ``price_book.csv`` as a :class:`Price` (same file dbt seeds)."""
    rows = []
    for r in read_seed("price_book"):
        try:
            rows.append(
                Price(
                    input=float(r["input_usd_per_mtok"]),
                    output=float(r["output_usd_per_mtok"]),
                    cached_input=float(r["cached_input_usd_per_mtok"]),
                    cache_write=float(r["cache_write_usd_per_mtok"]),
                    price_version_id=r["price_version_id"],
                    provider=r["provider"],
                    model=r["model"],
                    capability_class=r["capability_class"],
                    status=r["status"],
                    valid_from=date.fromisoformat(r["valid_from"]),
                    valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
                )
            )
        except (KeyError, ValueError) as exc:
            raise ReferenceDataError(f"price_book.csv row {r!r} is malformed: {exc}") from exc
    return tuple(rows)


def canonical_provider(provider: str | None) -> str | None:
    if not provider:
        return None
    p = provider.strip().lower()
    return provider_aliases().get(p, p)


class CostCalculator:
    """Prices calls from the price book plus optional per-deployment overrides.

    ``overrides`` maps a model or deployment name (optionally ``provider/name``) to a
    :class:`Price` or to the name of a catalogue model to price it like.
    """

    def __init__(
        self,
        overrides: Mapping[str, Price | str] | None = None,
        price_book: tuple[Price, ...] | None = None,
    ) -> None:
        self._rows = price_book if price_book is not None else load_price_book()
        self._by_model: dict[str, list[Price]] = {}
        for row in self._rows:
            self._by_model.setdefault(row.model.lower(), []).append(row)
        self._overrides = {k.lower(): v for k, v in (overrides or {}).items()}
        self._aliases = model_aliases()
        self._cache: dict[tuple[str | None, str, date], Price | None] = {}

    @property
    def rows(self) -> tuple[Price, ...]:
        return self._rows

    def models(self) -> list[str]:
        return sorted({r.model for r in self._rows})

    def price_for(self, model: str, provider: str | None = None, at: datetime | date | None = None) -> Price:
        """The price row for ``model`` valid at ``at`` (default: now, UTC); raises UnknownModelError."""
        day = _as_date(at)
        key = (provider, model, day)
        found = self._cache.get(key, False)
        if found is False:
            found = self._resolve(model, canonical_provider(provider), day)
            if len(self._cache) < 4096:
                self._cache[key] = found
        if found is None:
            close = tuple(difflib.get_close_matches(model.lower(), self._by_model, n=3, cutoff=0.6))
            raise UnknownModelError(model, provider, close)
        return found

    def calculate(
        self,
        model: str,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_creation_tokens: int = 0,
        provider: str | None = None,
        at: datetime | date | None = None,
        on_unknown: str = "error",
    ) -> Cost:
        """Cost of one call. ``on_unknown='flag'`` returns an unpriced :class:`Cost` instead of raising."""
        try:
            price = self.price_for(model, provider, at)
        except UnknownModelError:
            if on_unknown == "flag":
                return Cost(None, False, None, None)
            raise
        usd = price.cost(input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)
        return Cost(usd, True, price.price_version_id, price.model or model)

    def _resolve(self, model: str, provider: str | None, day: date) -> Price | None:
        name = model.strip().lower()
        for key in ((f"{provider}/{name}" if provider else None), name):
            if key and key in self._overrides:
                target = self._overrides[key]
                if isinstance(target, Price):
                    return target
                return self._resolve(target, provider, day)
        prefixes = {"azure": "azure-", "aws-bedrock": "bedrock-"}
        for candidate in _candidates(name, self._aliases):
            names = [candidate]
            if provider in prefixes and not candidate.startswith(prefixes[provider]):
                names.append(prefixes[provider] + candidate)
            for n in names:
                rows = [r for r in self._by_model.get(n, ()) if r.valid_at(day)]
                if provider:
                    rows = [r for r in rows if r.provider == provider]
                if rows:
                    return rows[0]
        return None


def _candidates(name: str, aliases: Mapping[str, str]) -> list[str]:
    out = [name]
    if "/" in name:  # "openai/gpt-4o", "models/gemini-2.5-pro"
        out.append(name.rsplit("/", 1)[1])
    for n in list(out):
        stripped = n
        while True:
            shorter = _SNAPSHOT.sub("", stripped)
            if shorter == stripped:
                break
            stripped = shorter
            out.append(stripped)
    out += [aliases[n].lower() for n in list(out) if n in aliases]
    return out


def _as_date(at: datetime | date | None) -> date:
    if at is None:
        return datetime.now(UTC).date()
    if isinstance(at, datetime):
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).date()
    return at
