-- §6.12 summary: customers, calls, window, trends, churn risk (at-risk, high-risk, monthly revenue
-- at risk), expansion candidates and revenue, feature adoption and tier mismatches, in one row.
-- The per-customer counts are 0 when the window is shorter than churn_growth_min_window_days.
with

customers as (

    select
        count(*) as customers,
        coalesce(sum(calls), 0) as calls,
        avg(features) as avg_features_per_customer,
        count(*) filter (where features = 1) as single_feature_customers,
        count(*) filter (where features > 1) as multi_feature_customers
    from {{ ref('int_customer_window') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

trends as (

    select
        count(*) filter (where trend = 'growing') as growing,
        count(*) filter (where trend = 'stable') as stable,
        count(*) filter (where trend = 'declining') as declining,
        count(*) filter (where trend = 'new') as new_customers
    from {{ ref('rpt_churn_growth__velocity') }}

),

risk as (

    select
        count(*) as at_risk,
        count(*) filter (where is_high_risk) as high_risk,
        coalesce(sum(tier_price_usd), 0) as monthly_revenue_at_risk_usd
    from {{ ref('rpt_churn_growth__churn_risk') }}

),

expansion as (

    select
        count(*) as expansion_candidates,
        count(*) filter (where score >= {{ threshold('churn_growth_expansion_high_score') }})
            as high_expansion_candidates,
        coalesce(sum(expansion_revenue_usd), 0) as monthly_expansion_revenue_usd
    from {{ ref('rpt_churn_growth__expansion') }}

),

mismatches as (

    select
        count(*) filter (where mismatch = 'oversubscribed') as oversubscribed,
        count(*) filter (where mismatch = 'undersubscribed') as undersubscribed
    from {{ ref('rpt_churn_growth__tier_mismatch') }}

),

final as (

    select
        customers.customers,
        cast(customers.calls as {{ dbt.type_bigint() }}) as calls,
        analysis_window.window_days,
        {{ safe_ratio('customers.calls', 'customers.customers') }} as avg_calls_per_customer,
        trends.growing,
        trends.stable,
        trends.declining,
        trends.new_customers as new,
        risk.at_risk,
        risk.high_risk,
        risk.monthly_revenue_at_risk_usd,
        expansion.expansion_candidates,
        expansion.high_expansion_candidates,
        expansion.monthly_expansion_revenue_usd,
        customers.avg_features_per_customer,
        customers.single_feature_customers,
        customers.multi_feature_customers,
        {{ safe_pct('customers.single_feature_customers', 'customers.customers') }} as single_feature_pct,
        mismatches.oversubscribed,
        mismatches.undersubscribed
    from customers
    cross join analysis_window
    cross join trends
    cross join risk
    cross join expansion
    cross join mismatches

)

select * from final
