-- §6.5 by_feature: cost, calls, customers and products per feature on the call; adoption =
-- customers using it ÷ all customers with calls × 100; cost per customer; monthly projection of
-- the cost (§1.5).
with

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

all_customers as (

    select count(distinct customer_id) as customers from cells

),

per_feature as (

    select
        feature_id,
        sum(cost_usd) as cost_usd,
        sum(calls) as calls,
        count(distinct customer_id) as customers,
        count(distinct product_id) as products
    from cells
    group by feature_id

),

final as (

    select
        per_feature.feature_id,
        per_feature.cost_usd,
        cast(per_feature.calls as {{ dbt.type_bigint() }}) as calls,
        per_feature.customers,
        per_feature.products,
        {{ safe_pct('per_feature.customers', 'all_customers.customers') }} as adoption_pct,
        {{ safe_ratio('per_feature.cost_usd', 'per_feature.customers') }} as cost_per_customer,
        {{ monthly_projection('per_feature.cost_usd', 'analysis_window.window_days') }} as monthly_cost_usd
    from per_feature
    cross join all_customers
    cross join analysis_window

)

select * from final
