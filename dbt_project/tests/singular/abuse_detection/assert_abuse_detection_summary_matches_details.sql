-- §6.13: the summary's anomalous calls and waste equal the shared anomalies (count and Σ excess
-- cost, relative tolerance 1e-9), and every flagged customer of every rule is a customer with calls.
{{ config(tags=['abuse_detection']) }}

with

summary as (

    select * from {{ ref('rpt_abuse_detection__summary') }}

),

anomalies as (

    select
        count(*) as calls,
        coalesce(sum(cost_usd - model_mean_cost_usd), 0) as waste_usd
    from {{ ref('int_call_cost_anomalies') }}

),

flagged as (

    select customer_id from {{ ref('rpt_abuse_detection__usage_spikes') }}
    union
    select customer_id from {{ ref('rpt_abuse_detection__rate_limit_abuse') }}
    union
    select customer_id from {{ ref('rpt_abuse_detection__tier_gaming') }}
    union
    select customer_id from {{ ref('rpt_abuse_detection__suspicious_patterns') }}
    union
    select customer_id from {{ ref('rpt_abuse_detection__outliers') }}

),

failures as (

    select 'anomalies' as failure
    from summary
    cross join anomalies
    where summary.anomalous_calls <> anomalies.calls
        or abs(summary.estimated_waste_usd - anomalies.waste_usd)
        > 1e-9 * greatest(abs(anomalies.waste_usd), 1e-12)

    union all

    select 'unknown customer ' || flagged.customer_id
    from flagged
    left join {{ ref('int_customer_window') }} as customers
        on flagged.customer_id = customers.customer_id
    where customers.customer_id is null

)

select * from failures
