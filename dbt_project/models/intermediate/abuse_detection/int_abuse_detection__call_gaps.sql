-- Per customer, the gaps in seconds between consecutive calls in time order (ties by call_id),
-- all of them, and their mean, population σ and coefficient of variation σ ÷ mean: the
-- automated_pattern signal of §6.13 tier_gaming (a fixed cadence has a CV near 0).
with

calls as (

    select
        customer_id,
        call_id,
        "timestamp"
    from {{ ref('fct_calls') }}

),

gaps as (

    select
        customer_id,
        {{ seconds_between(
            'lag("timestamp") over (partition by customer_id order by "timestamp", call_id)',
            '"timestamp"',
        ) }} as gap_seconds
    from calls

),

final as (

    select
        customer_id,
        count(*) as calls,
        count(gap_seconds) as gaps,
        avg(gap_seconds) as gap_mean_seconds,
        stddev_pop(gap_seconds) as gap_std_seconds,
        {{ safe_ratio('stddev_pop(gap_seconds)', 'avg(gap_seconds)') }} as gap_cv
    from gaps
    group by customer_id

)

select * from final
