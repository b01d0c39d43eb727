-- §6.8: the features sum to the summary (calls, cost) and to fct_calls; every feature has one
-- adoption level and one quadrant; adoption levels count every feature. Relative tolerance 1e-9.
{{ config(tags=['features']) }}

with

summary as (

    select * from {{ ref('rpt_features__summary') }}

),

checks as (

    select 'feature calls' as figure, cast(sum(calls) as double) as mart_value,
        cast((select calls from summary) as double) as expected
    from {{ ref('rpt_features__by_feature') }}
    union all
    select 'feature cost', sum(cost_usd), (select cost_usd from summary)
    from {{ ref('rpt_features__by_feature') }}
    union all
    select 'summary cost vs calls', (select cost_usd from summary), sum(cost_usd)
    from {{ ref('fct_calls') }}
    union all
    select 'features listed', count(*), (select features from summary)
    from {{ ref('rpt_features__by_feature') }}
    union all
    select 'adoption rows', count(*), (select features from summary)
    from {{ ref('rpt_features__adoption') }}
    union all
    select 'matrix rows', count(*), (select features from summary)
    from {{ ref('rpt_features__investment_matrix') }}
    union all
    select 'level ' || level, max(features_in_level), count(*)
    from {{ ref('rpt_features__adoption') }}
    group by level
)

select *
from checks
where abs(coalesce(mart_value, 0) - coalesce(expected, 0)) > 1e-9 * greatest(abs(coalesce(expected, 0)), 1e-12)
