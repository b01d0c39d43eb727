"""The reference seeds as numpy-ready arrays, so every per-call draw is a vectorised lookup.

Everything that exists in a seed (provider market weights and base latency, region multipliers
and home weights, tier prices and weights, archetype ranges, feature weights and factors, error
shares and codes, the price book) is read here through :mod:`include.reference` and nowhere
else in the simulator. Categorical columns are carried as small integer codes into these tables
and only turned into strings when the Arrow tables are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import numpy as np

from include.reference import price_book, read_seed, threshold

CLASSES: tuple[str, ...] = ("frontier", "balanced", "fast")


def _floats(rows: list[dict[str, str]], key: str) -> np.ndarray:
    return np.array([float(r[key]) for r in rows], dtype=np.float64)


def _ints(rows: list[dict[str, str]], key: str) -> np.ndarray:
    return np.array([int(r[key]) for r in rows], dtype=np.int64)


@dataclass(frozen=True)
class Catalogue:
    """Seed tables as parallel arrays; index i of every array describes the same member."""

    providers: tuple[str, ...]
    provider_weight: np.ndarray
    provider_base_latency: np.ndarray
    regions: tuple[str, ...]
    region_latency: np.ndarray
    region_home_weight: np.ndarray
    region_utc_offset: np.ndarray
    tiers: tuple[str, ...]
    tier_price: np.ndarray
    tier_weight: np.ndarray
    archetypes: tuple[str, ...]
    archetype_weight: np.ndarray
    archetype_daily: np.ndarray  # (A, 2) min, max nominal calls per day
    archetype_input: np.ndarray  # (A, 2) inclusive token range
    archetype_output: np.ndarray  # (A, 2)
    archetype_users: np.ndarray  # (A, 2)
    archetype_keys: np.ndarray  # (A, 2)
    features: tuple[str, ...]
    feature_weight: np.ndarray
    feature_factor: np.ndarray  # (F, 2) input, output
    feature_class_share: np.ndarray  # (F, 3) frontier, balanced, fast
    feature_reuse: np.ndarray
    feature_cache_read: np.ndarray
    error_types: tuple[str, ...]
    error_http: np.ndarray
    error_share: np.ndarray
    error_billing: tuple[str, ...]  # "none" | "input"
    models: tuple[str, ...]  # current, drawable models
    model_provider: np.ndarray
    model_class: np.ndarray
    model_blended: np.ndarray
    models_by_pc: np.ndarray  # (P, 3, max_n) model indices, -1 padded
    models_by_pc_count: np.ndarray  # (P, 3)
    days_per_month: float

    def index(self, kind: str, name: str) -> int:
        """Code of ``name`` among ``kind`` (e.g. ``index("models", "gpt-4o")``), with a clear error."""
        members: tuple[str, ...] = getattr(self, kind)
        if name not in members:
            raise KeyError(f"{name!r} is not among the {kind} of the reference seeds: {members}")
        return members.index(name)

    def cheapest_fast(self, provider: int) -> int:
        """§4.4 blended ranking: the provider's cheapest current fast model (ties: name)."""
        return self._ranked(provider, CLASSES.index("fast"), cheapest=True)

    def dearest_frontier(self, provider: int) -> int:
        """The provider's dearest current frontier model (ties: name ascending)."""
        return self._ranked(provider, CLASSES.index("frontier"), cheapest=False)

    def _ranked(self, provider: int, cls: int, cheapest: bool) -> int:
        members = [m for m in range(len(self.models)) if self.model_provider[m] == provider
                   and self.model_class[m] == cls]
        if not members:
            raise ValueError(f"provider {self.providers[provider]} has no current {CLASSES[cls]} model")
        sign = 1.0 if cheapest else -1.0
        return min(members, key=lambda m: (sign * self.model_blended[m], self.models[m]))


