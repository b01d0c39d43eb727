-- §6.5 by_product: cost, calls, customers and organizations per product on the call, cost per
-- call and cost share.
with

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

per_product as (

    select
        product_id,
        sum(cost_usd) as cost_usd,
        sum(calls) as calls,
        count(distinct customer_id) as customers,
        count(distinct organization_id) as organizations
    from cells
    group by product_id

),

final as (

    select
        product_id,
        cost_usd,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        customers,
        organizations,
        {{ safe_ratio('cost_usd', 'calls') }} as cost_per_call,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct
    from per_product

)

select * from final
