-- §6.5 fair_share: per organization its shares of cost, calls and tokens and gap_pp = cost share
-- − call share (percentage points; positive = pays more than its share of calls).
with

organizations as (

    select * from {{ ref('rpt_alignment__by_organization') }}

),

final as (

    select
        organization_id,
        cost_share_pct,
        call_share_pct,
        token_share_pct,
        cost_share_pct - call_share_pct as gap_pp
    from organizations

)

select * from final
