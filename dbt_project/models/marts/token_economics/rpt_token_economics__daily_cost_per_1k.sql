-- §6.10 daily_cost_per_1k: overall cost per 1K tokens per UTC date over the date spine (§1.4);
-- a date without calls keeps its row with zero calls and a NULL ratio.
with

daily as (

    select * from {{ ref('int_daily_cost') }}

),

final as (

    select
        cost_date as call_date,
        calls,
        cast(total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        cost_usd,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k
    from daily

)

select * from final
