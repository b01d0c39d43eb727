-- Platform calls, errors and cost per UTC hour over the hour spine of §1.4: empty hours give zero
-- calls and cost and a NULL error rate. realtime's trailing anomaly baselines read it.
{{ config(materialized='table') }}

with

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

calls as (

    select * from {{ ref('fct_calls') }}

),

hour_spine as (

    select {{ series_rows('start_hour', 'end_hour', "interval '1 hour'") }} as cost_hour
    from analysis_window

),

hourly_calls as (

    select
        call_hour,
        count(*) as calls,
        sum(case when is_success then 0 else 1 end) as errors,
        sum(cost_usd) as cost_usd,
        sum(total_tokens) as total_tokens
    from calls
    group by call_hour

),

final as (

    select
        hour_spine.cost_hour,
        cast(hour_spine.cost_hour as date) as cost_date,
        coalesce(hourly_calls.calls, 0) as calls,
        coalesce(hourly_calls.errors, 0) as errors,
        coalesce(hourly_calls.cost_usd, 0) as cost_usd,
        coalesce(hourly_calls.total_tokens, 0) as total_tokens,
        {{ safe_ratio('hourly_calls.errors', 'hourly_calls.calls') }} as error_rate
    from hour_spine
    left join hourly_calls
        on hour_spine.cost_hour = hourly_calls.call_hour

)

select * from final
