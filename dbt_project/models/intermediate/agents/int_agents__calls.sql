-- The call columns the §7 marts read, once: identity, dimensions, chain fields, tokens, cost,
-- the measured latency (successful calls with a latency, §1.2) and the end of the call
-- (timestamp + latency), which bounds implicit workflows and derived sessions (§2.4, §2.5).
-- A view, not a table: it is a projection of fct_calls plus one expression, which DuckDB reads
-- straight from fct_calls' columns; a copy would only write the calls to disk once more.

with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        call_id,
        "timestamp",
        {{ add_milliseconds('"timestamp"', 'coalesce(latency_ms, 0)') }} as ended_at,
        call_date,
        organization_id,
        product_id,
        feature_id,
        customer_id,
        user_id,
        session_id,
        workflow_id,
        workflow_name,
        agent_name,
        parent_call_id,
        prompt_hash,
        provider,
        model,
        capability_class,
        input_tokens,
        output_tokens,
        total_tokens,
        cost_usd,
        is_success,
        {{ measured_value('latency_ms') }} as measured_latency_ms
    from calls

)

select * from final
