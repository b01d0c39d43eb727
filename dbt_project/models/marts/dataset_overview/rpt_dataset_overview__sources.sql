-- §6.9 sources: one row per loaded batch with its reconciliation counts (§3.8).
with

batches as (

    select * from {{ ref('stg_batches') }}

),

final as (

    select
        source,
        batch_id,
        kind,
        rows_read,
        rows_accepted,
        rows_quarantined,
        bytes,
        loaded_at
    from batches

)

select * from final
