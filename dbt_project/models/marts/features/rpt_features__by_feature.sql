-- §6.8 by_feature: calls, cost, customers, adoption, unit costs, cost share, error rate, the revenue
-- attributed from the customers' prorated revenue in proportion to their calls, ROI and whether the
-- feature has enough calls (min_feature_calls) to be judged. Feature = the call's own value (§1.2).
with

pairs as (

    select * from {{ ref('int_features__customer_features') }}

),

all_customers as (

    select count(*) as customers from {{ ref('int_customer_window') }}

),

per_feature as (

    select
        feature_id,
        sum(calls) as calls,
        sum(failed_calls) as failed_calls,
        sum(cost_usd) as cost_usd,
        count(*) as customers,
        min(first_seen_at) as first_seen_at,
        sum(attributed_revenue_usd) as attributed_revenue_usd
    from pairs
    group by feature_id

),

final as (

    select
        per_feature.feature_id,
        cast(per_feature.calls as {{ dbt.type_bigint() }}) as calls,
        per_feature.cost_usd,
        per_feature.customers,
        {{ safe_pct('per_feature.customers', 'all_customers.customers') }} as adoption_pct,
        {{ safe_ratio('per_feature.cost_usd', 'per_feature.customers') }} as cost_per_customer,
        {{ safe_ratio('per_feature.cost_usd', 'per_feature.calls') }} as cost_per_call,
        {{ safe_pct('per_feature.cost_usd', 'sum(per_feature.cost_usd) over ()') }} as cost_share_pct,
        per_feature.first_seen_at,
        {{ safe_ratio('per_feature.failed_calls', 'per_feature.calls') }} as error_rate,
        per_feature.attributed_revenue_usd,
        {{ safe_pct('per_feature.attributed_revenue_usd - per_feature.cost_usd', 'per_feature.cost_usd') }} as roi_pct,
        per_feature.calls >= {{ threshold('min_feature_calls') }} as has_enough_data
    from per_feature
    cross join all_customers

)

select * from final
