-- The figures the §6.1 recommendation triggers read, in one row: top provider and its share,
-- the model cost spread with the dearest model's like-for-like target, the top customers' share,
-- and the trend. NULL figures (empty input) never trigger.
{{ config(materialized='table') }}
with

providers as (

    select * from {{ ref('rpt_understanding__by_provider') }}

),

customers as (

    select * from {{ ref('rpt_understanding__by_customer') }}

),

efficiency as (

    select * from {{ ref('rpt_understanding__efficiency') }}

),

forecast_summary as (

    select * from {{ ref('rpt_understanding__forecast_summary') }}

),

model_targets as (

    select * from {{ ref('dim_models') }}

),

top_provider as (

    select provider, cost_share_pct, cost_usd
    from providers
    where rank = 1

),

top_customers as (

    select
        sum(cost_share_pct) as top_customers_share_pct,
        sum(cost_usd) as top_customers_cost_usd,
        count(*) as top_customers
    from customers
    where rank <= {{ threshold('top_customers_n') }}

),

final as (

    select
        top_provider.provider as top_provider,
        top_provider.cost_share_pct as top_provider_share_pct,
        top_provider.cost_usd as top_provider_cost_usd,
        efficiency.cheapest_provider,
        efficiency.cheapest_model,
        efficiency.cheapest_cost_per_1k_tokens,
        efficiency.dearest_provider,
        efficiency.dearest_model,
        efficiency.dearest_cost_per_1k_tokens,
        efficiency.spread_ratio as model_cost_spread_ratio,
        model_targets.like_for_like_model as dearest_like_for_like_model,
        top_customers.top_customers,
        top_customers.top_customers_share_pct,
        top_customers.top_customers_cost_usd,
        forecast_summary.fit_days,
        forecast_summary.slope_usd_per_day,
        forecast_summary.trend_pct_per_day,
        forecast_summary.trend_30d_usd,
        forecast_summary.trend_30d_lower_usd,
        forecast_summary.trend_30d_upper_usd
    from efficiency
    cross join forecast_summary
    cross join top_customers
    left join top_provider on true
    left join model_targets
        on
            efficiency.dearest_provider = model_targets.provider
            and efficiency.dearest_model = model_targets.model

)

select * from final
