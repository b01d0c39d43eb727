-- §6.1 by_model: cost, calls and tokens per (provider, model) with its capability class,
-- cost per 1K tokens (ratio of sums), cost share and rank by cost desc.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_model as (

    select
        provider,
        model,
        max(capability_class) as capability_class,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens
    from calls
    group by provider, model

),

final as (

    select
        provider,
        model,
        capability_class,
        calls,
        cost_usd,
        input_tokens,
        output_tokens,
        total_tokens,
        {{ safe_ratio('cost_usd', 'calls') }} as avg_cost_per_call,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k_tokens,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct,
        row_number() over (order by cost_usd desc, provider, model) as rank
    from per_model

)

select * from final
