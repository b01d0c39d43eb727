-- §7.3 / §1.11: every listed optimization opportunity (whole window) is a recommendation with
-- rec_code = its type. Severity from its priority: high → warning, medium and low → info.
-- entity_id = organization_id/entity so one agent or model name in two organizations stays two rows.
with

opportunities as (

    select * from {{ ref('rpt_agents__optimization_opportunities') }}

),

candidates as (

    select
        type as rec_code,
        case priority when 'high' then 'warning' else 'info' end as severity,
        entity_type,
        case
            when entity_type = 'organization' then organization_id
            else organization_id || '/' || entity_id
        end as entity_id,
        metric_name,
        metric_value,
        threshold_name,
        threshold_value,
        potential_savings_usd as impact_usd,
        recommendation as message
    from opportunities

),

final as (

    {{ recommendation_rows('agents', 'candidates') }}

)

select * from final
