-- One row per rejected row (§3.5), keyed by its batch and 1-based row number.
with

source as (

    select * from {{ source('raw', 'quarantine') }}

),

final as (

    select
        {{ dbt.concat(["batch_id", "':'", dbt.safe_cast("row_number", dbt.type_string())]) }}
            as quarantine_row_id,
        source,
        batch_id,
        kind,
        cast(row_number as {{ dbt.type_bigint() }}) as batch_row_number,
        raw_content,
        reason,
        reason_detail,
        loaded_at
    from source

)

select * from final
