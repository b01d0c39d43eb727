-- §6.9 scale: one row of distinct counts over the input set (unknown members count as values;
-- NULLs do not).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        count(distinct organization_id) as organizations,
        count(distinct customer_id) as customers,
        count(distinct product_id) as products,
        count(distinct feature_id) as features,
        count(distinct provider) as providers,
        count(distinct model_key) as models,
        count(distinct region) as regions,
        count(distinct environment) as environments,
        count(distinct user_id) as users,
        count(distinct session_id) as sessions,
        count(distinct workflow_id) as workflows,
        count(distinct api_key_hash) as api_keys,
        count(distinct client_id) as clients
    from calls

)

select * from final
