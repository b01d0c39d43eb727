-- One row per region: the regions seed (latency multiplier, fixed UTC offset used for the
-- "local hour" of §6.13), regions seen only in calls, and `unknown`.
with

{{ dimension_members(
    key='region',
    seed='regions',
    calls_key='region',
    attributes={
        'latency_multiplier': 'reference.latency_multiplier',
        'home_weight': 'reference.home_weight',
        'utc_offset_hours': 'reference.utc_offset_hours',
    },
) }}

select * from final
