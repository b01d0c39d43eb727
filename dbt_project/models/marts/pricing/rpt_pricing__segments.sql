-- §6.7 segments: priced customers, flat revenue, cost and margin per usage segment (light, medium,
-- heavy); every segment is listed, an empty one with zero amounts and a NULL margin_pct.
with

customers as (

    select * from {{ ref('rpt_pricing__by_customer') }}

),

segments as (

    select segment, segment_order
    from (values ('light', 1), ('medium', 2), ('heavy', 3)) as listed (segment, segment_order)

),

per_segment as (

    select
        segment,
        count(*) as customers,
        sum(flat_revenue_usd) as revenue_usd,
        sum(cost_usd) as cost_usd
    from customers
    where segment is not null
    group by segment

),

final as (

    select
        segments.segment,
        segments.segment_order,
        coalesce(per_segment.customers, 0) as customers,
        coalesce(per_segment.revenue_usd, 0) as revenue_usd,
        coalesce(per_segment.cost_usd, 0) as cost_usd,
        coalesce(per_segment.revenue_usd, 0) - coalesce(per_segment.cost_usd, 0) as margin_usd,
        {{ safe_pct('per_segment.revenue_usd - per_segment.cost_usd', 'per_segment.revenue_usd') }} as margin_pct
    from segments
    left join per_segment
        on segments.segment = per_segment.segment

)

select * from final
