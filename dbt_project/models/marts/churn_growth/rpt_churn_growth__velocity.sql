-- §6.12 velocity: calls in each half of the window, growth_pct (NULL when the first half is
-- empty), trend (new, growing, stable, declining) and inactive days per customer.
with

customers as (

    select * from {{ ref('int_churn_growth__customers') }}

),

final as (

    select
        customer_id,
        tier,
        archetype,
        calls_first_half,
        calls_second_half,
        growth_pct,
        trend,
        inactive_days
    from customers

)

select * from final
