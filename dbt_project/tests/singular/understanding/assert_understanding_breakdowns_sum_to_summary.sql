-- Every §6.1 breakdown reconciles with the summary: cost and calls by provider, model, customer,
-- feature, organization and date sum to the totals (relative tolerance 1e-9, §1.9).
{{ config(tags=['understanding']) }}

with

summary as (

    select calls, cost_usd from {{ ref('rpt_understanding__summary') }}

),

breakdowns as (

    select 'by_provider' as breakdown, sum(calls) as calls, sum(cost_usd) as cost_usd
    from {{ ref('rpt_understanding__by_provider') }}
    union all
    select 'by_model', sum(calls), sum(cost_usd) from {{ ref('rpt_understanding__by_model') }}
    union all
    select 'by_customer', sum(calls), sum(cost_usd) from {{ ref('rpt_understanding__by_customer') }}
    union all
    select 'by_feature', sum(calls), sum(cost_usd) from {{ ref('rpt_understanding__by_feature') }}
    union all
    select 'by_organization', sum(calls), sum(cost_usd) from {{ ref('rpt_understanding__by_organization') }}
    union all
    select 'daily_cost', sum(calls), sum(cost_usd) from {{ ref('rpt_understanding__daily_cost') }}

)

select breakdowns.*
from breakdowns
cross join summary
where coalesce(breakdowns.calls, 0) <> summary.calls
    or abs(coalesce(breakdowns.cost_usd, 0) - summary.cost_usd)
    > 1e-9 * greatest(abs(summary.cost_usd), 1e-12)
