-- One row per call_id: the row of the most recently loaded batch wins (§3.6); ties on
-- loaded_at fall to the greater batch_id, so the result never depends on load order.
-- superseded_rows counts the older versions this row replaced (dataset_overview, §6.9).
with

source as (

    select * from {{ source('raw', 'calls') }}

),

-- Most call ids are loaded once. Rank only the ids loaded several times: sorting every row (and
-- its metadata JSON) to find the latest version costs several times more than one grouped count
-- and a join back.
reloaded as (

    select
        call_id,
        count(*) as loaded_versions
    from source
    group by call_id
    having count(*) > 1

),

ranked_versions as (

    select
        source.batch_id,
        source.row_number,
        reloaded.loaded_versions,
        row_number() over (
            partition by source.call_id
            order by source.loaded_at desc, source.batch_id desc, source.row_number desc
        ) as version_rank
    from source
    inner join reloaded on source.call_id = reloaded.call_id

),

latest as (

    select
        source.*,
        coalesce(ranked_versions.loaded_versions, 1) as loaded_versions
    from source
    left join ranked_versions
        on
            source.batch_id = ranked_versions.batch_id
            and source.row_number = ranked_versions.row_number
    where ranked_versions.version_rank = 1 or ranked_versions.batch_id is null

),

final as (

    select
        call_id,
        source_call_id,
        cast("timestamp" as timestamp with time zone) as "timestamp",
        organization_id,
        product_id,
        feature_id,
        customer_id,
        customer_archetype,
        subscription_tier,
        cast(tier_price_usd as {{ type_double() }}) as tier_price_usd,
        provider,
        model,
        requested_model,
        region,
        environment,
        cast(input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
        cast(output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
        cast(total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        cast(cache_read_tokens as {{ dbt.type_bigint() }}) as cache_read_tokens,
        cast(cache_creation_tokens as {{ dbt.type_bigint() }}) as cache_creation_tokens,
        cast(latency_ms as {{ type_double() }}) as latency_ms,
        cast(ttft_ms as {{ type_double() }}) as ttft_ms,
        cast(cost_usd as {{ type_double() }}) as cost_usd,
        cost_source,
        usage_source,
        status,
        error_type,
        cast(http_status as smallint) as http_status,
        api_key_hash,
        client_id,
        task_type,
        session_id,
        trace_id,
        request_id,
        user_id,
        workflow_id,
        workflow_name,
        agent_name,
        parent_call_id,
        prompt_hash,
        scenario,
        cast(metadata as json) as metadata,
        source,
        batch_id,
        row_number as batch_row_number,
        loaded_at,
        loaded_versions - 1 as superseded_rows
    from latest

)

select * from final
