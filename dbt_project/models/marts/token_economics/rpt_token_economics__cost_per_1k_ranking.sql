-- §6.10 cost_per_1k_ranking: every (provider, model) seen in calls by its actual cost per 1K
-- tokens (ascending, NULLs last, ties by key), beside its blended list price (§4.4).
with

groups as (

    select * from {{ ref('int_token_economics__group_metrics') }}
    where group_type = 'model'

),

catalogue as (

    select * from {{ ref('int_model_targets') }}

),

final as (

    select
        groups.provider,
        groups.model,
        groups.calls,
        groups.total_tokens,
        groups.cost_usd,
        groups.cost_per_1k,
        catalogue.blended_usd_per_mtok,
        row_number() over (
            order by groups.cost_per_1k asc nulls last, groups.provider, groups.model
        ) as cost_rank
    from groups
    left join catalogue
        on groups.provider = catalogue.provider and groups.model = catalogue.model

)

select * from final
