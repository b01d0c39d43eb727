"""The report pages of the site, declared once.

A page is an id, a title, a template and the marts it reads. Adding a page is one entry here
plus one template under ``reports/templates/pages/``: the site builder reads the listed marts,
hands them to the template as ``marts.<name>`` (rows and total), writes their CSV/JSON
downloads, adds the analysis's recommendations from ``rpt_recommendations`` and lists the page
in the navigation, the index and ``manifest.json``. A page whose marts are not all in the
warehouse is left out everywhere, so a partly built warehouse still gives a working site.

Groups follow catalogue §10.2 (Core, Operations, Revenue, Advanced, Agents & Budgets).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GROUPS", "PAGES", "RECOMMENDATIONS_MART", "ReportPage", "available_pages", "page_by_id"]

RECOMMENDATIONS_MART = "rpt_recommendations"

GROUPS: tuple[str, ...] = ("Core", "Operations", "Revenue", "Advanced", "Agents & Budgets")


@dataclass(frozen=True)
class ReportPage:
    """One page of the site.

    ``marts`` are the tables the page needs (all must exist for the page to be built);
    ``optional_marts`` are read when present (another analysis's mart, say) and are ``None`` in
    the template otherwise, which then shows a "no data" note for what they feed;
    ``recommendations`` adds the rows of ``rpt_recommendations`` whose ``analysis`` is the page
    id (that mart must exist too).
    """

    id: str
    title: str
    group: str
    description: str
    marts: tuple[str, ...]
    optional_marts: tuple[str, ...] = ()
    recommendations: bool = True

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ValueError(f"page {self.id}: group {self.group!r} is not one of {GROUPS}")
        if not self.marts:
            raise ValueError(f"page {self.id} reads no mart; every page is rendered from marts")

    @property
    def file(self) -> str:
        return f"{self.id}.html"

    @property
    def template(self) -> str:
        return f"pages/{self.id}.html"

    @property
    def required_marts(self) -> tuple[str, ...]:
        return (*self.marts, RECOMMENDATIONS_MART) if self.recommendations else self.marts


PAGES: tuple[ReportPage, ...] = (
    ReportPage(
        id="dataset_overview",
        title="Dataset Overview",
        group="Core",
        description="The data itself: sources and batches, scale, distributions, time and quality.",
        marts=(
            "rpt_dataset_overview__summary",
            "rpt_dataset_overview__sources",
            "rpt_dataset_overview__scale",
            "rpt_dataset_overview__distributions",
            "rpt_dataset_overview__temporal",
            "rpt_dataset_overview__quality",
            "rpt_dataset_overview__daily",
        ),
    ),
    ReportPage(
        id="understanding",
        title="Usage & Cost",
        group="Core",
        description=(
            "Calls, cost and tokens by provider, model, customer, feature and organization; "
            "the daily trend and a 30-day forecast."
        ),
        marts=(
            "rpt_understanding__summary",
            "rpt_understanding__by_provider",
            "rpt_understanding__by_model",
            "rpt_understanding__by_customer",
            "rpt_understanding__by_feature",
            "rpt_understanding__by_organization",
            "rpt_understanding__daily_cost",
            "rpt_understanding__efficiency",
            "rpt_understanding__forecast",
            "rpt_understanding__forecast_summary",
        ),
    ),
    ReportPage(
        id="performance",
        title="Performance",
        group="Core",
        description=(
            "Latency percentiles, time to first token, tokens per second, SLA compliance and "
            "the best model per task."
        ),
        marts=(
            "rpt_performance__summary",
            "rpt_performance__by_model",
            "rpt_performance__by_provider",
            "rpt_performance__latency_buckets",
            "rpt_performance__task_picks",
        ),
    ),
    ReportPage(
        id="realtime",
        title="Real-Time Monitoring",
        group="Operations",
        description=(
            "Anomalous calls and hours, customers at risk of exceeding their revenue, alerts and "
            "inefficient patterns."
        ),
        marts=(
            "rpt_realtime__summary",
            "rpt_realtime__portfolio_risk",
            "rpt_realtime__hourly",
            "rpt_realtime__alerts",
            "rpt_realtime__call_anomalies",
            "rpt_realtime__customer_consumption",
            "rpt_realtime__daily_alerts",
            "rpt_realtime__inefficient_patterns",
        ),
    ),
    ReportPage(
        id="optimization",
        title="Rate Optimization",
        group="Operations",
        description=(
            "Monthly savings from reserved capacity, model switching and volume discounts; "
            "provider arbitrage."
        ),
        marts=(
            "rpt_optimization__summary",
            "rpt_optimization__reserved_capacity",
            "rpt_optimization__model_switching",
            "rpt_optimization__volume_discounts",
            "rpt_optimization__provider_arbitrage",
        ),
    ),
    ReportPage(
        id="alignment",
        title="Organizational Alignment",
        group="Operations",
        description=(
            "Cost by organization, product and feature; chargeback, fair share and the "
            "efficiency gap."
        ),
        marts=(
            "rpt_alignment__summary",
            "rpt_alignment__by_organization",
            "rpt_alignment__by_product",
            "rpt_alignment__by_feature",
            "rpt_alignment__chargeback",
            "rpt_alignment__chargeback_totals",
            "rpt_alignment__fair_share",
            "rpt_alignment__efficiency_gap",
        ),
    ),
    ReportPage(
        id="profitability",
        title="Customer Profitability",
        group="Revenue",
        description=(
            "Prorated subscription revenue against model cost per customer, tier and segment; "
            "margin bands and losses."
        ),
        marts=(
            "rpt_profitability__summary",
            "rpt_profitability__by_tier",
            "rpt_profitability__segment_matrix",
            "rpt_profitability__by_customer",
            "rpt_profitability__unprofitable",
            "rpt_profitability__margin_distribution",
        ),
    ),
    ReportPage(
        id="pricing",
        title="Pricing Strategy",
        group="Revenue",
        description="Flat, tiered, usage and hybrid pricing against the same AI cost; usage segments.",
        marts=(
            "rpt_pricing__alternative_models",
            "rpt_pricing__segments",
            "rpt_pricing__by_customer",
        ),
    ),
    ReportPage(
        id="features",
        title="Feature Economics",
        group="Revenue",
        description=(
            "Adoption, cost, attributed revenue and ROI per feature; investment quadrants "
            "and bundles."
        ),
        marts=(
            "rpt_features__summary",
            "rpt_features__by_feature",
            "rpt_features__adoption",
            "rpt_features__investment_matrix",
            "rpt_features__bundles",
        ),
    ),
    ReportPage(
        id="token_economics",
        title="Token Economics",
        group="Advanced",
        description=(
            "Tokens, cost per 1K tokens, input/output balance, cache use, wasteful calls and "
            "cheaper models for small tasks."
        ),
        marts=(
            "rpt_token_economics__summary",
            "rpt_token_economics__by_model",
            "rpt_token_economics__cost_per_1k_ranking",
            "rpt_token_economics__by_feature",
            "rpt_token_economics__by_archetype",
            "rpt_token_economics__io_distribution",
            "rpt_token_economics__waste_summary",
            "rpt_token_economics__wasteful_calls",
            "rpt_token_economics__downgrade_opportunities",
            "rpt_token_economics__daily_cost_per_1k",
        ),
    ),
    ReportPage(
        id="geographic_latency",
        title="Geographic Latency",
        group="Advanced",
        description=(
            "Latency, cost and margin per region; issues, a model × region heat map and "
            "routing gains."
        ),
        marts=(
            "rpt_geographic_latency__summary",
            "rpt_geographic_latency__by_region",
            "rpt_geographic_latency__issues",
            "rpt_geographic_latency__latency_heatmap",
            "rpt_geographic_latency__provider_by_region",
            "rpt_geographic_latency__regional_cost_variance",
            "rpt_geographic_latency__regional_profitability",
            "rpt_geographic_latency__routing",
        ),
    ),
    ReportPage(
        id="churn_growth",
        title="Churn & Growth",
        group="Advanced",
        description=(
            "Customers at risk, expansion candidates, engagement, tier mismatch, weekly growth and "
            "cohort retention."
        ),
        marts=(
            "rpt_churn_growth__summary",
            "rpt_churn_growth__weekly_growth",
            "rpt_churn_growth__churn_risk",
            "rpt_churn_growth__expansion",
            "rpt_churn_growth__engagement",
            "rpt_churn_growth__tier_mismatch",
            "rpt_churn_growth__cohort_retention",
            "rpt_churn_growth__cohorts_by_segment",
            "rpt_churn_growth__feature_adoption",
        ),
    ),
    ReportPage(
        id="abuse_detection",
        title="Cost Anomaly & Abuse Detection",
        group="Advanced",
        description=(
            "Cost anomalies, usage spikes, rate-limit abuse, concurrency, tier gaming, "
            "patterns, outliers and security flags."
        ),
        marts=(
            "rpt_abuse_detection__summary",
            "rpt_abuse_detection__security_flags",
            "rpt_abuse_detection__cost_anomalies",
            "rpt_abuse_detection__usage_spikes",
            "rpt_abuse_detection__rate_limit_abuse",
            "rpt_abuse_detection__concurrency",
            "rpt_abuse_detection__tier_gaming",
            "rpt_abuse_detection__suspicious_patterns",
            "rpt_abuse_detection__outliers",
        ),
    ),
    ReportPage(
        id="agents",
        title="Agents & Workflows",
        group="Agents & Budgets",
        description=(
            "Cost and success by agent, model and workflow; sessions, caching and optimization "
            "opportunities; the call tree and critical path of the costliest workflows."
        ),
        marts=(
            "rpt_agents__workflow_executions",
            "rpt_agents__call_tree",
            "rpt_agents__critical_path",
            "rpt_agents__usage_daily",
            "rpt_agents__agent_performance",
            "rpt_agents__workflow_performance",
            "rpt_agents__sessions",
            "rpt_agents__caching_opportunities",
            "rpt_agents__optimization_opportunities",
        ),
    ),
)


def _check_unique(pages: Iterable[ReportPage]) -> None:
    seen: set[str] = set()
    for page in pages:
        if page.id in seen:
            raise ValueError(f"page id {page.id} is declared twice in reports.registry.PAGES")
        seen.add(page.id)


_check_unique(PAGES)


def available_pages(existing: Iterable[str], pages: Iterable[ReportPage] = PAGES) -> list[ReportPage]:
    """The pages whose marts all exist, in declaration order."""
    have = set(existing)
    return [page for page in pages if all(mart in have for mart in page.required_marts)]


def page_by_id(page_id: str) -> ReportPage:
    for page in PAGES:
        if page.id == page_id:
            return page
    raise KeyError(f"no report page {page_id!r}; known pages: {[p.id for p in PAGES]}")
