-- One row per feature: the features seed, features seen only in calls, and `unknown`.
-- is_simple follows the `simple_features` threshold (§1.12), the one list of simple tasks.
with

{{ dimension_members(
    key='feature_id',
    seed='features',
    calls_key='feature_id',
    attributes={
        'weight': 'reference.weight',
        'is_simple': dbt.position(
            dbt.concat(["','", "reference.feature_id", "','"]),
            dbt.concat(["','", threshold_text('simple_features'), "','"]),
        ) ~ ' > 0',
    },
) }}

select * from final
