-- One row per (customer, feature) pair with calls: the pair's calls, errors, cost and first call,
-- and the revenue attributed to the feature = the customer's prorated revenue × the pair's calls ÷
-- the customer's calls (§6.8; NULL for a customer without a price). by_feature and bundles read it.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('fct_calls') }}

),

customers as (

    select * from {{ ref('int_customer_window') }}

),

pairs as (

    select
        customer_id,
        feature_id,
        count(*) as calls,
        sum(case when is_success then 0 else 1 end) as failed_calls,
        sum(cost_usd) as cost_usd,
        min("timestamp") as first_seen_at
    from calls
    group by customer_id, feature_id

),

final as (

    select
        pairs.customer_id,
        pairs.feature_id,
        pairs.calls,
        pairs.failed_calls,
        pairs.cost_usd,
        pairs.first_seen_at,
        customers.calls as customer_calls,
        customers.prorated_revenue_usd * {{ safe_ratio('pairs.calls', 'customers.calls') }}
            as attributed_revenue_usd
    from pairs
    inner join customers
        on pairs.customer_id = customers.customer_id

)

select * from final
