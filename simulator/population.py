"""The stable population of a run (§5.2): organizations, customers, users, API keys, clients.

Customers are drawn once and never change attributes. Their lifecycle scales their call volume
over the window; :class:`CustomerSampler` picks customers for many calls at once with the
right time-dependent weights without building a (calls × customers) matrix.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from simulator.catalogue import Catalogue
from simulator.constants import (
    CHURN_SILENT_FROM,
    CLIENTS,
    FIRST_COVERAGE_CUSTOMERS,
    LIFECYCLE_WEIGHTS,
    NEW_START_RANGE,
    ORG_SIZE_FACTORS,
    ORG_SIZE_WEIGHTS,
    PRODUCT_CLIENTS,
    PRODUCTS,
)
from simulator.rng import rng


@dataclass(frozen=True)
class Population:
    org_ids: tuple[str, ...]
    org_size: np.ndarray  # code into ORG_SIZES
    customer_ids: tuple[str, ...]
    org: np.ndarray
    product: np.ndarray
    archetype: np.ndarray
    tier: np.ndarray
    home_region: np.ndarray
    daily_rate: np.ndarray
    lifecycle: np.ndarray  # code into LIFECYCLES
    new_start: np.ndarray  # start point s of "new" customers, else 0
    user_ids: tuple[str, ...]  # flattened; customer c owns user_offset[c] .. + user_count[c]
    user_offset: np.ndarray
    user_count: np.ndarray
    key_hashes: tuple[str, ...]
    key_offset: np.ndarray
    key_count: np.ndarray
    client_codes: np.ndarray  # (C, 2) codes into CLIENTS; second = first when one client
    client_count: np.ndarray

    @property
    def customers(self) -> int:
        return len(self.customer_ids)

    def lifecycle_factor(self, customer: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Volume factor of each (customer, position) pair (§5.2)."""
        life = self.lifecycle[customer]
        return np.select(
            [life == 1, life == 2, life == 3],
            [0.5 + 1.5 * p, np.where(p >= CHURN_SILENT_FROM, 0.0, np.maximum(0.0, 1 - 1.25 * p)),
             (p >= self.new_start[customer]).astype(np.float64)],
            default=1.0,
        )

    def time_averaged_weight(self, p: np.ndarray) -> np.ndarray:
        """Each customer's nominal rate × lifecycle factor averaged over the hours ``p``."""
        c = np.arange(self.customers)
        factors = np.stack([self.lifecycle_factor(c, np.full(self.customers, x)) for x in p])
        return self.daily_rate * factors.mean(axis=0)


