-- §6.7 by_customer: every priced customer (current attributes, §1.2) with its usage ratio =
-- cost ÷ prorated revenue, its usage segment and its revenue under the four pricing models.
-- Customers without a price are left out. A tier missing from the tiers seed includes no tokens.
with

customers as (

    select * from {{ ref('int_customer_window') }}
    where tier_price_usd is not null

),

tiers as (

    select * from {{ ref('tiers') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

priced as (

    select
        customers.customer_id,
        customers.subscription_tier as tier,
        customers.tier_price_usd,
        customers.customer_archetype as archetype,
        customers.calls,
        cast(customers.total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        customers.cost_usd,
        customers.prorated_revenue_usd as flat_revenue_usd,
        coalesce(tiers.included_tokens_per_month, 0) * analysis_window.window_days
        / {{ threshold('days_per_month') }} as included_tokens,
        {{ safe_ratio('customers.cost_usd', 'customers.prorated_revenue_usd') }} as usage_ratio
    from customers
    cross join analysis_window
    left join tiers
        on customers.subscription_tier = tiers.tier

),

final as (

    select
        customer_id,
        tier,
        tier_price_usd,
        archetype,
        calls,
        total_tokens,
        cost_usd,
        included_tokens,
        usage_ratio,
        case
            when usage_ratio < {{ threshold('usage_segment_light') }} then 'light'
            when usage_ratio < {{ threshold('usage_segment_medium') }} then 'medium'
            when usage_ratio >= {{ threshold('usage_segment_medium') }} then 'heavy'
        end as segment,
        flat_revenue_usd,
        flat_revenue_usd
        + case when total_tokens > included_tokens then total_tokens - included_tokens else 0 end
        / 1000.0 * {{ threshold('tiered_overage_usd_per_1k') }} as tiered_revenue_usd,
        total_tokens / 1000.0 * {{ threshold('usage_price_usd_per_1k') }} as usage_revenue_usd,
        {{ threshold('hybrid_base_share') }} * flat_revenue_usd
        + {{ threshold('hybrid_cost_markup') }} * cost_usd as hybrid_revenue_usd
    from priced

)

select * from final
