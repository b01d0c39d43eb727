-- §6.3 summary: calls, anomalous calls with their share and waste (Σ cost − model mean), hours
-- with a cost or volume anomaly, customers at risk, critical and high counts, monthly revenue at
-- risk, potential pattern savings, the window error rate, health score and provider HHI. One row.
with

calls as (

    select is_success from {{ ref('fct_calls') }}

),

anomalies as (

    select * from {{ ref('rpt_realtime__call_anomalies') }}

),

hourly as (

    select * from {{ ref('rpt_realtime__hourly') }}

),

patterns as (

    select * from {{ ref('rpt_realtime__inefficient_patterns') }}

),

portfolio as (

    select * from {{ ref('rpt_realtime__portfolio_risk') }}

),

call_totals as (

    select count(*) as calls, count(*) filter (where not is_success) as failed_calls from calls

),

anomaly_totals as (

    select
        count(*) as anomalous_calls,
        coalesce(sum(cost_usd - model_mean_cost_usd), 0) as anomaly_waste_usd
    from anomalies

),

hour_totals as (

    select count(*) filter (where is_cost_anomaly or is_volume_anomaly) as anomalous_hours from hourly

),

pattern_totals as (

    select coalesce(sum(potential_savings_usd), 0) as potential_savings_usd from patterns

),

final as (

    select
        call_totals.calls,
        anomaly_totals.anomalous_calls,
        {{ safe_pct('anomaly_totals.anomalous_calls', 'call_totals.calls') }} as anomalous_call_pct,
        anomaly_totals.anomaly_waste_usd,
        hour_totals.anomalous_hours,
        portfolio.at_risk as customers_at_risk,
        portfolio.critical,
        portfolio.high,
        portfolio.monthly_revenue_at_risk_usd,
        pattern_totals.potential_savings_usd,
        {{ safe_ratio('call_totals.failed_calls', 'call_totals.calls') }} as error_rate,
        portfolio.health_score,
        portfolio.provider_hhi
    from call_totals
    cross join anomaly_totals
    cross join hour_totals
    cross join pattern_totals
    cross join portfolio

)

select * from final
