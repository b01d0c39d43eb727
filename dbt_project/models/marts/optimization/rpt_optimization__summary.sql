-- §6.4 summary: window cost and monthly spend, the three monthly saving estimates (reserved
-- candidates, model switching, volume discounts), their sum — an upper bound, the estimates
-- overlap — and that sum as a share of monthly spend. One row, also on empty input.
with

calls as (

    select cost_usd from {{ ref('fct_calls') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

reserved as (

    select coalesce(sum(monthly_savings_usd), 0) as reserved_monthly_savings_usd
    from {{ ref('rpt_optimization__reserved_capacity') }}
    where is_candidate

),

switching as (

    select coalesce(sum(monthly_savings_usd), 0) as switching_monthly_savings_usd
    from {{ ref('rpt_optimization__model_switching') }}

),

volume as (

    select coalesce(sum(monthly_savings_usd), 0) as volume_monthly_savings_usd
    from {{ ref('rpt_optimization__volume_discounts') }}

),

totals as (

    select coalesce(sum(cost_usd), 0) as cost_usd from calls

),

final as (

    select
        totals.cost_usd,
        {{ monthly_projection('totals.cost_usd', 'analysis_window.window_days') }} as monthly_spend_usd,
        reserved.reserved_monthly_savings_usd,
        switching.switching_monthly_savings_usd,
        volume.volume_monthly_savings_usd,
        reserved.reserved_monthly_savings_usd + switching.switching_monthly_savings_usd
        + volume.volume_monthly_savings_usd as total_potential_monthly_usd,
        {{ safe_pct(
            'reserved.reserved_monthly_savings_usd + switching.switching_monthly_savings_usd + volume.volume_monthly_savings_usd',
            monthly_projection('totals.cost_usd', 'analysis_window.window_days'),
        ) }} as potential_pct_of_spend
    from totals
    cross join analysis_window
    cross join reserved
    cross join switching
    cross join volume

)

select * from final
