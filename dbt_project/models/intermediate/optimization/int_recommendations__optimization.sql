-- §6.4 recommendations (§1.11 columns without rank): a row exists only when its trigger holds on
-- non-empty data; NULL figures never satisfy a trigger (§1.7). impact_usd is the monthly saving
-- the message quotes.
with

figures as (

    select * from {{ ref('int_optimization__trigger_figures') }}

),

volume as (

    select * from {{ ref('rpt_optimization__volume_discounts') }}

),

arbitrage as (

    select * from {{ ref('rpt_optimization__provider_arbitrage') }}

),

cheapest_in_class as (

    select capability_class, provider, cost_per_1k_tokens
    from arbitrage
    where rank_in_class = 1

),

arbitrage_pairs as (

    select
        arbitrage.capability_class,
        arbitrage.provider,
        arbitrage.cost_per_1k_tokens,
        arbitrage.class_spend_share_pct,
        cheapest_in_class.provider as cheapest_provider,
        cheapest_in_class.cost_per_1k_tokens as cheapest_cost_per_1k_tokens,
        arbitrage.cost_per_1k_tokens / nullif(cheapest_in_class.cost_per_1k_tokens, 0) as per_1k_ratio
    from arbitrage
    inner join cheapest_in_class
        on
            arbitrage.capability_class = cheapest_in_class.capability_class
            and arbitrage.provider <> cheapest_in_class.provider
    where arbitrage.class_spend_share_pct >= {{ threshold('arbitrage_min_share_pct') }}

),

candidates as (

    select
        'reserved_capacity' as rec_code,
        'info' as severity,
        'model' as entity_type,
        top_reserved_model as entity_id,
        'reserved_candidates' as metric_name,
        reserved_candidates as metric_value,
        'reserved_min_commit_monthly_usd' as threshold_name,
        {{ threshold('reserved_min_commit_monthly_usd') }} as threshold_value,
        reserved_monthly_savings_usd as impact_usd,
        'Commit ' || {{ fmt_usd('top_reserved_committed_monthly_usd') }} || ' a month of ' || top_reserved_model
        || ' capacity to save ' || {{ fmt_usd('top_reserved_monthly_savings_usd') }} || ' a month; '
        || {{ fmt_count('reserved_candidates') }} || ' candidate(s) save '
        || {{ fmt_usd('reserved_monthly_savings_usd') }} || ' a month in total' as message
    from figures
    where reserved_candidates >= 1

    union all

    select
        'model_switch',
        'warning',
        'model',
        top_switch_model,
        'switching_monthly_savings_usd',
        switching_monthly_savings_usd,
        'switching_min_monthly_savings_usd',
        {{ threshold('switching_min_monthly_savings_usd') }},
        switching_monthly_savings_usd,
        'Switch ' || top_switch_model || ' to ' || top_switch_target_model || ' to save '
        || {{ fmt_usd('top_switch_monthly_savings_usd') }} || ' a month (' || {{ fmt_pct('top_switch_savings_pct') }}
        || '); like-for-like switches save ' || {{ fmt_usd('switching_monthly_savings_usd') }} || ' a month in total'
    from figures
    where switching_monthly_savings_usd > {{ threshold('switching_min_monthly_savings_usd') }}

    union all

    select
        'volume_discount',
        'info',
        'dataset',
        '',
        'discounted_providers',
        discounted_providers,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ type_double() }}),
        volume_monthly_savings_usd,
        'Negotiate volume discounts with ' || discounted_provider_names || ': '
        || {{ fmt_usd('volume_monthly_savings_usd') }} || ' a month'
    from figures
    where discounted_providers >= 1

    union all

    select
        'volume_next_tier',
        'info',
        'provider',
        provider,
        'pct_of_next_threshold',
        100.0 * monthly_spend_usd / next_threshold_usd,
        'volume_next_tier_pct',
        {{ threshold('volume_next_tier_pct') }},
        null,
        provider || ' spend of ' || {{ fmt_usd('monthly_spend_usd') }} || ' a month is '
        || {{ fmt_usd('gap_to_next_usd') }} || ' short of the next volume tier at '
        || {{ fmt_usd('next_threshold_usd') }}
    from volume
    where monthly_spend_usd >= {{ threshold('volume_next_tier_pct') }} / 100.0 * next_threshold_usd

    union all

    select
        'provider_arbitrage',
        'info',
        'class_provider',
        capability_class || '/' || provider,
        'per_1k_ratio',
        per_1k_ratio,
        'arbitrage_ratio',
        {{ threshold('arbitrage_ratio') }},
        null,
        'In the ' || capability_class || ' class, ' || provider || ' costs ' || {{ fmt_usd('cost_per_1k_tokens') }}
        || ' per 1K tokens, ' || {{ fmt_multiple('per_1k_ratio') }} || ' the ' || {{ fmt_usd('cheapest_cost_per_1k_tokens') }}
        || ' of ' || cheapest_provider
    from arbitrage_pairs
    where per_1k_ratio >= {{ threshold('arbitrage_ratio') }}

    union all

    select
        'total_potential',
        'info',
        'dataset',
        '',
        'total_potential_monthly_usd',
        total_potential_monthly_usd,
        'recommend_min_potential_usd',
        {{ threshold('recommend_min_potential_usd') }},
        total_potential_monthly_usd,
        'Up to ' || {{ fmt_usd('total_potential_monthly_usd') }} || ' a month (' || {{ fmt_pct('potential_pct_of_spend') }}
        || ' of spend) from reserved capacity, switching and volume discounts (an upper bound: the estimates overlap)'
    from figures
    where total_potential_monthly_usd > {{ threshold('recommend_min_potential_usd') }}

),

final as (

    {{ recommendation_rows('optimization', 'candidates') }}

)

select * from final
