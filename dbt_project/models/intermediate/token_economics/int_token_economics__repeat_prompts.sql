-- Repeated-prompt groups of §7.3, the context of the low_cache_use recommendation (§6.10).
-- A repeat call is a successful call whose (organization, provider, model, prompt_hash) had an
-- earlier successful call at most `caching_ttl_hours` before it (order: timestamp, call_id).
-- Grain: one row per (organization_id, provider, model, prompt_hash) with ≥ 1 repeat call.
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}
    where is_success and prompt_hash is not null

),

-- Most prompts are sent once: only groups with two or more successful calls can hold a repeat,
-- so the ordered window below runs on those rows alone (it halves the model on 320k calls).
multi_call_groups as (

    select organization_id, provider, model, prompt_hash
    from calls
    group by organization_id, provider, model, prompt_hash
    having count(*) > 1

),

sequenced as (

    select
        calls.organization_id,
        calls.provider,
        calls.model,
        calls.prompt_hash,
        calls.is_cache_capable,
        calls.cost_usd,
        calls."timestamp",
        lag(calls."timestamp") over (
            partition by calls.organization_id, calls.provider, calls.model, calls.prompt_hash
            order by calls."timestamp", calls.call_id
        ) as previous_timestamp
    from calls
    inner join multi_call_groups
        on
            calls.organization_id = multi_call_groups.organization_id
            and calls.provider = multi_call_groups.provider
            and calls.model = multi_call_groups.model
            and calls.prompt_hash = multi_call_groups.prompt_hash

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
