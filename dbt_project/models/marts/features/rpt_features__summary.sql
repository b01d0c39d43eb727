-- §6.8 summary: total cost, features, customers, cost per feature and calls in one row, also on
-- empty input (zero counts, NULL ratio).
with

features as (

    select * from {{ ref('rpt_features__by_feature') }}

),

all_customers as (

    select count(*) as customers from {{ ref('int_customer_window') }}

),

totals as (

    select
        coalesce(sum(cost_usd), 0) as cost_usd,
        count(*) as features,
        coalesce(sum(calls), 0) as calls
    from features

),

final as (

    select
        totals.cost_usd,
        totals.features,
        all_customers.customers,
        {{ safe_ratio('totals.cost_usd', 'totals.features') }} as cost_per_feature,
        cast(totals.calls as {{ dbt.type_bigint() }}) as calls
    from totals
    cross join all_customers

)

select * from final
