-- §6.4 model_switching per (provider, model) with a like-for-like target (§4.4): its successful
-- calls re-priced on the target (int_call_repricing), the saving, its share of the calls' cost
-- and its monthly projection (§1.5). Only rows with a positive saving.
with

repriced as (

    select * from {{ ref('int_call_repricing') }}
    where like_for_like_model is not null

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

per_model as (

    select
        provider,
        model,
        max(like_for_like_model) as target_model,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        sum(like_for_like_cost_usd) as repriced_cost_usd
    from repriced
    group by provider, model

),

final as (

    select
        per_model.provider,
        per_model.model,
        per_model.target_model,
        per_model.calls,
        per_model.cost_usd,
        per_model.repriced_cost_usd,
        per_model.cost_usd - per_model.repriced_cost_usd as savings_usd,
        {{ safe_pct('per_model.cost_usd - per_model.repriced_cost_usd', 'per_model.cost_usd') }} as savings_pct,
        {{ monthly_projection('per_model.cost_usd - per_model.repriced_cost_usd', 'analysis_window.window_days') }}
            as monthly_savings_usd
    from per_model
    cross join analysis_window
    where per_model.cost_usd - per_model.repriced_cost_usd > 0

)

select * from final
