-- §6.4 reserved_capacity per (provider, model): window and monthly cost, the baseline daily cost
-- (reserved_baseline_quantile, continuous §1.6, of the model's daily cost over the fit set, zeros
-- included), the monthly commitment it supports (× days_per_month), its saving at
-- reserved_discount_pct, and whether the commitment reaches reserved_min_commit_monthly_usd.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

model_daily_cost as (

    select * from {{ ref('int_optimization__model_daily_cost') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

window_cost as (

    select provider, model, sum(cost_usd) as cost_usd
    from calls
    group by provider, model

),

ordered as (

    select
        provider,
        model,
        cost_usd,
        row_number() over (partition by provider, model order by cost_usd) as position,
        -- §1.6 rank r = 1 + (n − 1)·p; the seed's quantile is not a constant, so the
        -- interpolation is spelled out rather than passed to quantile_cont.
        1 + (count(*) over (partition by provider, model) - 1) * {{ threshold('reserved_baseline_quantile') }}
            as target_rank
    from model_daily_cost

),

baselines as (

    select
        provider,
        model,
        max(case when position = floor(target_rank) then cost_usd end)
        + (max(target_rank) - floor(max(target_rank)))
        * (
            max(case when position = ceil(target_rank) then cost_usd end)
            - max(case when position = floor(target_rank) then cost_usd end)
        ) as baseline_daily_usd
    from ordered
    group by provider, model

),

final as (

    select
        window_cost.provider,
        window_cost.model,
        window_cost.cost_usd,
        {{ monthly_projection('window_cost.cost_usd', 'analysis_window.window_days') }} as monthly_cost_usd,
        baselines.baseline_daily_usd,
        baselines.baseline_daily_usd * {{ threshold('days_per_month') }} as committed_monthly_usd,
        baselines.baseline_daily_usd * {{ threshold('days_per_month') }}
        * {{ threshold('reserved_discount_pct') }} / 100.0 as monthly_savings_usd,
        coalesce(
            baselines.baseline_daily_usd * {{ threshold('days_per_month') }}
            >= {{ threshold('reserved_min_commit_monthly_usd') }},
            false
        ) as is_candidate
    from window_cost
    cross join analysis_window
    left join baselines
        on
            window_cost.provider = baselines.provider
            and window_cost.model = baselines.model

)

select * from final
