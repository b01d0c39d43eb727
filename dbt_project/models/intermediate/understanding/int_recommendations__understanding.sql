-- §6.1 recommendations (§1.11 columns without rank): a row exists only when its trigger holds on
-- non-empty data; NULL figures never satisfy a trigger (§1.7).
with

figures as (

    select * from {{ ref('int_understanding__trigger_figures') }}

),

candidates as (

    select
        'provider_concentration' as rec_code,
        'warning' as severity,
        'provider' as entity_type,
        top_provider as entity_id,
        'cost_share_pct' as metric_name,
        top_provider_share_pct as metric_value,
        'provider_concentration_pct' as threshold_name,
        {{ threshold('provider_concentration_pct') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        top_provider || ' carries ' || {{ fmt_pct('top_provider_share_pct') }} || ' of AI spend ('
        || {{ fmt_usd('top_provider_cost_usd') }} || '); add a second provider to reduce concentration risk'
            as message
    from figures
    where top_provider_share_pct > {{ threshold('provider_concentration_pct') }}

    union all

    select
        'model_cost_spread',
        'info',
        'model',
        dearest_provider || '/' || dearest_model,
        'cost_per_1k_spread_ratio',
        model_cost_spread_ratio,
        'model_cost_spread_ratio',
        {{ threshold('model_cost_spread_ratio') }},
        null,
        dearest_provider || '/' || dearest_model || ' costs ' || {{ fmt_usd('dearest_cost_per_1k_tokens') }}
        || ' per 1K tokens, ' || {{ fmt_multiple('model_cost_spread_ratio') }} || ' the '
        || {{ fmt_usd('cheapest_cost_per_1k_tokens') }} || ' of ' || cheapest_provider || '/' || cheapest_model
        || coalesce('; its like-for-like target is ' || dearest_like_for_like_model, '; it has no cheaper like-for-like model')
    from figures
    where model_cost_spread_ratio > {{ threshold('model_cost_spread_ratio') }}

    union all

    select
        'customer_concentration',
        'warning',
        'dataset',
        '',
        'top_customers_share_pct',
        top_customers_share_pct,
        'top_customers_share_pct',
        {{ threshold('top_customers_share_pct') }},
        null,
        'The top ' || {{ fmt_count('top_customers') }} || ' customers account for '
        || {{ fmt_pct('top_customers_share_pct') }} || ' of spend (' || {{ fmt_usd('top_customers_cost_usd') }} || ')'
    from figures
    where top_customers_share_pct > {{ threshold('top_customers_share_pct') }}

    union all

    select
        'spend_trend',
        'warning',
        'dataset',
        '',
        'trend_pct_per_day',
        trend_pct_per_day,
        'trend_alert_pct_per_day',
        {{ threshold('trend_alert_pct_per_day') }},
        null,
        'Daily spend is rising ' || {{ fmt_usd('slope_usd_per_day') }} || ' per day ('
        || {{ fmt_pct('trend_pct_per_day') }} || ' per day); the next 30 days project '
        || {{ fmt_usd('trend_30d_usd') }} || ' (80% band ' || {{ fmt_usd('trend_30d_lower_usd') }}
        || ' – ' || {{ fmt_usd('trend_30d_upper_usd') }} || ')'
    from figures
    where fit_days >= {{ threshold('trend_min_fit_days') }}
        and trend_pct_per_day >= {{ threshold('trend_alert_pct_per_day') }}

),

final as (

    select
        'understanding' as analysis,
        rec_code,
        severity,
        entity_type,
        entity_id,
        metric_name,
        cast(metric_value as {{ type_double() }}) as metric_value,
        threshold_name,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        cast(impact_usd as {{ type_double() }}) as impact_usd,
        message
    from candidates

)

select * from final
