-- §6.6 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- NULL figures (empty input, unpriced tiers) never trigger (§1.7).
with

figures as (

    select * from {{ ref('int_profitability__trigger_figures') }}

),

tiers as (

    select * from {{ ref('rpt_profitability__by_tier') }}

),

candidates as (

    select
        'unprofitable_customers' as rec_code,
        'critical' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'unprofitable_customers' as metric_name,
        cast(unprofitable_customers as {{ type_double() }}) as metric_value,
        cast(null as varchar) as threshold_name,
        cast(null as {{ type_double() }}) as threshold_value,
        monthly_loss_usd as impact_usd,
        {{ fmt_count('unprofitable_customers') }} || ' customers (' || {{ fmt_pct('unprofitable_pct') }}
        || ' of customers) cost more than they pay: ' || {{ fmt_usd('total_loss_usd') }} || ' lost in the window, '
        || {{ fmt_usd('monthly_loss_usd') }} || ' per month; most are ' || unprofitable_top_tier || ' × '
        || unprofitable_top_archetype as message
    from figures
    where unprofitable_customers >= 1

    union all

    select
        'tier_low_margin',
        'warning',
        'tier',
        tier,
        'margin_pct',
        margin_pct,
        'tier_margin_alert_pct',
        {{ threshold('tier_margin_alert_pct') }},
        null,
        'Tier ' || tier || ' runs at ' || {{ fmt_pct('margin_pct') }} || ' margin over '
        || {{ fmt_count('customers') }} || ' customers'
    from tiers
    where customers >= 1
        and margin_pct < {{ threshold('tier_margin_alert_pct') }}

    union all

    select
        'low_margin_share',
        'warning',
        'dataset',
        '',
        'low_margin_pct',
        low_margin_pct,
        'low_margin_share_pct',
        {{ threshold('low_margin_share_pct') }},
        null,
        {{ fmt_count('low_margin_customers') }} || ' customers (' || {{ fmt_pct('low_margin_pct') }}
        || ' of customers) have a low margin'
    from figures
    where low_margin_pct > {{ threshold('low_margin_share_pct') }}

    union all

    select
        'ideal_customer_profile',
        'info',
        'dataset',
        '',
        'high_margin_customers',
        high_margin_customers,
        'recommend_min_flagged',
        {{ threshold('recommend_min_flagged') }},
        null,
        {{ fmt_count('high_margin_customers') }} || ' customers (' || {{ fmt_pct('high_margin_pct') }}
        || ') are high-margin; the most common profile is ' || high_margin_top_tier || ' × '
        || high_margin_top_archetype
    from figures
    where high_margin_customers >= {{ threshold('recommend_min_flagged') }}

    union all

    select
        'margin_below_target',
        'warning',
        'dataset',
        '',
        'margin_pct',
        margin_pct,
        'target_margin_pct',
        target_margin_pct,
        null,
        'Overall margin is ' || {{ fmt_pct('margin_pct') }} || ', below the ' || {{ fmt_pct('target_margin_pct') }}
        || ' target'
    from figures
    where margin_pct < target_margin_pct

),

final as (

    select
        'profitability' as analysis,
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
