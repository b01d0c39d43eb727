-- §6.7: every pricing model carries the same real cost as the priced customers; flat revenue is
-- their prorated revenue; the segments sum to the customers that have a segment (customers, flat
-- revenue, cost), relative tolerance 1e-9. Returns the disagreeing figures.
{{ config(tags=['pricing']) }}

with

customers as (

    select
        count(*) as customers,
        coalesce(sum(cost_usd), 0) as cost_usd,
        coalesce(sum(flat_revenue_usd), 0) as flat_revenue_usd,
        count(segment) as segmented_customers,
        coalesce(sum(case when segment is not null then cost_usd end), 0) as segmented_cost_usd,
        coalesce(sum(case when segment is not null then flat_revenue_usd end), 0) as segmented_revenue_usd
    from {{ ref('rpt_pricing__by_customer') }}

),

checks as (

    select 'model cost ' || models.pricing_model as figure, models.cost_usd as mart_value, customers.cost_usd as expected
    from {{ ref('rpt_pricing__alternative_models') }} as models
    cross join customers
    union all
    select 'flat revenue', models.revenue_usd, customers.flat_revenue_usd
    from {{ ref('rpt_pricing__alternative_models') }} as models
    cross join customers
    where models.pricing_model = 'flat'
    union all
    select 'segment customers', sum(segments.customers), max(customers.segmented_customers)
    from {{ ref('rpt_pricing__segments') }} as segments
    cross join customers
    union all
    select 'segment cost', sum(segments.cost_usd), max(customers.segmented_cost_usd)
    from {{ ref('rpt_pricing__segments') }} as segments
    cross join customers
    union all
    select 'segment revenue', sum(segments.revenue_usd), max(customers.segmented_revenue_usd)
    from {{ ref('rpt_pricing__segments') }} as segments
    cross join customers

)

select *
from checks
where abs(mart_value - expected) > 1e-9 * greatest(abs(expected), 1e-12)
