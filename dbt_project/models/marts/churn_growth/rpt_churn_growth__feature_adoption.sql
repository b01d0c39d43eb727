-- §6.12 feature_adoption: the histogram of distinct features per customer (feature_count →
-- customers, share of customers) over every customer with calls.
with

customers as (

    select * from {{ ref('int_customer_window') }}

),

final as (

    select
        features as feature_count,
        count(*) as customers,
        {{ safe_pct('count(*)', 'sum(count(*)) over ()') }} as pct_of_customers
    from customers
    group by features

)

select * from final