def _pick(gen: np.random.Generator, weights: np.ndarray | tuple[float, ...], n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.searchsorted(np.cumsum(w) / w.sum(), gen.random(n), side="right").clip(0, len(w) - 1)


def build_population(cat: Catalogue, seed: int, customers: int, organizations: int) -> Population:
    gen = rng(seed, "population")
    n = customers
    width = max(4, len(str(n)))
    org_width = max(3, len(str(organizations)))
    org_size = _pick(gen, ORG_SIZE_WEIGHTS, organizations)
    org = gen.integers(0, organizations, n)
    product = gen.integers(0, len(PRODUCTS), n)
    archetype = _pick(gen, cat.archetype_weight, n)
    tier = _pick(gen, cat.tier_weight, n)
    k = min(n, FIRST_COVERAGE_CUSTOMERS)
    i = np.arange(k)
    archetype[:k], tier[:k], product[:k] = i // 9, (i // 3) % 3, i % 3
    home = _pick(gen, cat.region_home_weight, n)
    lo, hi = cat.archetype_daily[archetype, 0], cat.archetype_daily[archetype, 1]
    daily = lo + gen.random(n) * (hi - lo)
    lifecycle = _pick(gen, LIFECYCLE_WEIGHTS, n)
    lifecycle[:k] = 0
    new_start = np.where(lifecycle == 3, gen.uniform(*NEW_START_RANGE, n), 0.0)
    users = gen.integers(cat.archetype_users[archetype, 0], cat.archetype_users[archetype, 1] + 1)
    keys = gen.integers(cat.archetype_keys[archetype, 0], cat.archetype_keys[archetype, 1] + 1)
    n_prod_clients = np.array([len(PRODUCT_CLIENTS[p]) for p in PRODUCTS])[product]
    first_client = gen.integers(0, n_prod_clients)
    two = gen.random(n) < 0.5
    client_base = np.array([CLIENTS.index(PRODUCT_CLIENTS[p][0]) for p in PRODUCTS])[product]
    clients = np.stack([first_client, np.where(two, (first_client + 1) % n_prod_clients, first_client)], 1)
    customer_ids = tuple(f"cust_{c + 1:0{width}d}" for c in range(n))
    user_ids = tuple(
        f"usr_{c + 1:0{width}d}_{u + 1:02d}" for c in range(n) for u in range(int(users[c]))
    )
    key_hashes = tuple(
        hashlib.sha256(f"sk-sim-{seed}-{customer_ids[c]}-{j + 1}".encode()).hexdigest()[:16]
        for c in range(n) for j in range(int(keys[c]))
    )
    return Population(
        org_ids=tuple(f"org_{o + 1:0{org_width}d}" for o in range(organizations)),
        org_size=org_size,
        customer_ids=customer_ids,
        org=org,
        product=product,
        archetype=archetype,
        tier=tier,
        home_region=home,
        daily_rate=daily,
        lifecycle=lifecycle,
        new_start=new_start,
        user_ids=user_ids,
        user_offset=np.concatenate([[0], np.cumsum(users)[:-1]]).astype(np.int64),
        user_count=users.astype(np.int64),
        key_hashes=key_hashes,
        key_offset=np.concatenate([[0], np.cumsum(keys)[:-1]]).astype(np.int64),
        key_count=keys.astype(np.int64),
        client_codes=(client_base[:, None] + clients).astype(np.int64),
        client_count=1 + two.astype(np.int64),
    )


def alias_table(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias table: O(1) categorical draws ∝ ``weights`` (built once per sampler)."""
    n = len(weights)
    prob = np.asarray(weights, dtype=np.float64) * n / weights.sum()
    alias = np.arange(n)
    small = [i for i in range(n) if prob[i] < 1.0]
    large = [i for i in range(n) if prob[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        alias[s] = g
        prob[g] -= 1.0 - prob[s]
        (small if prob[g] < 1.0 else large).append(g)
    for i in small + large:
        prob[i] = 1.0
    return prob, alias


class CustomerSampler:
    """Draws customers ∝ base weight × lifecycle factor at each call's position p, vectorised.

    Customers are split by lifecycle: within the stable, growing and churning groups the
    lifecycle factor is common to all members, so a group is chosen first (∝ its total weight
    at p) and then a member ∝ base weight (alias method). "New" customers are sorted by their
    start point, so the active ones at p are a prefix whose cumulative weight is a lookup.
    """

    def __init__(self, pop: Population, base_weight: np.ndarray) -> None:
        self._members: list[np.ndarray] = []
        self._totals_fixed: list[float] = []
        self._alias: list[tuple[np.ndarray, np.ndarray]] = []
        for life in range(3):
            idx = np.flatnonzero(pop.lifecycle == life)
            self._members.append(idx)
            w = base_weight[idx]
            self._totals_fixed.append(float(w.sum()))
            self._alias.append(alias_table(w) if len(idx) else (np.ones(0), np.zeros(0, int)))
        new = np.flatnonzero(pop.lifecycle == 3)
        new = new[np.argsort(pop.new_start[new], kind="stable")]
        self._members.append(new)
        self._cum_new = np.cumsum(base_weight[new])
        self._new_start = pop.new_start[new]

    def _totals(self, p: np.ndarray) -> np.ndarray:
        active = np.searchsorted(self._new_start, p, side="right")
        cum_new = np.concatenate([[0.0], self._cum_new])
        churn = np.where(p >= CHURN_SILENT_FROM, 0.0, np.maximum(0.0, 1 - 1.25 * p))
        t = self._totals_fixed
        return np.stack([np.full(len(p), t[0]), t[1] * (0.5 + 1.5 * p), t[2] * churn, cum_new[active]],
                        axis=1)

    def sample(self, gen: np.random.Generator, hour: np.ndarray, hours: int) -> np.ndarray:
        """One customer per call of hour index ``hour`` (position p = hour ÷ hours)."""
        per_hour = self._totals(np.arange(hours) / hours)
        cum_hour = np.cumsum(per_hour, axis=1)
        if (cum_hour[:, -1] <= 0).any():
            raise ValueError("no customer is active at some simulated hour; add customers")
        n = len(hour)
        u = gen.random(n) * cum_hour[:, -1][hour]
        group = np.zeros(n, dtype=np.int64)
        for g in range(3):
            group += u >= cum_hour[:, g][hour]
        out = np.empty(n, dtype=np.int64)
        v = gen.random(n)
        w = gen.random(n)
        for g in range(3):
            sel = np.flatnonzero(group == g)
            if len(sel) == 0:
                continue
            prob, alias = self._alias[g]
            k = np.minimum((v[sel] * len(prob)).astype(np.int64), len(prob) - 1)
            out[sel] = self._members[g][np.where(w[sel] < prob[k], k, alias[k])]
        sel = np.flatnonzero(group == 3)
        if len(sel):
            within = v[sel] * per_hour[:, 3][hour[sel]]
            pos = np.searchsorted(self._cum_new, within, side="right").clip(0, len(self._cum_new) - 1)
            out[sel] = self._members[3][pos]
        return out


def size_factor(pop: Population) -> np.ndarray:
    """Each customer's organization size factor (multi_tenant weighting)."""
    return np.asarray(ORG_SIZE_FACTORS)[pop.org_size][pop.org]
