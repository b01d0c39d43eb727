-- §6.10 summary: one row over every call (failed calls included: their tokens were sent).
-- Ratios are ratios of sums (§1.2); an empty input gives zero counts and NULL ratios (§1.4).
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}

),

totals as (

    select
        count(*) as calls,
        coalesce(sum(input_tokens), 0) as input_tokens,
        coalesce(sum(output_tokens), 0) as output_tokens,
        coalesce(sum(total_tokens), 0) as total_tokens,
        coalesce(sum(cache_read_tokens), 0) as cache_read_tokens,
        coalesce(sum(cache_creation_tokens), 0) as cache_creation_tokens,
        coalesce(sum(uncached_input_tokens), 0) as uncached_input_tokens,
        coalesce(sum(cost_usd), 0) as cost_usd,
        coalesce(sum(cache_savings_usd), 0) as cache_savings_usd
    from calls

),

final as (

    select
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        cast(input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
        cast(output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
        cast(total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        cast(cache_read_tokens as {{ dbt.type_bigint() }}) as cache_read_tokens,
        cast(cache_creation_tokens as {{ dbt.type_bigint() }}) as cache_creation_tokens,
        cast(uncached_input_tokens as {{ dbt.type_bigint() }}) as uncached_input_tokens,
        {{ safe_ratio('input_tokens', 'output_tokens') }} as io_ratio,
        cast(cost_usd as {{ type_double() }}) as cost_usd,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k,
        {{ safe_ratio('input_tokens', 'calls') }} as avg_input_tokens,
        {{ safe_ratio('output_tokens', 'calls') }} as avg_output_tokens,
        {{ safe_ratio('cache_read_tokens', 'input_tokens') }} as cache_hit_rate,
        cast(cache_savings_usd as {{ type_double() }}) as cache_savings_usd
    from totals

)

select * from final
