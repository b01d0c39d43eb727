-- §6.7 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- NULL margins (no priced customer, an empty segment) never trigger (§1.7).
with

figures as (

    select * from {{ ref('int_pricing__trigger_figures') }}

),

candidates as (

    select
        'better_pricing_model' as rec_code,
        'info' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'margin_improvement_pp' as metric_name,
        best_improvement_pp as metric_value,
        'min_margin_improvement_pp' as threshold_name,
        {{ threshold('min_margin_improvement_pp') }} as threshold_value,
        best_revenue_change_usd as impact_usd,
        'The ' || best_model || ' pricing model would raise the margin by '
        || {{ format_number('best_improvement_pp', 1) }} || ' points (from ' || {{ fmt_pct('flat_margin_pct') }}
        || ' to ' || {{ fmt_pct('best_margin_pct') }} || '), changing revenue by '
        || {{ fmt_usd('best_revenue_change_usd') }} || ' (' || {{ fmt_pct('best_revenue_change_pct') }}
        || ') in the window; ' || {{ fmt_count('best_customers_paying_more') }} || ' customers would pay more'
            as message
    from figures
    where best_margin_pct >= flat_margin_pct + {{ threshold('min_margin_improvement_pp') }}

    union all

    select
        'heavy_segment_margin',
        'warning',
        'dataset',
        '',
        'heavy_margin_pct',
        heavy_margin_pct,
        'heavy_segment_margin_alert_pct',
        {{ threshold('heavy_segment_margin_alert_pct') }},
        null,
        {{ fmt_count('heavy_customers') }} || ' heavy-usage customers run at ' || {{ fmt_pct('heavy_margin_pct') }}
        || ' margin (alert below ' || {{ fmt_pct(threshold('heavy_segment_margin_alert_pct')) }} || ')'
    from figures
    where heavy_customers >= 1
        and heavy_margin_pct < {{ threshold('heavy_segment_margin_alert_pct') }}

    union all

    select
        'light_segment_margin',
        'info',
        'dataset',
        '',
        'light_margin_pct',
        light_margin_pct,
        'light_segment_margin_alert_pct',
        {{ threshold('light_segment_margin_alert_pct') }},
        null,
        {{ fmt_count('light_customers') }} || ' light-usage customers run at ' || {{ fmt_pct('light_margin_pct') }}
        || ' margin: room for an entry price or usage add-ons'
    from figures
    where light_customers >= 1
        and light_margin_pct > {{ threshold('light_segment_margin_alert_pct') }}

    union all

    select
        'hybrid_model',
        'info',
        'dataset',
        '',
        'hybrid_margin_pct',
        hybrid_margin_pct,
        'hybrid_vs_flat_ratio',
        {{ threshold('hybrid_vs_flat_ratio') }},
        null,
        'Hybrid pricing would run at ' || {{ fmt_pct('hybrid_margin_pct') }} || ' margin against '
        || {{ fmt_pct('flat_margin_pct') }} || ' on flat pricing'
    from figures
    where flat_margin_pct > 0
        and hybrid_margin_pct > {{ threshold('hybrid_vs_flat_ratio') }} * flat_margin_pct

),

final as (

    {{ recommendation_rows('pricing', 'candidates') }}

)

select * from final
