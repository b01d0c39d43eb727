-- §6.8 investment_matrix: features with enough data get a quadrant from high adoption (adoption ≥
-- matrix_adoption_pct) and high cost (cost ≥ the median cost of the features with enough data):
-- invest (high, high), maintain (high, low), optimize (low, high), sunset (low, low). The others
-- are insufficient_data, with NULL flags.
with

features as (

    select * from {{ ref('rpt_features__by_feature') }}

),

median_cost as (

    select {{ percentile_cont('cost_usd', 0.5) }} as median_cost_usd
    from features
    where has_enough_data

),

flagged as (

    select
        features.feature_id,
        features.calls,
        features.cost_usd,
        features.adoption_pct,
        features.roi_pct,
        features.has_enough_data,
        median_cost.median_cost_usd,
        case when features.has_enough_data then features.adoption_pct >= {{ threshold('matrix_adoption_pct') }} end
            as high_adoption,
        case when features.has_enough_data then features.cost_usd >= median_cost.median_cost_usd end as high_cost
    from features
    cross join median_cost

),

final as (

    select
        *,
        case
            when not has_enough_data then 'insufficient_data'
            when high_adoption and high_cost then 'invest'
            when high_adoption then 'maintain'
            when high_cost then 'optimize'
            else 'sunset'
        end as quadrant
    from flagged

)

select * from final
