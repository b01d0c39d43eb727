-- §6.1 by_provider: cost and calls per provider, shares of the whole, rank by cost desc
-- (ties: provider asc, §1.10).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_provider as (

    select
        provider,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens
    from calls
    group by provider

),

final as (

    select
        provider,
        calls,
        cost_usd,
        total_tokens,
        {{ safe_ratio('cost_usd', 'calls') }} as avg_cost_per_call,
        {{ safe_pct('cost_usd', 'sum(cost_usd) over ()') }} as cost_share_pct,
        {{ safe_pct('calls', 'sum(calls) over ()') }} as call_share_pct,
        row_number() over (order by cost_usd desc, provider) as rank
    from per_provider

)

select * from final
