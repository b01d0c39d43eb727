-- Repeated-prompt groups of §7.3, the context of the low_cache_use recommendation (§6.10).
-- A repeat call is a successful call whose (organization, provider, model, prompt_hash) had an
-- earlier successful call at most `caching_ttl_hours` before it (order: timestamp, call_id).
-- Grain: one row per (organization_id, provider, model, prompt_hash) with ≥ 1 repeat call.
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}
    where is_success and prompt_hash is not null

),

sequenced as (

    select
        organization_id,
        provider,
        model,
        prompt_hash,
        is_cache_capable,
        cost_usd,
        "timestamp",
        lag("timestamp") over (
            partition by organization_id, provider, model, prompt_hash
            order by "timestamp", call_id
        ) as previous_timestamp
    from calls

),

flagged as (

    select
        *,
        coalesce(
            {{ seconds_between('previous_timestamp', '"timestamp"') }}
            <= {{ threshold('caching_ttl_hours') }} * 3600,
            false
        ) as is_repeat
    from sequenced

),

final as (

    select
        organization_id,
        provider,
        model,
        prompt_hash,
        bool_or(is_cache_capable) as is_cache_capable,
        count(*) as successful_calls,
        sum(case when is_repeat then 1 else 0 end) as repeat_calls,
        sum(case when is_repeat then cost_usd else 0 end) as repeat_cost_usd
    from flagged
    group by organization_id, provider, model, prompt_hash
    having sum(case when is_repeat then 1 else 0 end) > 0

)

select * from final
