-- §6.11: regions sum to the summary's calls; (region, provider) cells sum to their region's calls
-- and cost; regional profitability's cost sums to the regions' cost and its revenue to the
-- customers' prorated revenue (relative tolerance 1e-9).
{{ config(tags=['geographic_latency']) }}

with

summary as (

    select * from {{ ref('rpt_geographic_latency__summary') }}

),

regions as (

    select
        coalesce(sum(calls), 0) as calls,
        coalesce(sum(cost_usd), 0) as cost_usd
    from {{ ref('rpt_geographic_latency__by_region') }}

),

parts as (

    select 'provider_by_region' as part, coalesce(sum(calls), 0) as calls, coalesce(sum(cost_usd), 0) as cost_usd
    from {{ ref('rpt_geographic_latency__provider_by_region') }}
    union all
    select 'regional_profitability', null, coalesce(sum(cost_usd), 0)
    from {{ ref('rpt_geographic_latency__regional_profitability') }}

),

revenue as (

    select
        (select coalesce(sum(revenue_usd), 0) from {{ ref('rpt_geographic_latency__regional_profitability') }})
            as regional_revenue_usd,
        (select coalesce(sum(prorated_revenue_usd), 0) from {{ ref('int_customer_window') }}) as customer_revenue_usd

),

failures as (

    select 'summary' as part
    from summary
    cross join regions
    where summary.calls <> regions.calls

    union all

    select parts.part
    from parts
    cross join regions
    where (parts.calls is not null and parts.calls <> regions.calls)
        or abs(parts.cost_usd - regions.cost_usd) > 1e-9 * greatest(abs(regions.cost_usd), 1e-12)

    union all

    select 'revenue'
    from revenue
    where abs(regional_revenue_usd - customer_revenue_usd) > 1e-9 * greatest(abs(customer_revenue_usd), 1e-12)

)

select * from failures
