-- One row per accepted call (§2.1 record + §2.3 derived fields): the spine every analysis
-- reads. Each call is priced with the price row valid at its timestamp (§4.1: half-open
-- [valid_from, valid_to) in UTC), with the per-call derived fields of §2.3 and the cache savings
-- of §4.3; the final column list is the contract. Built once: dimensions read this table.
with

calls as (

    select * from {{ ref('stg_calls') }}
    where {{ environment_filter() }}

),

price_book as (

    select * from {{ ref('price_book') }}

),

calls_in_utc as (

    select
        *,
        {{ utc_timestamp('"timestamp"') }} as called_at_utc,
        input_tokens - cache_read_tokens - cache_creation_tokens as uncached_input_tokens
    from calls

),

priced as (

    select
        calls_in_utc.*,
        price_book.price_version_id,
        coalesce(price_book.capability_class, 'unknown') as capability_class,
        (
            calls_in_utc.uncached_input_tokens * price_book.input_usd_per_mtok
            + calls_in_utc.cache_read_tokens * price_book.cached_input_usd_per_mtok
            + calls_in_utc.cache_creation_tokens * price_book.cache_write_usd_per_mtok
            + calls_in_utc.output_tokens * price_book.output_usd_per_mtok
        ) / 1000000.0 as list_cost_usd,
        (
            calls_in_utc.cache_read_tokens
            * (price_book.input_usd_per_mtok - price_book.cached_input_usd_per_mtok)
            - calls_in_utc.cache_creation_tokens
            * (price_book.cache_write_usd_per_mtok - price_book.input_usd_per_mtok)
        ) / 1000000.0 as cache_savings_usd
    from calls_in_utc
    left join price_book
        on
            calls_in_utc.provider = price_book.provider
            and calls_in_utc.model = price_book.model
            and calls_in_utc.called_at_utc >= cast(price_book.valid_from as {{ dbt.type_timestamp() }})
            and (
                price_book.valid_to is null
                or calls_in_utc.called_at_utc < cast(price_book.valid_to as {{ dbt.type_timestamp() }})
            )

),

derived as (

    select
        *,
        case when price_version_id is null then 'unpriced' else 'priced' end as price_status,
        status = 'success' as is_success,
        cast({{ dbt.date_trunc('day', 'called_at_utc') }} as date) as call_date,
        {{ dbt.date_trunc('hour', 'called_at_utc') }} as call_hour,
        {{ dbt.date_trunc('minute', 'called_at_utc') }} as call_minute,
        cast({{ dbt.date_trunc('week', 'called_at_utc') }} as date) as iso_week,
        case
            when status = 'success' and latency_ms > 0
                then output_tokens / (latency_ms / 1000.0)
        end as tokens_per_second,
        case
            when ttft_ms is not null and latency_ms > ttft_ms
                then output_tokens / ((latency_ms - ttft_ms) / 1000.0)
        end as generation_tokens_per_second,
        coalesce(requested_model is not null and requested_model <> model, false) as is_fallback,
        {{ dbt.concat(["provider", "'/'", "model"]) }} as model_key
    from priced

),

final as (

    select
        call_id,
        source_call_id,
        "timestamp",
        organization_id,
        product_id,
        feature_id,
        customer_id,
        customer_archetype,
        subscription_tier,
        tier_price_usd,
        provider,
        model,
        requested_model,
        region,
        environment,
        input_tokens,
        output_tokens,
        total_tokens,
        cache_read_tokens,
        cache_creation_tokens,
        latency_ms,
        ttft_ms,
        cost_usd,
        cost_source,
        usage_source,
        status,
        error_type,
        http_status,
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
        metadata,
        source,
        batch_id,
        batch_row_number,
        loaded_at,
        uncached_input_tokens,
        list_cost_usd,
        price_status,
        price_version_id,
        is_success,
        call_date,
        call_hour,
        call_minute,
        iso_week,
        tokens_per_second,
        generation_tokens_per_second,
        capability_class,
        is_fallback,
        cache_savings_usd,
        model_key
    from derived

)

select * from final
