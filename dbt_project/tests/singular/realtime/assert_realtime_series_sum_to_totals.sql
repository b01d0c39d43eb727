-- §6.3 the hourly series covers every call and all cost, the pattern calls are successful calls
-- counted once, and the summary's at-risk figures equal the portfolio's (tolerance 1e-9, §1.9).
{{ config(tags=['realtime']) }}

with

calls as (

    select count(*) as calls, coalesce(sum(cost_usd), 0) as cost_usd,
        count(*) filter (where is_success) as successful_calls
    from {{ ref('fct_calls') }}

),

hourly as (

    select coalesce(sum(calls), 0) as calls, coalesce(sum(cost_usd), 0) as cost_usd
    from {{ ref('rpt_realtime__hourly') }}

),

patterns as (

    select coalesce(sum(calls), 0) as calls from {{ ref('rpt_realtime__inefficient_patterns') }}

),

checks as (

    select 'hourly calls' as check_name
    from calls cross join hourly
    where calls.calls <> hourly.calls
    union all
    select 'hourly cost'
    from calls cross join hourly
    where abs(calls.cost_usd - hourly.cost_usd) > 1e-9 * greatest(abs(calls.cost_usd), 1e-12)
    union all
    select 'pattern calls'
    from calls cross join patterns
    where patterns.calls > calls.successful_calls
    union all
    select 'summary vs portfolio'
    from {{ ref('rpt_realtime__summary') }} as summary
    cross join {{ ref('rpt_realtime__portfolio_risk') }} as portfolio
    where summary.customers_at_risk <> portfolio.at_risk or summary.critical <> portfolio.critical

)

select * from checks
