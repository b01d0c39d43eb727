-- §6.7 alternative_models: the priced customers' revenue under flat, tiered, usage and hybrid
-- pricing against the same real AI cost, the change against flat, the monthly revenue and how many
-- customers would pay more or less than on flat. Ranked by margin_pct desc (ties: model name).
-- Four rows, also on empty input (zero amounts, NULL ratios).
with

customers as (

    select * from {{ ref('rpt_pricing__by_customer') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

per_model as (

    {% for pricing_model in ['flat', 'tiered', 'usage', 'hybrid'] %}
    select
        '{{ pricing_model }}' as pricing_model,
        coalesce(sum({{ pricing_model }}_revenue_usd), 0) as revenue_usd,
        coalesce(sum(cost_usd), 0) as cost_usd,
        coalesce(sum(flat_revenue_usd), 0) as flat_revenue_usd,
        count(case when {{ pricing_model }}_revenue_usd > flat_revenue_usd then 1 end) as customers_paying_more,
        count(case when {{ pricing_model }}_revenue_usd < flat_revenue_usd then 1 end) as customers_paying_less
    from customers
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        per_model.pricing_model,
        per_model.revenue_usd,
        per_model.cost_usd,
        per_model.revenue_usd - per_model.cost_usd as margin_usd,
        {{ safe_pct('per_model.revenue_usd - per_model.cost_usd', 'per_model.revenue_usd') }} as margin_pct,
        per_model.revenue_usd - per_model.flat_revenue_usd as revenue_change_vs_flat_usd,
        {{ safe_pct('per_model.revenue_usd - per_model.flat_revenue_usd', 'per_model.flat_revenue_usd') }}
            as revenue_change_vs_flat_pct,
        {{ monthly_projection('per_model.revenue_usd', 'analysis_window.window_days') }} as monthly_revenue_usd,
        per_model.customers_paying_more,
        per_model.customers_paying_less,
        row_number() over (
            order by
                {{ safe_pct('per_model.revenue_usd - per_model.cost_usd', 'per_model.revenue_usd') }} desc nulls last,
                per_model.pricing_model
        ) as rank
    from per_model
    cross join analysis_window

)

select * from final
