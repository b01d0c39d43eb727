-- §6.12: segment cells and the feature histogram each count every customer once and the cells'
-- calls sum to the summary; weekly calls sum to the summary calls; cost by segment equals cost by
-- week (relative tolerance 1e-9).
{{ config(tags=['churn_growth']) }}

with

summary as (

    select * from {{ ref('rpt_churn_growth__summary') }}

),

parts as (

    select
        (select coalesce(sum(customers), 0) from {{ ref('rpt_churn_growth__cohorts_by_segment') }}) as segment_customers,
        (select coalesce(sum(calls), 0) from {{ ref('rpt_churn_growth__cohorts_by_segment') }}) as segment_calls,
        (select coalesce(sum(cost_usd), 0) from {{ ref('rpt_churn_growth__cohorts_by_segment') }}) as segment_cost_usd,
        (select coalesce(sum(customers), 0) from {{ ref('rpt_churn_growth__feature_adoption') }}) as histogram_customers,
        (select coalesce(sum(calls), 0) from {{ ref('rpt_churn_growth__weekly_growth') }}) as weekly_calls,
        (select coalesce(sum(cost_usd), 0) from {{ ref('rpt_churn_growth__weekly_growth') }}) as weekly_cost_usd

)

select *
from parts
cross join summary
where parts.segment_customers <> summary.customers
    or parts.histogram_customers <> summary.customers
    or parts.segment_calls <> summary.calls
    or parts.weekly_calls <> summary.calls
    or abs(parts.segment_cost_usd - parts.weekly_cost_usd) > 1e-9 * greatest(abs(parts.weekly_cost_usd), 1e-12)
