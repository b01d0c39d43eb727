-- §6.5 efficiency_gap: the most and least efficient organization by cost per call among
-- organizations with ≥ min_calls_for_ranking calls (ties: organization_id asc) and their ratio
-- max ÷ min (NULL when the cheapest costs 0 or none is ranked). One row, also on empty input.
with

organizations as (

    select * from {{ ref('rpt_alignment__by_organization') }}

),

ranked as (

    select
        organization_id,
        cost_per_call,
        row_number() over (order by cost_per_call, organization_id) as most_efficient_rank,
        row_number() over (order by cost_per_call desc, organization_id) as least_efficient_rank
    from organizations
    where calls >= {{ threshold('min_calls_for_ranking') }}
        and cost_per_call is not null

),

counted as (

    select count(*) as ranked_organizations from ranked

),

final as (

    select
        counted.ranked_organizations,
        most.organization_id as most_efficient_organization_id,
        most.cost_per_call as most_efficient_cost_per_call,
        least.organization_id as least_efficient_organization_id,
        least.cost_per_call as least_efficient_cost_per_call,
        least.cost_per_call / nullif(most.cost_per_call, 0) as gap_ratio
    from counted
    left join ranked as most on most.most_efficient_rank = 1
    left join ranked as least on least.least_efficient_rank = 1

)

select * from final
