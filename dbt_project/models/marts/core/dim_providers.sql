-- One row per provider: the providers seed, providers seen only in calls, and `unknown`.
with

{{ dimension_members(
    key='provider',
    seed='providers',
    calls_key='provider',
    attributes={
        'display_name': 'reference.display_name',
        'market_weight': 'reference.market_weight',
        'base_latency_ms': 'reference.base_latency_ms',
    },
) }}

select * from final
