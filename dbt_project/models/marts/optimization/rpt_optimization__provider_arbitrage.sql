-- §6.4 provider_arbitrage per (capability_class, provider): calls, cost, cost per 1K tokens,
-- share of the class's spend, and rank by per-1K asc among the class's providers with ≥
-- min_calls_for_ranking calls in the class (NULL for the others).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_provider as (

    select
        capability_class,
        provider,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        sum(total_tokens) as total_tokens
    from calls
    group by capability_class, provider

),

scored as (

    select
        capability_class,
        provider,
        calls,
        cost_usd,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k_tokens,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over (partition by capability_class)') }} as class_spend_share_pct,
        calls >= {{ threshold('min_calls_for_ranking') }} as is_ranked
    from per_provider

),

final as (

    select
        capability_class,
        provider,
        calls,
        cost_usd,
        cost_per_1k_tokens,
        class_spend_share_pct,
        case when is_ranked and cost_per_1k_tokens is not null then row_number() over (
            partition by capability_class, is_ranked and cost_per_1k_tokens is not null
            order by cost_per_1k_tokens, provider
        ) end as rank_in_class
    from scored

)

select * from final
