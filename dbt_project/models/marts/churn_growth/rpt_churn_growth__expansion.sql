-- §6.12 expansion: customers not on enterprise whose expansion score reaches
-- `churn_growth_expansion_flag_score`; points and signals in the catalogue's order.
-- expansion_revenue_usd (monthly) = next tier price − current price.
{%- set rules = [
    ('strong_growth', 'churn_growth_strong_growth_points', "'strong_growth'"),
    ('moderate_growth', 'churn_growth_moderate_growth_points', "'moderate_growth'"),
    ('starter_power', 'churn_growth_starter_power_points', "'starter_power_user'"),
    ('pro_enterprise', 'churn_growth_pro_enterprise_points', "'pro_enterprise_usage'"),
    ('heavy_low_tier', 'churn_growth_heavy_low_tier_points', "'heavy_user_low_tier'"),
] %}

with

customers as (

    select * from {{ ref('int_churn_growth__customers') }}
    where tier <> 'enterprise'

),

signals as (

    select
        *,
        coalesce(growth_pct > {{ threshold('churn_growth_strong_growth_pct') }}, false) as strong_growth,
        coalesce(growth_pct <= {{ threshold('churn_growth_strong_growth_pct') }}
            and growth_pct > {{ threshold('churn_growth_moderate_growth_pct') }}, false) as moderate_growth,
        coalesce(tier = 'starter'
            and monthly_calls > {{ threshold('starter_power_monthly_calls') }}, false) as starter_power,
        coalesce(tier = 'pro'
            and monthly_calls > {{ threshold('pro_enterprise_monthly_calls') }}, false) as pro_enterprise,
        coalesce(archetype = 'heavy' and tier in ('starter', 'pro'), false) as heavy_low_tier
    from customers

),

scored as (

    select
        customer_id,
        tier,
        archetype,
        next_tier,
        growth_pct,
        monthly_calls,
        {{ rule_score(rules) }} as score,
        {{ rule_flags(rules) }} as signals,
        expansion_revenue_usd
    from signals

)

select *
from scored
where score >= {{ threshold('churn_growth_expansion_flag_score') }}
