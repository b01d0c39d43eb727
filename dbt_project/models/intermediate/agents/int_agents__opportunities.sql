-- §7.3 the listed opportunities per organization and period: a candidate whose condition holds
-- and whose potential saving ≥ min_savings_usd, with its priority (saving ÷ the organization's
-- cost in the period: high ≥ priority_high_pct %, medium ≥ priority_medium_pct %, else low),
-- the suggested model (the downshift target saving the most, ties by name) and the text.
{{ config(materialized='table') }}

with

figures as (

    select * from {{ ref('int_agents__opportunity_figures') }}
    where condition_holds

),

savings as (

    select * from {{ ref('int_agents__opportunity_savings') }}

),

per_target as (

    select
        organization_id, period, type, entity_id, target_model,
        sum(saving_usd) as saving_usd,
        row_number() over (
            partition by organization_id, period, type, entity_id
            order by sum(saving_usd) desc, target_model
        ) as target_rank
    from savings
    where target_model is not null
    group by organization_id, period, type, entity_id, target_model

),

per_opportunity as (

    select
        organization_id, period, type, entity_id,
        sum(saving_usd) as potential_savings_usd
    from savings
    group by organization_id, period, type, entity_id

),

listed as (

    select
        figures.*,
        per_target.target_model,
        per_opportunity.potential_savings_usd
    from figures
    inner join per_opportunity
        on
            figures.organization_id = per_opportunity.organization_id and figures.period = per_opportunity.period
            and figures.type = per_opportunity.type and figures.entity_id = per_opportunity.entity_id
    left join per_target
        on
            figures.organization_id = per_target.organization_id and figures.period = per_target.period
            and figures.type = per_target.type and figures.entity_id = per_target.entity_id
            and per_target.target_rank = 1
    where per_opportunity.potential_savings_usd >= {{ threshold('min_savings_usd') }}

),

final as (

    select
        organization_id,
        period,
        type,
        {{ opportunity_priority('potential_savings_usd', 'organization_cost_usd') }} as priority,
        entity_type,
        entity_id,
        count,
        current_cost_usd,
        target_model,
        potential_savings_usd,
        organization_cost_usd,
        {{ safe_pct('potential_savings_usd', 'organization_cost_usd') }} as savings_share_pct,
        metric_name,
        metric_value,
        threshold_name,
        threshold_value,
        case type
            when 'expensive_agent' then
                'Agent ''' || entity_id || ''' costs ' || {{ fmt_usd('current_cost_usd') }} || ' ('
                || {{ fmt_pct('metric_value') }} || ' of agent spend); running its frontier and balanced calls on '''
                || coalesce(target_model, '—') || ''' would save ' || {{ fmt_usd('potential_savings_usd') }}
            when 'expensive_model' then
                'Model ''' || entity_id || ''' costs ' || {{ fmt_usd('current_cost_usd') }} || ' ('
                || {{ fmt_pct('metric_value') }} || ' of spend); switching its calls under '
                || {{ fmt_count(threshold('simple_call_max_tokens')) }} || ' tokens to '''
                || coalesce(target_model, '—') || ''' would save ' || {{ fmt_usd('potential_savings_usd') }}
            when 'failed_workflows' then
                {{ fmt_count('count') }} || ' workflow executions failed, wasting '
                || {{ fmt_usd('current_cost_usd') }} || '; investigate error handling and retry logic to save '
                || {{ fmt_usd('potential_savings_usd') }}
            when 'caching' then
                {{ fmt_count('count') }} || ' repeat calls of a prompt answered within '
                || {{ fmt_count(threshold('caching_ttl_hours')) }} || ' h cost '
                || {{ fmt_usd('current_cost_usd') }} || '; a response cache would save '
                || {{ fmt_usd('potential_savings_usd') }}
            else
                'Agent ''' || entity_id || ''' succeeds on ' || {{ fmt_pct('100 * metric_value') }} || ' of '
                || {{ fmt_count('count') }} || ' calls (target ' || {{ fmt_pct('100 * threshold_value') }}
                || ') and costs ' || {{ fmt_usd('current_cost_usd') }} || '; its failed calls cost '
                || {{ fmt_usd('potential_savings_usd') }}
        end as recommendation
    from listed

)

select * from final
