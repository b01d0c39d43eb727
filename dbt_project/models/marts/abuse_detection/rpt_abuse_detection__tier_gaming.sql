-- §6.13 tier_gaming: customers (current tier, §1.2) scoring at least `gaming_flag_score`; points
-- and flags in the catalogue's order; cost_to_revenue_ratio = cost ÷ prorated revenue.
{%- set rules = [
    ('high_volume_starter', 'abuse_detection_high_volume_starter_points', "'high_volume_starter'"),
    ('cost_exceeds', 'abuse_detection_cost_exceeds_points', "'cost_exceeds_subscription_3x'"),
    ('enterprise_volume', 'abuse_detection_enterprise_volume_points', "'enterprise_volume_on_pro'"),
    ('automated', 'abuse_detection_automated_points', "'automated_pattern'"),
] %}

with

customers as (

    select * from {{ ref('int_customer_window') }}

),

gaps as (

    select * from {{ ref('int_abuse_detection__call_gaps') }}

),

scored as (

    select
        customers.customer_id,
        customers.subscription_tier as tier,
        customers.customer_archetype as archetype,
        customers.calls,
        customers.monthly_calls,
        customers.cost_usd,
        customers.prorated_revenue_usd,
        customers.consumption_pct,
        gaps.gap_cv,
        coalesce(customers.subscription_tier = 'starter'
            and customers.monthly_calls > {{ threshold('gaming_starter_monthly_calls') }}, false) as high_volume_starter,
        coalesce(customers.subscription_tier = 'starter'
            and customers.consumption_pct > {{ threshold('gaming_cost_ratio') }} * 100, false) as cost_exceeds,
        coalesce(customers.subscription_tier = 'pro'
            and customers.monthly_calls > {{ threshold('gaming_pro_monthly_calls') }}, false) as enterprise_volume,
        coalesce(customers.subscription_tier in ('starter', 'pro')
            and customers.calls > {{ threshold('abuse_detection_automation_min_calls') }}
            and gaps.gap_cv < {{ threshold('automation_cv') }}, false) as automated
    from customers
    left join gaps
        on customers.customer_id = gaps.customer_id

),

final as (

    select
        customer_id,
        tier,
        archetype,
        calls,
        monthly_calls,
        cost_usd,
        prorated_revenue_usd,
        consumption_pct,
        gap_cv,
        {{ rule_score(rules) }} as score,
        {{ rule_flags(rules) }} as flags,
        {{ safe_ratio('cost_usd', 'prorated_revenue_usd') }} as cost_to_revenue_ratio
    from scored

)

select *
from final
where score >= {{ threshold('gaming_flag_score') }}
