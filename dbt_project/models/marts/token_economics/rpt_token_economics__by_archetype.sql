-- §6.10 by_archetype: per-call averages and aggregate ratios per archetype (the call's own value, §1.2).
with

groups as (

    select * from {{ ref('int_token_economics__group_metrics') }}
    where group_type = 'archetype'

),

final as (

    select
        group_key as archetype,
        calls,
        avg_input_tokens,
        avg_output_tokens,
        io_ratio,
        cost_usd,
        cost_per_1k,
        cost_per_call,
        efficiency_score
    from groups

)

select * from final
