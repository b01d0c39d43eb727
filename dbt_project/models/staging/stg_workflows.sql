-- One row per workflow_id: the row of the most recently loaded batch wins, as for calls (§3.6).
with

source as (

    select * from {{ source('raw', 'workflows') }}

),

versioned as (

    select
        *,
        row_number() over (
            partition by workflow_id
            order by loaded_at desc, batch_id desc, row_number desc
        ) as version_rank
    from source

),

final as (

    select
        workflow_id,
        workflow_name,
        organization_id,
        customer_id,
        user_id,
        session_id,
        cast(started_at as timestamp with time zone) as started_at,
        cast(ended_at as timestamp with time zone) as ended_at,
        cast(success as {{ dbt.type_boolean() }}) as success,
        failure_error_type,
        cast(metadata as json) as metadata,
        source,
        batch_id,
        loaded_at
    from versioned
    where version_rank = 1

)

select * from final
