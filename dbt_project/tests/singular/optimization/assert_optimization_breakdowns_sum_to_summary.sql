-- §6.4 breakdowns reconcile with the summary: window cost by model (reserved_capacity) and by
-- class × provider (provider_arbitrage), and monthly spend by provider (volume_discounts), sum to
-- the summary's totals (relative tolerance 1e-9, §1.9).
{{ config(tags=['optimization']) }}

with

summary as (

    select cost_usd, monthly_spend_usd from {{ ref('rpt_optimization__summary') }}

),

breakdowns as (

    select 'reserved_capacity' as breakdown, sum(cost_usd) as amount, 'cost' as measure
    from {{ ref('rpt_optimization__reserved_capacity') }}
    union all
    select 'provider_arbitrage', sum(cost_usd), 'cost' from {{ ref('rpt_optimization__provider_arbitrage') }}
    union all
    select 'volume_discounts', sum(monthly_spend_usd), 'monthly' from {{ ref('rpt_optimization__volume_discounts') }}

)

select breakdowns.*
from breakdowns
cross join summary
where abs(
    coalesce(breakdowns.amount, 0)
    - coalesce(case breakdowns.measure when 'cost' then summary.cost_usd else summary.monthly_spend_usd end, 0)
) > 1e-9 * greatest(abs(coalesce(summary.cost_usd, 0)), abs(coalesce(summary.monthly_spend_usd, 0)), 1e-12)
