-- One row per accepted call (§2.1 record + §2.3 derived fields): the spine every analysis
-- reads. The column list is the contract; int_calls_priced does the work.
with

calls as (

    select * from {{ ref('int_calls_priced') }}

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
    from calls

)

select * from final
