-- The figures the §6.13 triggers read, in one row: the summary counts, the busiest flagged minute,
-- the largest spike multiple, the worst rate-limit customer-hour and the critical security flags.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_abuse_detection__summary') }}

),

extremes as (

    select
        (select max(busiest_minute_calls) from {{ ref('rpt_abuse_detection__concurrency') }} where is_flagged)
            as max_calls_per_minute,
        (select max(multiple) from {{ ref('rpt_abuse_detection__usage_spikes') }}) as max_spike_multiple

),

worst_rate_limit as (

    select
        customer_id,
        hour,
        rate_limit_errors,
        row_number() over (order by rate_limit_errors desc, customer_id, hour) as worst_rank
    from {{ ref('rpt_abuse_detection__rate_limit_abuse') }}

),

critical_flags as (

    select
        count(*) as critical_flags,
        {{ dbt.listagg('flag', "', '", 'order by flag') }} as critical_flag_list
    from {{ ref('rpt_abuse_detection__security_flags') }}
    where severity = 'critical'

),

final as (

    select
        summary.calls,
        summary.anomalous_calls,
        summary.anomaly_rate_pct,
        summary.estimated_waste_usd,
        summary.gaming_customers,
        summary.gaming_cost_usd,
        summary.concurrency_customers,
        extremes.max_calls_per_minute,
        summary.usage_spikes,
        extremes.max_spike_multiple,
        summary.rate_limit_customers,
        worst_rate_limit.customer_id as worst_rate_limit_customer_id,
        worst_rate_limit.hour as worst_rate_limit_hour,
        worst_rate_limit.rate_limit_errors as worst_rate_limit_errors,
        critical_flags.critical_flags,
        critical_flags.critical_flag_list
    from summary
    cross join extremes
    cross join critical_flags
    left join worst_rate_limit on worst_rate_limit.worst_rank = 1

)

select * from final
