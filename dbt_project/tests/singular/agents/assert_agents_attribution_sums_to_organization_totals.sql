-- §7.1: the buckets of every attribution dimension sum to the organization's total cost, tokens
-- and calls (from the calls themselves) for every period type, relative tolerance 1e-9; the
-- workflow dimension's executions sum to the organization's executions. Returns the mismatches.
{{ config(tags=['agents']) }}

with

calls as (

    select
        organization_id,
        sum(cost_usd) as cost_usd,
        sum(total_tokens) as tokens,
        count(*) as calls
    from {{ ref('int_agents__calls') }}
    group by organization_id

),

executions as (

    select organization_id, count(*) as executions
    from {{ ref('int_agents__workflows') }}
    group by organization_id

),

buckets as (

    select
        organization_id,
        dimension,
        period_type,
        sum(cost_usd) as cost_usd,
        sum(tokens) as tokens,
        sum(calls) as calls,
        sum(executions) as executions
    from {{ ref('rpt_agents__cost_attribution') }}
    group by organization_id, dimension, period_type

),

checks as (

    select
        buckets.organization_id,
        buckets.dimension,
        buckets.period_type,
        buckets.cost_usd,
        calls.cost_usd as expected_cost_usd,
        buckets.tokens,
        calls.tokens as expected_tokens,
        buckets.calls,
        calls.calls as expected_calls,
        buckets.executions,
        executions.executions as expected_executions
    from buckets
    left join calls on buckets.organization_id = calls.organization_id
    left join executions on buckets.organization_id = executions.organization_id

)

select * from checks
where abs(cost_usd - coalesce(expected_cost_usd, 0))
        > 1e-9 * greatest(abs(cost_usd), abs(coalesce(expected_cost_usd, 0)), 1e-12)
    or tokens <> coalesce(expected_tokens, 0)
    or calls <> coalesce(expected_calls, 0)
    or (dimension = 'workflow' and executions <> coalesce(expected_executions, 0))
