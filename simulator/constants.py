"""Behavioural constants of the simulator that catalogue §5 fixes and no seed holds.

Prices, provider weights, regions, tiers, archetypes, features and error shares live in the dbt
seeds (see :mod:`simulator.catalogue`). What remains here is the shape of simulated behaviour:
time-of-day factors, lifecycles, organization sizes, clients, task labels, agent workflow
templates. Each table cites the paragraph of §5 it implements.
"""

from __future__ import annotations

# §5.1 nominal bytes of one call in the 19-column layout and the default size
NOMINAL_ROW_BYTES = 170
DEFAULT_SIZE_MB = 50.0
MEAN_DAILY_CALLS = 63.75

# §5.2 products and the clients each product's customers use
PRODUCTS: tuple[str, ...] = ("saas-platform", "api-service", "mobile-app")
PRODUCT_CLIENTS: dict[str, tuple[str, ...]] = {
    "saas-platform": ("web-app", "backend-worker"),
    "api-service": ("sdk-python", "sdk-node", "rest"),
    "mobile-app": ("ios", "android"),
}
CLIENTS: tuple[str, ...] = tuple(c for p in PRODUCTS for c in PRODUCT_CLIENTS[p])
FIRST_COVERAGE_CUSTOMERS = 27  # archetype × tier × product, all combinations

# §5.2 lifecycles of customers after the first 27
LIFECYCLES: tuple[str, ...] = ("stable", "growing", "churning", "new")
LIFECYCLE_WEIGHTS: tuple[float, ...] = (0.75, 0.10, 0.10, 0.05)
CHURN_SILENT_FROM = 0.8
NEW_START_RANGE = (0.1, 0.7)

# §5.2 organization size classes (multi_tenant weighting)
ORG_SIZES: tuple[str, ...] = ("small", "medium", "large")
ORG_SIZE_WEIGHTS: tuple[float, ...] = (0.50, 0.35, 0.15)
ORG_SIZE_FACTORS: tuple[float, ...] = (0.3, 1.0, 3.0)

# §5.3 time shaping
WEEKDAY_FACTORS: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0, 1.0, 0.4, 0.3)  # Monday first
JITTER_RANGE = (0.8, 1.2)


def hour_factor(hour: int) -> float:
    """§5.3 hour-of-day factor of a UTC hour."""
    if 9 <= hour <= 16:
        return 1.0
    if 6 <= hour <= 8:
        return 0.6
    if 17 <= hour <= 21:
        return 0.8
    return 0.3


HOUR_FACTORS: tuple[float, ...] = tuple(hour_factor(h) for h in range(24))

# §5.6 per-call draws
ENVIRONMENTS: tuple[str, ...] = ("production", "staging", "development")
ENVIRONMENT_WEIGHTS: tuple[float, ...] = (0.90, 0.07, 0.03)
HOME_REGION_PROB = 0.9
TASK_TYPES: tuple[str, ...] = (
    "qa", "conversation", "summarize", "translate", "code_generate", "code_review", "extract", "classify",
)
# feature → (task_type, probability) pairs
FEATURE_TASKS: dict[str, tuple[tuple[str, float], ...]] = {
    "chat": (("qa", 0.6), ("conversation", 0.4)),
    "summarization": (("summarize", 1.0),),
    "translation": (("translate", 1.0),),
    "code-generation": (("code_generate", 0.7), ("code_review", 0.3)),
    "analysis": (("extract", 0.5), ("classify", 0.5)),
}
PROMPT_POOL_SIZE = 50
POOL_TOKENS_ARCHETYPE = "power"  # pooled prompts draw input tokens from this archetype's range
REUSED_CACHE_READ_PROB = 0.8
CACHE_READ_FRACTION = (0.3, 0.9)
CACHE_WRITE_PROB = 0.1
CACHE_WRITE_FRACTION = (0.2, 0.5)
ERROR_PROB = 0.05
EXTRA_RATE_LIMIT_PROB = 0.10
ERROR_LATENCY_4XX = (20.0, 200.0)
ERROR_LATENCY_TIMEOUT = (30_000.0, 30_500.0)
ERROR_LATENCY_5XX = (100.0, 2_000.0)
TTFT_MS_PER_INPUT_TOKEN = 0.15
LATENCY_JITTER = (0.8, 1.2)
GENERATION_MS_PER_TOKEN: tuple[float, ...] = (2.5, 1.2, 0.6)  # frontier, balanced, fast

# §5.8 sessions
SESSION_GAP_MINUTES_DEFAULT = 30  # the thresholds seed entry session_gap_minutes wins when present

# The twelve streams in the order of §5.4 (ties in allocation go to the earlier one)
SCENARIOS: tuple[str, ...] = (
    "base", "seasonal", "burst", "multi_tenant", "model_migration", "weekend_effect", "timezone",
    "feature_launch", "cost_optimization", "gradual_decline", "steady_growth", "viral_spike",
)
PLANTED_ABUSE = "planted_abuse"
