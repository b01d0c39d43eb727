-- §6.4 reserved baseline input: every (provider, model) × every date of the fit set (complete days
-- if ≥ 3, else every spine date; int_daily_cost.is_fit_day) with the model's cost that day, zero
-- on dates without calls.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

fit_days as (

    select cost_date from {{ ref('int_daily_cost') }}
    where is_fit_day

),

models as (

    select distinct provider, model from calls

),

model_days as (

    select
        provider,
        model,
        call_date,
        sum(cost_usd) as cost_usd
    from calls
    group by provider, model, call_date

),

final as (

    select
        models.provider,
        models.model,
        fit_days.cost_date,
        coalesce(model_days.cost_usd, 0) as cost_usd
    from models
    cross join fit_days
    left join model_days
        on
            models.provider = model_days.provider
            and models.model = model_days.model
            and fit_days.cost_date = model_days.call_date

)

select * from final
