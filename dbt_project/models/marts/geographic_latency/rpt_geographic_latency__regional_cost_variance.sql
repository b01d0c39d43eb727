-- §6.11 regional_cost_variance: per (provider, model) served in ≥ 2 regions with at least
-- `cost_variance_min_calls` calls each, cost per 1K (ratio of sums) in the cheapest and dearest of
-- those regions (ties by region name) and variance_pct = (max − min) ÷ min × 100.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

model_regions as (

    select
        provider,
        model,
        model_key,
        region,
        count(*) as calls,
        {{ cost_per_1k('sum(cost_usd)', 'sum(total_tokens)') }} as cost_per_1k
    from calls
    group by provider, model, model_key, region

),

eligible as (

    select
        *,
        count(*) over (partition by provider, model) as regions,
        row_number() over (partition by provider, model order by cost_per_1k, region) as cheap_rank,
        row_number() over (partition by provider, model order by cost_per_1k desc, region) as dear_rank
    from model_regions
    where calls >= {{ threshold('cost_variance_min_calls') }}
        and cost_per_1k is not null

),

final as (

    select
        cheapest.provider,
        cheapest.model,
        cheapest.model_key,
        cheapest.regions,
        cheapest.region as cheapest_region,
        cheapest.cost_per_1k as cheapest_cost_per_1k,
        dearest.region as dearest_region,
        dearest.cost_per_1k as dearest_cost_per_1k,
        {{ safe_pct('dearest.cost_per_1k - cheapest.cost_per_1k', 'cheapest.cost_per_1k') }} as variance_pct
    from eligible as cheapest
    inner join eligible as dearest
        on cheapest.provider = dearest.provider
        and cheapest.model = dearest.model
        and dearest.dear_rank = 1
    where cheapest.cheap_rank = 1
        and cheapest.regions >= 2

)

select * from final
