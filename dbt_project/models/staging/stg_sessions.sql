-- One row per session_id: the row of the most recently loaded batch wins, as for calls (§3.6).
with

source as (

    select * from {{ source('raw', 'sessions') }}

),

versioned as (

    select
        *,
        row_number() over (
            partition by session_id
            order by loaded_at desc, batch_id desc, row_number desc
        ) as version_rank
    from source

),

final as (

    select
        session_id,
        user_id,
        customer_id,
        organization_id,
        cast(started_at as timestamp with time zone) as started_at,
        cast(ended_at as timestamp with time zone) as ended_at,
        session_source,
        source,
        batch_id,
        loaded_at
    from versioned
    where version_rank = 1

)

select * from final
