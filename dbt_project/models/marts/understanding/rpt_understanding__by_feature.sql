-- §6.1 by_feature: calls, cost and distinct customers per feature (call-level feature).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_feature as (

    select
        feature_id,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        count(distinct customer_id) as customers
    from calls
    group by feature_id

),

final as (

    select
        feature_id,
        calls,
        cost_usd,
        customers,
        {{ safe_ratio('cost_usd', 'calls') }} as avg_cost_per_call,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct
    from per_feature

)

select * from final
