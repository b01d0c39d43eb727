-- One row per customer with the current attributes of §1.2 (latest call), plus the `unknown`
-- member so unmatched rows still count.
with

customers as (

    select * from {{ ref('int_customer_attributes') }}

),

known as (

    select
        customer_id,
        organization_id,
        product_id,
        subscription_tier,
        tier_price_usd,
        customer_archetype,
        home_region,
        calls,
        first_seen_at,
        last_seen_at,
        tier_drifted,
        organization_drifted,
        product_drifted,
        archetype_drifted,
        has_attribute_drift,
        customer_id = 'unknown' as is_unknown_member
    from customers

),

unknown_member as (

    select
        'unknown' as customer_id,
        'unknown' as organization_id,
        'unknown' as product_id,
        'unknown' as subscription_tier,
        cast(null as {{ type_double() }}) as tier_price_usd,
        'unknown' as customer_archetype,
        'unknown' as home_region,
        cast(0 as {{ dbt.type_bigint() }}) as calls,
        cast(null as timestamp with time zone) as first_seen_at,
        cast(null as timestamp with time zone) as last_seen_at,
        false as tier_drifted,
        false as organization_drifted,
        false as product_drifted,
        false as archetype_drifted,
        false as has_attribute_drift,
        true as is_unknown_member
    where not exists (select 1 from known where known.customer_id = 'unknown')

),

final as (

    select * from known
    union all
    select * from unknown_member

)

select * from final
