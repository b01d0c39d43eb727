-- Call ids loaded by more than one batch (§3.6): the kept version and how many older rows it
-- superseded. dataset_overview (§6.9 quality) counts them.
{{ config(materialized='table') }}
with

calls as (

    select * from {{ ref('stg_calls') }}

),

final as (

    select
        call_id,
        source,
        batch_id as kept_batch_id,
        loaded_at as kept_loaded_at,
        superseded_rows
    from calls
    where superseded_rows > 0

)

select * from final
