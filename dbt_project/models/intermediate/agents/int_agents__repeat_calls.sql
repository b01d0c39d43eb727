-- §7.3 repeat calls: a successful call whose (organization, provider, model, prompt_hash) had an
-- earlier successful call at most `caching_ttl_hours` before it (order: timestamp, call_id);
-- a response cache would have saved its whole cost. One row per successful call with a
-- prompt_hash; the previous call is the latest earlier one, so it is within the TTL when any is.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__calls') }}
    where is_success and prompt_hash is not null

),

sequenced as (

    select
        call_id,
        organization_id,
        provider,
        model,
        prompt_hash,
        "timestamp",
        cost_usd,
        lag("timestamp") over (
            partition by organization_id, provider, model, prompt_hash
            order by "timestamp", call_id
        ) as previous_timestamp
    from calls

),

final as (

    select
        call_id,
        organization_id,
        provider,
        model,
        prompt_hash,
        "timestamp",
        cost_usd,
        coalesce(
            {{ seconds_between('previous_timestamp', '"timestamp"') }}
            <= {{ threshold('caching_ttl_hours') }} * 3600,
            false
        ) as is_repeat
    from sequenced

)

select * from final
