-- §6.4 volume_discounts per provider: monthly spend (§1.5), the discount of the highest
-- volume_tiers row it reaches (min_monthly_spend_usd ≤ spend), the monthly saving, and the next
-- tier's threshold with the gap to it (NULL at the top tier).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

tiers as (

    select * from {{ ref('volume_tiers') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

spend as (

    select
        calls.provider,
        {{ monthly_projection('sum(calls.cost_usd)', 'max(analysis_window.window_days)') }} as monthly_spend_usd
    from calls
    cross join analysis_window
    group by calls.provider

),

matched as (

    select
        spend.provider,
        spend.monthly_spend_usd,
        max(case when tiers.min_monthly_spend_usd <= spend.monthly_spend_usd then tiers.min_monthly_spend_usd end)
            as reached_threshold_usd,
        min(case when tiers.min_monthly_spend_usd > spend.monthly_spend_usd then tiers.min_monthly_spend_usd end)
            as next_threshold_usd
    from spend
    cross join tiers
    group by spend.provider, spend.monthly_spend_usd

),

final as (

    select
        matched.provider,
        matched.monthly_spend_usd,
        cast(coalesce(reached.discount_pct, 0) as {{ type_double() }}) as discount_pct,
        matched.monthly_spend_usd * coalesce(reached.discount_pct, 0) / 100.0 as monthly_savings_usd,
        cast(matched.next_threshold_usd as {{ type_double() }}) as next_threshold_usd,
        matched.next_threshold_usd - matched.monthly_spend_usd as gap_to_next_usd
    from matched
    left join tiers as reached
        on matched.reached_threshold_usd = reached.min_monthly_spend_usd

)

select * from final
