-- §6.9 recommendation triggers over int_dataset_overview__trigger_figures. A row exists only
-- when its trigger holds; NULL figures (empty input) never trigger (§1.7, §1.11).
{{ config(tags=['dataset_overview']) }}

with

figures as (

    select * from {{ ref('int_dataset_overview__trigger_figures') }}

),

candidates as (

    select
        'provider_call_concentration' as rec_code, 'info' as severity, 'provider' as entity_type,
        top_provider as entity_id, 'call_pct' as metric_name, top_provider_pct as metric_value,
        'provider_call_share_pct' as threshold_name, {{ threshold('provider_call_share_pct') }} as threshold_value,
        {{ dbt.concat(["top_provider", "' serves '", fmt_pct('top_provider_pct'), "' of calls'"]) }} as message
    from figures
    where top_provider_pct > {{ threshold('provider_call_share_pct') }}
    union all
    select
        'feature_concentration', 'info', 'feature', top_feature, 'call_pct', top_feature_pct,
        'feature_call_share_pct', {{ threshold('feature_call_share_pct') }},
        {{ dbt.concat(["'Feature '", "top_feature", "' has '", fmt_pct('top_feature_pct'), "' of calls'"]) }}
    from figures
    where top_feature_pct > {{ threshold('feature_call_share_pct') }}
    union all
    select
        'starter_heavy_mix', 'info', 'subscription_tier', top_tier, 'call_pct', top_tier_pct,
        -- a rank rule with no seed number: the figure starter's share beat is the runner-up's
        'runner_up_tier_call_pct', runner_up_tier_pct,
        {{ dbt.concat(["'The starter tier has the most calls: '", fmt_pct('top_tier_pct'), "' of calls'"]) }}
    from figures
    where top_tier = 'starter'
    union all
    select
        'region_imbalance', 'info', 'dataset', '', 'region_call_pct_spread', region_spread_pp,
        'region_spread_pp', {{ threshold('region_spread_pp') }},
        {{ dbt.concat(["largest_region", "' has '", fmt_pct('largest_region_pct'), "' of calls and '",
            "smallest_region", "' '", fmt_pct('smallest_region_pct')]) }}
    from figures
    where region_spread_pp > {{ threshold('region_spread_pp') }}
    union all
    select
        'high_avg_cost', 'info', 'dataset', '', 'avg_cost_per_call', avg_cost_per_call,
        'avg_cost_per_call_alert_usd', {{ threshold('avg_cost_per_call_alert_usd') }},
        {{ dbt.concat(["'Average cost per call is '", fmt_usd('avg_cost_per_call')]) }}
    from figures
    where avg_cost_per_call > {{ threshold('avg_cost_per_call_alert_usd') }}
    union all
    select
        'high_p99_latency', 'warning', 'dataset', '', 'p99_latency_ms', p99_latency_ms,
        'p99_latency_alert_ms', {{ threshold('p99_latency_alert_ms') }},
        {{ dbt.concat(["'p99 latency of successful calls is '", fmt_ms('p99_latency_ms')]) }}
    from figures
    where p99_latency_ms > {{ threshold('p99_latency_alert_ms') }}
    union all
    select
        'quarantine_share', 'warning', 'dataset', '', 'quarantined_pct', quarantined_pct,
        'quarantine_alert_pct', {{ threshold('quarantine_alert_pct') }},
        {{ dbt.concat([fmt_count('rows_quarantined'), "' rows quarantined ('", fmt_pct('quarantined_pct'),
            "' of rows read); top reason '", "coalesce(top_quarantine_reason, '—')"]) }}
    from figures
    where quarantined_pct > {{ threshold('quarantine_alert_pct') }}
    union all
    select
        'attribute_drift', 'warning', 'dataset', '', 'attribute_drift_customers', drifting_customers,
        'dataset_overview_attribute_drift_min_customers',
        {{ threshold('dataset_overview_attribute_drift_min_customers') }},
        {{ dbt.concat([fmt_count('drifting_customers'),
            "' customers changed tier, organization, product or archetype between calls;'",
            "' customer figures use their latest attributes'"]) }}
    from figures
    where drifting_customers >= {{ threshold('dataset_overview_attribute_drift_min_customers') }}

),

final as (

    select
        'dataset_overview' as analysis,
        rec_code,
        severity,
        entity_type,
        entity_id,
        metric_name,
        cast(metric_value as {{ type_double() }}) as metric_value,
        threshold_name,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        message
    from candidates

)

select * from final
