-- §7.1 cost_attribution: cost, tokens and calls per (organization, dimension, value, period) for
-- the nine dimensions and day / ISO week / month periods; a NULL value is the bucket '(none)', so
-- the buckets of one dimension sum to the organization's total (tested). executions (workflow
-- dimension only) counts the executions started in the period, so it adds up across periods too.
{%- set dimensions = {
    'user': 'user_id',
    'workflow': 'workflow_name',
    'organization': 'organization_id',
    'product': 'product_id',
    'feature': 'feature_id',
    'model': 'model',
    'agent': 'agent_name',
    'customer': 'customer_id',
    'provider': 'provider',
} %}

with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

executions as (

    select * from {{ ref('int_agents__workflows') }}

),

daily_calls as (

    {% for dimension, column in dimensions.items() -%}
    select
        organization_id,
        '{{ dimension }}' as dimension,
        coalesce({{ column }}, '(none)') as dimension_value,
        call_date as period_date,
        sum(cost_usd) as cost_usd,
        sum(total_tokens) as tokens,
        count(*) as calls
    from calls
    group by organization_id, coalesce({{ column }}, '(none)'), call_date
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

daily_executions as (

    select
        organization_id,
        'workflow' as dimension,
        coalesce(workflow_name, '(none)') as dimension_value,
        cast({{ dbt.date_trunc('day', utc_timestamp('started_at')) }} as date) as period_date,
        count(*) as executions
    from executions
    group by 1, 2, 3, 4

),

daily as (

    select
        coalesce(daily_calls.organization_id, daily_executions.organization_id) as organization_id,
        coalesce(daily_calls.dimension, daily_executions.dimension) as dimension,
        coalesce(daily_calls.dimension_value, daily_executions.dimension_value) as dimension_value,
        coalesce(daily_calls.period_date, daily_executions.period_date) as period_date,
        coalesce(daily_calls.cost_usd, 0) as cost_usd,
        coalesce(daily_calls.tokens, 0) as tokens,
        coalesce(daily_calls.calls, 0) as calls,
        case
            when coalesce(daily_calls.dimension, daily_executions.dimension) = 'workflow'
                then coalesce(daily_executions.executions, 0)
        end as executions
    from daily_calls
    full outer join daily_executions
        on
            daily_calls.organization_id = daily_executions.organization_id
            and daily_calls.dimension = daily_executions.dimension
            and daily_calls.dimension_value = daily_executions.dimension_value
            and daily_calls.period_date = daily_executions.period_date

),

periods as (

    {% for period in ['day', 'week', 'month'] -%}
    select
        organization_id,
        dimension,
        dimension_value,
        '{{ period }}' as period_type,
        cast({{ dbt.date_trunc(period, 'period_date') }} as date) as period_start,
        sum(cost_usd) as cost_usd,
        cast(sum(tokens) as {{ dbt.type_bigint() }}) as tokens,
        cast(sum(calls) as {{ dbt.type_bigint() }}) as calls,
        cast(sum(executions) as {{ dbt.type_bigint() }}) as executions
    from daily
    group by organization_id, dimension, dimension_value, cast({{ dbt.date_trunc(period, 'period_date') }} as date)
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

)

select * from periods
