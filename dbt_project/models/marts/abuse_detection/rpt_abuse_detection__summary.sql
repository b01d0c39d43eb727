-- §6.13 summary: calls, customers, organizations, mean and σ of per-call cost, anomalous calls,
-- their rate and estimated waste (Σ cost − model mean), and the flagged customers per rule; one
-- row, also on empty input.
with

calls as (

    select
        count(*) as calls,
        count(distinct customer_id) as customers,
        count(distinct organization_id) as organizations,
        avg(cost_usd) as mean_cost_usd,
        stddev_pop(cost_usd) as std_cost_usd
    from {{ ref('fct_calls') }}

),

anomalies as (

    select
        count(*) as anomalous_calls,
        coalesce(sum(excess_cost_usd), 0) as estimated_waste_usd
    from {{ ref('rpt_abuse_detection__cost_anomalies') }}

),

findings as (

    select
        (select count(*) from {{ ref('rpt_abuse_detection__usage_spikes') }}) as usage_spikes,
        (select count(distinct customer_id) from {{ ref('rpt_abuse_detection__usage_spikes') }}) as spike_customers,
        (select count(distinct customer_id) from {{ ref('rpt_abuse_detection__rate_limit_abuse') }})
            as rate_limit_customers,
        (select count(*) from {{ ref('rpt_abuse_detection__concurrency') }} where is_flagged) as concurrency_customers,
        (select count(*) from {{ ref('rpt_abuse_detection__tier_gaming') }}) as gaming_customers,
        (select coalesce(sum(cost_usd), 0) from {{ ref('rpt_abuse_detection__tier_gaming') }}) as gaming_cost_usd,
        (select count(distinct customer_id) from {{ ref('rpt_abuse_detection__suspicious_patterns') }})
            as pattern_customers,
        (select count(*) from {{ ref('rpt_abuse_detection__outliers') }}) as outlier_customers

),

final as (

    select
        calls.calls,
        calls.customers,
        calls.organizations,
        calls.mean_cost_usd,
        calls.std_cost_usd,
        anomalies.anomalous_calls,
        {{ safe_pct('anomalies.anomalous_calls', 'calls.calls') }} as anomaly_rate_pct,
        anomalies.estimated_waste_usd,
        findings.usage_spikes,
        findings.spike_customers,
        findings.rate_limit_customers,
        findings.concurrency_customers,
        findings.gaming_customers,
        findings.gaming_cost_usd,
        findings.pattern_customers,
        findings.outlier_customers
    from calls
    cross join anomalies
    cross join findings

)

select * from final
