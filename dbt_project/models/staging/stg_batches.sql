-- One row per loaded batch with its reconciliation counts (§3.8).
with

source as (

    select * from {{ source('raw', 'batches') }}

),

final as (

    select
        batch_id,
        source,
        kind,
        path,
        content_sha256,
        cast(bytes as {{ dbt.type_bigint() }}) as bytes,
        cast(rows_read as {{ dbt.type_bigint() }}) as rows_read,
        cast(rows_accepted as {{ dbt.type_bigint() }}) as rows_accepted,
        cast(rows_quarantined as {{ dbt.type_bigint() }}) as rows_quarantined,
        quarantined_by_reason,
        params,
        loaded_at
    from source

)

select * from final
