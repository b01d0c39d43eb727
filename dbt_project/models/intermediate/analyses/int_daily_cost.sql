-- Platform cost per UTC date over the date spine of §1.4 (empty dates give zero calls and cost),
-- with the complete-day flag and the fit set shared by the understanding forecast and the
-- optimization reserved baseline: the complete days when there are at least
-- `understanding_forecast_min_complete_days` (3), otherwise every spine date.
{{ config(materialized='table') }}

with

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

calls as (

    select * from {{ ref('fct_calls') }}

),

date_spine as (

    select cast({{ series_rows(
        'cast(start_date as ' ~ dbt.type_timestamp() ~ ')',
        'cast(end_date as ' ~ dbt.type_timestamp() ~ ')',
        "interval '1 day'",
    ) }} as date) as cost_date
    from analysis_window

),

daily_calls as (

    select
        call_date,
        count(*) as calls,
        sum(case when is_success then 1 else 0 end) as successful_calls,
        sum(cost_usd) as cost_usd,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(total_tokens) as total_tokens
    from calls
    group by call_date

),

spine_days as (

    select
        date_spine.cost_date,
        coalesce(daily_calls.calls, 0) as calls,
        coalesce(daily_calls.successful_calls, 0) as successful_calls,
        coalesce(daily_calls.calls, 0) - coalesce(daily_calls.successful_calls, 0) as failed_calls,
        coalesce(daily_calls.cost_usd, 0) as cost_usd,
        coalesce(daily_calls.input_tokens, 0) as input_tokens,
        coalesce(daily_calls.output_tokens, 0) as output_tokens,
        coalesce(daily_calls.total_tokens, 0) as total_tokens,
        -- §1.4: the day's first and last hour buckets lie inside the window.
        analysis_window.window_start_utc
        < cast(date_spine.cost_date as {{ dbt.type_timestamp() }}) + interval '1 hour'
        and analysis_window.window_end_utc
        >= cast(date_spine.cost_date as {{ dbt.type_timestamp() }}) + interval '23 hours'
            as is_complete_day,
        {{ dbt.datediff('analysis_window.start_date', 'date_spine.cost_date', 'day') }} as day_number
    from date_spine
    cross join analysis_window
    left join daily_calls
        on date_spine.cost_date = daily_calls.call_date

),

fit_choice as (

    select
        sum(case when is_complete_day then 1 else 0 end) >= {{ threshold('understanding_forecast_min_complete_days') }}
            as fit_on_complete_days
    from spine_days

),

final as (

    select
        spine_days.*,
        coalesce(spine_days.is_complete_day or not fit_choice.fit_on_complete_days, false)
            as is_fit_day
    from spine_days
    cross join fit_choice

)

select * from final
