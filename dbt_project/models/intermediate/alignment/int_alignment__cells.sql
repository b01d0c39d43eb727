-- §6.5 the calls folded once to (organization, product, feature, customer) cells on each call's
-- own values (§1.2), `unknown` members included; every alignment mart reads these few rows
-- instead of the calls. is_untagged marks cells whose organization, customer or feature is
-- unknown (the untagged_cost rule).
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        organization_id,
        product_id,
        feature_id,
        customer_id,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        sum(total_tokens) as total_tokens,
        (organization_id = 'unknown' or customer_id = 'unknown' or feature_id = 'unknown') as is_untagged
    from calls
    group by organization_id, product_id, feature_id, customer_id

)

select * from final
