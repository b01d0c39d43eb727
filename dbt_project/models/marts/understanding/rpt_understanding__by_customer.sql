-- §6.1 by_customer: every customer with calls, current attributes (§1.2), cost share and rank by
-- cost desc; the report's top spenders are ranks 1–10.
with

customers as (

    select * from {{ ref('int_customer_window') }}

),

final as (

    select
        customer_id,
        organization_id,
        subscription_tier,
        tier_price_usd,
        calls,
        cost_usd,
        {{ safe_ratio('cost_usd', 'calls') }} as avg_cost_per_call,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct,
        row_number() over (order by cost_usd desc, customer_id) as rank
    from customers

)

select * from final
