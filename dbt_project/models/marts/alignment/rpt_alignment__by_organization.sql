-- §6.5 by_organization: cost, calls, customers, products and features per organization on the
-- call, cost per call and per customer, and its shares of cost, calls and tokens.
with

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

per_organization as (

    select
        organization_id,
        sum(cost_usd) as cost_usd,
        sum(calls) as calls,
        sum(total_tokens) as total_tokens,
        count(distinct customer_id) as customers,
        count(distinct product_id) as products,
        count(distinct feature_id) as features
    from cells
    group by organization_id

),

final as (

    select
        organization_id,
        cost_usd,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        customers,
        products,
        features,
        {{ safe_ratio('cost_usd', 'calls') }} as cost_per_call,
        {{ safe_ratio('cost_usd', 'customers') }} as cost_per_customer,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct,
        {{ safe_pct('calls', 'sum(calls) over ()') }} as call_share_pct,
        {{ safe_pct('total_tokens', 'sum(total_tokens) over ()') }} as token_share_pct
    from per_organization

)

select * from final
