-- §1.2: a customer's current attributes are those on the latest call (greatest timestamp, then
-- greatest call_id). Attribute drift (§6.9): tier, organization, product or archetype differ
-- between the customer's calls.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by "timestamp" desc, call_id desc
        ) as recency_rank
    from calls

),

history as (

    select
        customer_id,
        count(*) as calls,
        min("timestamp") as first_seen_at,
        max("timestamp") as last_seen_at,
        count(distinct subscription_tier) as distinct_tiers,
        count(distinct organization_id) as distinct_organizations,
        count(distinct product_id) as distinct_products,
        count(distinct customer_archetype) as distinct_archetypes
    from calls
    group by customer_id

),

final as (

    select
        ranked.customer_id,
        ranked.organization_id,
        ranked.product_id,
        ranked.subscription_tier,
        ranked.tier_price_usd,
        ranked.customer_archetype,
        ranked.region as home_region,
        history.calls,
        history.first_seen_at,
        history.last_seen_at,
        history.distinct_tiers > 1 as tier_drifted,
        history.distinct_organizations > 1 as organization_drifted,
        history.distinct_products > 1 as product_drifted,
        history.distinct_archetypes > 1 as archetype_drifted,
        (
            history.distinct_tiers > 1
            or history.distinct_organizations > 1
            or history.distinct_products > 1
            or history.distinct_archetypes > 1
        ) as has_attribute_drift
    from ranked
    inner join history on ranked.customer_id = history.customer_id
    where ranked.recency_rank = 1

)

select * from final
