-- §6.1 efficiency: overall cost per 1K tokens; the cheapest and dearest model by cost per 1K among
-- models with ≥ min_calls_for_ranking calls (ties: provider, model asc); dearest ÷ cheapest.
with

models as (

    select * from {{ ref('rpt_understanding__by_model') }}

),

summary as (

    select * from {{ ref('rpt_understanding__summary') }}

),

ranked as (

    select
        provider,
        model,
        cost_per_1k_tokens,
        row_number() over (order by cost_per_1k_tokens, provider, model) as cheapest_rank,
        row_number() over (order by cost_per_1k_tokens desc, provider, model) as dearest_rank
    from models
    where calls >= {{ threshold('min_calls_for_ranking') }}
        and cost_per_1k_tokens is not null

),

final as (

    select
        summary.cost_per_1k_tokens,
        (select count(*) from ranked) as ranked_models,
        cheapest.provider as cheapest_provider,
        cheapest.model as cheapest_model,
        cheapest.cost_per_1k_tokens as cheapest_cost_per_1k_tokens,
        dearest.provider as dearest_provider,
        dearest.model as dearest_model,
        dearest.cost_per_1k_tokens as dearest_cost_per_1k_tokens,
        dearest.cost_per_1k_tokens / nullif(cheapest.cost_per_1k_tokens, 0) as spread_ratio
    from summary
    left join ranked as cheapest on cheapest.cheapest_rank = 1
    left join ranked as dearest on dearest.dearest_rank = 1

)

select * from final
