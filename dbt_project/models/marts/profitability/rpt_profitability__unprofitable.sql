-- §6.6 unprofitable: every customer with margin < 0, the loss over the window and per month
-- (§1.5), ranked by loss desc (ties: customer_id).
with

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

final as (

    select
        customers.customer_id,
        customers.organization_id,
        customers.tier,
        customers.archetype,
        customers.revenue_usd,
        customers.cost_usd,
        -customers.margin_usd as loss_usd,
        {{ monthly_projection('-customers.margin_usd', 'analysis_window.window_days') }} as monthly_loss_usd,
        row_number() over (order by -customers.margin_usd desc, customers.customer_id) as rank
    from customers
    cross join analysis_window
    where customers.margin_usd < 0

)

select * from final
