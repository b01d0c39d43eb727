-- The analysis window of §1.4, one row even on empty input: window_start/end = min/max call
-- timestamp, window_days = max(seconds, 3600) ÷ 86,400 (NULL without calls), covered_days =
-- distinct UTC dates with a call, and the UTC bounds of the date and hour spines.
{{ config(materialized='table') }}

with

calls as (

    select
        "timestamp",
        call_date
    from {{ ref('fct_calls') }}

),

bounds as (

    select
        min("timestamp") as window_start,
        max("timestamp") as window_end,
        count(*) as calls,
        count(distinct call_date) as covered_days
    from calls

),

final as (

    select
        window_start,
        window_end,
        {{ utc_timestamp('window_start') }} as window_start_utc,
        {{ utc_timestamp('window_end') }} as window_end_utc,
        cast({{ dbt.date_trunc('day', utc_timestamp('window_start')) }} as date) as start_date,
        cast({{ dbt.date_trunc('day', utc_timestamp('window_end')) }} as date) as end_date,
        {{ dbt.date_trunc('hour', utc_timestamp('window_start')) }} as start_hour,
        {{ dbt.date_trunc('hour', utc_timestamp('window_end')) }} as end_hour,
        {{ seconds_between('window_start', 'window_end') }} as window_seconds,
        case
            when calls > 0
                then greatest({{ seconds_between('window_start', 'window_end') }}, 3600.0) / 86400.0
        end as window_days,
        covered_days,
        calls
    from bounds

)

select * from final
