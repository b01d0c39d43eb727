-- §6.5 chargeback: cost and calls per (organization, product, feature) on the call, `unknown`
-- organization listed as its own, and the cell's share of its organization's cost.
with

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

per_cell as (

    select
        organization_id,
        product_id,
        feature_id,
        sum(cost_usd) as cost_usd,
        sum(calls) as calls
    from cells
    group by organization_id, product_id, feature_id

),

final as (

    select
        organization_id,
        product_id,
        feature_id,
        cost_usd,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over (partition by organization_id)') }} as share_of_org_pct
    from per_cell

)

select * from final
