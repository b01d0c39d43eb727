-- §6.10 recommendations as rows (§1.11): one CTE per trigger; a row exists only when its
-- trigger holds on non-empty data (NULL ratios never satisfy a comparison, §1.7).
with

summary as (

    select * from {{ ref('rpt_token_economics__summary') }}

),

waste as (

    select * from {{ ref('rpt_token_economics__waste_summary') }}

),

downgrades as (

    select * from {{ ref('rpt_token_economics__downgrade_opportunities') }}

),

features as (

    select * from {{ ref('rpt_token_economics__by_feature') }}

),

calls as (

    select * from {{ ref('int_token_economics__calls') }}

),

repeat_groups as (

    select count(*) as repeat_groups
    from {{ ref('int_token_economics__repeat_prompts') }}
    where is_cache_capable

),

input_heavy as (

    select
        'input_heavy' as rec_code,
        'info' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'io_ratio' as metric_name,
        io_ratio as metric_value,
        'io_ratio_alert' as threshold_name,
        {{ threshold('io_ratio_alert') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        'Prompts are ' || {{ fmt_multiple('io_ratio') }} || ' the size of completions '
        || '(alert above ' || {{ fmt_multiple(threshold('io_ratio_alert')) }} || '): '
        || 'trim system prompts and retrieved context.' as message
    from summary
    where io_ratio > {{ threshold('io_ratio_alert') }}

),

waste_issues as (

    select
        max(case when issue = 'total' then calls end) as flagged_calls,
        max(case when issue = 'total' then cost_usd end) as flagged_cost_usd,
        max(case when issue = 'total' then call_share_pct end) as flagged_share_pct,
        max(case when issue = 'excessive_input' then calls end) as excessive_input_calls,
        max(case when issue = 'expensive_simple_task' then calls end) as expensive_simple_calls,
        max(case when issue = 'low_output_high_cost' then calls end) as low_output_calls
    from waste

),

wasteful_calls as (

    select
        'wasteful_calls' as rec_code,
        'warning' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'flagged_call_share_pct' as metric_name,
        flagged_share_pct as metric_value,
        'wasteful_share_pct' as threshold_name,
        {{ threshold('wasteful_share_pct') }} as threshold_value,
        flagged_cost_usd as impact_usd,
        {{ fmt_pct('flagged_share_pct') }} || ' of calls (' || {{ fmt_count('flagged_calls') }}
        || ') look wasteful and cost ' || {{ fmt_usd('flagged_cost_usd') }} || ': '
        || {{ fmt_count('excessive_input_calls') }} || ' with excessive input, '
        || {{ fmt_count('expensive_simple_calls') }} || ' expensive simple tasks, '
        || {{ fmt_count('low_output_calls') }} || ' large calls with little output.' as message
    from waste_issues
    where flagged_share_pct > {{ threshold('wasteful_share_pct') }}

),

downgrade_totals as (

    select
        count(*) as groups,
        sum(savings_usd) as savings_usd,
        sum(monthly_savings_usd) as monthly_savings_usd
    from downgrades

),

top_downgrade as (

    select *
    from downgrades
    order by savings_usd desc, customer_id, feature_id, provider, model
    limit 1

),

downgrade_opportunities as (

    select
        'downgrade_opportunities' as rec_code,
        'warning' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'savings_usd' as metric_name,
        downgrade_totals.savings_usd as metric_value,
        'min_savings_usd' as threshold_name,
        {{ threshold('min_savings_usd') }} as threshold_value,
        downgrade_totals.savings_usd as impact_usd,
        {{ fmt_count('downgrade_totals.groups') }} || ' small simple-task groups run on frontier models; '
        || 'their downshift targets would save ' || {{ fmt_usd('downgrade_totals.savings_usd') }}
        || ' in the window (' || {{ fmt_usd('downgrade_totals.monthly_savings_usd') }} || ' a month). '
        || 'Largest: ' || top_downgrade.customer_id || ' / ' || top_downgrade.feature_id || ' on '
        || top_downgrade.model || ' → ' || top_downgrade.target_model || ', '
        || {{ fmt_usd('top_downgrade.savings_usd') }} || '.' as message
    from downgrade_totals
    cross join top_downgrade
    where downgrade_totals.savings_usd >= {{ threshold('min_savings_usd') }}

),

simple_feature_expensive as (

    select
        'simple_feature_expensive' as rec_code,
        'info' as severity,
        'feature' as entity_type,
        features.feature_id as entity_id,
        'cost_per_1k' as metric_name,
        features.cost_per_1k as metric_value,
        'simple_feature_cost_per_1k_usd' as threshold_name,
        {{ threshold('simple_feature_cost_per_1k_usd') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        'Simple feature ' || features.feature_id || ' costs ' || {{ fmt_usd('features.cost_per_1k') }}
        || ' per 1K tokens (alert above ' || {{ fmt_usd(threshold('simple_feature_cost_per_1k_usd')) }}
        || '): route it to a cheaper model.' as message
    from features
    where
        features.feature_id in (select distinct feature_id from calls where is_simple_feature)
        and features.cost_per_1k > {{ threshold('simple_feature_cost_per_1k_usd') }}

),

cache_capable as (

    select
        {{ safe_pct('sum(cache_read_tokens)', 'sum(input_tokens)') }} as cache_hit_pct
    from calls
    where is_cache_capable

),

low_cache_use as (

    select
        'low_cache_use' as rec_code,
        'info' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'cache_hit_pct' as metric_name,
        cache_capable.cache_hit_pct as metric_value,
        'cache_hit_alert_pct' as threshold_name,
        {{ threshold('cache_hit_alert_pct') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        'Only ' || {{ fmt_pct('cache_capable.cache_hit_pct') }} || ' of prompt tokens on cache-capable '
        || 'models are cache reads while ' || {{ fmt_count('repeat_groups.repeat_groups') }}
        || ' repeated-prompt groups exist: enable prompt caching.' as message
    from cache_capable
    cross join repeat_groups
    where
        cache_capable.cache_hit_pct < {{ threshold('cache_hit_alert_pct') }}
        and repeat_groups.repeat_groups > 0

),

unioned as (

    select * from input_heavy
    union all
    select * from wasteful_calls
    union all
    select * from downgrade_opportunities
    union all
    select * from simple_feature_expensive
    union all
    select * from low_cache_use

),

final as (

    {{ recommendation_rows('token_economics', 'unioned') }}

)

select * from final
