-- §6.8 bundles: every pair of features (feature_a < feature_b) used by at least one common
-- customer, the share of all customers using both, whether that makes a bundle candidate
-- (share ≥ bundle_min_share_pct), ranked by share desc (ties: feature_a, feature_b).
with

pairs as (

    select customer_id, feature_id from {{ ref('int_features__customer_features') }}

),

all_customers as (

    select count(*) as customers from {{ ref('int_customer_window') }}

),

both_used as (

    select
        first_feature.feature_id as feature_a,
        second_feature.feature_id as feature_b,
        count(*) as customers_using_both
    from pairs as first_feature
    inner join pairs as second_feature
        on
            first_feature.customer_id = second_feature.customer_id
            and first_feature.feature_id < second_feature.feature_id
    group by first_feature.feature_id, second_feature.feature_id

),

final as (

    select
        both_used.feature_a,
        both_used.feature_b,
        both_used.customers_using_both,
        {{ safe_pct('both_used.customers_using_both', 'all_customers.customers') }} as share_pct,
        {{ safe_pct('both_used.customers_using_both', 'all_customers.customers') }}
        >= {{ threshold('bundle_min_share_pct') }} as is_candidate,
        row_number() over (
            order by both_used.customers_using_both desc, both_used.feature_a, both_used.feature_b
        ) as rank
    from both_used
    cross join all_customers

)

select * from final
