-- The figures the §6.12 triggers read, in one row: the summary counts, the factors of the top
-- at-risk customers (score desc, monthly revenue desc, customer_id; `churn_growth_top_risk_customers`
-- of them) and the top expansion candidate with its first signal.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_churn_growth__summary') }}

),

top_risk as (

    select
        customer_id,
        risk_factors,
        row_number() over (order by score desc, tier_price_usd desc nulls last, customer_id) as risk_rank
    from {{ ref('rpt_churn_growth__churn_risk') }}

),

top_risk_list as (

    select
        {{ dbt.listagg(dbt.concat(['customer_id', "' ('", 'risk_factors', "')'"]), "'; '", 'order by risk_rank') }}
            as top_risk_factors
    from top_risk
    where risk_rank <= {{ threshold('churn_growth_top_risk_customers') }}

),

top_expansion as (

    select
        customer_id,
        split_part(signals, ', ', 1) as first_signal,
        row_number() over (order by score desc, expansion_revenue_usd desc nulls last, customer_id) as expansion_rank
    from {{ ref('rpt_churn_growth__expansion') }}

),

final as (

    select
        summary.customers,
        summary.at_risk,
        summary.high_risk,
        summary.monthly_revenue_at_risk_usd,
        top_risk_list.top_risk_factors,
        summary.expansion_candidates,
        summary.high_expansion_candidates,
        summary.monthly_expansion_revenue_usd,
        top_expansion.customer_id as top_expansion_customer_id,
        top_expansion.first_signal as top_expansion_signal,
        summary.single_feature_customers,
        summary.single_feature_pct,
        summary.oversubscribed,
        summary.undersubscribed
    from summary
    cross join top_risk_list
    left join top_expansion on top_expansion.expansion_rank = 1

)

select * from final
