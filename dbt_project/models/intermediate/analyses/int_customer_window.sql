-- One row per customer with calls in the window: current attributes (§1.2, dim_customers), window
-- totals, prorated revenue (§1.5), margin and its band (§6.6), consumption_pct = cost ÷ prorated
-- revenue × 100, monthly rates, distinct features and first/last call. Customer-level analyses
-- (profitability, realtime, pricing, churn_growth, abuse_detection, …) start here.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('fct_calls') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

customer_calls as (

    select
        customer_id,
        count(*) as calls,
        sum(case when is_success then 1 else 0 end) as successful_calls,
        sum(cost_usd) as cost_usd,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(total_tokens) as total_tokens,
        count(distinct feature_id) as features,
        min("timestamp") as first_seen_at,
        max("timestamp") as last_seen_at
    from calls
    group by customer_id

),

with_revenue as (

    select
        customer_calls.customer_id,
        customers.organization_id,
        customers.product_id,
        customers.subscription_tier,
        customers.tier_price_usd,
        customers.customer_archetype,
        customers.home_region,
        customer_calls.calls,
        customer_calls.successful_calls,
        customer_calls.calls - customer_calls.successful_calls as failed_calls,
        customer_calls.cost_usd,
        customer_calls.input_tokens,
        customer_calls.output_tokens,
        customer_calls.total_tokens,
        customer_calls.features,
        customer_calls.first_seen_at,
        customer_calls.last_seen_at,
        analysis_window.window_days,
        {{ prorated_revenue('customers.tier_price_usd', 'analysis_window.window_days') }}
            as prorated_revenue_usd
    from customer_calls
    cross join analysis_window
    left join customers
        on customer_calls.customer_id = customers.customer_id

),

final as (

    select
        customer_id,
        organization_id,
        product_id,
        subscription_tier,
        tier_price_usd,
        customer_archetype,
        home_region,
        calls,
        successful_calls,
        failed_calls,
        cost_usd,
        input_tokens,
        output_tokens,
        total_tokens,
        prorated_revenue_usd,
        prorated_revenue_usd - cost_usd as margin_usd,
        {{ safe_pct('prorated_revenue_usd - cost_usd', 'prorated_revenue_usd') }} as margin_pct,
        {{ margin_band(safe_pct('prorated_revenue_usd - cost_usd', 'prorated_revenue_usd')) }}
            as margin_band,
        {{ safe_pct('cost_usd', 'prorated_revenue_usd') }} as consumption_pct,
        {{ monthly_projection('calls', 'window_days') }} as monthly_calls,
        {{ monthly_projection('cost_usd', 'window_days') }} as monthly_cost_usd,
        {{ monthly_projection('total_tokens', 'window_days') }} as monthly_tokens,
        features,
        first_seen_at,
        last_seen_at
    from with_revenue

)

select * from final
