-- Calls, cost and tokens per UTC date over the date spine of §1.4 (every date from the first
-- to the last call, empty dates with zeros). Not a §6.9 table: the report's daily chart.
with recursive

calls as (

    select * from {{ ref('fct_calls') }}

),

by_date as (

    select
        call_date,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens
    from calls
    group by call_date

),

spine as (

    select min(call_date) as call_date, max(call_date) as last_date
    from by_date
    having count(*) > 0
    union all
    select cast({{ dbt.dateadd('day', 1, 'call_date') }} as date), last_date
    from spine
    where call_date < last_date

),

final as (

    select
        spine.call_date,
        coalesce(by_date.calls, 0) as calls,
        coalesce(by_date.cost_usd, 0) as cost_usd,
        coalesce(by_date.total_tokens, 0) as total_tokens
    from spine
    left join by_date on spine.call_date = by_date.call_date

)

select * from final
