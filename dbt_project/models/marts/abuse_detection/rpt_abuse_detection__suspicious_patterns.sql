-- §6.13 suspicious_patterns: one row per (customer, pattern) that holds, with the measured value:
-- batch_processing (large calls), off_hours (% of calls at local 22–05), model_hopping (distinct
-- models), feature_spam (top feature %), region_hopping (most regions in one clock hour).
with

signals as (

    select * from {{ ref('int_abuse_detection__customer_signals') }}

),

candidates as (

    select customer_id, 'batch_processing' as pattern, large_calls as value
    from signals
    where large_calls > {{ threshold('abuse_detection_batch_min_calls') }}

    union all

    select customer_id, 'off_hours', off_hours_pct
    from signals
    where off_hours_pct > {{ threshold('abuse_detection_off_hours_share_pct') }}

    union all

    select customer_id, 'model_hopping', models
    from signals
    where models > {{ threshold('abuse_detection_model_hopping_models') }}
        and calls > {{ threshold('abuse_detection_model_hopping_calls') }}

    union all

    select customer_id, 'feature_spam', top_feature_pct
    from signals
    where top_feature_pct > {{ threshold('abuse_detection_feature_spam_share_pct') }}
        and calls > {{ threshold('abuse_detection_feature_spam_calls') }}

    union all

    select customer_id, 'region_hopping', max_regions_per_hour
    from signals
    where max_regions_per_hour >= {{ threshold('abuse_detection_region_hopping_regions') }}

),

final as (

    select
        customer_id,
        pattern,
        cast(value as {{ type_double() }}) as value
    from candidates

)

select * from final
