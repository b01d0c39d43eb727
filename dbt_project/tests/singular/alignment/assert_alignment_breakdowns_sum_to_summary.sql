-- Every §6.5 breakdown reconciles with the summary: cost and calls by organization, product,
-- feature and chargeback cell sum to the totals, and the chargeable totals sum to total cost when
-- a known organization carries cost (relative tolerance 1e-9, §1.9).
{{ config(tags=['alignment']) }}

with

summary as (

    select calls, cost_usd from {{ ref('rpt_alignment__summary') }}

),

breakdowns as (

    select 'by_organization' as breakdown, sum(calls) as calls, sum(cost_usd) as cost_usd
    from {{ ref('rpt_alignment__by_organization') }}
    union all
    select 'by_product', sum(calls), sum(cost_usd) from {{ ref('rpt_alignment__by_product') }}
    union all
    select 'by_feature', sum(calls), sum(cost_usd) from {{ ref('rpt_alignment__by_feature') }}
    union all
    select 'chargeback', sum(calls), sum(cost_usd) from {{ ref('rpt_alignment__chargeback') }}
    union all
    select 'chargeback_totals', (select calls from summary), sum(chargeable_usd)
    from {{ ref('rpt_alignment__chargeback_totals') }}
    having sum(direct_cost_usd) > 0

)

select breakdowns.*
from breakdowns
cross join summary
where coalesce(breakdowns.calls, 0) <> summary.calls
    or abs(coalesce(breakdowns.cost_usd, 0) - summary.cost_usd)
    > 1e-9 * greatest(abs(summary.cost_usd), 1e-12)
