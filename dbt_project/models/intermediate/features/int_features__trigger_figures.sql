-- The figures the analysis-wide §6.8 triggers read, in one row (also on empty input): optimize and
-- sunset features with their names and cost, low- and high-adoption counts, the top bundle
-- candidate, and the top-3 cost share. Name lists are ordered by cost desc, then feature_id.
{{ config(materialized='table') }}
with

features as (

    select * from {{ ref('rpt_features__by_feature') }}

),

matrix as (

    select * from {{ ref('rpt_features__investment_matrix') }}

),

adoption as (

    select * from {{ ref('rpt_features__adoption') }}

),

bundles as (

    select * from {{ ref('rpt_features__bundles') }}

),

quadrants as (

    select
        count(case when quadrant = 'optimize' then 1 end) as optimize_features,
        sum(case when quadrant = 'optimize' then cost_usd end) as optimize_cost_usd,
        count(case when quadrant = 'sunset' then 1 end) as sunset_features,
        sum(case when quadrant = 'sunset' then cost_usd end) as sunset_cost_usd
    from matrix

),

optimize_names as (

    select {{ dbt.listagg('feature_id', "', '", 'order by cost_usd desc, feature_id') }} as optimize_names
    from matrix
    where quadrant = 'optimize'

),

sunset_names as (

    select {{ dbt.listagg('feature_id', "', '", 'order by cost_usd desc, feature_id') }} as sunset_names
    from matrix
    where quadrant = 'sunset'

),

levels as (

    select
        count(case when level = 'low' then 1 end) as low_adoption_features,
        count(case when level = 'high' then 1 end) as high_adoption_features
    from adoption

),

ranked_cost as (

    select
        feature_id,
        cost_share_pct,
        row_number() over (order by cost_usd desc, feature_id) as cost_rank
    from features

),

top3 as (

    select
        sum(cost_share_pct) as top3_cost_share_pct,
        {{ dbt.listagg('feature_id', "', '", 'order by cost_rank') }} as top3_names
    from ranked_cost
    where cost_rank <= 3

),

candidates as (

    select
        count(*) as bundle_candidates,
        min(rank) as top_bundle_rank
    from bundles
    where is_candidate

),

final as (

    select
        (select count(*) from features) as features,
        quadrants.optimize_features,
        quadrants.optimize_cost_usd,
        optimize_names.optimize_names,
        quadrants.sunset_features,
        quadrants.sunset_cost_usd,
        sunset_names.sunset_names,
        levels.low_adoption_features,
        levels.high_adoption_features,
        candidates.bundle_candidates,
        top_bundle.feature_a as top_bundle_feature_a,
        top_bundle.feature_b as top_bundle_feature_b,
        top_bundle.share_pct as top_bundle_share_pct,
        top3.top3_cost_share_pct,
        top3.top3_names
    from quadrants
    cross join optimize_names
    cross join sunset_names
    cross join levels
    cross join top3
    cross join candidates
    left join bundles as top_bundle
        on top_bundle.rank = candidates.top_bundle_rank

)

select * from final
