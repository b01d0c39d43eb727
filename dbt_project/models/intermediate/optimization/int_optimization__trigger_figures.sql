-- The analysis-wide figures the §6.4 recommendation triggers read, in one row: the reserved
-- candidates with the top one, the top switching pair, the discounted providers and the total
-- potential. Per-entity triggers (volume_next_tier, provider_arbitrage) read their marts.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_optimization__summary') }}

),

reserved as (

    select * from {{ ref('rpt_optimization__reserved_capacity') }}
    where is_candidate

),

switching as (

    select * from {{ ref('rpt_optimization__model_switching') }}

),

volume as (

    select * from {{ ref('rpt_optimization__volume_discounts') }}
    where discount_pct > 0

),

reserved_counts as (

    select count(*) as reserved_candidates from reserved

),

top_reserved as (

    select
        provider || '/' || model as top_reserved_model,
        committed_monthly_usd as top_reserved_committed_monthly_usd,
        monthly_savings_usd as top_reserved_monthly_savings_usd
    from (
        select *, row_number() over (order by monthly_savings_usd desc, provider, model) as saving_rank
        from reserved
    ) as ranked
    where saving_rank = 1

),

top_switch as (

    select
        provider || '/' || model as top_switch_model,
        target_model as top_switch_target_model,
        monthly_savings_usd as top_switch_monthly_savings_usd,
        savings_pct as top_switch_savings_pct
    from (
        select *, row_number() over (order by monthly_savings_usd desc, provider, model) as saving_rank
        from switching
    ) as ranked
    where saving_rank = 1

),

discounted as (

    select
        count(*) as discounted_providers,
        {{ dbt.listagg(dbt.concat(['provider', "' ('", format_number('discount_pct', 0), "'%)'"]), "', '",
            'order by monthly_savings_usd desc, provider') }} as discounted_provider_names
    from volume

),

final as (

    select
        summary.monthly_spend_usd,
        reserved_counts.reserved_candidates,
        top_reserved.top_reserved_model,
        top_reserved.top_reserved_committed_monthly_usd,
        top_reserved.top_reserved_monthly_savings_usd,
        summary.reserved_monthly_savings_usd,
        top_switch.top_switch_model,
        top_switch.top_switch_target_model,
        top_switch.top_switch_monthly_savings_usd,
        top_switch.top_switch_savings_pct,
        summary.switching_monthly_savings_usd,
        discounted.discounted_providers,
        discounted.discounted_provider_names,
        summary.volume_monthly_savings_usd,
        summary.total_potential_monthly_usd,
        summary.potential_pct_of_spend
    from summary
    cross join reserved_counts
    cross join discounted
    left join top_reserved on true
    left join top_switch on true

)

select * from final
