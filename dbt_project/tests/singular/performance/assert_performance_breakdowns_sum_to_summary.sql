-- §6.2 breakdowns reconcile with the summary: measured calls by model, by provider and by latency
-- bucket sum to calls_measured, and so do the SLA-compliant calls implied by model compliance.
{{ config(tags=['performance']) }}

with

summary as (

    select calls_measured, sla_compliant_calls from {{ ref('rpt_performance__summary') }}

),

breakdowns as (

    select
        'by_model' as breakdown,
        sum(calls_measured) as calls_measured,
        sum(coalesce(sla_compliance_pct, 0) * calls_measured / 100.0) as sla_compliant_calls
    from {{ ref('rpt_performance__by_model') }}
    union all
    select
        'by_provider',
        sum(calls_measured),
        sum(coalesce(sla_compliance_pct, 0) * calls_measured / 100.0)
    from {{ ref('rpt_performance__by_provider') }}
    union all
    select 'latency_buckets', sum(calls), null from {{ ref('rpt_performance__latency_buckets') }}

)

select breakdowns.*
from breakdowns
cross join summary
where coalesce(breakdowns.calls_measured, 0) <> summary.calls_measured
    or abs(coalesce(breakdowns.sla_compliant_calls, summary.sla_compliant_calls) - summary.sla_compliant_calls) > 1e-6
