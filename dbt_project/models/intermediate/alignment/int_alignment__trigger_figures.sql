-- The figures the §6.5 recommendation triggers read, in one row: the top organization by cost,
-- the efficiency gap, the low-adoption costly features, the product cost shares and the share of
-- cost on untagged calls. NULL figures (empty input) never trigger.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_alignment__summary') }}

),

organizations as (

    select * from {{ ref('rpt_alignment__by_organization') }}

),

products as (

    select * from {{ ref('rpt_alignment__by_product') }}

),

features as (

    select * from {{ ref('rpt_alignment__by_feature') }}

),

efficiency_gap as (

    select * from {{ ref('rpt_alignment__efficiency_gap') }}

),

cells as (

    select * from {{ ref('int_alignment__cells') }}

),

top_organization as (

    select organization_id, cost_share_pct, cost_usd
    from (
        select
            *,
            row_number() over (order by cost_usd desc, organization_id) as cost_rank
        from organizations
    ) as ranked
    where cost_rank = 1

),

costly_features as (

    select
        count(*) as low_adoption_costly_features,
        {{ dbt.listagg('feature_id', "', '", 'order by monthly_cost_usd desc, feature_id') }}
            as low_adoption_costly_feature_names
    from features
    where adoption_pct < {{ threshold('low_adoption_pct') }}
        and monthly_cost_usd > {{ threshold('feature_sunset_min_cost_usd') }}

),

product_shares as (

    select
        {{ dbt.listagg(dbt.concat(['product_id', "' '", fmt_pct('cost_share_pct')]), "', '",
            'order by cost_share_pct desc, product_id') }} as product_cost_shares
    from products
    where cost_share_pct is not null

),

untagged as (

    select
        coalesce(sum(case when is_untagged then cost_usd else 0 end), 0) as untagged_cost_usd,
        {{ safe_pct('sum(case when is_untagged then cost_usd else 0 end)', 'sum(cost_usd)') }}
            as untagged_cost_share_pct
    from cells

),

final as (

    select
        summary.cost_usd,
        summary.products,
        top_organization.organization_id as top_organization_id,
        top_organization.cost_share_pct as top_organization_share_pct,
        top_organization.cost_usd as top_organization_cost_usd,
        efficiency_gap.most_efficient_organization_id,
        efficiency_gap.most_efficient_cost_per_call,
        efficiency_gap.least_efficient_organization_id,
        efficiency_gap.least_efficient_cost_per_call,
        efficiency_gap.gap_ratio,
        costly_features.low_adoption_costly_features,
        costly_features.low_adoption_costly_feature_names,
        product_shares.product_cost_shares,
        untagged.untagged_cost_usd,
        untagged.untagged_cost_share_pct
    from summary
    cross join efficiency_gap
    cross join costly_features
    cross join product_shares
    cross join untagged
    left join top_organization on true

)

select * from final
