-- §6.8 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- features without enough data are never judged, NULL figures never trigger (§1.7).
with

figures as (

    select * from {{ ref('int_features__trigger_figures') }}

),

matrix as (

    select * from {{ ref('rpt_features__investment_matrix') }}

),

features as (

    select * from {{ ref('rpt_features__by_feature') }}

),

candidates as (

    select
        'invest_feature' as rec_code,
        'info' as severity,
        'feature' as entity_type,
        feature_id as entity_id,
        'adoption_pct' as metric_name,
        adoption_pct as metric_value,
        'matrix_adoption_pct' as threshold_name,
        {{ threshold('matrix_adoption_pct') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        'Feature ' || feature_id || ' is widely adopted (' || {{ fmt_pct('adoption_pct') }} || ') and costs '
        || {{ fmt_usd('cost_usd') }} || ' with an ROI of ' || coalesce({{ fmt_pct('roi_pct') }}, '—')
        || ': invest in it' as message
    from matrix
    where quadrant = 'invest'

    union all

    select
        'optimize_features',
        'warning',
        'dataset',
        '',
        'optimize_features',
        optimize_features,
        null,
        null,
        null,
        {{ fmt_count('optimize_features') }} || ' features cost much for their low adoption ('
        || {{ fmt_usd('optimize_cost_usd') }} || '): ' || optimize_names
    from figures
    where optimize_features >= 1

    union all

    select
        'sunset_features',
        'info',
        'dataset',
        '',
        'sunset_features',
        sunset_features,
        null,
        null,
        null,
        {{ fmt_count('sunset_features') }} || ' features have low adoption and low cost, candidates to sunset: '
        || sunset_names
    from figures
    where sunset_features >= 1

    union all

    select
        'adoption_discovery',
        'info',
        'dataset',
        '',
        'low_adoption_features',
        low_adoption_features,
        null,
        null,
        null,
        {{ fmt_count('low_adoption_features') }} || ' features have low adoption against '
        || {{ fmt_count('high_adoption_features') }} || ' with high adoption: help customers discover them'
    from figures
    where low_adoption_features > high_adoption_features

    union all

    select
        'bundle',
        'info',
        'dataset',
        '',
        'top_bundle_share_pct',
        top_bundle_share_pct,
        'bundle_min_share_pct',
        {{ threshold('bundle_min_share_pct') }},
        null,
        top_bundle_feature_a || ' and ' || top_bundle_feature_b || ' are used together by '
        || {{ fmt_pct('top_bundle_share_pct') }} || ' of customers: offer them as a bundle'
    from figures
    where bundle_candidates >= 1

    union all

    select
        'feature_cost_concentration',
        'info',
        'dataset',
        '',
        'top3_cost_share_pct',
        top3_cost_share_pct,
        'top3_cost_share_pct',
        {{ threshold('top3_cost_share_pct') }},
        null,
        'The top 3 features carry ' || {{ fmt_pct('top3_cost_share_pct') }} || ' of the cost: ' || top3_names
    from figures
    where features >= {{ threshold('min_features_for_concentration') }}
        and top3_cost_share_pct > {{ threshold('top3_cost_share_pct') }}

    union all

    select
        'negative_roi',
        'warning',
        'feature',
        feature_id,
        'roi_pct',
        roi_pct,
        null,
        null,
        cost_usd - attributed_revenue_usd,
        'Feature ' || feature_id || ' returns ' || {{ fmt_pct('roi_pct') }} || ' ROI: it costs '
        || {{ fmt_usd('cost_usd') }} || ' against ' || {{ fmt_usd('attributed_revenue_usd') }}
        || ' of attributed revenue'
    from features
    where has_enough_data
        and roi_pct < 0

),

final as (

    {{ recommendation_rows('features', 'candidates') }}

)

select * from final
