-- §6.10 waste_summary: calls and cost per waste issue, every issue listed even at zero, plus a
-- `total` row that counts each flagged call once (a call may carry several flags).
with

flagged as (

    select * from {{ ref('rpt_token_economics__wasteful_calls') }}

),

all_calls as (

    select count(*) as calls from {{ ref('int_token_economics__calls') }}

),

issues as (

    {% for issue in ['excessive_input', 'expensive_simple_task', 'low_output_high_cost'] %}
    select
        '{{ issue }}' as issue,
        {{ loop.index }} as issue_order,
        count(case when {{ issue }} then 1 end) as calls,
        coalesce(sum(case when {{ issue }} then cost_usd end), 0) as cost_usd
    from flagged
    union all
    {% endfor %}
    select
        'total' as issue,
        4 as issue_order,
        count(*) as calls,
        coalesce(sum(cost_usd), 0) as cost_usd
    from flagged

),

final as (

    select
        issues.issue,
        cast(issues.issue_order as {{ dbt.type_int() }}) as issue_order,
        cast(issues.calls as {{ dbt.type_bigint() }}) as calls,
        cast(issues.cost_usd as {{ type_double() }}) as cost_usd,
        {{ safe_pct('issues.calls', 'all_calls.calls') }} as call_share_pct
    from issues
    cross join all_calls

)

select * from final
