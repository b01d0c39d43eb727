-- §6.3 inefficient_patterns: the three patterns (always listed, empty ones with zeros) with the
-- customers and successful calls in them (each call in its first matching pattern), their cost
-- and the potential saving: Σ cost − Σ re-priced cost when positive (§4.4), 0 for heavy_callers.
with

patterns as (

    select 1 as pattern_order, 'small_expensive' as pattern
    union all
    select 2, 'slow_expensive'
    union all
    select 3, 'heavy_callers'

),

calls as (

    select * from {{ ref('int_realtime__call_patterns') }}

),

per_pattern as (

    select
        pattern,
        count(distinct customer_id) as customers,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        sum(savings_usd) as savings_usd
    from calls
    group by pattern

),

final as (

    select
        patterns.pattern,
        patterns.pattern_order,
        coalesce(per_pattern.customers, 0) as customers,
        coalesce(per_pattern.calls, 0) as calls,
        coalesce(per_pattern.cost_usd, 0) as cost_usd,
        greatest(coalesce(per_pattern.savings_usd, 0), 0) as potential_savings_usd
    from patterns
    left join per_pattern
        on patterns.pattern = per_pattern.pattern

)

select * from final
