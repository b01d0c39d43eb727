-- §6.8 adoption: the adoption level of every feature — high ≥ adoption_high_pct, medium ≥
-- adoption_medium_pct, else low (lower bounds inclusive, §1.8) — and how many features share it.
with

features as (

    select * from {{ ref('rpt_features__by_feature') }}

),

levelled as (

    select
        feature_id,
        customers,
        adoption_pct,
        case
            when adoption_pct >= {{ threshold('adoption_high_pct') }} then 'high'
            when adoption_pct >= {{ threshold('adoption_medium_pct') }} then 'medium'
            else 'low'
        end as level
    from features

),

final as (

    select
        feature_id,
        customers,
        adoption_pct,
        level,
        count(*) over (partition by level) as features_in_level
    from levelled

)

select * from final
