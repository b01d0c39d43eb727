-- §6.5 chargeback_totals: per known organization its direct cost, its part of the cost whose
-- organization is `unknown` allocated in proportion to direct cost, and the chargeable sum. When
-- no known organization has cost to weigh by, the allocation is NULL (nothing to allocate to).
with

organizations as (

    select organization_id, cost_usd from {{ ref('rpt_alignment__by_organization') }}

),

unattributed as (

    select coalesce(sum(cost_usd), 0) as unattributed_cost_usd
    from organizations
    where organization_id = 'unknown'

),

known as (

    select
        organization_id,
        cost_usd as direct_cost_usd,
        sum(cost_usd) over () as known_cost_usd
    from organizations
    where organization_id <> 'unknown'

),

final as (

    select
        known.organization_id,
        known.direct_cost_usd,
        unattributed.unattributed_cost_usd * {{ safe_ratio('known.direct_cost_usd', 'known.known_cost_usd') }}
            as allocated_unattributed_usd,
        known.direct_cost_usd
        + unattributed.unattributed_cost_usd * {{ safe_ratio('known.direct_cost_usd', 'known.known_cost_usd') }}
            as chargeable_usd
    from known
    cross join unattributed

)

select * from final