@cache
def load_catalogue() -> Catalogue:
    """Read every seed once per process (the seeds do not change while the simulator runs)."""
    prov = read_seed("providers")
    reg = read_seed("regions")
    tie = read_seed("tiers")
    arc = read_seed("archetypes")
    fea = read_seed("features")
    err = read_seed("error_types")
    providers = tuple(r["provider"] for r in prov)
    current = sorted(
        (p for p in price_book() if p.status == "current"), key=lambda p: (p.provider, p.model)
    )
    models: list[str] = []
    m_prov, m_cls, m_blend = [], [], []
    for p in current:
        if p.model in models:
            continue
        if p.provider not in providers:
            raise ValueError(f"price_book provider {p.provider!r} is missing from providers.csv")
        models.append(p.model)
        m_prov.append(providers.index(p.provider))
        m_cls.append(CLASSES.index(p.capability_class))
        m_blend.append(p.blended_usd_per_mtok)
    model_provider = np.array(m_prov, dtype=np.int16)
    model_class = np.array(m_cls, dtype=np.int8)
    counts = np.zeros((len(providers), 3), dtype=np.int64)
    for pv, cl in zip(m_prov, m_cls, strict=True):
        counts[pv, cl] += 1
    if (counts == 0).any():
        raise ValueError("every provider needs a current model in every class (catalogue §4.2)")
    table = np.full((len(providers), 3, counts.max()), -1, dtype=np.int16)
    fill = np.zeros_like(counts)
    for m, (pv, cl) in enumerate(zip(m_prov, m_cls, strict=True)):
        table[pv, cl, fill[pv, cl]] = m
        fill[pv, cl] += 1

    def pair(rows: list[dict[str, str]], stem: str) -> np.ndarray:
        return np.stack([_ints(rows, f"{stem}_min"), _ints(rows, f"{stem}_max")], axis=1)

    return Catalogue(
        providers=providers,
        provider_weight=_floats(prov, "market_weight"),
        provider_base_latency=_floats(prov, "base_latency_ms"),
        regions=tuple(r["region"] for r in reg),
        region_latency=_floats(reg, "latency_multiplier"),
        region_home_weight=_floats(reg, "home_weight"),
        region_utc_offset=_floats(reg, "utc_offset_hours"),
        tiers=tuple(r["tier"] for r in tie),
        tier_price=_floats(tie, "monthly_price_usd"),
        tier_weight=_floats(tie, "weight"),
        archetypes=tuple(r["archetype"] for r in arc),
        archetype_weight=_floats(arc, "weight"),
        archetype_daily=np.stack([_floats(arc, "daily_calls_min"), _floats(arc, "daily_calls_max")], 1),
        archetype_input=pair(arc, "input_tokens"),
        archetype_output=pair(arc, "output_tokens"),
        archetype_users=pair(arc, "users"),
        archetype_keys=pair(arc, "api_keys"),
        features=tuple(r["feature_id"] for r in fea),
        feature_weight=_floats(fea, "weight"),
        feature_factor=np.stack([_floats(fea, "input_factor"), _floats(fea, "output_factor")], 1),
        feature_class_share=np.stack([_floats(fea, f"{c}_share") for c in CLASSES], 1),
        feature_reuse=_floats(fea, "prompt_reuse_prob"),
        feature_cache_read=_floats(fea, "cache_read_prob"),
        error_types=tuple(r["error_type"] for r in err),
        error_http=_ints(err, "http_status"),
        error_share=_floats(err, "simulated_share"),
        error_billing=tuple(r["billing"] for r in err),
        models=tuple(models),
        model_provider=model_provider,
        model_class=model_class,
        model_blended=np.array(m_blend),
        models_by_pc=table,
        models_by_pc_count=counts,
        days_per_month=threshold("days_per_month"),
    )


@dataclass(frozen=True)
class PriceTable:
    """Price rows of the drawable models as arrays, for a vectorised lookup by (model, time)."""

    model: np.ndarray  # model code of each row, rows sorted by (model, valid_from)
    valid_from_us: np.ndarray
    valid_to_us: np.ndarray  # int64 max when open
    prices: np.ndarray  # (R, 4) input, output, cached input, cache write (USD per 1M tokens)

    def rows_at(self, model: np.ndarray, ts_us: np.ndarray) -> np.ndarray:
        """Index of the price row valid at each (model, timestamp); raises when one is missing."""
        model = np.asarray(model, dtype=np.int64)
        first = np.searchsorted(self.model, np.arange(self.model.max() + 1))
        if len(np.unique(self.model)) == len(self.model):  # one row per model: a gather
            idx = first[model]
        else:
            idx = np.empty(len(model), dtype=np.int64)
            for m in np.unique(model):
                sel = model == m
                lo = first[m]
                hi = np.searchsorted(self.model, m, side="right")
                idx[sel] = lo + np.searchsorted(self.valid_from_us[lo:hi], ts_us[sel], side="right") - 1
                idx[sel & (idx < lo)] = lo
        ok = (ts_us >= self.valid_from_us[idx]) & (ts_us < self.valid_to_us[idx])
        if not ok.all():
            raise ValueError(
                "the price book has no row valid for some simulated calls; choose a window inside "
                "the validity of dbt_project/seeds/price_book.csv (rows start 2024-01-01)"
            )
        return idx


@cache
def load_prices() -> PriceTable:
    cat = load_catalogue()
    rows = sorted(
        (p for p in price_book() if p.model in cat.models and p.status == "current"),
        key=lambda p: (cat.models.index(p.model), p.valid_from),
    )

    def us(d: object) -> int:
        return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()) * 1_000_000  # type: ignore[attr-defined]

    return PriceTable(
        model=np.array([cat.models.index(p.model) for p in rows], dtype=np.int64),
        valid_from_us=np.array([us(p.valid_from) for p in rows], dtype=np.int64),
        valid_to_us=np.array(
            [us(p.valid_to) if p.valid_to else np.iinfo(np.int64).max for p in rows], dtype=np.int64
        ),
        prices=np.array(
            [[p.input_usd_per_mtok, p.output_usd_per_mtok, p.cached_input_usd_per_mtok,
              p.cache_write_usd_per_mtok] for p in rows],
            dtype=np.float64,
        ),
    )
