-- §6.5 summary: window cost and calls, distinct organizations, products, features and customers
-- (unknown members count), cost per organization; one row, also on empty input.
with

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

totals as (

    select
        coalesce(sum(cost_usd), 0) as cost_usd,
        coalesce(sum(calls), 0) as calls,
        count(distinct organization_id) as organizations,
        count(distinct product_id) as products,
        count(distinct feature_id) as features,
        count(distinct customer_id) as customers
    from cells

),

final as (

    select
        cost_usd,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        organizations,
        products,
        features,
        customers,
        {{ safe_ratio('cost_usd', 'organizations') }} as cost_per_org
    from totals

)

select * from final
