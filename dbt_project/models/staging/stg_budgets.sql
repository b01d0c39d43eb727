-- One row per (organization_id, valid_from): a budget version reloaded in a later batch
-- replaces the earlier one. On a given day the latest valid_from <= that day applies (§2.6).
with

source as (

    select * from {{ source('raw', 'budgets') }}

),

versioned as (

    select
        *,
        row_number() over (
            partition by organization_id, valid_from
            order by loaded_at desc, batch_id desc, row_number desc
        ) as version_rank
    from source

),

final as (

    select
        {{ dbt.concat(["organization_id", "'@'", dbt.safe_cast("valid_from", dbt.type_string())]) }}
            as budget_version_id,
        organization_id,
        cast(monthly_budget_usd as {{ type_double() }}) as monthly_budget_usd,
        enforcement,
        fallback_provider,
        fallback_model,
        cast(valid_from as date) as valid_from,
        source,
        batch_id,
        loaded_at
    from versioned
    where version_rank = 1

)

select * from final
