-- §6.1 by_organization: customers, calls and cost per organization on the call (`unknown`
-- included), cost per customer and cost share.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_organization as (

    select
        organization_id,
        count(distinct customer_id) as customers,
        count(*) as calls,
        sum(cost_usd) as cost_usd
    from calls
    group by organization_id

),

final as (

    select
        organization_id,
        customers,
        calls,
        cost_usd,
        {{ safe_ratio('cost_usd', 'customers') }} as cost_per_customer,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct
    from per_organization

)

select * from final
