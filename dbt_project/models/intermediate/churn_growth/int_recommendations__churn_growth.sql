-- §6.12 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- empty input and short windows (no per-customer rows) never trigger (§1.7).
with

figures as (

    select * from {{ ref('int_churn_growth__trigger_figures') }}

),

candidates as (

    select
        'churn_risk' as rec_code,
        case when high_risk >= 1 then 'critical' else 'warning' end as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'at_risk_customers' as metric_name,
        at_risk as metric_value,
        'risk_flag_score' as threshold_name,
        {{ threshold('risk_flag_score') }} as threshold_value,
        monthly_revenue_at_risk_usd as impact_usd,
        {{ fmt_count('at_risk') }} || ' customers are at risk of churning (' || {{ fmt_count('high_risk') }}
        || ' high risk), ' || {{ fmt_usd('monthly_revenue_at_risk_usd') }} || ' of monthly revenue; top: '
        || top_risk_factors as message
    from figures
    where at_risk >= 1

    union all

    select
        'expansion', 'info', 'dataset', '', 'expansion_candidates', expansion_candidates,
        'churn_growth_expansion_flag_score', {{ threshold('churn_growth_expansion_flag_score') }},
        monthly_expansion_revenue_usd,
        {{ fmt_count('expansion_candidates') }} || ' customers are expansion candidates ('
        || {{ fmt_count('high_expansion_candidates') }} || ' scoring ' || {{ fmt_count(threshold('churn_growth_expansion_high_score')) }}
        || ' or more), worth '
        || {{ fmt_usd('monthly_expansion_revenue_usd') }} || ' a month; top: ' || top_expansion_customer_id
        || ' (' || top_expansion_signal || ')'
    from figures
    where expansion_candidates >= 1

    union all

    select
        'single_feature_customers', 'info', 'dataset', '', 'single_feature_pct', single_feature_pct,
        'single_feature_share_pct', {{ threshold('single_feature_share_pct') }}, null,
        {{ fmt_pct('single_feature_pct') }} || ' of customers (' || {{ fmt_count('single_feature_customers') }}
        || ') use a single feature'
    from figures
    where single_feature_pct > {{ threshold('single_feature_share_pct') }}

    union all

    select
        'oversubscribed', 'info', 'dataset', '', 'oversubscribed_customers', oversubscribed,
        'recommend_min_flagged', {{ threshold('recommend_min_flagged') }}, null,
        {{ fmt_count('oversubscribed') }} || ' customers pay for a tier far above their usage'
    from figures
    where oversubscribed >= {{ threshold('recommend_min_flagged') }}

    union all

    select
        'undersubscribed', 'info', 'dataset', '', 'undersubscribed_customers', undersubscribed,
        'recommend_min_flagged', {{ threshold('recommend_min_flagged') }}, null,
        {{ fmt_count('undersubscribed') }} || ' customers use far more than their tier suggests'
    from figures
    where undersubscribed >= {{ threshold('recommend_min_flagged') }}

),

final as (

    {{ recommendation_rows('churn_growth', 'candidates') }}

)

select * from final
