-- §6.12 churn_risk: customers whose churn score reaches `risk_flag_score`; points and factors in
-- the catalogue's order. tier_price_usd is the monthly revenue at risk. A NULL growth (new
-- customer) never scores a growth factor (§1.7).
{%- set rules = [
    ('steep_decline', 'churn_growth_steep_decline_points', "'steep_usage_decline'"),
    ('usage_decline', 'churn_growth_decline_points', "'usage_decline'"),
    ('low_engagement', 'churn_growth_low_engagement_points', "'low_engagement'"),
    ('tier_oversubscribed', 'churn_growth_tier_oversubscribed_points', "'tier_oversubscribed'"),
    ('light_declining', 'churn_growth_light_declining_points', "'light_user_declining'"),
    ('no_recent_activity', 'churn_growth_no_recent_activity_points', "'no_recent_activity'"),
] %}

with

customers as (

    select * from {{ ref('int_churn_growth__customers') }}

),

factors as (

    select
        *,
        coalesce(growth_pct < {{ threshold('churn_growth_steep_decline_pct') }}, false) as steep_decline,
        coalesce(growth_pct >= {{ threshold('churn_growth_steep_decline_pct') }}
            and growth_pct < {{ threshold('churn_growth_decline_pct') }}, false) as usage_decline,
        coalesce(monthly_calls < {{ threshold('low_engagement_monthly_calls') }}, false) as low_engagement,
        coalesce(tier = 'enterprise'
            and monthly_calls < {{ threshold('enterprise_min_monthly_calls') }}, false) as tier_oversubscribed,
        coalesce(archetype = 'light' and growth_pct < 0, false) as light_declining,
        coalesce(inactive_days >= least({{ threshold('churn_inactivity_days') }}, window_days / 2), false)
            as no_recent_activity
    from customers

),

scored as (

    select
        customer_id,
        tier,
        archetype,
        growth_pct,
        monthly_calls,
        inactive_days,
        {{ rule_score(rules) }} as score,
        {{ rule_flags(rules) }} as risk_factors,
        tier_price_usd,
        cost_usd
    from factors

),

final as (

    select
        *,
        score >= {{ threshold('high_risk_score') }} as is_high_risk
    from scored
    where score >= {{ threshold('risk_flag_score') }}

)

select * from final
