-- §6.10 by_model: token figures per (provider, model), ranked by tokens (desc), ties by key.
with

groups as (

    select * from {{ ref('int_token_economics__group_metrics') }}
    where group_type = 'model'

),

final as (

    select
        provider,
        model,
        calls,
        total_tokens,
        input_tokens,
        output_tokens,
        io_ratio,
        tokens_per_call,
        cost_usd,
        cost_per_1k,
        efficiency_score,
        cache_hit_rate,
        cache_savings_usd,
        row_number() over (order by total_tokens desc, provider, model) as tokens_rank
    from groups

)

select * from final
